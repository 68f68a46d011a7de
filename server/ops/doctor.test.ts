// doctor: each check's verdict on the situations a tech meets, the report, and the CLI's exit code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/connection.ts';
import { transaction } from '../db/transaction.ts';
import { recordMovements } from '../domain/inventory/index.ts';
import { aBranch, aConfig, aVariant } from '../test/builders.ts';
import { testDb } from '../test/db.ts';
import { FakeClock } from '../test/fake-clock.ts';
import { backupFileName } from './backup.ts';
import { tooFullToSync } from './disk-space.ts';
import { enqueueOutbox } from '../sync/outbox/index.ts';
import type { FetchLike } from '../sync/shopify/client.ts';
import { writeConnection } from '../sync/shopify/connection.ts';
import { ShopifyEmulator } from '../sync/shopify/emulator/index.ts';
import { registerPrinter } from '../domain/printing/index.ts';
import { silentLogger } from '../logger.ts';
import { startPrintWorker } from '../printing/print-worker.ts';
import { readPrinterStatuses } from '../printing/printer-status-file.ts';
import { systemClock } from '../shared/clock.ts';
import { newId } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { startVirtualPrinter, type VirtualPrinterState } from '../../hardware/virtual-printer/virtual-printer.ts';
import { formatDoctorReport, judgeDiskSpace, runDoctor, type DoctorCheck, type DoctorContext, type DoctorProbes } from './doctor.ts';
import { writePidFile } from './pid-file.ts';
import { scannersCheck } from './doctor.hardware.ts';
import { recordDiscovery } from '../domain/hardware/index.ts';
import { findBranch } from '../domain/branch/index.ts';

const GB = 1024 ** 3;
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const root = fileURLToPath(new URL('../..', import.meta.url));

function context(overrides: { probes?: Partial<DoctorProbes>; db?: Db | null; clock?: FakeClock; dataDir?: string; shopifyFetch?: FetchLike } = {}): DoctorContext {
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
      devices: () => [],
      ...overrides.probes,
    },
    ...(overrides.shopifyFetch ? { shopifyFetch: overrides.shopifyFetch } : {}),
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
    ['plenty of space', () => ({ freeBytes: 50 * GB, totalBytes: 100 * GB }), false],
    ['doctor\'s warning level only', () => ({ freeBytes: 9 * GB, totalBytes: 100 * GB }), false],
    ['doctor\'s failure level', () => ({ freeBytes: 100 * 1024 ** 2, totalBytes: 100 * GB }), true],
    ['an unreadable filesystem', () => { throw new Error('ENOENT'); }, false],
  ] as const)('disk: whether syncs pause with %s', (_name, space, paused) => {
    expect(tooFullToSync('/data', space)).toBe(paused);
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

describe('doctor checks for printers, scanners and sync', () => {
  it('printers: none registered is a warning with the next step', async () => {
    const [printers] = await finding('printers', context());
    expect(printers).toMatchObject({ status: 'warn', detail: 'no receipt printer is registered' });
    expect(printers!.fix).toMatch(/printer list/);
  });

  it.each([
    ['ready', {}, 'ok', /^ready \(tcp:/],
    ['paper near end', { paper: 'near-end' }, 'warn', /^ready, paper near end/],
    ['paper out', { paper: 'out' }, 'fail', /^paper out/],
    ['cover open', { coverOpen: true }, 'fail', /^cover open/],
    ['silent on status requests', { answersStatus: false }, 'warn', /status unknown/],
  ] as const)('printers: a printer that is %s', async (_name, state: Partial<VirtualPrinterState>, status, detail) => {
    const printer = await startVirtualPrinter({ state });
    try {
      const db = testDb();
      unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Printer 1', address: printer.url }, NOW));
      const [found] = await finding('printer: Printer 1', context({ db }));
      expect(found!.status).toBe(status);
      expect(found!.detail).toMatch(detail);
      expect(printer.statusRequests).toBeGreaterThan(0);
    } finally {
      await printer.close();
    }
  });

  it('printers: one that does not answer on its address fails as unreachable', async () => {
    const printer = await startVirtualPrinter();
    const address = printer.url;
    await printer.close();
    const db = testDb();
    unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Printer 1', address }, NOW));
    const [found] = await finding('printer: Printer 1', context({ db }));
    expect(found!.status).toBe('fail');
    expect(found!.detail).toMatch(/^unreachable at tcp:\/\/127\.0\.0\.1/);
  });

  it('printers: while a box serves the folder, its print queue\'s state is reported and no second connection is made', async () => {
    const printer = await startVirtualPrinter({ state: { coverOpen: true } });
    const ctx = context();
    const id = newId<'Printer'>();
    unwrap(registerPrinter(ctx.db!, { id, name: 'Printer 1', address: printer.url }, NOW));
    const worker = startPrintWorker({
      db: ctx.db!, clock: systemClock, logger: silentLogger, statusDir: ctx.dataDir,
      timeouts: { connectMs: 500, writeMs: 500, readMs: 200 }, queue: { statusTimeoutMs: 200, idlePollMs: 20, faultPollMs: 20 },
    });
    try {
      await vi.waitFor(() => expect(readPrinterStatuses(ctx.dataDir).get(id)?.state).toBe('cover-open'), { timeout: 10_000, interval: 20 });
      writePidFile(ctx.dataDir, { pid: process.pid, startedAt: NOW, version: '0.1.0' });
      const [found] = await finding('printer: Printer 1', ctx);
      expect(found).toMatchObject({ status: 'fail', detail: `cover open (${printer.url}, as the running box saw it)` });
      expect(printer.acceptedConnections + printer.refusedConnections).toBe(1); // only the box's own queue
    } finally {
      await worker.stop();
      await printer.close();
    }
  });

  it('scanners: none found is only a warning; found ones are listed', async () => {
    const [none] = await finding('scanners', context());
    expect(none!.status).toBe('warn');
    const [some] = await finding('scanners', context({ probes: { devices: () => [
      { kind: 'hid-scanner', path: '/dev/hidraw0', name: 'Honeywell 1900' },
      { kind: 'serial', path: '/dev/ttyUSB0', driver: 'ftdi_sio' },
    ] } }));
    expect(some).toMatchObject({ status: 'ok', detail: 'scanner Honeywell 1900 (/dev/hidraw0); serial /dev/ttyUSB0 (ftdi_sio)' });
  });

  it('scanners: one the box found but nobody assigned to a counter is a warning naming the fix', async () => {
    const ctx = context({ probes: { devices: () => [{ kind: 'hid-scanner', path: '/dev/hidraw0', name: 'Honeywell 1900' }] } });
    if (!findBranch(ctx.db!)) aBranch(ctx.db!);
    recordDiscovery(ctx.db!, [{ kind: 'scanner', path: '/dev/hidraw0', model: 'Honeywell 1900', ieee1284Id: null, usb: null }], NOW);
    const findings = await Promise.resolve(scannersCheck.run(ctx));
    expect(findings).toEqual([
      { name: 'scanners', status: 'ok', detail: 'scanner Honeywell 1900 (/dev/hidraw0)' },
      {
        name: 'scanner: Honeywell 1900', status: 'warn', detail: '/dev/hidraw0 is not assigned to a counter: its scans are dropped',
        fix: 'assign it on the Devices page, or: npm run cli -- devices assign /dev/hidraw0 <counter code>',
      },
    ]);
  });

  it('shopify: not connected is a warning with the command to run', async () => {
    const [shopify] = await finding('shopify', context());
    expect(shopify).toMatchObject({ status: 'warn', detail: 'not connected: stock is not synced with Shopify' });
    expect(shopify!.fix).toMatch(/npm run cli -- shopify connect/);
  });

  it.each([
    ['the token is accepted', 'shpat_emulator', 'ok', /^reachable, token accepted: Emulated Shop/],
    ['the token is refused', 'shpat_revoked', 'fail', /^SHOPIFY_AUTH_FAILED/],
    ['no shop answers at the domain', 'shpat_emulator', 'fail', /^SHOPIFY_INVALID_SHOP: no Shopify shop answers at closed-shop\.myshopify\.com/],
  ] as const)('shopify: connected and %s', async (name, token, status, detail) => {
    const emu = new ShopifyEmulator({ clock: new FakeClock(NOW) });
    const ctx = context({ shopifyFetch: emu.fetch });
    const shopDomain = name.startsWith('no shop') ? 'closed-shop.myshopify.com' : emu.shopDomain;
    writeConnection(ctx.dataDir, { shopDomain, accessToken: token, shopName: 'Emulated Shop', connectedAt: NOW });
    const [shopify] = await finding('shopify', ctx);
    expect(shopify!.status).toBe(status);
    expect(shopify!.detail).toMatch(detail);
    expect(JSON.stringify(shopify)).not.toContain(token);
  });

  it('shopify: unreachable is only a warning (the box sells offline)', async () => {
    const refused: FetchLike = async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); };
    const ctx = context({ shopifyFetch: refused });
    writeConnection(ctx.dataDir, { shopDomain: 'emulated.myshopify.com', accessToken: 'shpat_x', shopName: 'Shop', connectedAt: NOW });
    const [shopify] = await finding('shopify', ctx);
    expect(shopify!.status).toBe('warn');
    expect(shopify!.detail).toMatch(/^cannot reach emulated\.myshopify\.com .*ECONNREFUSED.*keeps selling/);
  });

  const MIN = 60_000;
  it.each([
    ['an empty outbox', [], 'ok', 'nothing waiting'],
    ['rows waiting 3 minutes', [{ ageMs: 3 * MIN }, { ageMs: 1 * MIN }], 'ok', '2 waiting, oldest 3 minutes old'],
    ['a row waiting 40 minutes', [{ ageMs: 40 * MIN }], 'warn', '1 waiting, oldest 40 minutes old'],
    ['a row waiting 30 hours', [{ ageMs: 30 * 60 * MIN }], 'fail', '1 waiting, oldest 30 hours old'],
    ['a row failed an hour ago', [{ ageMs: 60 * MIN, failed: true }], 'warn', 'nothing waiting; 1 failed (oldest 60 minutes ago)'],
    ['a row failed 2 days ago', [{ ageMs: 48 * 60 * MIN, failed: true }], 'fail', 'nothing waiting; 1 failed (oldest 2 days ago)'],
  ] as const)('outbox: %s', async (_name, rows: ReadonlyArray<{ ageMs: number; failed?: boolean }>, status, detail) => {
    const db = testDb();
    for (const row of rows) {
      const id = transaction(db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: newId(), payload: {} }, NOW - row.ageMs));
      if (row.failed) db.$client.prepare("update outbox set status = 'FAILED' where id = ?").run(id);
    }
    const [outbox] = await finding('sync outbox', context({ db }));
    expect(outbox).toMatchObject({ status, detail });
    if (status !== 'ok') expect(outbox!.fix).toMatch(/Sync page/);
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
    expect(healthy.stdout).toMatch(/^WARN +printers +no receipt printer is registered/m);
    expect(healthy.stdout).toMatch(/^WARN +shopify +not connected/m);
    expect(healthy.stdout).toMatch(/^OK +sync outbox +nothing waiting/m);
    expect(healthy.status).toBe(0);
    const db = new Database(join(dir, 'box.sqlite'));
    db.prepare('update stock_levels set on_hand = on_hand + 1 where rowid = (select min(rowid) from stock_levels)').run();
    db.close();
    const broken = cli('doctor', '--data-dir', dir);
    expect(broken.stdout).toMatch(/^FAIL +database: stock ledger/m);
    expect(broken.status).toBe(1);
  });

  it('exits 1 when Shopify refuses the saved token, and never prints it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
    expect(cli('seed-demo', '--variants', '5', '--data-dir', dir).status).toBe(0);
    writeConnection(dir, { shopDomain: 'emulated.myshopify.com', accessToken: 'shpat_revoked_secret', shopName: 'Emulated Shop', connectedAt: NOW });
    const run = cli('doctor', '--emulator', '--data-dir', dir);
    expect(run.stdout).toMatch(/^FAIL +shopify +SHOPIFY_AUTH_FAILED/m);
    expect(run.stdout).not.toContain('shpat_revoked_secret');
    expect(run.status).toBe(1);
  });
});
