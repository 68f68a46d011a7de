// The sync loop after app/uninstalled: sends nothing (sales still commit, rows stay PENDING) until the shop is reconnected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { seedDemo } from '../../demo/seed-demo.ts';
import { findBranch } from '../../domain/branch/index.ts';
import { systemClock } from '../../shared/clock.ts';
import { aConfig } from '../../test/builders.ts';
import { testDb } from '../../test/db.ts';
import { documentSyncStatus, enqueueOutbox } from '../outbox/index.ts';
import { connectShopify } from './connection.ts';
import { storeWebhook } from './webhooks.ts';
import { startShopifySync } from './worker.ts';

describe('Shopify sync loop after the app is uninstalled', () => {
  it('stops sending, keeps rows PENDING, and resumes once a manager reconnects', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ismartsync-worker-uninstall-'));
    const db = testDb();
    const config = aConfig({ demo: true, dataDir });
    seedDemo(db, config, systemClock, { variants: 10 });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
    let passes = 0;
    const sync = startShopifySync({ db, clock: systemClock, logger, config, diskSpace: () => { passes++; return { freeBytes: 50 * 1024 ** 3, totalBytes: 64 * 1024 ** 3 }; } });
    const emu = sync.emulator!;
    try {
      emu.simulateAppUninstalled();
      const d = emu.webhooks.at(-1)!;
      storeWebhook(db, { eventId: d.headers['x-shopify-event-id']!, topic: d.headers['x-shopify-topic']!, shopDomain: d.headers['x-shopify-shop-domain']!, webhookId: null, triggeredAt: d.headers['x-shopify-triggered-at']!, body: d.body }, systemClock.now());
      sync.wake();
      await vi.waitFor(() => expect(lines.join('')).toContain('the Shopify app was uninstalled: syncing stopped'), { timeout: 10_000, interval: 20 });

      const branch = findBranch(db)!;
      const v = db.$client.prepare('select id from variants where shopify_inventory_item_id is not null limit 1').get() as { id: string };
      transaction(db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: 'after-uninstall', payload: { reason: 'other', documentType: 'sale', documentRef: 'DEMO-U1', branchId: branch.id, changes: [{ variantId: v.id, delta: -1 }] } }, systemClock.now()));
      const requests = emu.requests.length;
      for (let i = 0; i < 2; i++) {
        const seen = passes;
        sync.wake();
        await vi.waitFor(() => expect(passes).toBeGreaterThan(seen), { timeout: 10_000, interval: 20 });
      }
      expect(documentSyncStatus(db, 'shopify', 'sale', 'after-uninstall').status).toBe('PENDING');
      expect(emu.requests.length).toBe(requests); // not even a try: the token is revoked
      expect(lines.filter((l) => l.includes('syncing stopped')).length).toBe(1);

      emu.reinstallApp();
      const now = Math.max(systemClock.now(), Date.parse(d.headers['x-shopify-triggered-at']!) + 1); // strictly after the uninstall
      const reconnected = await connectShopify({ dataDir, shop: emu.shopDomain, token: emu.accessToken, now }, emu.fetch);
      expect(reconnected.ok).toBe(true);
      sync.wake();
      await vi.waitFor(() => expect(documentSyncStatus(db, 'shopify', 'sale', 'after-uninstall').status).toBe('SYNCED'), { timeout: 10_000, interval: 50 });
      expect(emu.store.groupsFor('gid://ismartsync/Sale/DEMO-U1')).toHaveLength(1);
      expect(lines.join('')).toContain('syncing resumes');
    } finally {
      await sync.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
