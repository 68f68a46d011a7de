// Shopify's own actors (online orders, Shopify POS sales, admin edits) against the box: only box-born events are pushed, nothing is echoed, drift is explained.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger.ts';
import { buildDriftReport } from './drift.ts';
import { importCatalog } from './import.ts';
import { shopWorld } from './testing.ts';
import { refreshIfDue } from './worker.ts';

const PUSH = `mutation PushInventoryDelta($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { field message code } } }`;

describe('Shopify actors against the box', () => {
  it('an online order in Shopify makes the box push nothing; only the box\'s own sale is pushed, once', async () => {
    const w = shopWorld();
    const [item] = w.items;
    const order = w.emu.simulateOnlineOrder(w.location.id, item!.itemId, 3);
    expect(w.emu.store.fulfillmentOrders.get(order.fulfillmentOrderId)).toMatchObject({ assignedLocationId: w.location.id, status: 'OPEN' });
    await w.receiveWebhooks();
    expect(w.answers.map((a) => [a.topic, a.status])).toEqual([['orders/create', 200], ['fulfillment_orders/order_routing_complete', 200], ['inventory_levels/update', 200]]);
    expect(w.events()[0]).toEqual({ topic: 'orders/create', status: 'IGNORED', note: `Shopify order ${order.name} (web): Shopify moved its own stock; nothing pushed (no order mirror yet)` });
    await w.drain();
    expect(w.pushRequests()).toBe(0);
    expect(w.count('outbox')).toBe(0);
    expect(w.onHand(0)).toBe(10); // the box's ledger is not touched by Shopify's order

    w.sell('LHR1-C1-000001', [[0, 1]]);
    await w.drain();
    await w.receiveWebhooks(); // the box's own adjustment comes back as inventory_levels/update
    await w.drain();
    expect(w.pushRequests()).toBe(1);
    expect(w.emu.store.groupsFor('gid://ismartsync/Sale/LHR1-C1-000001')).toHaveLength(1);
    const level = w.emu.store.level(item!.itemId, w.location.id)!;
    expect({ available: level.q.available, committed: level.q.committed }).toEqual({ available: 6, committed: 3 });
    expect(w.outbox().map((r) => r.status)).toEqual(['SYNCED']);
  });

  it('inventory_levels/update from online orders, Shopify POS sales and admin edits is never echoed back as a push or a stock movement', async () => {
    const w = shopWorld();
    const movements = w.count('stock_movements');
    w.emu.simulateOnlineOrder(w.location.id, w.items[0]!.itemId, 2);
    w.emu.simulateShopifyPosSale(w.location.id, w.items[0]!.itemId, 1);
    w.emu.simulateAdminEdit(w.location.id, w.items[1]!.itemId, 4);
    const processed = await w.receiveWebhooks();
    expect(processed.processed).toBe(6);
    const hints = w.events().filter((e) => e.topic === 'inventory_levels/update');
    expect(hints).toHaveLength(3);
    expect(hints.every((e) => e.status === 'PROCESSED' && /drift hint.*not written back/.test(e.note ?? ''))).toBe(true);
    await w.drain();
    expect(w.pushRequests()).toBe(0);
    expect(w.count('outbox')).toBe(0);
    expect(w.count('stock_movements')).toBe(movements);
    expect([w.onHand(0), w.onHand(1)]).toEqual([10, 10]);
    expect(w.emu.store.groups.filter((g) => g.referenceDocumentUri?.startsWith('gid://ismartsync/'))).toHaveLength(0);
  });

  it('an admin edit and a Shopify POS sale show up in the drift report with a likely cause; an online order does not (on hand unchanged)', async () => {
    const w = shopWorld({ items: 3 });
    w.emu.simulateAdminEdit(w.location.id, w.items[0]!.itemId, -2);
    w.emu.simulateShopifyPosSale(w.location.id, w.items[1]!.itemId, 1);
    w.emu.simulateOnlineOrder(w.location.id, w.items[2]!.itemId, 4);
    await w.receiveWebhooks();
    const r = await buildDriftReport(w.db, w.client, w.branch.id, w.sleep);
    expect(r.ok && r.value.checked).toBe(3);
    expect(r.ok && r.value.lines.map((l) => ({ sku: l.sku, expected: l.expectedOnHand, shopify: l.shopifyOnHand, difference: l.difference }))).toEqual([
      { sku: 'SKU-0', expected: 10, shopify: 8, difference: -2 },
      { sku: 'SKU-1', expected: 10, shopify: 9, difference: -1 },
    ]);
    expect(r.ok && r.value.lines.map((l) => l.likelyCause)).toEqual([
      expect.stringMatching(/^changed in Shopify without an order or a push from the box \(admin edit or another app\); Shopify reported available 8 at /),
      expect.stringMatching(/^likely a Shopify POS sale at this location \(order #\d+\)/),
    ]);
  });

  it("does not blame Shopify for the box's own pushes echoed by inventory_levels/update", async () => {
    const w = shopWorld();
    w.sell('LHR1-C1-000001', [[0, 2]]);
    await w.drain();
    await w.receiveWebhooks();
    expect(w.events().map((e) => e.topic)).toEqual(['inventory_levels/update']);
    w.db.$client.prepare('update stock_levels set on_hand = on_hand + 1 where variant_id = ?').run(w.items[0]!.variantId); // a local-only change
    const r = await buildDriftReport(w.db, w.client, w.branch.id, w.sleep);
    expect(r.ok && r.value.lines.map((l) => [l.difference, l.likelyCause])).toEqual([[-1, expect.stringMatching(/^changed outside the box \(Shopify admin/)]]);
  });

  it('an admin edit makes a compare-and-swap read before it go STALE, and nothing is applied', async () => {
    const w = shopWorld();
    const itemId = w.items[0]!.itemId;
    const observed = w.emu.store.available(itemId, w.location.id)!;
    w.emu.simulateAdminEdit(w.location.id, itemId, 5);
    const res = await w.emu.fetch(`https://${w.emu.shopDomain}/admin/api/2026-10/graphql.json`, {
      method: 'POST', headers: { 'x-shopify-access-token': w.emu.accessToken, 'content-type': 'application/json' },
      body: JSON.stringify({ query: PUSH, variables: { key: 'repair-1', input: { name: 'available', reason: 'correction', referenceDocumentUri: 'gid://ismartsync/DriftRun/1', changes: [{ inventoryItemId: itemId, locationId: w.location.id, delta: -1, changeFromQuantity: observed }] } } }),
    });
    const body = await res.json() as { data: { inventoryAdjustQuantities: { inventoryAdjustmentGroup: null; userErrors: Array<{ code: string }> } } };
    expect(body.data.inventoryAdjustQuantities.userErrors.map((e) => e.code)).toEqual(['CHANGE_FROM_QUANTITY_STALE']);
    expect(w.emu.store.available(itemId, w.location.id)).toBe(observed + 5);
  });

  it('a products/update webhook refreshes the variant in the box at the next pass', async () => {
    const w = shopWorld({ items: 0 });
    const { variants } = w.emu.store.addProduct({ title: 'Lawn Suit', variants: [{ sku: 'LS-1', barcode: '2000000000015', price: '4990.00', levels: { [w.location.id]: 3 } }] });
    const imported = await importCatalog({ db: w.db, clock: w.clock, client: w.client, branchId: w.branch.id, currencyExponent: 2, pollMs: 1000, sleep: w.sleep });
    expect(imported.ok).toBe(true);
    const price = () => (w.db.$client.prepare(`select price from variants where sku = 'LS-1'`).get() as { price: number }).price;
    const refresh = () => refreshIfDue(w.db, w.clock, w.client, w.deps.config, silentLogger);
    await refresh(); // the periodic refresh ran just now
    w.clock.advance(60_000);
    w.emu.simulateProductEdit(variants[0]!.id, { price: '4490.00' });
    await refresh();
    expect(price()).toBe(499000); // not due yet, and no webhook processed
    await w.receiveWebhooks();
    expect(w.events().at(-1)).toMatchObject({ topic: 'products/update', status: 'PROCESSED' });
    await refresh();
    expect(price()).toBe(449000);
    expect((w.db.$client.prepare(`select value from shopify_sync_state where key = 'catalog.refreshNeeded'`).get() as { value: string }).value).toBe('0');
  });
});
