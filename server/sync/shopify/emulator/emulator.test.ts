// The emulator answers like Shopify 2026-10: validation, semantics, cost and THROTTLED, faults, idempotency, bulk JSONL.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/fake-clock.ts';
import { createShopifyClient } from '../client.ts';
import { ShopifyEmulator } from './index.ts';
import { quantityOf } from './store.ts';

const ENDPOINT = 'https://emulated.myshopify.com/admin/api/2026-10/graphql.json';
const PUSH = `mutation PushInventoryDelta($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { field message code } } }`;

function setup(options: Partial<ConstructorParameters<typeof ShopifyEmulator>[0]> = {}) {
  const clock = new FakeClock();
  const emu = new ShopifyEmulator({ clock, ...options });
  const loc = emu.store.addLocation({ name: 'Lahore Mall Road' });
  const { variants } = emu.store.addProduct({ title: 'Lawn Suit', variants: [{ sku: 'LS-1', barcode: '2000000000015', price: '4990.00', levels: { [loc.id]: 10 } }] });
  const itemId = variants[0]!.inventoryItemId;
  const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
  const raw = async (query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal) => {
    const res = await emu.fetch(ENDPOINT, { method: 'POST', headers: { 'X-Shopify-Access-Token': emu.accessToken, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }), ...(signal ? { signal } : {}) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body: Record<string, any> = res.headers.get('content-type')?.includes('json') ? await res.json() as Record<string, unknown> : { text: await res.text() };
    return { status: res.status, body };
  };
  const change = (delta: number, extra: Record<string, unknown> = { changeFromQuantity: null }) => ({ inventoryItemId: itemId, locationId: loc.id, delta, ...extra });
  const input = (delta: number, extra?: Record<string, unknown>) => ({ name: 'available', reason: 'other', referenceDocumentUri: 'gid://ismartsync/Sale/T-1', changes: [change(delta, extra)] });
  return { clock, emu, loc, itemId, client, raw, input };
}

describe('Shopify emulator', () => {
  it('answers the shop query through @shopify/admin-api-client with extensions.cost', async () => {
    const { client } = setup();
    const r = await client.request('ShopInfo');
    expect(r.ok && r.data.shop.myshopifyDomain).toBe('emulated.myshopify.com');
    expect(r.ok && r.cost?.throttleStatus).toEqual({ maximumAvailable: 1000, currentlyAvailable: 999, restoreRate: 100 });
  });

  it('refuses a wrong token with 401', async () => {
    const { emu } = setup();
    const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: 'shpat_wrong' }, fetch: emu.fetch });
    const r = await client.request('ShopInfo');
    expect(!r.ok && r.failure).toMatchObject({ kind: 'auth', status: 401, retryable: false });
  });

  it('fails at top level when changeFromQuantity is missing, and accepts an explicit null', async () => {
    const { raw, input, emu, itemId, loc } = setup();
    const missing = await raw(PUSH, { input: input(-1, {}), key: 'k1' });
    expect(missing.body.errors).toEqual([{ message: 'InventoryChangeInput must include the following argument: changeFromQuantity', extensions: { code: 'INVALID_FIELD_ARGUMENTS' } }]);
    expect(missing.body.extensions.cost).toBeDefined();
    expect(emu.store.available(itemId, loc.id)).toBe(10);
    const explicit = await raw(PUSH, { input: input(-1), key: 'k2' });
    expect(explicit.body.data.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(explicit.body.data.inventoryAdjustQuantities.inventoryAdjustmentGroup.changes).toContainEqual({ name: 'available', delta: -1, quantityAfterChange: 9 });
    expect(emu.store.available(itemId, loc.id)).toBe(9);
  });

  it('requires @idempotent on inventoryAdjustQuantities with the exact BAD_REQUEST error', async () => {
    const { raw, input } = setup();
    const r = await raw('mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { message } } }', { input: input(-1) });
    expect(r.body.errors[0]).toMatchObject({ message: 'The @idempotent directive is required for this mutation but was not provided.', extensions: { code: 'BAD_REQUEST' } });
  });

  it.each([
    ['an empty key from a variable', { key: ' ' }, 'The @idempotent key must not be empty.'],
    ['an unknown input field (compareQuantity no longer exists)', { extra: { changeFromQuantity: null, compareQuantity: 3 } }, 'compareQuantity'],
  ])('refuses %s before anything changes', async (_, opts, message) => {
    const { raw, input, emu, itemId, loc } = setup();
    const r = await raw(PUSH, { input: input(-1, (opts as { extra?: Record<string, unknown> }).extra), key: (opts as { key?: string }).key ?? 'k' });
    expect(JSON.stringify(r.body.errors)).toContain(message);
    expect(emu.store.available(itemId, loc.id)).toBe(10);
  });

  it.each([
    ['a ledger URI on available', { changes: 'ledger' }, 'INVALID_AVAILABLE_DOCUMENT'],
    ['an unknown reason', { reason: 'sale' }, 'INVALID_REASON'],
    ['a shopify-internal reference', { referenceDocumentUri: 'gid://ismartsync/Sale' }, 'INVALID_REFERENCE_DOCUMENT'],
    ['an unknown quantity name', { name: 'sold' }, 'INVALID_QUANTITY_NAME'],
    ['a delta beyond 2e9', { delta: 2_000_000_000 }, 'INVALID_QUANTITY_TOO_HIGH'],
    ['a stale changeFromQuantity', { cas: 7 }, 'CHANGE_FROM_QUANTITY_STALE'],
  ])('answers %s with a userError and changes nothing', async (_, opts, code) => {
    const { raw, input, emu, itemId, loc } = setup();
    const o = opts as { changes?: string; reason?: string; referenceDocumentUri?: string; name?: string; delta?: number; cas?: number };
    const base = input(o.delta ?? -1, { changeFromQuantity: o.cas ?? null, ...(o.changes ? { ledgerDocumentUri: 'gid://ismartsync/Ledger/1' } : {}) });
    const r = await raw(PUSH, { input: { ...base, ...(o.reason ? { reason: o.reason } : {}), ...(o.referenceDocumentUri ? { referenceDocumentUri: o.referenceDocumentUri } : {}), ...(o.name ? { name: o.name } : {}) }, key: 'k' });
    expect(r.body.data.inventoryAdjustQuantities.userErrors.map((e: { code: string }) => e.code)).toContain(code);
    expect(emu.store.available(itemId, loc.id)).toBe(10);
    expect(emu.store.groups).toHaveLength(0);
  });

  it('refuses pages over 250', async () => {
    const { raw } = setup();
    const r = await raw('{ locations(first: 251) { nodes { id } } }');
    expect(r.body.errors[0].extensions.code).toBe('MAX_PAGE_SIZE_EXCEEDED');
  });

  it('replays a key with the same variables, refuses it with others, and forgets it after the retention', async () => {
    const { raw, input, emu, itemId, loc, clock } = setup({ idempotencyRetentionMs: 60_000 });
    const a = await raw(PUSH, { input: input(-2), key: 'sale-1' });
    const b = await raw(PUSH, { input: input(-2), key: 'sale-1' });
    expect(b.body.data).toEqual(a.body.data);
    expect(emu.store.available(itemId, loc.id)).toBe(8);
    const c = await raw(PUSH, { input: input(-3), key: 'sale-1' });
    expect(c.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
    clock.advance(60_001);
    await raw(PUSH, { input: input(-2), key: 'sale-1' });
    expect(emu.store.available(itemId, loc.id)).toBe(6); // a retry past retention applies twice: why the worker drift-checks old rows
  });

  it('applies then loses the response; the retry with the same key replays and the stock moves once', async () => {
    const { client, input, emu, itemId, loc } = setup();
    emu.injectFault('applyThenLose', 'PushInventoryDelta');
    const first = await client.request('PushInventoryDelta', { input: input(-1), key: 'k-lost' });
    expect(!first.ok && first.failure).toMatchObject({ kind: 'http', status: 503, retryable: true });
    const again = await client.request('PushInventoryDelta', { input: input(-1), key: 'k-lost' });
    expect(again.ok).toBe(true);
    expect(emu.store.groupsFor('gid://ismartsync/Sale/T-1')).toHaveLength(1);
    expect(emu.store.available(itemId, loc.id)).toBe(9);
  });

  it('answers a concurrent request with the same key while the first hangs, and a failed attempt for good', async () => {
    const { raw, input, emu } = setup();
    emu.injectFault('hang', 'PushInventoryDelta');
    const controller = new AbortController();
    const hanging = raw(PUSH, { input: input(-1), key: 'k-hang' }, controller.signal);
    const concurrent = await raw(PUSH, { input: input(-1), key: 'k-hang' });
    expect(concurrent.body.errors[0].extensions.code).toBe('IDEMPOTENCY_CONCURRENT_REQUEST');
    controller.abort();
    await expect(hanging).rejects.toThrow();
    emu.injectFault('attemptFailed', 'PushInventoryDelta');
    expect((await raw(PUSH, { input: input(-1), key: 'k-fail' })).status).toBe(500);
    const after = await raw(PUSH, { input: input(-1), key: 'k-fail' });
    expect(after.body.errors[0].extensions.code).toBe('IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED');
  });

  it.each([
    ['http503', { kind: 'http', status: 503, retryable: true }],
    ['http500', { kind: 'http', status: 500, retryable: true }],
    ['network', { kind: 'network', retryable: true }],
    ['throttled', { kind: 'throttled', retryable: true }],
    ['wrongContentType', { kind: 'http', retryable: true }],
  ] as const)('surfaces the %s fault to the client as retryable', async (kind, expected) => {
    const { client, emu } = setup();
    emu.injectFault(kind);
    const r = await client.request('ShopInfo');
    expect(!r.ok && r.failure).toMatchObject(expected);
  });

  it('reads Retry-After as seconds on 429', async () => {
    const { client, emu } = setup();
    emu.injectFault({ kind: 'http429', retryAfter: '2.0' });
    const r = await client.request('ShopInfo');
    expect(!r.ok && r.failure).toMatchObject({ status: 429, retryAfterMs: 2000 });
  });

  it('throttles with HTTP 200, the exact shape and a null actual cost once the bucket is empty, and refills with time', async () => {
    const { raw, clock } = setup();
    let last: Record<string, any> = {};
    for (let i = 0; i < 5; i++) last = (await raw('{ locations(first: 250) { nodes { id name } } }')).body as Record<string, any>;
    expect(last.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }]);
    expect(last.extensions.cost).toMatchObject({ requestedQueryCost: 252, actualQueryCost: null });
    clock.advance(3000);
    expect(((await raw('{ locations(first: 250) { nodes { id name } } }')).body as Record<string, any>).data.locations.nodes).toHaveLength(1);
  });

  it('runs a bulk query CREATED → RUNNING → COMPLETED on the clock and serves JSONL with __parentId', async () => {
    const { client, emu, clock } = setup();
    const inner = '{ productVariants { edges { node { id sku inventoryItem { id inventoryLevels { edges { node { id location { id } quantities(names: ["available"]) { name quantity } } } } } } } } }';
    const run = await client.request('BulkCatalogRun', { query: inner });
    expect(run.ok && run.data.bulkOperationRunQuery?.bulkOperation?.status).toBe('CREATED');
    const id = (run.ok ? run.data.bulkOperationRunQuery?.bulkOperation?.id : null) ?? '';
    const poll = async () => { const r = await client.request('BulkOperationStatus', { id }); return r.ok ? r.data.bulkOperation : null; };
    clock.advance(1000);
    expect((await poll())?.status).toBe('RUNNING');
    clock.advance(2000);
    const done = await poll();
    expect(done).toMatchObject({ status: 'COMPLETED', objectCount: '2' });
    const text = await (await client.download(done!.url!)).text();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines[0]).toMatchObject({ sku: 'LS-1', inventoryItem: { id: expect.any(String) } });
    expect(lines[1]).toMatchObject({ __parentId: lines[0]!.id, quantities: [{ name: 'available', quantity: 10 }] });
    emu.dispose();
  });
});

describe('Shopify emulator actors', () => {
  const quantities = (emu: ShopifyEmulator, itemId: string, locationId: string) => {
    const level = emu.store.level(itemId, locationId)!;
    return { available: level.q.available, committed: level.q.committed, onHand: quantityOf(level, 'on_hand') };
  };

  it.each([
    ['an online order', (e: ShopifyEmulator, loc: string, item: string) => e.simulateOnlineOrder(loc, item, 3), { available: 7, committed: 3, onHand: 10 }, ['orders/create', 'fulfillment_orders/order_routing_complete', 'inventory_levels/update'], 'OPEN'],
    ['a Shopify POS sale', (e: ShopifyEmulator, loc: string, item: string) => e.simulateShopifyPosSale(loc, item, 3), { available: 7, committed: 0, onHand: 7 }, ['orders/create', 'inventory_levels/update'], 'CLOSED'],
    ['an admin edit', (e: ShopifyEmulator, loc: string, item: string) => e.simulateAdminEdit(loc, item, -3), { available: 7, committed: 0, onHand: 7 }, ['inventory_levels/update'], null],
  ])('%s moves the quantities like Shopify and fires signed webhooks to the registered callback', (_, act, expected, topics, foStatus) => {
    const { emu, loc, itemId } = setup();
    const received: string[] = [];
    emu.onWebhook((d) => { received.push(d.headers['x-shopify-topic']!); });
    const order = act(emu, loc.id, itemId);
    expect(quantities(emu, itemId, loc.id)).toEqual(expected);
    expect(received).toEqual(topics);
    const level = emu.webhooks.at(-1)!;
    expect(JSON.parse(level.body)).toMatchObject({ available: 7, inventory_item_id: Number(itemId.split('/').pop()), location_id: Number(loc.id.split('/').pop()) });
    expect(level.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', 'emulator-webhook-secret').update(level.body).digest('base64'));
    if (order) expect(emu.store.fulfillmentOrders.get(order.fulfillmentOrderId)?.status).toBe(foStatus);
  });

  it('refuses every call once the app is uninstalled, until it is installed again', async () => {
    const { emu, client } = setup();
    emu.simulateAppUninstalled();
    expect(emu.webhooks.at(-1)).toMatchObject({ topic: 'APP_UNINSTALLED', headers: { 'x-shopify-topic': 'app/uninstalled' } });
    const refused = await client.request('ShopInfo');
    expect(!refused.ok && refused.failure.kind).toBe('auth');
    emu.reinstallApp();
    expect((await client.request('ShopInfo')).ok).toBe(true);
  });

  it('refuses adjustments and activation at a deactivated or deleted location', async () => {
    const { emu, loc, raw, input, itemId } = setup();
    emu.setLocationActive(loc.id, false);
    const adjust = await raw(PUSH, { input: input(-1), key: 'k-inactive' });
    expect(adjust.body.data.inventoryAdjustQuantities.userErrors).toEqual([{ field: ['input', 'changes', '0', 'locationId'], message: 'The specified location is not active.', code: 'INVALID_LOCATION' }]);
    emu.deleteLocation(loc.id);
    expect(emu.store.level(itemId, loc.id)).toBeUndefined();
    expect(emu.webhooks.map((w) => w.headers['x-shopify-topic'])).toEqual(['locations/deactivate', 'locations/update', 'locations/delete']);
  });
});
