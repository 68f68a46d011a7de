// Locations changed in Shopify reach the box by webhook: the list stays in step, and a branch whose location is gone is warned and held, not retried forever.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor, Permission } from '../../domain/staff/index.ts';
import type { Id } from '../../shared/ids.ts';
import { getShopifyStatus, getSyncOverview, mapBranchAsManager } from './sync.service.ts';
import { LOCATION_GONE_CODE } from './locations.ts';
import { EMULATOR_WEBHOOK_SECRET, shopWorld } from './testing.ts';

const manager = (branchId: Id<'Branch'>, permissions: Permission[] = ['manage_settings', 'manage_sync']): Actor => ({
  kind: 'staff', staffId: 'staff-1' as Id<'Staff'>, name: 'Manager', roleId: 'manager', permissions: new Set(permissions), maxDiscountBps: 0,
  branchId, counterId: null, deviceId: null,
});

function status(w: ReturnType<typeof shopWorld>) {
  return getShopifyStatus(w.db, w.deps.config.dataDir, w.branch.id, true);
}

describe('locations/* webhooks', () => {
  it('keep the local location list in step: created, renamed, deactivated, activated, deleted', async () => {
    const w = shopWorld();
    const karachi = w.emu.createLocation('Karachi');
    await w.receiveWebhooks();
    expect(status(w).locations).toContainEqual({ id: karachi.id, name: 'Karachi', isActive: true });
    w.emu.store.locations.get(karachi.id)!.name = 'Karachi Dolmen';
    w.emu.setLocationActive(karachi.id, false);
    await w.receiveWebhooks();
    expect(status(w).locations).toContainEqual({ id: karachi.id, name: 'Karachi Dolmen', isActive: false });
    w.emu.setLocationActive(karachi.id, true);
    await w.receiveWebhooks();
    expect(status(w).locations).toContainEqual({ id: karachi.id, name: 'Karachi Dolmen', isActive: true });
    w.emu.deleteLocation(karachi.id);
    await w.receiveWebhooks();
    expect(status(w).locations.find((l) => l.id === karachi.id)).toBeUndefined();
    expect(w.answers.every((a) => a.status === 200)).toBe(true);
    expect(w.events().map((e) => [e.topic, e.status])).toEqual([
      ['locations/create', 'PROCESSED'], ['locations/deactivate', 'PROCESSED'], ['locations/update', 'PROCESSED'],
      ['locations/activate', 'PROCESSED'], ['locations/update', 'PROCESSED'], ['locations/delete', 'PROCESSED'],
    ]);
  });

  it('sets aside a signed delivery whose body is not JSON instead of blocking the queue', async () => {
    const w = shopWorld();
    w.emu.onWebhook(null);
    w.emu.createLocation('Karachi');
    const d = w.emu.webhooks.at(-1)!;
    const body = '{"id": 1,';
    await w.app.request('/webhooks/shopify', { method: 'POST', headers: { ...d.headers, 'x-shopify-event-id': 'ev-broken', 'x-shopify-hmac-sha256': createHmac('sha256', EMULATOR_WEBHOOK_SECRET).update(body).digest('base64') }, body });
    w.clock.advance(1000);
    await w.app.request('/webhooks/shopify', { method: 'POST', headers: d.headers, body: d.body });
    expect(await w.receiveWebhooks()).toEqual({ processed: 2 });
    expect(w.events().map((e) => [e.status, e.note?.slice(0, 20)])).toEqual([['IGNORED', 'the body is not JSON'], ['PROCESSED', 'added Karachi (gid:/']]);
  });

  it('keeps a deleted location deleted when an older update arrives after the delete (deliveries are unordered)', async () => {
    const w = shopWorld();
    const karachi = w.emu.createLocation('Karachi');
    await w.receiveWebhooks();
    w.emu.onWebhook(null); // delivered by hand below, in another order
    w.emu.setLocationActive(karachi.id, false);
    const [lateDeactivate, lateUpdate] = w.emu.webhooks.slice(-2);
    w.emu.deleteLocation(karachi.id);
    const del = w.emu.webhooks.at(-1)!;
    for (const d of [del, lateDeactivate!, lateUpdate!]) {
      w.clock.advance(1000);
      await w.app.request('/webhooks/shopify', { method: 'POST', headers: d.headers, body: d.body });
    }
    await w.receiveWebhooks();
    expect(status(w).locations.find((l) => l.id === karachi.id)).toBeUndefined();
    expect(w.events().at(-1)?.note).toMatch(/deleted earlier: locations\/update ignored/);
  });

  it.each([
    ['deleted', (w: ReturnType<typeof shopWorld>) => w.emu.deleteLocation(w.location.id), /was deleted in Shopify/],
    ['deactivated', (w: ReturnType<typeof shopWorld>) => w.emu.setLocationActive(w.location.id, false), /was deactivated in Shopify/],
  ])('a branch mapped to a location %s in Shopify is warned on both screens, and its sales are held with the reason instead of being sent', async (_, act, wording) => {
    const w = shopWorld();
    act(w);
    await w.receiveWebhooks();
    const warning = status(w).warnings.location;
    expect(warning).toMatchObject({ locationId: w.location.id, name: 'Lahore' });
    expect(warning?.message).toMatch(wording);
    expect(warning?.message).toMatch(/map the branch to an active location/);
    expect(getSyncOverview(w.db, w.clock.now(), 200, { dataDir: w.deps.config.dataDir, branchId: w.branch.id }).warnings?.location?.message).toBe(warning?.message);

    w.sell('LHR1-C1-000001', [[0, 1]]);
    await w.drain();
    await w.drain();
    expect(w.pushRequests()).toBe(0);
    const [row] = w.outbox();
    expect(row?.status).toBe('FAILED');
    expect(row?.lastError).toMatch(new RegExp(`^${LOCATION_GONE_CODE}: the Shopify location "Lahore" this branch is mapped to was`));
    expect(w.worker.nextDueAt()).toBeNull(); // nothing left to retry on its own
    expect(w.onHand(0)).toBe(9); // the sale itself stands
  });

  it('refuses to map a branch to a gone location; mapping to an active one sends the held sales there, once', async () => {
    const w = shopWorld();
    w.emu.deleteLocation(w.location.id);
    await w.receiveWebhooks();
    w.sell('LHR1-C1-000001', [[0, 2]]);
    w.sell('LHR1-C1-000002', [[1, 1]]);
    await w.drain();
    expect(w.outbox().map((r) => r.status)).toEqual(['FAILED', 'FAILED']);

    const refused = mapBranchAsManager(w.db, manager(w.branch.id), w.location.id, w.clock.now());
    expect(!refused.ok && refused.error.code).toBe('SHOPIFY_LOCATION_INACTIVE');
    const denied = mapBranchAsManager(w.db, manager(w.branch.id, ['sell']), w.location.id, w.clock.now());
    expect(!denied.ok && denied.error.code).toBe('PERMISSION_DENIED');

    const gulberg = w.emu.createLocation('Gulberg');
    for (const item of w.items) w.emu.store.activate(item.itemId, gulberg.id, 10);
    await w.receiveWebhooks();
    const mapped = mapBranchAsManager(w.db, manager(w.branch.id), gulberg.id, w.clock.now());
    expect(mapped).toEqual({ ok: true, value: { branchId: w.branch.id, locationId: gulberg.id, requeued: 2 } });
    expect(status(w).warnings.location).toBeNull();
    await w.drain();
    expect(w.outbox().map((r) => r.status)).toEqual(['SYNCED', 'SYNCED']);
    expect(w.emu.store.available(w.items[0]!.itemId, gulberg.id)).toBe(8);
    expect(w.emu.store.available(w.items[1]!.itemId, gulberg.id)).toBe(9);
    expect(w.emu.store.groups.filter((g) => g.referenceDocumentUri?.startsWith('gid://ismartsync/'))).toHaveLength(1);
  });

  it('a push Shopify refuses because the location went away before the webhook arrived is held after one try, not retried', async () => {
    const w = shopWorld();
    w.emu.onWebhook(null); // the location webhook is late
    w.emu.setLocationActive(w.location.id, false);
    w.sell('LHR1-C1-000001', [[0, 1]]);
    await w.drain();
    await w.drain();
    // Today's INVALID_LOCATION repair (inventoryActivate) is tried once; Shopify refuses the location itself, so the rows are held.
    expect(w.pushRequests()).toBe(1);
    expect(w.emu.requests.filter((r) => r.operationName === 'InventoryActivate')).toHaveLength(1);
    const [row] = w.outbox();
    expect(row?.status).toBe('FAILED');
    expect(row?.lastError).toMatch(/^SHOPIFY_LOCATION_INACTIVE: Shopify refused the location .*Location is not active/);
    expect(w.emu.store.available(w.items[0]!.itemId, w.location.id)).toBe(10);

    // Mapping the branch again sends it, re-batched, to the new location (not the refused batch with the old one).
    const gulberg = w.emu.createLocation('Gulberg');
    w.emu.store.activate(w.items[0]!.itemId, gulberg.id, 10);
    await w.app.request('/webhooks/shopify', { method: 'POST', headers: w.emu.webhooks.at(-1)!.headers, body: w.emu.webhooks.at(-1)!.body });
    await w.receiveWebhooks();
    expect(mapBranchAsManager(w.db, manager(w.branch.id), gulberg.id, w.clock.now())).toMatchObject({ ok: true, value: { requeued: 1 } });
    await w.drain();
    expect(w.outbox().map((r) => r.status)).toEqual(['SYNCED']);
    expect(w.emu.store.available(w.items[0]!.itemId, gulberg.id)).toBe(9);
    expect(w.emu.store.groupsFor('gid://ismartsync/Sale/LHR1-C1-000001')).toHaveLength(1);
  });

  it('an item not stocked at a live location is still activated there and pushed (INVALID_LOCATION repair unchanged)', async () => {
    const w = shopWorld();
    const key = `${w.items[0]!.itemId}|${w.location.id}`;
    w.emu.store.levels.delete(key);
    w.sell('LHR1-C1-000001', [[0, 1]]);
    await w.drain();
    expect(w.outbox().map((r) => r.status)).toEqual(['SYNCED']);
    expect(w.emu.store.available(w.items[0]!.itemId, w.location.id)).toBe(-1);
  });
});
