// `doctor`: plain-words health checks for a tech on the phone; a list of checks each area can extend.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runChecks } from '../checks.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { MIGRATIONS_FOLDER } from '../db/migrate.ts';
import type { Clock } from '../shared/clock.ts';
import { BACKUP_DIR, listBackups } from './backup.ts';
import { diskSpaceOf, judgeDiskSpace } from './disk-space.ts';
import { outboxCheck, shopifyCheck } from './doctor.sync.ts';
import { printersCheck, scannersCheck } from './doctor.hardware.ts';
import type { DiscoveredDevice } from '../../hardware/devices/device-discovery.ts';
import { discoverDevices } from '../../hardware/devices/device-discovery.ts';
import type { FetchLike } from '../sync/shopify/client.ts';

export { judgeDiskSpace };
import { findServingBox } from './pid-file.ts';

export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorFinding {
  name: string;
  status: DoctorStatus;
  /** What was found, in plain words. */
  detail: string;
  /** What to do about it, when something is wrong. */
  fix?: string;
}

export interface ServiceState {
  load: string;
  active: string;
  sub: string;
  since: string;
}

/** The machine as the checks see it; tests replace it. */
export interface DoctorProbes {
  /** systemd's view of the box unit; null when systemd does not run this machine (containers, a dev laptop). */
  serviceState(): ServiceState | null;
  diskSpace(dir: string): { freeBytes: number; totalBytes: number };
  /** Whether the clock is synchronised over NTP; null when unknown. */
  ntpSynchronized(): boolean | null;
  /** Printers, HID POS scanners and serial ports found in sysfs. */
  devices(): DiscoveredDevice[];
}

export interface DoctorContext {
  config: Config;
  dataDir: string;
  clock: Clock;
  /** The box database, or null with the reason it could not be opened. */
  db: Db | null;
  dbError?: string;
  probes: DoctorProbes;
  /** The fetch the Shopify check uses: the emulator's in tests, global fetch otherwise. */
  shopifyFetch?: FetchLike;
}

export interface DoctorCheck {
  name: string;
  run(ctx: DoctorContext): DoctorFinding | DoctorFinding[] | Promise<DoctorFinding | DoctorFinding[]>;
}

const GB = 1024 ** 3;
const MB = 1024 ** 2;
const HOUR = 3_600_000;

function run(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 5000 });
  return result.status === 0 ? result.stdout.trim() : null;
}

export const systemProbes: DoctorProbes = {
  serviceState() {
    const out = run('systemctl', ['show', '-p', 'LoadState,ActiveState,SubState,ActiveEnterTimestamp', 'ismartsync-box.service']);
    if (out === null) return null;
    const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1] ?? '';
    return { load: field('LoadState'), active: field('ActiveState'), sub: field('SubState'), since: field('ActiveEnterTimestamp') };
  },
  diskSpace: diskSpaceOf,
  ntpSynchronized() {
    const out = run('timedatectl', ['show', '-p', 'NTPSynchronized', '--value']);
    return out === null ? null : out === 'yes';
  },
  devices: () => discoverDevices(),
};

function size(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`;
}

function age(ms: number): string {
  if (ms < 2 * HOUR) {
    const minutes = Math.max(1, Math.round(ms / 60_000));
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  if (ms < 48 * HOUR) return `${Math.round(ms / HOUR)} hours`;
  return `${Math.round(ms / (24 * HOUR))} days`;
}

const serviceCheck: DoctorCheck = {
  name: 'box service',
  run({ dataDir, probes }) {
    const state = probes.serviceState();
    const serving = findServingBox(dataDir);
    if (state && state.load === 'loaded') {
      if (state.active === 'active') return { name: 'box service', status: 'ok', detail: `running (${state.sub}) since ${state.since || 'start'}` };
      return {
        name: 'box service', status: 'fail', detail: `the box is not running: systemd says ${state.active} (${state.sub})`,
        fix: 'start it: sudo systemctl start ismartsync-box; if it stops again, read: sudo ismartsync logs',
      };
    }
    if (serving) return { name: 'box service', status: 'ok', detail: `a box (process ${serving.pid}, version ${serving.version}) serves this data folder; no systemd unit here` };
    return {
      name: 'box service', status: 'warn', detail: state ? 'the ismartsync-box unit is not installed and no box serves this data folder' : 'systemd does not run this machine and no box serves this data folder',
      fix: 'on a branch box, run scripts/install.sh; elsewhere start it with: npm start',
    };
  },
};

const diskCheck: DoctorCheck = {
  name: 'disk space',
  run({ dataDir, probes }) {
    const { freeBytes, totalBytes } = probes.diskSpace(dataDir);
    const status = judgeDiskSpace(freeBytes, totalBytes);
    const percent = totalBytes > 0 ? Math.round((freeBytes / totalBytes) * 100) : 0;
    return {
      name: 'disk space', status, detail: `${size(freeBytes)} free of ${size(totalBytes)} (${percent} %) for ${dataDir}`,
      ...(status === 'ok' ? {} : { fix: `free space: old backups are in ${join(dataDir, BACKUP_DIR)}; old logs: sudo journalctl --vacuum-size=200M` }),
    };
  },
};

const databaseCheck: DoctorCheck = {
  name: 'database',
  run({ db, dbError }) {
    if (!db) return { name: 'database', status: 'fail', detail: dbError ?? 'cannot open the database', fix: 'stop the box and restore the newest backup: sudo ismartsync restore <file>' };
    return runChecks(db).map((r) => ({
      name: `database: ${r.name}`, status: r.ok ? ('ok' as const) : ('fail' as const), detail: r.detail,
      ...(r.ok ? {} : { fix: 'call support before selling further; a restore from the newest backup may be needed' }),
    }));
  },
};

/** Migrations this app ships, from drizzle-kit's journal. */
function shippedMigrations(folder = MIGRATIONS_FOLDER): number {
  return (JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
}

const schemaCheck: DoctorCheck = {
  name: 'database schema',
  run({ db }) {
    if (!db) return [];
    const table = db.$client.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    const applied = table ? (db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0;
    const shipped = shippedMigrations();
    if (applied === shipped) return { name: 'database schema', status: 'ok', detail: `up to date (${applied} migrations)` };
    if (applied < shipped) {
      return { name: 'database schema', status: 'warn', detail: `${shipped - applied} migration(s) of this version not applied yet`, fix: 'restart the box (it migrates at start): sudo systemctl restart ismartsync-box' };
    }
    return {
      name: 'database schema', status: 'fail', detail: `the database has ${applied - shipped} migration(s) this app version does not know: it comes from a newer version`,
      fix: 'install that newer version again (scripts/upgrade.sh), or restore a backup made by this version',
    };
  },
};

/** The newest instant any table records (`*_at` columns hold UTC ms), to catch a clock that went back. */
function newestRecordedInstant(db: Db): number | null {
  let newest: number | null = null;
  const tables = db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\'").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    const columns = (db.$client.pragma(`table_info("${name.replace(/"/g, '""')}")`) as Array<{ name: string }>).map((c) => c.name);
    for (const column of columns.filter((c) => c === 'created_at' || c === 'updated_at')) {
      const value = (db.$client.prepare(`select max("${column}") as v from "${name.replace(/"/g, '""')}"`).get() as { v: number | null }).v;
      if (typeof value === 'number' && (newest === null || value > newest)) newest = value;
    }
  }
  return newest;
}

const clockCheck: DoctorCheck = {
  name: 'clock',
  run({ clock, db, config, probes }) {
    const now = clock.now();
    const shown = new Intl.DateTimeFormat('en-GB', { timeZone: config.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(now);
    const fix = 'set the date and time (sudo timedatectl set-time "YYYY-MM-DD HH:MM") and check the network time: timedatectl';
    if (new Date(now).getUTCFullYear() < 2025) return { name: 'clock', status: 'fail', detail: `the clock says ${shown}, which cannot be right`, fix };
    const newest = db ? newestRecordedInstant(db) : null;
    if (newest !== null && newest > now + 5 * 60_000) {
      return { name: 'clock', status: 'fail', detail: `the clock (${shown}) is ${age(newest - now)} behind the newest record in the database`, fix };
    }
    const ntp = probes.ntpSynchronized();
    if (ntp === false) return { name: 'clock', status: 'warn', detail: `${shown} (${config.timeZone}), not synchronised over the network`, fix: 'check the internet connection; sudo timedatectl set-ntp true' };
    return { name: 'clock', status: 'ok', detail: `${shown} (${config.timeZone})${ntp ? ', synchronised' : ''}` };
  },
};

const backupCheck: DoctorCheck = {
  name: 'last backup',
  run({ dataDir, clock }) {
    const [newest] = listBackups(join(dataDir, BACKUP_DIR));
    const fix = 'make one now: sudo ismartsync backup; nightly backups need: sudo systemctl enable --now ismartsync-backup.timer';
    if (!newest) return { name: 'last backup', status: 'warn', detail: `no backup in ${join(dataDir, BACKUP_DIR)} yet`, fix };
    const elapsed = clock.now() - newest.at;
    const status: DoctorStatus = elapsed > 72 * HOUR ? 'fail' : elapsed > 26 * HOUR ? 'warn' : 'ok';
    return { name: 'last backup', status, detail: `${age(elapsed)} ago: ${newest.name}`, ...(status === 'ok' ? {} : { fix }) };
  },
};

/**
 * Every check, in the order printed. Areas add theirs here (hardware checks in doctor.hardware.ts, sync checks in
 * doctor.sync.ts): a check gets the context and returns one or more findings; keep it to a few seconds at worst.
 */
export const DOCTOR_CHECKS: DoctorCheck[] = [
  serviceCheck, diskCheck, databaseCheck, schemaCheck, clockCheck, backupCheck, printersCheck, scannersCheck, shopifyCheck, outboxCheck,
];

/** Runs the checks; a check that throws becomes a failed finding with its error. */
export async function runDoctor(ctx: DoctorContext, checks: readonly DoctorCheck[] = DOCTOR_CHECKS): Promise<DoctorFinding[]> {
  const findings: DoctorFinding[] = [];
  for (const check of checks) {
    try {
      const result = await check.run(ctx);
      findings.push(...(Array.isArray(result) ? result : [result]));
    } catch (error) {
      findings.push({ name: check.name, status: 'fail', detail: `the check itself failed: ${(error as Error).message}` });
    }
  }
  return findings;
}

const LABEL: Record<DoctorStatus, string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** The report as a tech reads it over the phone: one line per finding, what to do under each problem. */
export function formatDoctorReport(findings: readonly DoctorFinding[]): string {
  const width = Math.max(...findings.map((f) => f.name.length), 10);
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${LABEL[f.status]}  ${f.name.padEnd(width)}  ${f.detail}`);
    if (f.fix && f.status !== 'ok') lines.push(`${' '.repeat(width + 8)}→ ${f.fix}`);
  }
  const count = (s: DoctorStatus) => findings.filter((f) => f.status === s).length;
  const failed = count('fail');
  lines.push('');
  lines.push(failed > 0
    ? `${failed} problem(s) need attention (FAIL), ${count('warn')} warning(s).`
    : count('warn') > 0 ? `No problems; ${count('warn')} warning(s).` : 'Everything looks right.');
  return lines.join('\n');
}

/** The data folder the doctor looks at, and whether it holds a database. */
export function doctorDataDir(config: Config): { dataDir: string; hasDatabase: boolean } {
  const dataDir = resolve(config.dataDir);
  return { dataDir, hasDatabase: existsSync(join(dataDir, 'box.sqlite')) };
}
