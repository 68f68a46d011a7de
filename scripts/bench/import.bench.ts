// import: the Shopify bulk import of 100k variants from the emulator (its own process on 127.0.0.1) through the real
// import, against a raw streaming batched insert of the same JSONL; then a re-import of the unchanged catalogue.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { round, type Benchmark, type BenchResult } from './harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Figures { seconds: number; variants: number; peakRssMiB: number; maxTxMs: number; p99TxMs: number; transactions: number; slowest: Array<{ at: string; ms: number }> }

/** Figures of each run in the child (import: first import, re-import; raw: one), with the child's peak RSS. */
function measure(mode: 'import' | 'raw', dbPath: string, emulator: unknown): Figures[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/import-child.ts', JSON.stringify({ mode, dbPath, emulator })], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${mode} failed (status ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout.slice(-500)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { peakRssMiB: number; runs: Array<Omit<Figures, 'peakRssMiB'>> };
  return out.runs.map((run) => ({ ...run, peakRssMiB: out.peakRssMiB }));
}

export const importBench: Benchmark = {
  name: 'import',
  async run(ctx) {
    const variants = ctx.quick ? 10_000 : 100_000;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/sync/shopify/emulator/child.ts', '--variants', String(variants)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const emulator = JSON.parse(await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
      })) as unknown;
      // spawnSync blocks this process, not the emulator's: it serves the box from its own process.
      const [first, again] = measure('import', join(ctx.workDir, 'import.sqlite'), emulator) as [Figures, Figures];
      ctx.log(`import: ${round(first.variants / first.seconds, 0)} variants/s, peak RSS ${round(first.peakRssMiB, 0)} MiB, longest transactions ${first.slowest.map((t) => `${t.ms} ms (#${t.at})`).join(', ')}`);
      ctx.log(`re-import (unchanged): ${round(again.variants / again.seconds, 0)} variants/s, longest transactions ${again.slowest.map((t) => `${t.ms} ms (#${t.at})`).join(', ')}`);
      const [raw] = measure('raw', join(ctx.workDir, 'import-raw.sqlite'), emulator) as [Figures];
      ctx.log(`raw batched insert: ${round(raw.variants / raw.seconds, 0)} variants/s`);
      if (first.variants !== variants || again.variants !== variants || raw.variants !== variants) throw new Error(`variant counts differ: ${first.variants}, ${again.variants}, ${raw.variants}`);

      const rate = (f: Figures) => round(f.variants / f.seconds, 0);
      const ratio = round(rate(first) / rate(raw), 3);
      const reRatio = round(rate(again) / rate(first), 3);
      const k = `${variants / 1000}k`;
      const results: BenchResult[] = [
        { name: `import.raw-insert-${k}`, unit: 'variants/s', value: rate(raw), baseline: null, ratio: null, p50: null, p99: round(raw.p99TxMs, 2), n: raw.transactions },
        { name: `import.shopify-bulk-${k}`, unit: 'variants/s', value: rate(first), baseline: rate(raw), ratio, p50: null, p99: null, n: variants, budget: '≥ 30 % of the raw batched insert', withinBudget: ratio >= 0.3 },
        { name: `import.reimport-unchanged-${k}`, unit: 'variants/s', value: rate(again), baseline: rate(first), ratio: reRatio, p50: null, p99: null, n: variants, budget: 'at least as fast as the first import', withinBudget: reRatio >= 1 },
        { name: 'import.longest-transaction', unit: 'ms', value: round(Math.max(first.maxTxMs, again.maxTxMs), 2), baseline: round(raw.maxTxMs, 2), ratio: null, p50: null, p99: round(Math.max(first.p99TxMs, again.p99TxMs), 2), n: first.transactions + again.transactions, budget: 'no import transaction over 50 ms', withinBudget: Math.max(first.maxTxMs, again.maxTxMs) <= 50 },
        { name: 'import.peak-rss', unit: 'MiB', value: round(first.peakRssMiB, 0), baseline: round(raw.peakRssMiB, 0), ratio: null, p50: null, p99: null, n: 2 },
      ];
      return results;
    } finally {
      child.kill('SIGTERM');
    }
  },
};
