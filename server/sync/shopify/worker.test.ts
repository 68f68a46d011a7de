// Demo mode: the box links its demo catalog to the in-process emulator, and a sale's stock change turns SYNCED by itself.
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
});
