// Seeded data folders for benchmarks, made once per run and shared by the benchmarks that only read them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDatabase, openDatabase } from '../../server/db/connection.ts';
import { createPairingCode, pairDevice } from '../../server/domain/staff/index.ts';
import { systemClock } from '../../server/shared/clock.ts';
import type { BenchContext } from './harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A demo data folder with `variants` variants and `counters` counters, seeded on first use in this run. */
export function seededDataDir(ctx: BenchContext, variants: number, counters = 3, name = `seed-${variants}-${counters}`): string {
  const dir = join(ctx.workDir, name);
  if (existsSync(join(dir, 'box.sqlite'))) return dir;
  ctx.log(`seeding ${variants.toLocaleString('en')} variants, ${counters} counters…`);
  const seed = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'seed-demo', '--variants', String(variants), '--counters', String(counters), '--data-dir', dir], { cwd: root, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
  return dir;
}

/** Pairs devices with counters C1…Cn as a tech would (straight in the database), returning their credentials. */
export function pairDevices(dataDir: string, count: number): string[] {
  const db = openDatabase(join(dataDir, 'box.sqlite'));
  try {
    return Array.from({ length: count }, (_, i) => {
      const code = createPairingCode(db, null, `C${i + 1}`, systemClock);
      if (!code.ok) throw new Error(code.error.message);
      const paired = pairDevice(db, { code: code.value.code, userAgent: 'bench' }, systemClock);
      if (!paired.ok) throw new Error(paired.error.message);
      return paired.value.credential;
    });
  } finally {
    closeDatabase(db);
  }
}
