// Catalogue import through a streamed bulk query: upserts by Shopify id, opening stock, deactivation, progress.
import { describe, expect, it } from 'vitest';
import { aBranch } from '../../test/builders.ts';
import { testDb } from '../../test/db.ts';
import { FakeClock } from '../../test/fake-clock.ts';
import { searchCatalog } from '../../domain/catalog/index.ts';
import { findLedgerProblems } from '../../domain/inventory/index.ts';
import { createShopifyClient } from './client.ts';
import { ShopifyEmulator } from './emulator/index.ts';
import { importCatalog, refreshCatalogSince, type ImportProgress } from './import.ts';
import { mapBranchToLocation, saveLocations } from './locations.ts';

function setup() {
  const db = testDb();
  const clock = new FakeClock();
  const emu = new ShopifyEmulator({ clock });
  const branch = aBranch(db);
  const lahore = emu.store.addLocation({ name: 'Lahore' });
  const karachi = emu.store.addLocation({ name: 'Karachi' });
  const suit = emu.store.addProduct({ title: 'Lawn Suit', vendor: 'Khaadi', productType: 'Suit', variants: [
    { title: 'S', sku: 'LS-S', barcode: '2000000000015', price: '4990.00', compareAtPrice: '5990.00', levels: { [lahore.id]: 7, [karachi.id]: 30 } },
    { title: 'M', sku: 'LS-M', barcode: '2000000000022', price: '4990.00', levels: { [lahore.id]: 0 } },
  ] });
  const scarf = emu.store.addProduct({ title: 'Scarf', variants: [{ sku: 'SC-1', barcode: null, price: '990.50', levels: { [lahore.id]: 4 } }] });
  emu.store.addProduct({ title: 'Draft Shawl', status: 'DRAFT', variants: [{ sku: 'DS-1', price: '100.00' }] });
  emu.store.simulateOnlineOrder(lahore.id, suit.variants[0]!.inventoryItemId, 2); // available 5, committed 2, on_hand 7
  const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
  saveLocations(db, [{ id: lahore.id, legacyResourceId: lahore.legacyResourceId, name: lahore.name, isActive: true }], clock.now());
  mapBranchToLocation(db, branch.id, lahore.id, clock.now());
  const progress: ImportProgress[] = [];
  const run = () => importCatalog({
    db, clock, client, branchId: branch.id, currencyExponent: 2, pollMs: 1000, chunkSize: 2,
    sleep: (ms) => { clock.advance(ms); return Promise.resolve(); }, onProgress: (p) => progress.push(p),
  });
  return { db, clock, emu, branch, lahore, suit, scarf, run, progress };
}

describe('Shopify catalogue import', () => {
  it('imports products, variants, barcodes, prices and the branch opening stock from a streamed bulk export', async () => {
    const { db, run, progress, branch, suit } = setup();
    const r = await run();
    expect(r.ok && r.value).toMatchObject({ products: 3, variants: 4, baselineMovements: 2, deactivated: 0 });
    const rows = db.$client.prepare(`select v.sku, v.price, v.compare_at_price as cap, v.active, v.shopify_inventory_item_id as item, p.title, b.barcode
      from variants v join products p on p.id = v.product_id left join variant_barcodes b on b.variant_id = v.id order by v.sku`).all();
    expect(rows).toEqual([
      { sku: 'DS-1', price: 10000, cap: null, active: 0, item: expect.stringMatching(/InventoryItem/), title: 'Draft Shawl', barcode: null },
      { sku: 'LS-M', price: 499000, cap: null, active: 1, item: expect.any(String), title: 'Lawn Suit', barcode: '2000000000022' },
      { sku: 'LS-S', price: 499000, cap: 599000, active: 1, item: suit.variants[0]!.inventoryItemId, title: 'Lawn Suit', barcode: '2000000000015' },
      { sku: 'SC-1', price: 99050, cap: null, active: 1, item: expect.any(String), title: 'Scarf', barcode: null },
    ]);
    const stock = db.$client.prepare(`select v.sku, m.delta, m.reason from stock_movements m join variants v on v.id = m.variant_id where m.branch_id = ? order by v.sku`).all(branch.id);
    expect(stock).toEqual([{ sku: 'LS-S', delta: 7, reason: 'import_baseline' }, { sku: 'SC-1', delta: 4, reason: 'import_baseline' }]);
    expect(findLedgerProblems(db)).toEqual([]);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['locations', 'waiting', 'reading', 'done']));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', objectsRead: 8, objectsTotal: 8 });
  });

  it('re-imports without duplicates: updates prices, keeps stock, deactivates vanished products instead of deleting them', async () => {
    const { db, run, emu, scarf, suit } = setup();
    await run();
    emu.store.deleteProduct(scarf.product.id);
    emu.store.variants.get(suit.variants[1]!.id)!.price = '5490.00';
    const again = await run();
    expect(again.ok && again.value).toMatchObject({ products: 2, variants: 3, baselineMovements: 0, deactivated: 1 });
    expect(db.$client.prepare(`select count(*) as n from variants`).get()).toEqual({ n: 4 });
    expect(db.$client.prepare(`select p.active as pa, v.active as va from variants v join products p on p.id = v.product_id where v.sku = 'SC-1'`).get()).toEqual({ pa: 0, va: 0 });
    expect(db.$client.prepare(`select price from variants where sku = 'LS-M'`).get()).toEqual({ price: 549000 });
    expect(db.$client.prepare(`select sum(delta) as n from stock_movements`).get()).toEqual({ n: 11 });
  });

  it('re-imports an unchanged catalogue without writing a product, variant or barcode row or touching the search index', async () => {
    const { db, run, clock } = setup();
    await run();
    const scarf = db.$client.prepare(`select id from variants where sku = 'SC-1'`).get() as { id: string };
    // An in-store barcode the box gave the scarf (local only: Shopify never hears of it).
    db.$client.prepare('insert into variant_barcodes (barcode, variant_id) values (?, ?)').run('2900000000419', scarf.id);
    db.$client.prepare('insert into internal_barcodes (variant_id, barcode, assigned_at) values (?, ?, ?)').run(scarf.id, '2900000000419', clock.now());
    const before = catalogueState(db);
    const writes = countWrites(db);
    clock.advance(60_000);
    const again = await run();
    expect(again.ok && again.value).toMatchObject({ products: 3, variants: 4, baselineMovements: 0, deactivated: 0 });
    expect(writes()).toEqual([]);
    expect(catalogueState(db)).toEqual(before);
    expect(searchSkus(db, '2900000000419')).toEqual(['SC-1']);
  });

  it('applies a changed title, price and barcode on re-import, to that variant only, and the search finds the new words', async () => {
    const { db, run, clock, emu, suit, scarf } = setup();
    await run();
    const before = catalogueState(db);
    const writes = countWrites(db);
    clock.advance(60_000);
    emu.store.products.get(suit.product.id)!.title = 'Chiffon Suit';
    emu.store.variants.get(suit.variants[1]!.id)!.price = '5490.00';
    emu.store.variants.get(scarf.variants[0]!.id)!.barcode = '2000000000039';
    const again = await run();
    expect(again.ok).toBe(true);
    // The product row (title), one variant (price) and one barcode insert; nothing else was written.
    expect(writes().sort()).toEqual(['insert variant_barcodes', 'update products', 'update variants']);
    const after = catalogueState(db);
    expect(after.variants.filter((v, i) => v.updatedAt !== before.variants[i]!.updatedAt).map((v) => v.sku)).toEqual(['LS-M']);
    expect(after.products.filter((p, i) => p.updatedAt !== before.products[i]!.updatedAt).map((p) => p.title)).toEqual(['Chiffon Suit']);
    expect(db.$client.prepare(`select price from variants where sku = 'LS-M'`).get()).toEqual({ price: 549000 });
    expect(searchSkus(db, 'chiffon')).toEqual(['LS-M', 'LS-S']);
    expect(searchSkus(db, 'lawn')).toEqual([]);
    expect(searchSkus(db, '2000000000039')).toEqual(['SC-1']);

    // A barcode removed in Shopify leaves the variant and the index.
    emu.store.variants.get(scarf.variants[0]!.id)!.barcode = null;
    await run();
    expect(db.$client.prepare(`select count(*) as n from variant_barcodes b join variants v on v.id = b.variant_id where v.sku = 'SC-1'`).get()).toEqual({ n: 0 });
    expect(searchSkus(db, '2000000000039')).toEqual([]);
  });

  it('deactivates exactly the vanished products of a larger catalogue', async () => {
    const { db, run, emu } = setup();
    const extra = Array.from({ length: 12 }, (_, i) => emu.store.addProduct({ title: `Kurta ${i}`, variants: [{ sku: `K-${i}`, price: '100.00' }] }));
    await run();
    for (const p of extra.filter((_, i) => i % 3 === 0)) emu.store.deleteProduct(p.product.id);
    const again = await run();
    expect(again.ok && again.value.deactivated).toBe(4);
    expect(db.$client.prepare(`select group_concat(v.sku, ' ') as skus from variants v join products p on p.id = v.product_id where v.active = 0 and p.active = 0 and v.sku like 'K-%' order by v.sku`).get())
      .toEqual({ skus: expect.stringMatching(/^(K-\d+ ?){4}$/) });
  });

  it.each([
    ['a fast import puts the whole chunk into one transaction', 1, 1],
    // Each step 20 ms: the first transaction takes 2 lines (budget 30 less a 5 ms guess at the commit); its commit took
    // 20 ms, so every later one has room for 1 line only.
    ['a slow import commits as soon as its budget, its last commit counted, is used up', 20, 7],
  ])('time-boxes its transactions: %s', async (_what, msPerStep, transactions) => {
    const { db, emu, clock, branch } = setup();
    let opened = 0;
    const original = db.$client.transaction.bind(db.$client);
    db.$client.transaction = ((fn: Parameters<typeof original>[0]) => {
      const t = original(fn);
      return Object.assign((...a: unknown[]) => t(...a), t, { immediate: (...a: unknown[]) => { opened++; return t.immediate(...a); } });
    }) as unknown as typeof db.$client.transaction;
    const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
    let now = 0;
    let beforeReading = 0;
    let whileReading: number | null = null;
    const r = await importCatalog({
      db, clock, client, branchId: branch.id, currencyExponent: 2, pollMs: 1000, chunkSize: 500, transactionBudgetMs: 30,
      sleep: (ms) => { clock.advance(ms); return Promise.resolve(); }, monotonicMs: () => (now += msPerStep),
      onProgress: (p) => {
        if (p.phase === 'waiting') beforeReading = opened;
        if (p.phase === 'reading' && whileReading === null) whileReading = opened - beforeReading;
      },
    });
    expect(r.ok && r.value).toMatchObject({ variants: 4, objectsRead: 8, baselineMovements: 2 });
    expect(whileReading).toBe(transactions); // the export's 8 lines are one chunk
  });

  it('refreshes only variants changed since the last import (updated_at), page by page', async () => {
    const { db, run, emu, suit, clock } = setup();
    clock.advance(5 * 60_000); // the catalogue was last edited well before the import
    await run();
    clock.advance(10 * 60_000);
    const v = emu.store.variants.get(suit.variants[0]!.id)!;
    v.price = '4490.00';
    v.updatedAt = clock.now() - 2 * 60_000; // edited in the admin two minutes before this refresh
    const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
    const r = await refreshCatalogSince({ db, clock, client, currencyExponent: 2, sleep: async (ms) => { clock.advance(ms); } });
    expect(r).toEqual({ ok: true, value: { variants: 1 } });
    expect(db.$client.prepare(`select price from variants where sku = 'LS-S'`).get()).toEqual({ price: 449000 });
    clock.advance(10 * 60_000);
    expect(await refreshCatalogSince({ db, clock, client, currencyExponent: 2 })).toEqual({ ok: true, value: { variants: 0 } });
  });

  it('reports a failed export and deactivates nothing', async () => {
    const { run, emu, db, clock } = setup();
    await run();
    const original = emu.fetch;
    let failed = false;
    (emu as { fetch: typeof emu.fetch }).fetch = async (input, init) => {
      const res = await original(input, init);
      const body = typeof init?.body === 'string' ? init.body : '';
      if (!failed && body.includes('bulkOperationRunQuery')) {
        const json = await res.clone().json() as { data: { bulkOperationRunQuery: { bulkOperation: { id: string } } } };
        emu.failBulk(json.data.bulkOperationRunQuery.bulkOperation.id);
        failed = true;
      }
      return res;
    };
    const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
    emu.store.deleteProduct([...emu.store.products.keys()][0]!);
    const r = await importCatalog({ db, clock, client, branchId: aBranchId(db), currencyExponent: 2, sleep: (ms) => { clock.advance(ms); return Promise.resolve(); }, pollMs: 1000 });
    expect(!r.ok && r.error.code).toBe('SHOPIFY_IMPORT_FAILED');
    expect(db.$client.prepare('select count(*) as n from products where active = 0').get()).toEqual({ n: 1 }); // only the draft
  });
});

function aBranchId(db: ReturnType<typeof testDb>) {
  return (db.$client.prepare('select id from branches').get() as { id: never }).id;
}

/** What a cashier or the search could notice of the catalogue: rows with their updated_at, barcodes, the FTS index's data. */
function catalogueState(db: ReturnType<typeof testDb>) {
  const c = db.$client;
  return {
    products: c.prepare('select title, vendor, active, updated_at as updatedAt from products order by shopify_product_id').all() as Array<{ title: string; updatedAt: number }>,
    variants: c.prepare('select sku, price, active, updated_at as updatedAt from variants order by shopify_variant_id').all() as Array<{ sku: string; updatedAt: number }>,
    barcodes: c.prepare('select rowid, barcode, variant_id from variant_barcodes order by barcode').all(),
    searchIndex: c.prepare('select count(*) as blocks, sum(length(block)) as bytes from catalog_search_data').get(),
  };
}

/** Starts counting writes to products, variants and variant_barcodes; returns a reader of what was written since. */
function countWrites(db: ReturnType<typeof testDb>): () => string[] {
  const c = db.$client;
  c.exec('create temp table catalogue_writes (what text not null)');
  for (const table of ['products', 'variants', 'variant_barcodes']) {
    for (const op of ['insert', 'update', 'delete']) {
      c.exec(`create temp trigger catalogue_writes_${table}_${op} after ${op} on main.${table} begin insert into catalogue_writes values ('${op} ${table}'); end`);
    }
  }
  return () => (c.prepare('select what from catalogue_writes').all() as Array<{ what: string }>).map((r) => r.what);
}

function searchSkus(db: ReturnType<typeof testDb>, query: string): string[] {
  return searchCatalog(db, query, { branchId: null }).items.map((i) => i.sku).sort();
}
