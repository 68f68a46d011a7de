// footprint: box start to /healthz ok, idle RSS with a large catalog, gzipped size of the terminal's JS and CSS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rssMiB, spawnBox } from '../../server/test/box-process.ts';
import type { Benchmark, BenchResult } from './harness.ts';
import { seededDataDir } from './seeded.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function terminalGzipKiB(): number {
  const dir = join(root, 'terminal', 'dist', 'assets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

export const footprint: Benchmark = {
  name: 'footprint',
  async run(ctx) {
    const variants = ctx.quick ? 100_000 : 200_000;
    const dataDir = seededDataDir(ctx, variants);

    const starts: number[] = [];
    let idle = Number.NaN;
    for (let run = 0; run < (ctx.quick ? 2 : 3); run++) {
      const box = await spawnBox(dataDir);
      starts.push(box.startedMs);
      if (run === 0) {
        await new Promise((r) => setTimeout(r, 3000));
        idle = rssMiB(box.child.pid!);
      }
      await box.stop();
    }
    const start = Math.round(Math.min(...starts));
    const size = terminalGzipKiB();
    const results: BenchResult[] = [
      { name: 'footprint.start-to-healthz', unit: 'ms', value: start, baseline: null, ratio: null, p50: null, p99: null, n: starts.length, budget: '≤ 2,000 ms', withinBudget: start <= 2000 },
      { name: `footprint.idle-rss-${variants / 1000}k-variants`, unit: 'MiB', value: idle, baseline: null, ratio: null, p50: null, p99: null, n: 1, budget: '≤ 150 MB (100k variants)', withinBudget: idle <= 150 },
      { name: 'footprint.terminal-js-css-gzip', unit: 'KiB', value: size, baseline: null, ratio: null, p50: null, p99: null, n: 1, budget: '≤ 200 KB', withinBudget: size <= 200 },
    ];
    return results;
  },
};
