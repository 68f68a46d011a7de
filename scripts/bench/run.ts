// `npm run bench [-- --quick] [-- --only name,name]`: runs the benchmark suite and writes data/bench/results.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { footprint } from './footprint.bench.ts';
import { importBench } from './import.bench.ts';
import { lookup } from './lookup.bench.ts';
import { saleCommit } from './sale-commit.bench.ts';
import { scanToLine } from './scan-to-line.bench.ts';
import { syncDrain } from './sync-drain.bench.ts';
import { printTable, writeResults, type Benchmark, type BenchResult } from './harness.ts';

const BENCHMARKS: Benchmark[] = [saleCommit, lookup, scanToLine, footprint, importBench, syncDrain];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',')) : null;

const workDir = mkdtempSync(join(tmpdir(), 'box-bench-'));
const results: BenchResult[] = [];
try {
  for (const bench of BENCHMARKS) {
    if (only && !only.has(bench.name)) continue;
    const started = performance.now();
    console.log(`▶ ${bench.name}${quick ? ' (quick)' : ''}`);
    results.push(...(await bench.run({ quick, workDir, log: (m) => console.log(`  ${m}`) })));
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
printTable(results);
const file = writeResults(fileURLToPath(new URL('../../data/bench', import.meta.url)), results);
console.log(`results written to ${file}`);
