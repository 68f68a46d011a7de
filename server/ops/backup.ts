// Online backups of the box database (SQLite backup API, gzip, verified, rotated) and verified restores.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { businessDate } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { findServingBox, isServiceActive } from './pid-file.ts';

export const BACKUP_DIR = 'backups';
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;

const NAME = /^box-(\d{8}T\d{6}(?:\d{3})?Z)(?:-([a-z0-9][a-z0-9.-]*))?\.sqlite\.gz$/;

export interface BackupFile {
  name: string;
  path: string;
  /** UTC epoch ms, from the file name. */
  at: number;
  label?: string;
}

export interface BackupReport {
  file: string;
  bytes: number;
  databaseBytes: number;
  pages: number;
  sha256: string;
  kept: string[];
  removed: string[];
}

export interface BackupOptions {
  /** The box's database file. */
  databaseFile: string;
  outDir: string;
  now: number;
  /** Branch time zone: days and weeks of the rotation are the branch's. */
  timeZone: string;
  /** e.g. `pre-upgrade-0.2.0`; lower-case letters, digits, dots and dashes. */
  label?: string;
}

function stamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:.]/g, ''); // 20261123T090510123Z
}

function parseStamp(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})?Z$/.exec(text);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +(m[7] ?? 0));
}

export function backupFileName(epochMs: number, label?: string): string {
  return `box-${stamp(epochMs)}${label ? `-${label}` : ''}.sqlite.gz`;
}

/** Backups in a folder, newest first; files that are not ours are ignored. */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  const files: BackupFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const at = parseStamp(m[1]!);
    if (Number.isNaN(at)) continue;
    files.push({ name, path: join(dir, name), at, ...(m[2] ? { label: m[2] } : {}) });
  }
  return files.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
}

function weekOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utc = Date.UTC(y, m - 1, d);
  const monday = utc - ((new Date(utc).getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

/**
 * Which backups to keep: the newest of each of the last 7 days that have a backup and the newest of each of
 * the last 4 weeks (Monday to Sunday, branch time). The newest backup is always kept.
 */
export function planRotation<T extends { at: number }>(backups: readonly T[], timeZone: string,
  keepDaily = KEEP_DAILY, keepWeekly = KEEP_WEEKLY): { keep: T[]; remove: T[] } {
  const sorted = [...backups].sort((a, b) => b.at - a.at);
  const keep = new Set<T>(sorted.slice(0, 1));
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const backup of sorted) {
    const day = businessDate(backup.at, timeZone);
    const week = weekOf(day);
    if (!days.has(day) && days.size < keepDaily) {
      days.add(day);
      keep.add(backup);
    }
    if (!weeks.has(week) && weeks.size < keepWeekly) {
      weeks.add(week);
      keep.add(backup);
    }
  }
  return { keep: sorted.filter((b) => keep.has(b)), remove: sorted.filter((b) => !keep.has(b)) };
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function sha256Of(file: string, gunzip = false): Promise<string> {
  const hash = createHash('sha256');
  const sink = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done();
    },
  });
  const source = createReadStream(file);
  if (gunzip) await pipeline(source, createGunzip(), sink);
  else await pipeline(source, sink);
  return hash.digest('hex');
}

/** `integrity_check` of a database file, plus proof it is a box database (it has the migrations table). */
function verifyDatabaseFile(file: string): Result<{ pages: number }> {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { fileMustExist: true });
    const messages = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (messages.length !== 1 || messages[0] !== 'ok') {
      return err('BACKUP_INVALID', `the database copy ${basename(file)} is damaged: ${messages.slice(0, 5).join('; ')}`);
    }
    const migrations = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!migrations) return err('BACKUP_INVALID', `${basename(file)} is not a box database (no migrations table)`);
    return ok({ pages: sqlite.pragma('page_count', { simple: true }) as number });
  } catch (error) {
    return err('BACKUP_INVALID', `cannot read ${basename(file)} as a database: ${(error as Error).message}`);
  } finally {
    sqlite?.close();
  }
}

/**
 * Copies the live database with SQLite's online backup API (the box keeps selling: WAL readers never block its
 * writes), checks the copy with `integrity_check`, gzips it beside the others, proves the archive decompresses
 * to the same bytes, then rotates. Nothing is kept unless every step passed.
 */
export async function backupDatabase(options: BackupOptions): Promise<Result<BackupReport>> {
  if (options.label !== undefined && !/^[a-z0-9][a-z0-9.-]*$/.test(options.label)) {
    return err('VALIDATION_FAILED', 'a backup label may hold only lower-case letters, digits, dots and dashes');
  }
  if (!existsSync(options.databaseFile)) return err('BACKUP_NOT_FOUND', `no database at ${options.databaseFile}`);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true, mode: 0o750 });
  const name = backupFileName(options.now, options.label);
  const final = join(outDir, name);
  const rawTmp = join(outDir, `.${name}.${process.pid}.sqlite`);
  const gzTmp = join(outDir, `.${name}.${process.pid}.tmp`);
  const cleanup = () => {
    for (const f of [rawTmp, `${rawTmp}-wal`, `${rawTmp}-shm`, `${rawTmp}-journal`, gzTmp]) rmSync(f, { force: true });
  };
  try {
    const source = new Database(options.databaseFile, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      // After the first step, copy every remaining page in one step: one consistent read snapshot that a
      // concurrent writer cannot restart, however busy the counters are.
      await source.backup(rawTmp, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const copy = new Database(rawTmp);
    try {
      copy.pragma('journal_mode = DELETE'); // a self-contained file, no -wal beside it
    } finally {
      copy.close();
    }
    const verified = verifyDatabaseFile(rawTmp);
    if (!verified.ok) return verified;
    const databaseBytes = statSync(rawTmp).size;
    const sha256 = await sha256Of(rawTmp);
    await pipeline(createReadStream(rawTmp), createGzip({ level: 6 }), createWriteStream(gzTmp, { mode: 0o640 }));
    fsyncPath(gzTmp);
    const roundTrip = await sha256Of(gzTmp, true);
    if (roundTrip !== sha256) return err('BACKUP_INVALID', 'the compressed backup does not decompress to the copied database');
    renameSync(gzTmp, final);
    fsyncPath(outDir);
    const { keep, remove } = planRotation(listBackups(outDir), options.timeZone);
    for (const old of remove) rmSync(old.path, { force: true });
    return ok({
      file: final, bytes: statSync(final).size, databaseBytes, pages: verified.value.pages, sha256,
      kept: keep.map((b) => b.name), removed: remove.map((b) => b.name),
    });
  } catch (error) {
    return err('BACKUP_FAILED', `backup failed: ${(error as Error).message}`);
  } finally {
    cleanup();
  }
}

export interface RestoreOptions {
  backupFile: string;
  dataDir: string;
  now: number;
  /** Whether the systemd service is active; injectable for tests. */
  serviceActive?: () => boolean;
}

export interface RestoreReport {
  databaseFile: string;
  /** Where the replaced database was kept, if there was one. */
  replacedFile: string | null;
  pages: number;
}

/**
 * Replaces the data folder's database with a backup (gzipped or plain), refusing while a box serves the folder.
 * The backup is checked before it replaces anything; the replaced database is kept as box.sqlite.replaced-<time>.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<Result<RestoreReport>> {
  const dataDir = resolve(options.dataDir);
  const serving = findServingBox(dataDir);
  if (serving) {
    return err('BOX_IS_RUNNING', `a box (process ${serving.pid}) is serving ${dataDir}; stop it first (sudo systemctl stop ismartsync-box), then restore`);
  }
  if ((options.serviceActive ?? (() => isServiceActive()))()) {
    return err('BOX_IS_RUNNING', 'the ismartsync-box service is running; stop it first (sudo systemctl stop ismartsync-box), then restore');
  }
  if (!existsSync(options.backupFile)) return err('BACKUP_NOT_FOUND', `no backup file at ${options.backupFile}`);
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, 'box.sqlite');
  const incoming = join(dataDir, `box.sqlite.restoring-${process.pid}`);
  try {
    const source = createReadStream(options.backupFile);
    const gzipped = options.backupFile.endsWith('.gz');
    await (gzipped
      ? pipeline(source, createGunzip(), createWriteStream(incoming, { mode: 0o640 }))
      : pipeline(source, createWriteStream(incoming, { mode: 0o640 })));
    fsyncPath(incoming);
    const verified = verifyDatabaseFile(incoming);
    if (!verified.ok) return verified;

    let replacedFile: string | null = null;
    if (existsSync(target)) {
      // Fold the WAL into the old file first so the kept copy stands alone; a damaged one keeps its WAL beside it.
      try {
        const old = new Database(target, { fileMustExist: true });
        try {
          old.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          old.close();
        }
      } catch {
        // the database being replaced may be the damaged one: keep it as it is
      }
      replacedFile = `${target}.replaced-${stamp(options.now)}`;
      renameSync(target, replacedFile);
      if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${replacedFile}-wal`);
      rmSync(`${target}-shm`, { force: true });
    }
    renameSync(incoming, target);
    fsyncPath(dataDir);
    const after = verifyDatabaseFile(target);
    if (!after.ok) return after;
    return ok({ databaseFile: target, replacedFile, pages: after.value.pages });
  } catch (error) {
    return err('RESTORE_FAILED', `restore failed: ${(error as Error).message}`);
  } finally {
    for (const f of [incoming, `${incoming}-wal`, `${incoming}-shm`, `${incoming}-journal`]) rmSync(f, { force: true });
  }
}
