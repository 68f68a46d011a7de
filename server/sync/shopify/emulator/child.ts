// A loopback emulator process with a synthetic catalogue (`--variants N`), for tests that measure the box alone.
import { systemClock } from '../../../shared/clock.ts';
import { ShopifyEmulator } from './emulator.ts';
import { serveEmulator } from './serve.ts';

const variants = Number(process.argv[process.argv.indexOf('--variants') + 1] ?? 1000);
const emu = new ShopifyEmulator({ clock: systemClock, plan: 'plus', bulkRunAfterMs: 0, bulkCompleteAfterMs: 0 });
const loc = emu.store.addLocation({ name: 'Lahore' });
for (let p = 0; p < variants / 4; p++) {
  emu.store.addProduct({
    title: `Product ${p}`, vendor: 'Vendor', productType: 'Type',
    variants: Array.from({ length: 4 }, (_, i) => ({ title: `Size ${i}`, sku: `SKU-${p}-${i}`, barcode: String(2_000_000_000_000 + p * 4 + i), price: '1990.00', levels: { [loc.id]: (p + i) % 7 } })),
  });
}
const { url } = await serveEmulator(emu);
process.on('exit', () => emu.dispose());
process.on('SIGTERM', () => process.exit(0));
console.log(JSON.stringify({ url, shopDomain: emu.shopDomain, accessToken: emu.accessToken, location: { id: loc.id, legacyResourceId: loc.legacyResourceId, name: loc.name } }));
