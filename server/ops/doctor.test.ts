// doctor: each check's verdict on the situations a tech meets, the report, and the CLI's exit code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/connection.ts';
import { transaction } from '../db/transaction.ts';
import { recordMovements } from '../domain/inventory/index.ts';
import { aBranch, aConfig, aVariant } from '../test/builders.ts';
import { testDb } from '../test/db.ts';
import { FakeClock } from '../test/fake-clock.ts';
import { backupFileName } from './backup.ts';
import { formatDoctorReport, judgeDiskSpace, runDoctor, type DoctorCheck, type DoctorContext, type DoctorProbes } from './doctor.ts';
import { writePidFile } from './pid-file.ts';

const GB = 1024 ** 3;
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const root = fileURLToPath(new URL('../..', import.meta.url));

function context(overrides: { probes?: Partial<DoctorProbes>; db?: Db | null; clock?: FakeClock; dataDir?: string } = {}): DoctorContext {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'doctor-'));
  return {
    config: aConfig({ dataDir }),
    dataDir,
    clock: overrides.clock ?? new FakeClock(NOW),
    db: overrides.db === undefined ? testDb() : overrides.db,
    probes: {
      serviceState: () => ({ load: 'loaded', active: 'active', sub: 'running', since: 'Mon 2026-11-23 08:00:00 PKT' }),
      diskSpace: () => ({ freeBytes: 50 * GB, totalBytes: 100 * GB }),
      ntpSynchronized: () => true,
      ...overrides.probes,
    },
  };
}

async function finding(name: string, ctx: DoctorContext) {
  const all = await runDoctor(ctx);
  const found = all.filter((f) => f.name === name || f.name.startsWith(`${name}:`));
  expect(found.length, `no finding named ${name}`).toBeGreaterThan(0);
  return found;
}

describe('doctor checks', () => {
  it.each([
    [50 * GB, 100 * GB, 'ok'],
    [9 * GB, 100 * GB, 'warn'], // under 10 %
    [900 * 1024 ** 2, 4 * GB, 'warn'], // under 1 GB
    [1.5 * GB, 100 * GB, 'fail'], // under 2 %
    [200 * 1024 ** 2, 1 * GB, 'fail'], // under 256 MB
    [0, 0, 'fail'],
  ] as const)('disk: %d free of %d is %s', (free, total, status) => {
    expect(judgeDiskSpace(free, total)).toBe(status);
  });

  it.each([
    ['running under systemd', { load: 'loaded', active: 'active', sub: 'running', since: 'x' }, false, 'ok', /running/],
    ['failed under systemd', { load: 'loaded', active: 'failed', sub: 'failed', since: '' }, false, 'fail', /not running: systemd says failed/],
    ['stopped under systemd', { load: 'loaded', active: 'inactive', sub: 'dead', since: '' }, false, 'fail', /not running/],
    ['no systemd, a box serving the folder', null, true, 'ok', /serves this data folder/],
    ['no systemd, nothing serving', null, false, 'warn', /no box serves/],
    ['unit not installed, nothing serving', { load: 'not-found', active: 'inactive', sub: 'dead', since: '' }, false, 'warn', /not installed/],
  ] as const)('service: %s', async (_name, state, serving, status, detail) => {
    const ctx = context({ probes: { serviceState: () => (state ? { ...state } : null) } });
    if (serving) writePidFile(ctx.dataDir, { pid: process.pid, startedAt: NOW, version: '0.1.0' });
    const [service] = await finding('box service', ctx);
    expect(service!.status).toBe(status);
    expect(service!.detail).toMatch(detail);
  });

  it.each([
    ['no backup yet', null, 'warn'],
    ['a backup 10 hours old', 10, 'ok'],
    ['a backup 30 hours old', 30, 'warn'],
    ['a backup 4 days old', 96, 'fail'],
  ] as const)('backups: %s', async (_name, hoursAgo, status) => {
    const ctx = context();
    if (hoursAgo !== null) {
      mkdirSync(join(ctx.dataDir, 'backups'));
      writeFileSync(join(ctx.dataDir, 'backups', backupFileName(NOW - hoursAgo * 3_600_000)), 'x');
    }
    const [backup] = await finding('last backup', ctx);
    expect(backup!.status).toBe(status);
  });

  it('clock: fails when the year is impossible', async () => {
    const [clock] = await finding('clock', context({ clock: new FakeClock(Date.UTC(2019, 0, 1)) }));
    expect(clock!.status).toBe('fail');
    expect(clock!.detail).toMatch(/1 Jan 2019.*which cannot be right/);
  });

  it('clock: fails when the database holds records from the future', async () => {
    const db = testDb();
    const branch = aBranch(db);
    const variantId = aVariant(db);
    transaction(db, (tx) => recordMovements(tx, [{ variantId, branchId: branch.id, delta: 1, reason: 'opening', documentType: 'test', documentId: 't' }], NOW + 3 * 3_600_000));
    const [clock] = await finding('clock', context({ db }));
    expect(clock!.status).toBe('fail');
    expect(clock!.detail).toMatch(/3 hours behind the newest record/);
  });

  it('clock: warns when not synchronised over the network', async () => {
    const [clock] = await finding('clock', context({ probes: { ntpSynchronized: () => false } }));
    expect(clock!.status).toBe('warn');
  });

  it('database: fails when it cannot be opened, and when the stock ledger is off', async () => {
    const [missing] = await finding('database', { ...context({ db: null }), dbError: 'no database in /x' });
    expect(missing).toMatchObject({ status: 'fail', detail: 'no database in /x' });
    const db = testDb();
    const branch = aBranch(db);
    aVariant(db, { stock: 5, branchId: branch.id });
    db.$client.prepare('update stock_levels set on_hand = on_hand + 1').run();
    const checks = await finding('database', context({ db }));
    expect(checks.find((f) => f.name === 'database: stock ledger')!.status).toBe('fail');
    expect(checks.find((f) => f.name === 'database: sqlite integrity')!.status).toBe('ok');
  });

  it.each([
    ['the app\'s migrations all applied', 0, 'ok', /up to date/],
    ['a migration missing', -1, 'warn', /1 migration\(s\) of this version not applied yet/],
    ['a migration from a newer version', 1, 'fail', /comes from a newer version/],
  ] as const)('schema: %s', async (_name, change, status, detail) => {
    const db = testDb();
    if (change < 0) db.$client.prepare('delete from __drizzle_migrations where rowid = (select max(rowid) from __drizzle_migrations)').run();
    if (change > 0) db.$client.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', 1)").run();
    const [schema] = await finding('database schema', context({ db }));
    expect(schema!.status).toBe(status);
    expect(schema!.detail).toMatch(detail);
  });

  it('a check that throws is reported as failed, and the others still run', async () => {
    const broken: DoctorCheck = { name: 'printers', run: () => { throw new Error('no such device'); } };
    const fine: DoctorCheck = { name: 'shopify', run: async () => ({ name: 'shopify', status: 'ok', detail: 'reachable' }) };
    const findings = await runDoctor(context(), [broken, fine]);
    expect(findings).toEqual([
      { name: 'printers', status: 'fail', detail: 'the check itself failed: no such device' },
      { name: 'shopify', status: 'ok', detail: 'reachable' },
    ]);
  });

  it('the report says what to do under each problem', () => {
    const report = formatDoctorReport([
      { name: 'disk space', status: 'ok', detail: '50 GB free' },
      { name: 'last backup', status: 'fail', detail: '4 days ago', fix: 'make one now' },
    ]);
    expect(report).toMatch(/^OK {4}disk space +50 GB free$/m);
    expect(report).toMatch(/^FAIL {2}last backup +4 days ago\n +→ make one now$/m);
    expect(report).toContain('1 problem(s) need attention');
  });
});

describe('cli doctor', () => {
  const cli = (...args: string[]) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
    return spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
  };

  it('exits 1 and names the problem when the stock ledger is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
    expect(cli('seed-demo', '--variants', '30', '--data-dir', dir).status).toBe(0);
    const healthy = cli('doctor', '--data-dir', dir);
    expect(healthy.stdout).toMatch(/^OK +database: stock ledger/m);
    expect(healthy.stdout).toMatch(/^WARN +last backup +no backup/m);
    expect(healthy.status).toBe(0);
    const db = new Database(join(dir, 'box.sqlite'));
    db.prepare('update stock_levels set on_hand = on_hand + 1 where rowid = (select min(rowid) from stock_levels)').run();
    db.close();
    const broken = cli('doctor', '--data-dir', dir);
    expect(broken.stdout).toMatch(/^FAIL +database: stock ledger/m);
    expect(broken.status).toBe(1);
  });
});
