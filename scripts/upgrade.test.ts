// upgrade.sh on a staged box: a failed migration or health check rolls back the version link and the database.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const OLD = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const NEW = `${OLD}-next`;

function env() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_') && !k.startsWith('ISMARTSYNC_')));
}

function bash(script: string, args: string[]) {
  const run = spawnSync('bash', [script, ...args], { encoding: 'utf8', env: env(), timeout: 120_000 });
  return { code: run.status, out: run.stdout + run.stderr };
}

/** A box installed with install.sh --prefix, with a demo branch in its database. */
/** upgrade.sh, run without blocking this process: the stand-in /healthz below must keep answering. */
function upgrade(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [join(root, 'scripts/upgrade.sh'), ...args], { env: env() });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

function stagedBox(): string {
  const prefix = join(mkdtempSync(join(tmpdir(), 'upgrade-')), 'root');
  const installed = bash(join(root, 'scripts/install.sh'), ['--prefix', prefix, '--skip-npm']);
  expect(installed.code, installed.out).toBe(0);
  const seeded = spawnSync(process.execPath, [join(prefix, 'opt/ismartsync/current/server/bin/ismartsync.js'), 'seed-demo', '--variants', '20',
    '--data-dir', join(prefix, 'var/lib/ismartsync')], { encoding: 'utf8', env: env() });
  expect(seeded.status, seeded.stderr).toBe(0);
  return prefix;
}

/** The source of a "next" release: this one with a new version number and one more migration. */
function nextRelease(migrationSql: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-'));
  for (const item of ['package.json', 'package-lock.json', '.npmrc', 'tsconfig.json', 'server', 'hardware', 'migrations', 'scripts', 'systemd']) {
    cpSync(join(root, item), join(dir, item), { recursive: true });
  }
  mkdirSync(join(dir, 'terminal'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, version: NEW }, null, 2));
  const journalFile = join(dir, 'migrations/meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ idx: number; when: number }> };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ idx: last.idx + 1, version: '6', when: last.when + 1, tag: '9999_upgrade_probe', breakpoints: true } as never);
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  writeFileSync(join(dir, 'migrations/9999_upgrade_probe.sql'), migrationSql);
  return dir;
}

function tables(prefix: string): string[] {
  const db = new Database(join(prefix, 'var/lib/ismartsync/box.sqlite'), { readonly: true });
  try {
    return (db.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

function branchName(prefix: string): string {
  const db = new Database(join(prefix, 'var/lib/ismartsync/box.sqlite'), { readonly: true });
  try {
    return (db.prepare('select name from branches').get() as { name: string }).name;
  } finally {
    db.close();
  }
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Stands in for the restarted box's /healthz (staging starts no service). */
async function healthServer(status: number): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: status === 200 ? 'ok' : 'degraded', version: NEW }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/healthz`;
}

describe('upgrade.sh --prefix', { timeout: 120_000 }, () => {
  it('switches to the new version and migrates when the new box answers ok', async () => {
    const prefix = stagedBox();
    const url = await healthServer(200);
    const result = await upgrade([nextRelease('CREATE TABLE `upgrade_probe` (`x` integer);\n'), '--prefix', prefix, '--skip-npm', '--health-url', url, '--health-wait', '5']);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`Upgraded to ${NEW}`);
    expect(readlinkSync(join(prefix, 'opt/ismartsync/current'))).toBe(NEW);
    expect(existsSync(join(prefix, 'opt/ismartsync', OLD))).toBe(true); // kept for a manual rollback
    expect(tables(prefix)).toContain('upgrade_probe');
    expect(branchName(prefix)).toBe('Johar Town, Lahore');
    expect(readdirSync(join(prefix, 'var/lib/ismartsync/backups'))).toEqual([expect.stringMatching(new RegExp(`^box-\\d{8}T\\d{9}Z-pre-upgrade-${NEW.replace(/\./g, '\\.')}\\.sqlite\\.gz$`))]);
  });

  it.each([
    ['the new box never answers ok', 'CREATE TABLE `upgrade_probe` (`x` integer);\n', 503, 'health check'],
    ['the migration fails', 'CREATE TABLE `upgrade_probe` (`x` integer);\nTHIS IS NOT SQL;\n', 200, 'database migration'],
  ])('rolls back the version and the database when %s', async (_name, sql, status, step) => {
    const prefix = stagedBox();
    const before = tables(prefix);
    const url = await healthServer(status);
    const result = await upgrade([nextRelease(sql), '--prefix', prefix, '--skip-npm', '--health-url', url, '--health-wait', '1']);
    expect(result.code, result.out).toBe(1);
    expect(result.out).toContain(`The upgrade failed at: ${step}. Rolling back to ${OLD}.`);
    expect(readlinkSync(join(prefix, 'opt/ismartsync/current'))).toBe(OLD);
    expect(tables(prefix)).toEqual(before);
    expect(branchName(prefix)).toBe('Johar Town, Lahore');
    expect(readdirSync(join(prefix, 'var/lib/ismartsync')).some((f) => f.startsWith('box.sqlite.replaced-'))).toBe(true);
    const check = spawnSync(process.execPath, [join(prefix, 'opt/ismartsync/current/server/bin/ismartsync.js'), 'check', '--data-dir', join(prefix, 'var/lib/ismartsync')], { encoding: 'utf8', env: env() });
    expect(check.status, check.stdout).toBe(0);
  });

  it('refuses a folder that is not a release, changing nothing', () => {
    const prefix = stagedBox();
    const result = bash(join(root, 'scripts/upgrade.sh'), [mkdtempSync(join(tmpdir(), 'not-a-release-')), '--prefix', prefix]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/does not hold an iSmartSync box release/);
    expect(readlinkSync(join(prefix, 'opt/ismartsync/current'))).toBe(OLD);
  });
});
