// The webhook receiver: forged deliveries refused before parsing, duplicates dropped, stock updates never echoed back as pushes.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../http/app.ts';
import { transaction } from '../../db/transaction.ts';
import type { Actor } from '../../domain/staff/index.ts';
import type { Permission } from '../../domain/staff/index.ts';
import type { Id } from '../../shared/ids.ts';
import { aBranch, aConfig, aVariant, testDeps } from '../../test/builders.ts';
import { enqueueOutbox } from '../outbox/index.ts';
import { retryDocumentSync } from './sync.service.ts';
import { processWebhookEvents } from './webhooks.ts';

const SECRET = 'test-client-secret';

function setup(config: Record<string, unknown> = { shopifyWebhookSecret: SECRET }) {
  const deps = testDeps({ config: aConfig(config) });
  return { deps, app: createApp(deps) };
}

function deliver(app: ReturnType<typeof createApp>, body: string, headers: Record<string, string>) {
  return app.request('/webhooks/shopify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-topic': 'inventory_levels/update', 'x-shopify-event-id': 'ev-1', ...headers }, body });
}

const sign = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');
const count = (deps: ReturnType<typeof testDeps>, table: string) => (deps.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('POST /webhooks/shopify', () => {
  it.each([
    ['a forged signature', { 'x-shopify-hmac-sha256': sign('{"available":5}', 'attacker') }],
    ['no signature', {}],
    ['a signature of another body', { 'x-shopify-hmac-sha256': sign('{"available":6}') }],
    ['a truncated signature', { 'x-shopify-hmac-sha256': sign('{"available":5}').slice(0, 20) }],
  ])('refuses %s with 401 and stores nothing', async (_, headers) => {
    const { app, deps } = setup();
    const res = await deliver(app, '{"available":5}', headers);
    expect(res.status).toBe(401);
    expect((await res.json() as { error: { code: string } }).error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(count(deps, 'shopify_webhook_events')).toBe(0);
  });

  it('refuses everything when no secret is configured', async () => {
    const { app } = setup({});
    expect((await deliver(app, '{}', { 'x-shopify-hmac-sha256': sign('{}', '') })).status).toBe(401);
  });

  it('accepts the previous secret during a rotation', async () => {
    const { app } = setup({ shopifyWebhookSecret: 'new', shopifyWebhookSecretPrevious: SECRET });
    expect((await deliver(app, '{}', { 'x-shopify-hmac-sha256': sign('{}') })).status).toBe(200);
  });

  it('stores a delivery once per event id and never turns a stock update into a push', async () => {
    const { app, deps } = setup();
    const body = JSON.stringify({ inventory_item_id: 1, location_id: 2, available: 5 });
    const first = await deliver(app, body, { 'x-shopify-hmac-sha256': sign(body) });
    const again = await deliver(app, body, { 'x-shopify-hmac-sha256': sign(body) });
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(count(deps, 'shopify_webhook_events')).toBe(1);
    expect(processWebhookEvents(deps.db, deps.clock.now())).toEqual({ processed: 1 });
    expect(deps.db.$client.prepare('select status, note from shopify_webhook_events').get()).toMatchObject({ status: 'PROCESSED', note: expect.stringMatching(/drift hint/) });
    expect(count(deps, 'outbox')).toBe(0);
    expect(count(deps, 'stock_movements')).toBe(0);
  });

  it('deactivates a product Shopify deleted', async () => {
    const { app, deps } = setup();
    const variant = aVariant(deps.db);
    deps.db.$client.prepare(`update products set shopify_product_id = 'gid://shopify/Product/77' where id = (select product_id from variants where id = ?)`).run(variant);
    const body = JSON.stringify({ id: 77 });
    await deliver(app, body, { 'x-shopify-hmac-sha256': sign(body), 'x-shopify-topic': 'products/delete', 'x-shopify-event-id': 'ev-del' });
    processWebhookEvents(deps.db, deps.clock.now());
    expect(deps.db.$client.prepare('select p.active as p, v.active as v from variants v join products p on p.id = v.product_id').get()).toEqual({ p: 0, v: 0 });
  });
});

describe('retrying an order sync', () => {
  const actor = (branchId: Id<'Branch'>, permissions: Permission[]): Actor => ({
    kind: 'staff', staffId: 'staff-1' as Id<'Staff'>, name: 'Manager', roleId: 'manager', permissions: new Set(permissions), maxDiscountBps: 0,
    branchId, counterId: null, deviceId: null,
  });

  it('answers 401 on the route without a signed-in person', async () => {
    const { app } = setup();
    const res = await app.request('/api/v1/orders/o-1/sync/retry', { method: 'POST' });
    expect(res.status).toBe(401);
  });

  it('needs manage_sync, re-queues FAILED rows and audits the retry', () => {
    const { deps } = setup();
    const branch = aBranch(deps.db);
    transaction(deps.db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: 'o-1', payload: { reason: 'other', documentType: 'sale', documentRef: 'R-1', branchId: branch.id, changes: [] } }, 0));
    deps.db.$client.prepare(`update outbox set status = 'FAILED', last_error = 'INVALID_LOCATION: x'`).run();
    const denied = retryDocumentSync(deps.db, actor(branch.id, ['sell']), 'sale', 'o-1', 1);
    expect(!denied.ok && denied.error.code).toBe('PERMISSION_DENIED');
    expect(retryDocumentSync(deps.db, actor(branch.id, ['manage_sync']), 'sale', 'o-1', 1)).toEqual({ ok: true, value: { requeued: 1, freshKeys: 0 } });
    expect(deps.db.$client.prepare('select status from outbox').get()).toEqual({ status: 'PENDING' });
    expect(deps.db.$client.prepare(`select action from audit_log`).all()).toEqual([{ action: 'sync.retried' }]);
    const none = retryDocumentSync(deps.db, actor(branch.id, ['manage_sync']), 'sale', 'o-1', 2);
    expect(!none.ok && none.error.code).toBe('SYNC_ROW_NOT_FOUND');
  });
});

describe('own adjustments coming back as webhooks', () => {
  it("accepts the emulator's signed inventory_levels/update for the box's own push and writes nothing back", async () => {
    const { ShopifyEmulator } = await import('./emulator/index.ts');
    const { createShopifyClient } = await import('./client.ts');
    const { ShopifyPushWorker } = await import('./push.ts');
    const { mapBranchToLocation, saveLocations } = await import('./locations.ts');
    const { app, deps } = setup({ shopifyWebhookSecret: 'emulator-webhook-secret' });
    const emu = new ShopifyEmulator({ clock: deps.clock });
    const branch = aBranch(deps.db);
    const loc = emu.store.addLocation({ name: 'Lahore' });
    saveLocations(deps.db, [{ id: loc.id, legacyResourceId: loc.legacyResourceId, name: loc.name, isActive: true }], 0);
    mapBranchToLocation(deps.db, branch.id, loc.id, 0);
    const { variants } = emu.store.addProduct({ title: 'Kurta', variants: [{ sku: 'K', price: '1.00', levels: { [loc.id]: 5 } }] });
    const variant = aVariant(deps.db, { stock: 5, branchId: branch.id });
    deps.db.$client.prepare('update variants set shopify_inventory_item_id = ? where id = ?').run(variants[0]!.inventoryItemId, variant);
    transaction(deps.db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: 'o', payload: { reason: 'other', documentType: 'sale', documentRef: 'R-9', branchId: branch.id, changes: [{ variantId: variant, delta: -1 }] } }, 0));
    await new ShopifyPushWorker(deps.db, deps.clock, createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch })).runPass();
    const delivery = emu.webhooks.find((w) => w.topic === 'INVENTORY_LEVELS_UPDATE')!;
    for (let i = 0; i < 2; i++) expect((await app.request('/webhooks/shopify', { method: 'POST', headers: delivery.headers, body: delivery.body })).status).toBe(200);
    processWebhookEvents(deps.db, deps.clock.now());
    expect(count(deps, 'shopify_webhook_events')).toBe(1);
    expect(count(deps, 'outbox')).toBe(1);
    expect(count(deps, 'stock_movements')).toBe(1); // the opening stock only: nothing written back
    expect(emu.store.groups).toHaveLength(1);
  });
});
