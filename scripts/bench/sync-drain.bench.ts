// sync-drain: a backlog of 10k PENDING sales pushed to the Shopify emulator on the Standard plan's cost budget, on
// simulated time (the emulator's bucket and the worker's pacing share a fake clock), starting from an empty bucket:
// mutations, THROTTLED answers (in all and in a row), simulated drain time.
import { localOnHand, pushWorld } from '../../server/test/shopify-push-world.ts';
import { round, type Benchmark, type BenchResult } from './harness.ts';

const SALES = 10_000;

export const syncDrain: Benchmark = {
  name: 'sync-drain',
  async run(ctx) {
    // A branch selling across 3,000 linked items (Standard plan: 1,000-point bucket, 100 points/s).
    const items = ctx.quick ? 1500 : 3000;
    const w = pushWorld({ items, stock: 100_000 });
    let state = 12345;
    const rnd = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const sold = new Array<number>(items).fill(0);
    for (let s = 0; s < SALES; s++) {
      const lines = new Map<number, number>();
      for (let l = 0; l < 1 + Math.floor(rnd() * 3); l++) lines.set(Math.floor(rnd() ** 2 * items), 1 + Math.floor(rnd() * 2));
      for (const [i, q] of lines) sold[i]! += q;
      w.sell(`BNCH-C1-${String(s).padStart(6, '0')}`, [...lines]);
    }
    ctx.log(`${SALES.toLocaleString('en')} sales PENDING over ${items} items; draining from a bucket another app has just emptied…`);
    w.emu.bucket.take(w.emu.bucket.status().currentlyAvailable);
    const started = w.clock.now();
    const wall = performance.now();
    await w.drain(10_000);
    const simulatedS = (w.clock.now() - started) / 1000;
    const wallS = (performance.now() - wall) / 1000;

    const pushes = w.emu.requests.filter((r) => r.operationName === 'PushInventoryDelta');
    const throttled = pushes.filter((r) => r.outcome === 'THROTTLED').length;
    let run = 0;
    let maxRun = 0;
    for (const r of w.emu.requests) {
      run = r.outcome === 'THROTTLED' ? run + 1 : 0;
      maxRun = Math.max(maxRun, run);
    }
    const synced = (w.db.$client.prepare(`select count(*) as n from outbox where status = 'SYNCED'`).get() as { n: number }).n;
    let mismatched = 0;
    for (let i = 0; i < items; i++) if (w.emu.store.available(w.items[i]!.itemId, w.locationId) !== localOnHand(w, i)) mismatched++;
    ctx.log(`${pushes.length} mutations, ${throttled} THROTTLED (max ${maxRun} in a row), ${round(simulatedS, 1)} s simulated, ${round(wallS, 1)} s wall; ${synced} SYNCED, ${mismatched} items differ`);
    const correct = synced === SALES && mismatched === 0;
    const results: BenchResult[] = [
      { name: 'sync-drain.mutations-10k-sales', unit: 'mutations', value: pushes.length, baseline: null, ratio: null, p50: null, p99: null, n: SALES, budget: '≤ 200 mutations, all SYNCED, Shopify = box', withinBudget: pushes.length <= 200 && correct },
      { name: 'sync-drain.throttled-max-in-a-row', unit: 'responses', value: maxRun, baseline: null, ratio: null, p50: null, p99: null, n: throttled, budget: 'never THROTTLED twice in a row (n = THROTTLED in all)', withinBudget: maxRun <= 1 },
      { name: 'sync-drain.simulated-drain-time', unit: 's', value: round(simulatedS, 1), baseline: null, ratio: null, p50: null, p99: null, n: pushes.length },
      { name: 'sync-drain.wall-time', unit: 's', value: round(wallS, 2), baseline: null, ratio: null, p50: null, p99: null, n: SALES },
    ];
    return results;
  },
};
