import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cli(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function seededDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'box-cli-'));
  const seeded = cli('seed-demo', '--variants', '300', '--data-dir', dir);
  expect(seeded.code, seeded.err).toBe(0);
  expect(seeded.out).toMatch(/seeded Johar Town, Lahore \(LHR1\): \d+ products, 300 variants/);
  return dir;
}

describe('cli check', { timeout: 120_000 }, () => {
  it('passes on a fresh demo database', () => {
    const result = cli('check', '--data-dir', seededDir());
    expect(result.code).toBe(0);
    expect(result.out).toContain('all checks passed');
  });

  it('fails when a cached stock level no longer matches the ledger', () => {
    const dir = seededDir();
    const db = new Database(join(dir, 'box.sqlite'));
    db.prepare('update stock_levels set on_hand = on_hand + 1 where rowid = (select min(rowid) from stock_levels)').run();
    db.close();
    const result = cli('check', '--data-dir', dir);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL\s+stock ledger/);
  });

  it('fails on a damaged database file', () => {
    const dir = seededDir();
    const file = join(dir, 'box.sqlite');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    const garbage = Buffer.alloc(8192, 0xa5);
    for (let offset = 8192; offset < size - 8192; offset += 65536) writeSync(fd, garbage, 0, garbage.length, offset);
    closeSync(fd);
    const result = cli('check', '--data-dir', dir);
    expect(result.code).toBe(1);
    expect(result.out).toContain('FAIL');
  });

  it('explains a missing database instead of creating one', () => {
    const result = cli('check', '--data-dir', mkdtempSync(join(tmpdir(), 'box-empty-')));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/no database/);
  });
});

describe('cli configuration errors', { timeout: 120_000 }, () => {
  it('exits 2 listing every bad setting', () => {
    const result = cli('migrate', '--data-dir', mkdtempSync(join(tmpdir(), 'box-cfg-')), '--config', '/nonexistent.json');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/config \(file\): cannot read/);
    const serve = cli('serve', '--port', 'eighty', '--log-level', 'loud', '--data-dir', '/tmp');
    expect(serve.code).toBe(2);
    expect(serve.err).toMatch(/port \(flag\)/);
    expect(serve.err).toMatch(/logLevel \(flag\)/);
  });

  it('exits 2 with a clear message when the data folder cannot be written', () => {
    const parent = mkdtempSync(join(tmpdir(), 'box-ro-'));
    chmodSync(parent, 0o500);
    const target = join(parent, 'data');
    const result = cli('migrate', '--data-dir', target);
    chmodSync(parent, 0o700);
    if (process.getuid?.() === 0) {
      // root ignores mode bits; use a path under a regular file instead
      const file = join(mkdtempSync(join(tmpdir(), 'box-file-')), 'not-a-folder');
      writeFileSync(file, '');
      const blocked = cli('migrate', '--data-dir', join(file, 'data'));
      expect(blocked.code).toBe(2);
      expect(blocked.err).toMatch(/cannot be written/);
      return;
    }
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/cannot be written/);
  });
});

describe('cli help', { timeout: 120_000 }, () => {
  it.each(['serve', 'migrate', 'seed-demo', 'check'])('documents %s', (command) => {
    const result = cli(command, '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Usage: ismartsync ${command}`);
  });
});
