// Reliability: sales pushed to the Shopify emulator while it fails 30 % of calls in every way it knows; once the faults
// stop, every sale is SYNCED within bounded simulated time, Shopify's `available` is what the sales imply, nothing applied twice.
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../sync/shopify/emulator/index.ts';
import { localOnHand, pushWorld } from '../test/shopify-push-world.ts';

const FULL = process.env.RELIABILITY === 'full';
/** Seeds of the fault sequence: one run of 1,000 sales in `npm test`, twenty in the long form. */
const SEEDS = FULL ? Array.from({ length: 20 }, (_, i) => 7 + i * 13) : [7];
const SALES = 1000;
const ITEMS = 20;
const STOCK = 10_000;
/** Simulated time allowed from the end of the faults to the last row SYNCED (the longest backoff is 5 minutes). */
const DRAIN_BOUND_MS = 10 * 60_000;
const KINDS: FaultKind[] = ['http503', 'http500', 'http502', 'http429', 'network', 'throttled', 'applyThenLose', 'applyThenLoseNetwork', 'wrongContentType'];

describe('Shopify chaos', () => {
  for (const seed of SEEDS) it(`keeps Shopify equal to the box over ${SALES.toLocaleString('en')} sales with 30 % injected faults (seed ${seed})`, async () => {
    const w = pushWorld({ items: ITEMS, stock: STOCK });
    w.emu.chaos({ rate: 0.3, seed, kinds: KINDS });
    let state = seed;
    const rnd = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const sold = new Array<number>(ITEMS).fill(0);
    // Waves of 10 sales, a pass after each: about a hundred calls while the faults last.
    for (let wave = 0; wave < SALES / 10; wave++) {
      for (let s = 0; s < 10; s++) {
        const lines = new Map<number, number>();
        for (let l = 0; l < 1 + Math.floor(rnd() * 3); l++) lines.set(Math.floor(rnd() * ITEMS), 1 + Math.floor(rnd() * 3));
        for (const [i, qty] of lines) sold[i]! += qty;
        w.sell(`TST1-C1-${String(wave * 10 + s).padStart(6, '0')}`, [...lines]);
      }
      await w.worker.runPass();
      w.clock.advance(200);
    }
    w.emu.chaos(null);
    const faultsStoppedAt = w.clock.now();
    await w.drain();
    expect(w.clock.now() - faultsStoppedAt).toBeLessThanOrEqual(DRAIN_BOUND_MS);

    // Every row SYNCED; Shopify holds exactly what the sales imply, and the box agrees.
    expect(w.db.$client.prepare('select status, count(*) as n from outbox group by status').all()).toEqual([{ status: 'SYNCED', n: SALES }]);
    for (let i = 0; i < ITEMS; i++) {
      expect(w.emu.store.available(w.items[i]!.itemId, w.locationId), `item ${i}`).toBe(STOCK - sold[i]!);
      expect(localOnHand(w, i), `item ${i} locally`).toBe(STOCK - sold[i]!);
    }
    // No document applied twice: one adjustment group per batch, each batch's reference used once, each row in one batch.
    const batches = w.db.$client.prepare('select status, reference_document_uri as uri from shopify_push_batches').all() as Array<{ status: string; uri: string }>;
    expect(batches.every((b) => b.status === 'SYNCED')).toBe(true);
    expect(w.emu.store.groups).toHaveLength(batches.length);
    expect(new Set(w.emu.store.groups.map((g) => g.referenceDocumentUri)).size).toBe(batches.length);
    expect(w.db.$client.prepare('select outbox_id, count(*) as n from shopify_push_batch_rows group by outbox_id having n > 1').all()).toEqual([]);
    // The faults really happened, of several kinds.
    const faults = w.emu.requests.filter((r) => r.outcome !== 'ok');
    expect(faults.length).toBeGreaterThan(10);
    expect(new Set(faults.map((r) => r.outcome)).size).toBeGreaterThan(3);
    console.log(`chaos seed ${seed}: ${w.emu.requests.length} calls, ${faults.length} faults, ${batches.length} batches, drained ${Math.round((w.clock.now() - faultsStoppedAt) / 1000)} s (simulated) after the faults stopped`);
  }, 60_000);
});
