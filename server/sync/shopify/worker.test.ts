// Demo mode: the box links its demo catalog to the in-process emulator, and a sale's stock change turns SYNCED by itself.
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { seedDemo } from '../../demo/seed-demo.ts';
import { findBranch } from '../../domain/branch/index.ts';
import { silentLogger } from '../../logger.ts';
import { systemClock } from '../../shared/clock.ts';
import { aConfig } from '../../test/builders.ts';
import { testDb } from '../../test/db.ts';
import { documentSyncStatus, enqueueOutbox } from '../outbox/index.ts';
import { startShopifySync } from './worker.ts';

describe('Shopify sync loop in demo mode', () => {
  it('mirrors the demo catalog in the emulator and pushes a sale until it is SYNCED', async () => {
    const db = testDb();
    const config = aConfig({ demo: true, dataDir: '/tmp/ismartsync-test-no-connection' });
    seedDemo(db, config, systemClock, { variants: 40 });
    const sync = startShopifySync({ db, clock: systemClock, logger: silentLogger, config });
    try {
      const emu = sync.emulator!;
      expect(emu.store.variants.size).toBe(40);
      const v = db.$client.prepare(`select id, shopify_inventory_item_id as item from variants where shopify_inventory_item_id is not null limit 1`).get() as { id: string; item: string };
      const branch = findBranch(db)!;
      const location = [...emu.store.locations.keys()][0]!;
      const before = emu.store.available(v.item, location)!;
      transaction(db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: 'demo-order', payload: { reason: 'other', documentType: 'sale', documentRef: 'DEMO-1', branchId: branch.id, changes: [{ variantId: v.id, delta: -1 }] } }, systemClock.now()));
      sync.wake();
      await vi.waitFor(() => expect(documentSyncStatus(db, 'shopify', 'sale', 'demo-order').status).toBe('SYNCED'), { timeout: 10_000, interval: 50 });
      expect(emu.store.available(v.item, location)).toBe(before - 1);
      expect(emu.store.groupsFor('gid://ismartsync/Sale/DEMO-1')).toHaveLength(1);
    } finally {
      await sync.stop();
    }
  });

  it('sends nothing while the disk is nearly full (rows stay PENDING, sales still commit), and resumes when space is back', async () => {
    const db = testDb();
    const config = aConfig({ demo: true, dataDir: '/tmp/ismartsync-test-no-connection' });
    seedDemo(db, config, systemClock, { variants: 10 });
    const GB = 1024 ** 3;
    let free = 100 * 1024 ** 2; // 100 MB of 64 GB: under doctor's FAIL level
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
    let looks = 0;
    const diskSpace = () => { looks++; return { freeBytes: free, totalBytes: 64 * GB }; };
    const sync = startShopifySync({ db, clock: systemClock, logger, config, diskSpace });
    try {
      const branch = findBranch(db)!;
      const v = db.$client.prepare(`select id from variants where shopify_inventory_item_id is not null limit 1`).get() as { id: string };
      transaction(db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: 'full-disk-order', payload: { reason: 'other', documentType: 'sale', documentRef: 'DEMO-2', branchId: branch.id, changes: [{ variantId: v.id, delta: -1 }] } }, systemClock.now()));
      sync.wake();
      await vi.waitFor(() => expect(lines.join('')).toContain('disk nearly full: Shopify sync paused'), { timeout: 10_000, interval: 20 });
      const looked = looks;
      sync.wake(); // another pass, still full: warned once, nothing sent
      await vi.waitFor(() => expect(looks).toBeGreaterThan(looked), { timeout: 10_000, interval: 20 });
      expect(lines.filter((l) => l.includes('disk nearly full')).length).toBe(1);
      expect(documentSyncStatus(db, 'shopify', 'sale', 'full-disk-order').status).toBe('PENDING');
      expect(sync.emulator!.store.groupsFor('gid://ismartsync/Sale/DEMO-2')).toHaveLength(0);
      free = 20 * GB;
      sync.wake();
      await vi.waitFor(() => expect(documentSyncStatus(db, 'shopify', 'sale', 'full-disk-order').status).toBe('SYNCED'), { timeout: 10_000, interval: 50 });
      expect(lines.join('')).toContain('disk space back: Shopify sync resumes');
    } finally {
      await sync.stop();
    }
  });
});
