// In-store barcodes over HTTP: valid EAN-13 outside the scale prefixes, no collisions, idempotent, audited, scannable, kept by re-imports.
import { describe, expect, it } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { createApp } from '../../http/app.ts';
import { completeEan13, isValidEan13 } from '../../shared/ean13.ts';
import { minor } from '../../shared/money.ts';
import { aBranch, aVariant, testDeps } from '../../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../../test/staff-builders.ts';
import { parseScaleBarcode } from './catalog.scale.ts';
import { scaleSettings } from './catalog.settings.ts';
import { upsertShopifyProduct } from './catalog.import.ts';

async function box() {
  const deps = testDeps();
  aBranch(deps.db);
  const bare = aVariant(deps.db, { title: 'Loose Basmati', sku: 'RICE-LOOSE', barcode: null });
  const other = aVariant(deps.db, { title: 'Brass Diya', sku: 'DIYA-1', barcode: null });
  const scanned = aVariant(deps.db, { title: 'Lawn Kurta', barcode: '8960000000019' });
  const paired = aPairedDevice(deps.db, deps.clock);
  const manager = await aSignedInCookie(deps.db, deps.clock, paired, aStaff(deps.db, { role: 'manager', pin: '1357' }));
  const cashierDevice = aPairedDevice(deps.db, deps.clock, 'C2');
  const cashier = await aSignedInCookie(deps.db, deps.clock, cashierDevice, aStaff(deps.db, { role: 'cashier', pin: '2468' }));
  const app = createApp(deps);
  const call = async (method: string, url: string, cookie = manager) => {
    const response = await app.request(url, { method, headers: { cookie } });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const assign = (variantId: string, cookie = manager) => call('POST', `/api/v1/catalog/variants/${variantId}/internal-barcode`, cookie);
  const snapshot = () => ({
    barcodes: deps.db.$client.prepare('select barcode, variant_id from variant_barcodes order by barcode').all(),
    audit: deps.db.$client.prepare("select count(*) as n from audit_log where action = 'catalog.internal_barcode_assigned'").get(),
  });
  return { deps, bare, other, scanned, manager, cashier, call, assign, snapshot };
}

describe('POST /api/v1/catalog/variants/{id}/internal-barcode', () => {
  it('gives a bare variant a valid in-store EAN-13 that is never read as a scale label, and scans and search find it', async () => {
    const b = await box();
    const first = await b.assign(b.bare);
    expect(first).toMatchObject({ status: 201, body: { variantId: b.bare, created: true } });
    const code = first.body.barcode as string;
    expect([isValidEan13(code), code.slice(0, 2), code]).toEqual([true, '29', completeEan13('290000000001')]);
    expect(parseScaleBarcode(code, scaleSettings(b.deps.config))).toBeNull();
    expect(await b.call('GET', `/api/v1/catalog/lookup?barcode=${code}`)).toMatchObject({ status: 200, body: { variant: { variantId: b.bare, barcode: code }, quantity: null } });
    expect(await b.call('GET', `/api/v1/catalog/search?q=${code}`)).toMatchObject({ status: 200, body: { items: [{ variantId: b.bare }] } });
    const audit = await b.call('GET', '/api/v1/audit?action=catalog.internal_barcode_assigned');
    expect(audit.body).toMatchObject({ entries: [{ entityId: b.bare, details: { barcode: code, localOnly: true } }] });
  });

  it('answers a repeated request with the same code and changes nothing more', async () => {
    const b = await box();
    const first = await b.assign(b.bare);
    const before = b.snapshot();
    expect(await b.assign(b.bare)).toEqual({ status: 200, body: { variantId: b.bare, barcode: first.body.barcode, created: false } });
    expect(b.snapshot()).toEqual(before);
  });

  it('skips past every code the box already knows with that prefix (imported or internal)', async () => {
    const b = await box();
    const taken = completeEan13('290000000041');
    b.deps.db.$client.prepare('insert into variant_barcodes (barcode, variant_id) values (?, ?)').run(taken, b.scanned);
    const one = (await b.assign(b.bare)).body.barcode as string;
    const two = (await b.assign(b.other)).body.barcode as string;
    expect([one, two]).toEqual([completeEan13('290000000042'), completeEan13('290000000043')]);
  });

  it.each([
    ['a variant that already has a barcode', 'scanned', 'manager', 409, 'VARIANT_HAS_BARCODE'],
    ['an unknown variant', 'nope', 'manager', 404, 'VARIANT_NOT_FOUND'],
    ['a cashier', 'bare', 'cashier', 403, 'PERMISSION_DENIED'],
  ] as const)('refuses %s and changes nothing', async (_what, variant, who, status, code) => {
    const b = await box();
    const before = b.snapshot();
    const id = variant === 'nope' ? '01900000-0000-7000-8000-000000000000' : b[variant];
    expect(await b.assign(id, b[who])).toMatchObject({ status, body: { error: { code } } });
    expect(b.snapshot()).toEqual(before);
  });

  it('survives a Shopify re-import of the variant (local only: Shopify never hears of it)', async () => {
    const b = await box();
    const product = { shopifyProductId: 'gid://shopify/Product/1', title: 'Ajrak Shawl', vendor: 'Hala', productType: 'Shawl', active: true };
    const variant = { shopifyVariantId: 'gid://shopify/ProductVariant/1', shopifyInventoryItemId: null, title: 'Default Title', sku: 'AJ-1', barcode: null, price: minor(350000), compareAtPrice: null };
    const [id] = transaction(b.deps.db, (tx) => upsertShopifyProduct(tx, product, [variant], 1));
    const code = (await b.assign(id!)).body.barcode as string;
    transaction(b.deps.db, (tx) => upsertShopifyProduct(tx, { ...product, title: 'Ajrak Shawl (new)' }, [variant], 2));
    expect(await b.call('GET', `/api/v1/catalog/lookup?barcode=${code}`)).toMatchObject({ status: 200, body: { variant: { variantId: id, productTitle: 'Ajrak Shawl (new)' } } });
  });
});
