// Benchmark harness: a table on the console and data/bench/results.json with machine facts, values, baselines and ratios.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';

export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  /** The same kind of figure measured by a raw path in the same run, or null where none applies. */
  baseline: number | null;
  /** value / baseline (or as the benchmark defines it), null without a baseline. */
  ratio: number | null;
  p50: number | null;
  p99: number | null;
  n: number;
  /** The budget from ARCHITECTURE.md §6 this figure is judged against, in words. */
  budget?: string;
  /** Whether the figure is within its budget, when one applies. */
  withinBudget?: boolean | null;
}

export interface BenchContext {
  quick: boolean;
  /** Scratch folder for data dirs of this run. */
  workDir: string;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** p50/p99 of raw samples (ms). */
export function summarize(samples: number[]): { p50: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), n: sorted.length };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function machine() {
  const cpu = cpus();
  return { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, kernel: release() };
}

export function writeResults(dir: string, results: BenchResult[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'results.json');
  writeFileSync(file, JSON.stringify({ machine: machine(), at: new Date().toISOString(), results }, null, 2));
  return file;
}

export function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => ({
    name: r.name, value: `${r.value} ${r.unit}`, baseline: r.baseline ?? '', ratio: r.ratio ?? '', p50: r.p50 ?? '', p99: r.p99 ?? '', n: r.n,
    budget: r.withinBudget === undefined || r.withinBudget === null ? '' : r.withinBudget ? 'ok' : 'MISSED',
  }));
  console.table(rows);
}
