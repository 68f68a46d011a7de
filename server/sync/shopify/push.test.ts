// Scenario tests of the push worker against the emulator: one group per sale, lost answers, throttling, repairs (30 % chaos: server/reliability).
import { describe, expect, it } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { aVariant } from '../../test/builders.ts';
import { pushWorld as world } from '../../test/shopify-push-world.ts';
import { documentSyncStatus, enqueueOutbox } from '../outbox/index.ts';
import { requeueFailedBatches } from './push.ts';

describe('Shopify push worker', () => {
  it('pushes a sale as exactly one adjustment group with the right delta, named after the document', async () => {
    const w = world();
    const order = w.sell('TST1-C1-000001', [[0, 2], [1, 1]]);
    await w.drain();
    const groups = w.emu.store.groupsFor('gid://ismartsync/Sale/TST1-C1-000001');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.reason).toBe('other');
    expect(groups[0]!.changes.filter((c) => c.name === 'available').map((c) => [c.itemId, c.delta])).toEqual([[w.items[0]!.itemId, -2], [w.items[1]!.itemId, -1]]);
    expect(w.emu.store.available(w.items[0]!.itemId, w.locationId)).toBe(998);
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order)).toEqual({ status: 'SYNCED', lastError: null });
    const batch = w.db.$client.prepare('select adjustment_group_id as g, result from shopify_push_batches').get() as { g: string; result: string };
    expect(batch.g).toBe(groups[0]!.id);
    expect(JSON.parse(batch.result)).toContainEqual({ inventoryItemId: w.items[0]!.itemId, locationId: w.locationId, delta: -2, quantityAfterChange: 998 });
  });

  it('stores the key before the first send and resends the same variables and key after a lost answer: still one group', async () => {
    const w = world();
    const order = w.sell('TST1-C1-000002', [[0, 3]]);
    w.emu.injectFault('applyThenLose', 'PushInventoryDelta');
    await w.worker.runPass();
    const before = w.db.$client.prepare('select idempotency_key as k, variables, attempts from shopify_push_batches').get() as { k: string; variables: string; attempts: number };
    expect(before.attempts).toBe(1);
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order).status).toBe('PENDING');
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order).lastError).toMatch(/HTTP_503/);
    w.emu.injectFault('applyThenLoseNetwork', 'PushInventoryDelta');
    await w.drain();
    const after = w.db.$client.prepare('select idempotency_key as k, variables, attempts from shopify_push_batches').get() as { k: string; variables: string; attempts: number };
    expect(after).toMatchObject({ k: before.k, variables: before.variables, attempts: 3 });
    expect(w.emu.store.groupsFor('gid://ismartsync/Sale/TST1-C1-000002')).toHaveLength(1);
    expect(w.emu.store.available(w.items[0]!.itemId, w.locationId)).toBe(997);
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order).status).toBe('SYNCED');
  });

  it('paces itself from throttleStatus: many batches on a small bucket without a burst of THROTTLED', async () => {
    const w = world({ items: 40, bucket: { maximumAvailable: 50, restoreRate: 10 }, maxChanges: 1 });
    for (let i = 0; i < 40; i++) w.sell(`TST1-C1-T${i}`, [[i, 1]]);
    w.emu.bucket.take(45); // another client spent most of the bucket: the first push is refused
    const start = w.clock.now();
    await w.drain();
    const outcomes = w.emu.requests.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(40);
    expect(outcomes.filter((o) => o === 'THROTTLED')).toHaveLength(1); // only the first; afterwards pacing waits for the bucket
    const i = w.emu.requests.findIndex((r) => r.outcome === 'THROTTLED');
    expect(w.emu.requests[i + 1]!.at - w.emu.requests[i]!.at).toBeGreaterThanOrEqual(500); // (10 − 5) / 10 per s
    expect(w.clock.now() - start).toBeGreaterThanOrEqual(((40 * 10 - 50) / 10) * 1000);
    for (let i = 0; i < 40; i++) expect(w.emu.store.available(w.items[i]!.itemId, w.locationId)).toBe(999);
  });

  it('activates an item not stocked at the location, then pushes', async () => {
    const w = world({ stocked: false });
    const order = w.sell('TST1-C1-000003', [[0, 2]]);
    await w.drain();
    expect(w.emu.store.available(w.items[0]!.itemId, w.locationId)).toBe(-2);
    expect(w.emu.store.groupsFor('gid://ismartsync/Sale/TST1-C1-000003')).toHaveLength(1);
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order).status).toBe('SYNCED');
  });

  it('marks a document FAILED with the reason when Shopify refuses it for good, and a retry with a fresh key pushes it', async () => {
    const w = world();
    const order = w.sell('TST1-C1-000004', [[0, 1]]);
    w.emu.injectFault('attemptFailed', 'PushInventoryDelta');
    await w.worker.runPass();
    w.clock.advance(2000);
    await w.worker.runPass();
    const status = documentSyncStatus(w.db, 'shopify', 'sale', order);
    expect(status.status).toBe('FAILED');
    expect(status.lastError).toMatch(/IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED/);
    const outboxId = (w.db.$client.prepare('select id from outbox').get() as { id: string }).id;
    expect(transaction(w.db, (tx) => requeueFailedBatches(tx, outboxId, w.clock.now()))).toEqual({ batches: 1, freshKeys: 1 });
    await w.drain();
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order).status).toBe('SYNCED');
    expect(w.emu.store.available(w.items[0]!.itemId, w.locationId)).toBe(999);
  });

  it('fails an item Shopify no longer has, naming the reason', async () => {
    const w = world();
    const order = w.sell('TST1-C1-000005', [[0, 1]]);
    w.emu.store.deleteProduct(w.emu.store.variants.get([...w.emu.store.variants.keys()][0]!)!.productId);
    await w.drain();
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order)).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/^INVALID_INVENTORY_ITEM/) });
  });

  it('marks a sale of local-only items SYNCED with a note, without calling Shopify', async () => {
    const w = world();
    const local = aVariant(w.db, { sku: 'LOCAL-1' });
    const orderId = 'order-local';
    transaction(w.db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: orderId, payload: { reason: 'other', documentType: 'sale', documentRef: 'L-1', branchId: w.branchId, changes: [{ variantId: local, delta: -1 }] } }, w.clock.now()));
    await w.drain();
    expect(documentSyncStatus(w.db, 'shopify', 'sale', orderId).status).toBe('SYNCED');
    expect(JSON.parse((w.db.$client.prepare('select result from outbox').get() as { result: string }).result).note).toMatch(/local-only/);
    expect(w.emu.requests).toHaveLength(0);
  });

  it('keeps sales PENDING while the shop is unreachable for days and drains them in order when it returns', async () => {
    const w = world();
    w.emu.chaos({ rate: 1, seed: 1, kinds: ['connectionRefused'] });
    const orders = [w.sell('A-1', [[0, 1]]), w.sell('A-2', [[1, 1]])];
    for (let i = 0; i < 60; i++) { await w.worker.runPass(); w.clock.advance(3600_000); }
    expect(documentSyncStatus(w.db, 'shopify', 'sale', orders[0]!).lastError).toMatch(/ECONNREFUSED/);
    expect(orders.map((o) => documentSyncStatus(w.db, 'shopify', 'sale', o).status)).toEqual(['PENDING', 'PENDING']);
    w.emu.chaos(null);
    await w.drain();
    expect(orders.map((o) => documentSyncStatus(w.db, 'shopify', 'sale', o).status)).toEqual(['SYNCED', 'SYNCED']);
  });
});

describe('a refused item among coalesced documents', () => {
  it('fails only the documents that touch it; the others are pushed under a new batch', async () => {
    const w = world();
    const good = w.sell('G-1', [[0, 1]]);
    const bad = w.sell('B-1', [[1, 2]]);
    const alsoGood = w.sell('G-2', [[2, 1], [0, 1]]);
    w.emu.store.deleteProduct(w.emu.store.variants.get([...w.emu.store.variants.keys()][1]!)!.productId);
    await w.drain();
    expect([good, bad, alsoGood].map((o) => documentSyncStatus(w.db, 'shopify', 'sale', o).status)).toEqual(['SYNCED', 'FAILED', 'SYNCED']);
    expect(w.emu.store.available(w.items[0]!.itemId, w.locationId)).toBe(998);
    expect(w.emu.store.available(w.items[2]!.itemId, w.locationId)).toBe(999);
    const failed = w.db.$client.prepare(`select variables from shopify_push_batches where status = 'FAILED'`).get() as { variables: string };
    expect(JSON.parse(failed.variables).input.changes).toEqual([{ inventoryItemId: w.items[1]!.itemId, locationId: w.locationId, delta: -2, changeFromQuantity: null }]);
  });
});

describe('retries past the key retention', () => {
  it('stops resending a batch whose earlier attempt may have applied longer ago than Shopify keeps keys', async () => {
    const w = world();
    const order = w.sell('R-1', [[0, 1]]);
    w.emu.injectFault('applyThenLose', 'PushInventoryDelta');
    await w.worker.runPass();
    w.emu.chaos({ rate: 1, seed: 3, kinds: ['connectionRefused'] });
    for (let i = 0; i < 14; i++) { w.clock.advance(3600_000); await w.worker.runPass(); }
    w.emu.chaos(null);
    await w.drain();
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order)).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/^KEY_RETENTION_EXPIRED/) });
    expect(w.emu.store.groupsFor('gid://ismartsync/Sale/R-1')).toHaveLength(1);
    expect(w.emu.store.available(w.items[0]!.itemId, w.locationId)).toBe(999);
  });
});

describe('a document larger than one call', () => {
  it('goes out in several keyed calls of at most the limit, and is SYNCED when all are', async () => {
    const w = world({ items: 5, maxChanges: 2 });
    const order = w.sell('BIG-1', [[0, 1], [1, 1], [2, 1], [3, 1], [4, 1]]);
    await w.drain();
    const groups = w.emu.store.groupsFor('gid://ismartsync/Sale/BIG-1');
    expect(groups.map((g) => g.changes.filter((c) => c.name === 'available').length)).toEqual([2, 2, 1]);
    expect(documentSyncStatus(w.db, 'shopify', 'sale', order).status).toBe('SYNCED');
    for (let i = 0; i < 5; i++) expect(w.emu.store.available(w.items[i]!.itemId, w.locationId)).toBe(999);
  });
});
