// One import measured in its own process (so its peak RSS is the box's alone): `import` runs the real Shopify import,
// then re-imports the unchanged catalogue; `raw` streams the same bulk JSONL into the same tables with plain batched
// inserts. Prints one JSON line of figures.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { startCheckpointer } from '../../server/db/checkpointer.ts';
import { closeDatabase, openDatabase } from '../../server/db/connection.ts';
import { migrateDatabase } from '../../server/db/migrate.ts';
import { findBranch } from '../../server/domain/branch/index.ts';
import { systemClock } from '../../server/shared/clock.ts';
import { newId } from '../../server/shared/ids.ts';
import { createShopifyClient } from '../../server/sync/shopify/client.ts';
import { loopbackFetch } from '../../server/sync/shopify/emulator/serve.ts';
import { importCatalog } from '../../server/sync/shopify/import.ts';
import { mapBranchToLocation, saveLocations } from '../../server/sync/shopify/locations.ts';
import { operation } from '../../server/sync/shopify/operations.ts';
import { aBranch } from '../../server/test/builders.ts';

interface Args { mode: 'import' | 'raw'; dbPath: string; emulator: { url: string; shopDomain: string; accessToken: string; location: { id: string; legacyResourceId: string; name: string } } }
const args = JSON.parse(process.argv[2]!) as Args;
const peakRssMiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 'NaN') / 1024;

const db = openDatabase(args.dbPath);
migrateDatabase(db);
// As in the box: no checkpoint inside a commit; a worker thread checkpoints the WAL every second.
const checkpointer = startCheckpointer(db, { intervalMs: 1000 });
const branch = findBranch(db) ?? aBranch(db);
saveLocations(db, [{ ...args.emulator.location, isActive: true }], systemClock.now());
mapBranchToLocation(db, branch.id, args.emulator.location.id, systemClock.now());
const client = createShopifyClient({ connection: { shopDomain: args.emulator.shopDomain, accessToken: args.emulator.accessToken }, fetch: loopbackFetch(args.emulator.url, args.emulator.shopDomain), timeoutMs: 300_000 });

// Every outer transaction's duration (transaction() runs them through better-sqlite3's `.immediate`).
const txMs: number[] = [];
const original = db.$client.transaction.bind(db.$client);
db.$client.transaction = ((fn: (...a: unknown[]) => unknown) => {
  const t = original(fn);
  const timed = Object.assign((...a: unknown[]) => t(...a), t, {
    immediate: (...a: unknown[]) => {
      const t0 = performance.now();
      try { return t.immediate(...a); } finally { txMs.push(performance.now() - t0); }
    },
  });
  return timed;
}) as unknown as typeof db.$client.transaction;

let readStarted = 0;
let seconds = 0;
let variants = 0;
const runs: Array<{ seconds: number; variants: number; maxTxMs: number; p99TxMs: number; transactions: number; slowest: Array<{ at: string; ms: number }> }> = [];
const txFigures = () => {
  const sorted = [...txMs].sort((a, b) => a - b);
  // Where the three longest fell (transaction number of all in this run): the chunks, or the closing deactivation pass.
  const slowest = txMs.map((ms, i) => ({ at: `${i + 1}/${txMs.length}`, ms: Math.round(ms) })).sort((a, b) => b.ms - a.ms).slice(0, 3);
  txMs.length = 0;
  return { maxTxMs: sorted.at(-1) ?? 0, p99TxMs: sorted[Math.floor(sorted.length * 0.99)] ?? 0, transactions: sorted.length, slowest };
};
if (args.mode === 'import') {
  // The first import into an empty box, then a re-import of the unchanged catalogue into the same database.
  for (let run = 0; run < 2; run++) {
    const started = performance.now();
    readStarted = 0;
    const r = await importCatalog({
      db, clock: systemClock, client, branchId: branch.id, currencyExponent: 2, pollMs: 20,
      onProgress: (p) => { if (p.phase === 'waiting' || p.phase === 'locations') readStarted = performance.now(); },
    });
    if (!r.ok) throw new Error(`import failed: ${r.error.code} ${r.error.message}`);
    runs.push({ seconds: (performance.now() - (readStarted || started)) / 1000, variants: r.value.variants, ...txFigures() });
  }
} else {
  // The same JSONL (a fresh export of the same catalogue), the same tables, no upsert logic: the floor a real import can reach.
  const run = await client.request('BulkCatalogRun', { query: operation('CatalogExport') });
  const id = run.ok ? run.data.bulkOperationRunQuery?.bulkOperation?.id : undefined;
  if (!id) throw new Error('the emulator refused the export');
  let url: string | null = null;
  while (!url) {
    const status = await client.request('BulkOperationStatus', { id });
    if (!status.ok || !status.data.bulkOperation || ['FAILED', 'CANCELED', 'EXPIRED'].includes(status.data.bulkOperation.status)) throw new Error('the export failed');
    url = status.data.bulkOperation.url;
    if (!url) await new Promise((r) => setTimeout(r, 20));
  }
  readStarted = performance.now();
  const response = await client.download(url);
  const c = db.$client;
  const product = c.prepare('insert into products (id, title, vendor, product_type, active, shopify_product_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const variant = c.prepare(`insert into variants (id, product_id, title, sku, price, compare_at_price, unit, active, shopify_variant_id, shopify_inventory_item_id, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, 'each', 1, ?, ?, ?, ?)`);
  const barcode = c.prepare('insert into variant_barcodes (barcode, variant_id) values (?, ?)');
  const movement = c.prepare(`insert into stock_movements (id, variant_id, branch_id, delta, reason, document_type, document_id, created_at) values (?, ?, ?, ?, 'import_baseline', 'shopify_import', ?, ?)`);
  const level = c.prepare('insert into stock_levels (variant_id, branch_id, on_hand, updated_at) values (?, ?, ?, ?)');
  const products = new Map<string, string>();
  const variantIds = new Map<string, string>();
  const write = c.transaction((lines: string[]) => {
    const now = Date.now();
    for (const line of lines) {
      const o = JSON.parse(line) as Record<string, any>;
      if (o.__parentId) {
        const v = variantIds.get(o.__parentId);
        const q = (o.quantities as Array<{ name: string; quantity: number }>).find((x) => x.name === 'on_hand')?.quantity ?? 0;
        if (!v || o.location?.id !== args.emulator.location.id || q === 0) continue;
        movement.run(newId(), v, branch.id, q, o.id, now);
        level.run(v, branch.id, q, now);
        continue;
      }
      let p = products.get(o.product.id);
      if (!p) { p = newId(); products.set(o.product.id, p); product.run(p, o.product.title, o.product.vendor ?? '', o.product.productType ?? '', o.product.status === 'ACTIVE' ? 1 : 0, o.product.id, now, now); }
      const id = newId();
      variantIds.set(o.id, id);
      variant.run(id, p, o.title, o.sku ?? '', Math.round(Number(o.price) * 100), o.compareAtPrice ? Math.round(Number(o.compareAtPrice) * 100) : null, o.id, o.inventoryItem?.id ?? null, now, now);
      if (o.barcode) barcode.run(o.barcode, id);
      variants++;
    }
  });
  let chunk: string[] = [];
  for await (const line of createInterface({ input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    chunk.push(line);
    if (chunk.length >= 500) { write.immediate(chunk); chunk = []; }
  }
  write.immediate(chunk);
  seconds = (performance.now() - readStarted) / 1000;
}
if (args.mode === 'raw') runs.push({ seconds, variants, ...txFigures() });
console.log(JSON.stringify({ peakRssMiB: peakRssMiB(), runs }));
closeDatabase(db);
// The checkpoint worker is not waited for: its last PASSIVE checkpoint changes nothing this process measured.
void checkpointer;
process.exit(0);
