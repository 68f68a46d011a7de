// Test harness for Shopify scenarios: a box (real routes, in-memory DB) wired to the emulator, whose webhooks reach the box's receiver.
import { createApp } from '../../http/app.ts';
import { aBranch, aConfig, aVariant, testDeps } from '../../test/builders.ts';
import { drainOutbox, recordBoxSale } from '../../test/shopify-push-world.ts';
import { createShopifyClient } from './client.ts';
import { ShopifyEmulator } from './emulator/index.ts';
import { mapBranchToLocation, saveLocations } from './locations.ts';
import { ShopifyPushWorker } from './push.ts';
import { processWebhookEvents } from './webhooks.ts';

export const EMULATOR_WEBHOOK_SECRET = 'emulator-webhook-secret';

export type ShopWorld = ReturnType<typeof shopWorld>;

/**
 * One branch mapped to the emulator's "Lahore" location, `items` variants linked both sides with `stock` each, and the
 * emulator's webhooks POSTed to /webhooks/shopify as they happen (call `receiveWebhooks()` to process them).
 */
export function shopWorld(options: { items?: number; stock?: number; config?: Record<string, unknown> } = {}) {
  const deps = testDeps({ config: aConfig({ shopifyWebhookSecret: EMULATOR_WEBHOOK_SECRET, ...options.config }) });
  const { db, clock } = deps;
  const app = createApp(deps);
  const emu = new ShopifyEmulator({ clock });
  const branch = aBranch(db);
  const location = emu.store.addLocation({ name: 'Lahore' });
  saveLocations(db, [{ id: location.id, legacyResourceId: location.legacyResourceId, name: location.name, isActive: true }], clock.now());
  mapBranchToLocation(db, branch.id, location.id, clock.now());
  const stock = options.stock ?? 10;
  const items = Array.from({ length: options.items ?? 2 }, (_, i) => {
    const { variants } = emu.store.addProduct({ title: `Item ${i}`, variants: [{ sku: `SKU-${i}`, price: '100.00', levels: { [location.id]: stock } }] });
    const variantId = aVariant(db, { sku: `SKU-${i}`, stock, branchId: branch.id });
    db.$client.prepare('update variants set shopify_variant_id = ?, shopify_inventory_item_id = ? where id = ?').run(variants[0]!.id, variants[0]!.inventoryItemId, variantId);
    return { variantId, itemId: variants[0]!.inventoryItemId, shopifyVariantId: variants[0]!.id };
  });
  const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
  const sleep = (ms: number) => { clock.advance(ms); return Promise.resolve(); };
  const worker = new ShopifyPushWorker(db, clock, client, { sleep });
  const answers: Array<{ topic: string; status: number }> = [];
  emu.onWebhook(async (d) => {
    const res = await app.request('/webhooks/shopify', { method: 'POST', headers: d.headers, body: d.body });
    answers.push({ topic: d.headers['x-shopify-topic']!, status: res.status });
  });
  let n = 0;
  const count = (sql: string, ...params: unknown[]) => (db.$client.prepare(sql).get(...params) as { n: number }).n;
  return {
    deps, db, clock, app, emu, branch, location, items, client, worker, answers, sleep,
    /** A sale at the box: stock movements and the outbox row in one transaction, as checkout writes them. */
    sell: (ref: string, lines: Array<[item: number, quantity: number]>) => recordBoxSale(db, clock, branch.id, items.map((i) => i.variantId), `order-${++n}`, ref, lines),
    /** Waits for every delivery to be answered, then processes the stored events as the sync loop does. */
    async receiveWebhooks(): Promise<{ processed: number }> {
      await emu.settleWebhooks();
      return processWebhookEvents(db, clock.now());
    },
    /** Push passes until nothing is due (the fake clock jumps to each due time). */
    drain: (maxPasses = 50) => drainOutbox(worker, clock, maxPasses),
    pushRequests: () => emu.requests.filter((r) => r.operationName === 'PushInventoryDelta').length,
    onHand: (i: number) => count('select coalesce(sum(on_hand), 0) as n from stock_levels where variant_id = ?', items[i]!.variantId),
    count: (table: string) => count(`select count(*) as n from ${table}`),
    outbox: () => db.$client.prepare(`select document_id as documentId, status, last_error as lastError from outbox order by created_at, id`).all() as Array<{ documentId: string; status: string; lastError: string | null }>,
    events: () => db.$client.prepare('select topic, status, note from shopify_webhook_events order by received_at, event_id').all() as Array<{ topic: string; status: string; note: string | null }>,
  };
}
