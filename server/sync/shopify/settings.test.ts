// Settings from the terminal: the status never shows the token; connecting and mapping need manage_settings.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../http/app.ts';
import type { Actor, Permission } from '../../domain/staff/index.ts';
import type { Id } from '../../shared/ids.ts';
import { aBranch, aConfig, testDeps } from '../../test/builders.ts';
import { FakeClock } from '../../test/fake-clock.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../../test/staff-builders.ts';
import { ShopifyEmulator } from './emulator/index.ts';
import { saveLocations } from './locations.ts';
import { connectShopAsManager, getShopifyStatus, mapBranchAsManager } from './sync.service.ts';

const actor = (branchId: Id<'Branch'>, permissions: Permission[]): Actor => ({
  kind: 'staff', staffId: 'staff-1' as Id<'Staff'>, name: 'Manager', roleId: 'manager', permissions: new Set(permissions), maxDiscountBps: 0, branchId, counterId: null, deviceId: null,
});

describe('Shopify settings', () => {
  it('connects with manage_settings, shows the shop but never the token, and maps the branch', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shopify-settings-'));
    const deps = testDeps({ config: aConfig({ dataDir }) });
    const branch = aBranch(deps.db);
    const emu = new ShopifyEmulator({ clock: new FakeClock() });
    const denied = await connectShopAsManager(actor(branch.id, ['sell']), { dataDir, shop: 'emulated', token: emu.accessToken, now: 0 }, emu.fetch);
    expect(!denied.ok && denied.error.code).toBe('PERMISSION_DENIED');
    const wrong = await connectShopAsManager(actor(branch.id, ['manage_settings']), { dataDir, shop: 'emulated', token: 'nope', now: 0 }, emu.fetch);
    expect(!wrong.ok && wrong.error.code).toBe('SHOPIFY_AUTH_FAILED');
    expect(getShopifyStatus(deps.db, dataDir, branch.id).connected).toBe(false);
    expect((await connectShopAsManager(actor(branch.id, ['manage_settings']), { dataDir, shop: 'emulated', token: emu.accessToken, now: 0 }, emu.fetch)).ok).toBe(true);
    saveLocations(deps.db, [{ id: 'gid://shopify/Location/1', legacyResourceId: '1', name: 'Lahore', isActive: true }], 0);
    expect(mapBranchAsManager(deps.db, actor(branch.id, ['manage_settings']), 'gid://shopify/Location/1', 0).ok).toBe(true);
    const unknown = mapBranchAsManager(deps.db, actor(branch.id, ['manage_settings']), 'gid://shopify/Location/2', 0);
    expect(!unknown.ok && unknown.error.code).toBe('SHOPIFY_LOCATION_UNKNOWN');
    const manager = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock), aStaff(deps.db, { role: 'manager' }));
    const res = await createApp(deps).request('/api/v1/shopify', { headers: { cookie: manager } });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ connected: true, shopDomain: 'emulated.myshopify.com', branchLocationId: 'gid://shopify/Location/1', locations: [{ name: 'Lahore' }] });
    expect(text).not.toContain(emu.accessToken);
  });

  it.each([
    ['POST', '/api/v1/shopify/connection', { shop: 'x', token: 'y' }],
    ['PUT', '/api/v1/shopify/branch-location', { locationId: 'gid://shopify/Location/1' }],
  ])('%s %s answers 401 without a signed-in person', async (method, path, body) => {
    const deps = testDeps();
    const res = await createApp(deps).request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(401);
  });
});
