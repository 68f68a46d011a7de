// app/uninstalled: the box marks the connection uninstalled with a banner, keeps selling and keeps everything local; reconnecting resumes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/staff/index.ts';
import type { Id } from '../../shared/ids.ts';
import { connectShopify, connectionFile } from './connection.ts';
import { startImportJob } from './import.job.ts';
import { getShopifyStatus, getSyncOverview } from './sync.service.ts';
import { shopWorld } from './testing.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

async function connectedWorld() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ismartsync-uninstall-'));
  dirs.push(dataDir);
  // shopifyEmulator: whatever starts a client on its own (the import job) talks to the in-process emulator, never the network.
  const w = shopWorld({ config: { dataDir, shopifyEmulator: true } });
  const r = await connectShopify({ dataDir, shop: w.emu.shopDomain, token: w.emu.accessToken, now: w.clock.now() }, w.emu.fetch);
  expect(r.ok).toBe(true);
  const status = () => getShopifyStatus(w.db, dataDir, w.branch.id);
  const overview = () => getSyncOverview(w.db, w.clock.now(), 200, { dataDir, branchId: w.branch.id });
  return { ...w, dataDir, status, overview };
}

describe('app/uninstalled', () => {
  it('marks the connection uninstalled with a banner on both screens, removes nothing local, and sales still commit as PENDING rows', async () => {
    const w = await connectedWorld();
    expect(w.status().warnings).toEqual({ uninstalled: null, location: null });
    const before = ['variants', 'products', 'stock_levels', 'shopify_locations', 'shopify_branch_locations'].map((t) => w.count(t));
    w.clock.advance(60_000);
    w.emu.simulateAppUninstalled();
    await w.receiveWebhooks();
    expect(w.events()).toEqual([{ topic: 'app/uninstalled', status: 'PROCESSED', note: expect.stringMatching(/syncing stops until the box is reconnected; nothing local removed/) }]);

    const status = w.status();
    expect(status.connected).toBe(true);
    expect(status.branchLocationId).toBe(w.location.id);
    expect(status.warnings.uninstalled).toMatchObject({ shopDomain: 'emulated.myshopify.com', at: w.clock.now() });
    expect(status.warnings.uninstalled?.message).toMatch(/uninstalled from emulated\.myshopify\.com\. Sales go on and nothing was removed/);
    expect(w.overview().warnings?.uninstalled?.message).toBe(status.warnings.uninstalled?.message);
    expect(['variants', 'products', 'stock_levels', 'shopify_locations', 'shopify_branch_locations'].map((t) => w.count(t))).toEqual(before);
    expect(existsSync(connectionFile(w.dataDir))).toBe(true);

    w.sell('LHR1-C1-000001', [[0, 1]]);
    expect(w.onHand(0)).toBe(9);
    expect(w.outbox()).toEqual([{ documentId: 'order-1', status: 'PENDING', lastError: null }]);
    expect(w.overview()).toMatchObject({ pending: 1, failed: 0 });

    const manager: Actor = {
      kind: 'staff', staffId: 'staff-1' as Id<'Staff'>, name: 'Manager', roleId: 'manager', permissions: new Set(['manage_settings']), maxDiscountBps: 0,
      branchId: w.branch.id, counterId: null, deviceId: null,
    };
    const job = startImportJob({ ...w.deps, config: w.deps.config }, manager);
    expect(!job.ok && job.error.code).toBe('SHOPIFY_APP_UNINSTALLED');
  });

  it('reconnecting after a reinstall clears the banner, even when the uninstall webhook arrives after the reconnect', async () => {
    const w = await connectedWorld();
    w.emu.onWebhook(null);
    w.clock.advance(60_000);
    w.emu.simulateAppUninstalled(); // triggered now…
    const late = w.emu.webhooks.at(-1)!;
    w.clock.advance(60_000);
    w.emu.reinstallApp();
    await connectShopify({ dataDir: w.dataDir, shop: w.emu.shopDomain, token: w.emu.accessToken, now: w.clock.now() }, w.emu.fetch);
    w.clock.advance(60_000);
    await w.app.request('/webhooks/shopify', { method: 'POST', headers: late.headers, body: late.body }); // …delivered late
    await w.receiveWebhooks();
    expect(w.events().map((e) => e.status)).toEqual(['PROCESSED']);
    expect(w.status().warnings.uninstalled).toBeNull();

    w.clock.advance(60_000);
    w.emu.onWebhook(async (d) => { await w.app.request('/webhooks/shopify', { method: 'POST', headers: d.headers, body: d.body }); });
    w.emu.simulateAppUninstalled();
    await w.receiveWebhooks();
    expect(w.status().warnings.uninstalled).not.toBeNull();
    w.clock.advance(60_000);
    w.emu.reinstallApp();
    await connectShopify({ dataDir: w.dataDir, shop: w.emu.shopDomain, token: w.emu.accessToken, now: w.clock.now() }, w.emu.fetch);
    expect(w.status().warnings.uninstalled).toBeNull();
  });

  it("ignores an uninstall of another shop (the box was moved to a new one)", async () => {
    const w = await connectedWorld();
    w.clock.advance(60_000);
    w.emu.onWebhook(null);
    w.emu.simulateAppUninstalled();
    const d = w.emu.webhooks.at(-1)!;
    await w.app.request('/webhooks/shopify', { method: 'POST', headers: { ...d.headers, 'x-shopify-shop-domain': 'old-shop.myshopify.com', 'x-shopify-event-id': 'ev-old' }, body: d.body });
    await w.receiveWebhooks();
    expect(w.status().warnings.uninstalled).toBeNull();
  });
});
