// Backups under load, verified restores, refusal while a box serves, and the 7-daily/4-weekly rotation.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { transaction } from '../db/transaction.ts';
import { recordMovements } from '../domain/inventory/index.ts';
import { startBox, type RunningBox } from '../main.ts';
import { silentLogger } from '../logger.ts';
import type { Id } from '../shared/ids.ts';
import { newId } from '../shared/ids.ts';
import { aConfig } from '../test/builders.ts';
import { backupDatabase, backupFileName, listBackups, planRotation, restoreDatabase } from './backup.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cliEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
}

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, encoding: 'utf8', env: cliEnv(), timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function cliAsync(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, env: cliEnv() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

let box: RunningBox | undefined;
afterEach(async () => {
  await box?.close();
  box = undefined;
});

async function startDemoBox(dataDir: string): Promise<RunningBox> {
  return startBox(aConfig({ dataDir, port: 0, host: '127.0.0.1', demo: true, demoVariants: 60 }), { logger: silentLogger });
}

describe('backup while the box is selling', () => {
  it('keeps every write acknowledged before the backup started, and the restored copy passes check', async () => {
    const dataDir = tempDir('box-live-');
    box = await startDemoBox(dataDir);
    const { db } = box.deps;
    const branchId = (db.$client.prepare('select id from branches limit 1').get() as { id: Id<'Branch'> }).id;
    const variantIds = (db.$client.prepare('select id from variants order by id limit 20').all() as Array<{ id: Id<'Variant'> }>).map((r) => r.id);

    // The load: one sale-like stock movement per turn of the event loop, each acknowledged after its commit.
    const acknowledged: string[] = [];
    let running = true;
    const load = new Promise<void>((resolve) => {
      const sell = () => {
        if (!running) return resolve();
        const documentId = newId();
        transaction(db, (tx) => recordMovements(tx, [{
          variantId: variantIds[acknowledged.length % variantIds.length]!, branchId, delta: -1, reason: 'sale', documentType: 'sale', documentId,
        }], Date.now()));
        acknowledged.push(documentId);
        setImmediate(sell);
      };
      setImmediate(sell);
    });
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));

    const out = tempDir('box-backups-');
    const before = [...acknowledged];
    const backup = await cliAsync('backup', '--data-dir', dataDir, '--out', out);
    const duringBackup = acknowledged.length - before.length;
    running = false;
    await load;
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/backup written: .*box-\d{8}T\d{9}Z\.sqlite\.gz/);
    console.info(`backup under load: ${before.length} writes before, ${duringBackup} during the backup`);
    expect(duringBackup).toBeGreaterThan(0); // the box really was selling while the copy was taken

    const [archive] = listBackups(out);
    expect(archive).toBeDefined();

    // Restoring into the live folder is refused while the box serves it, and changes nothing: the same file
    // (not its size: the box's background checkpointer keeps moving WAL pages into it) and nothing set aside.
    const liveFile = statSync(join(dataDir, 'box.sqlite')).ino;
    const refused = cli('restore', archive!.path, '--data-dir', dataDir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/BOX_IS_RUNNING.*process \d+\) is serving/);
    expect(statSync(join(dataDir, 'box.sqlite')).ino).toBe(liveFile);
    expect(readdirSync(dataDir).filter((f) => f.includes('replaced'))).toEqual([]);

    const restoredDir = tempDir('box-restored-');
    const restored = cli('restore', archive!.path, '--data-dir', restoredDir);
    expect(restored.code, restored.err).toBe(0);
    const check = cli('check', '--data-dir', restoredDir);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('all checks passed');

    const copy = new Database(join(restoredDir, 'box.sqlite'), { readonly: true });
    const present = new Set((copy.prepare("select document_id from stock_movements where document_type = 'sale'").all() as Array<{ document_id: string }>).map((r) => r.document_id));
    copy.close();
    const missing = before.filter((id) => !present.has(id));
    expect(missing).toEqual([]);
    expect(present.size).toBeGreaterThanOrEqual(before.length);
    expect(present.size).toBeLessThanOrEqual(acknowledged.length);
  });
});

describe('restore', () => {
  it('keeps the replaced database aside and serves the backup afterwards', async () => {
    const dataDir = tempDir('box-a-');
    box = await startDemoBox(dataDir);
    const backupDir = tempDir('box-a-backups-');
    const made = await backupDatabase({ databaseFile: join(dataDir, 'box.sqlite'), outDir: backupDir, now: Date.UTC(2026, 10, 20, 3), timeZone: 'Asia/Karachi' });
    expect(made.ok).toBe(true);
    // A later change that the restore must undo.
    box.deps.db.$client.prepare("update branches set name = 'Changed after backup'").run();
    await box.close();
    box = undefined;

    const restored = await restoreDatabase({ backupFile: made.ok ? made.value.file : '', dataDir, now: Date.UTC(2026, 10, 21), serviceActive: () => false });
    expect(restored.ok).toBe(true);
    const replaced = join(dataDir, 'box.sqlite.replaced-20261121T000000000Z');
    expect(restored.ok && restored.value.replacedFile).toBe(replaced);
    const readName = (file: string) => {
      const sqlite = new Database(file, { readonly: true });
      try {
        return (sqlite.prepare('select name from branches').get() as { name: string }).name;
      } finally {
        sqlite.close();
      }
    };
    expect(readName(join(dataDir, 'box.sqlite'))).not.toBe('Changed after backup');
    expect(readName(replaced)).toBe('Changed after backup');
  });

  it.each([
    ['a file that is not a database', (file: string) => writeFileSync(file, 'not a database at all'.repeat(100))],
    ['a database without the box tables', (file: string) => {
      const sqlite = new Database(file);
      sqlite.exec('create table t (x)');
      sqlite.close();
    }],
  ])('refuses %s and leaves the current database in place', async (_name, make) => {
    const dataDir = tempDir('box-b-');
    const current = join(dataDir, 'box.sqlite');
    writeFileSync(current, 'current');
    const bad = join(tempDir('box-bad-'), 'bad.sqlite');
    make(bad);
    const result = await restoreDatabase({ backupFile: bad, dataDir, now: Date.now(), serviceActive: () => false });
    expect(result.ok ? 'ok' : result.error.code).toBe('BACKUP_INVALID');
    expect(readdirSync(dataDir).sort()).toEqual(['box.sqlite']);
  });

  it('refuses while the systemd service is active', async () => {
    const result = await restoreDatabase({ backupFile: '/nonexistent', dataDir: tempDir('box-c-'), now: Date.now(), serviceActive: () => true });
    expect(result.ok ? 'ok' : result.error.code).toBe('BOX_IS_RUNNING');
  });
});

describe('backup of a damaged database', () => {
  it('fails and keeps no file', async () => {
    const dataDir = tempDir('box-d-');
    const seeded = cli('seed-demo', '--variants', '2000', '--data-dir', dataDir);
    expect(seeded.code, seeded.err).toBe(0);
    const file = join(dataDir, 'box.sqlite');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    const garbage = Buffer.alloc(4096, 0xa5);
    for (let offset = 8192; offset < size - 8192; offset += 32768) writeSync(fd, garbage, 0, garbage.length, offset);
    closeSync(fd);
    const out = tempDir('box-d-backups-');
    const result = cli('backup', '--data-dir', dataDir, '--out', out);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/backup FAILED/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('rotation', () => {
  const at = (iso: string) => Date.parse(iso);
  const names = (list: Array<{ at: number }>) => list.map((b) => new Date(b.at).toISOString().slice(0, 16));

  it('keeps the newest of each of the last 7 days and of each of the last 4 weeks', () => {
    // Nightly backups at 02:00 Karachi (21:00 UTC the day before) for 40 days, plus a second one on the last day.
    const backups = Array.from({ length: 40 }, (_, i) => ({ at: at('2026-10-14T21:00:00Z') + i * 86_400_000 }));
    backups.push({ at: at('2026-11-22T08:00:00Z') });
    const { keep, remove } = planRotation(backups, 'Asia/Karachi');
    expect(names(keep)).toEqual([
      '2026-11-22T21:00', // Mon 23 Nov 02:00 Karachi: the newest, and the newest of the week of 23 Nov
      '2026-11-22T08:00', // Sun 22 Nov 13:00: newest of that day (its 02:00 backup is dropped) and of the week of 16 Nov
      '2026-11-20T21:00', // Sat 21 Nov
      '2026-11-19T21:00', // Fri 20 Nov
      '2026-11-18T21:00', // Thu 19 Nov
      '2026-11-17T21:00', // Wed 18 Nov
      '2026-11-16T21:00', // Tue 17 Nov: the 7th day
      '2026-11-14T21:00', // Sun 15 Nov: newest of the week of 9 Nov
      '2026-11-07T21:00', // Sun 8 Nov: newest of the week of 2 Nov, the 4th week
    ]);
    expect(keep.length + remove.length).toBe(41);
  });

  it.each([
    ['no backups', [], 0],
    ['one backup', [at('2026-01-01T00:00:00Z')], 1],
    ['three on one day', [at('2026-01-01T01:00:00Z'), at('2026-01-01T02:00:00Z'), at('2026-01-01T03:00:00Z')], 1],
  ])('%s', (_name, times, kept) => {
    expect(planRotation(times.map((t) => ({ at: t })), 'UTC').keep).toHaveLength(kept);
  });

  it('rotates the folder after each backup and ignores files that are not backups', async () => {
    const dataDir = tempDir('box-e-');
    const seeded = cli('seed-demo', '--variants', '20', '--data-dir', dataDir);
    expect(seeded.code, seeded.err).toBe(0);
    const out = tempDir('box-e-backups-');
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    for (let day = 0; day < 10; day++) writeFileSync(join(out, backupFileName(Date.UTC(2026, 10, 1 + day, 21))), 'old');
    const made = await backupDatabase({ databaseFile: join(dataDir, 'box.sqlite'), outDir: out, now: Date.UTC(2026, 10, 11, 21, 30), timeZone: 'UTC' });
    expect(made.ok).toBe(true);
    const left = readdirSync(out).sort();
    expect(left).toContain('notes.txt');
    expect(left.filter((f) => f.endsWith('.gz'))).toEqual([
      'box-20261101T210000000Z.sqlite.gz', // Sun 1 Nov: newest of the week of 26 Oct (a weekly)
      'box-20261105T210000000Z.sqlite.gz', 'box-20261106T210000000Z.sqlite.gz', 'box-20261107T210000000Z.sqlite.gz',
      'box-20261108T210000000Z.sqlite.gz', 'box-20261109T210000000Z.sqlite.gz', 'box-20261110T210000000Z.sqlite.gz',
      'box-20261111T213000000Z.sqlite.gz',
    ].sort());
    expect(existsSync(join(out, 'box-20261102T210000000Z.sqlite.gz'))).toBe(false);
  });
});
