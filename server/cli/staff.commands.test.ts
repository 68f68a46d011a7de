import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

describe('cli staff, pair-code and token', { timeout: 120_000 }, () => {
  it('creates the first manager, a pairing code and a token shown once; check catches a removed audit entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'box-staff-'));
    expect(cli('seed-demo', '--variants', '50', '--data-dir', dir).out).toContain('staff code 1002  PIN 4002');
    const added = cli('staff', 'add', '--name', 'Nadia Malik', '--role', 'manager', '--pin', '52846', '--data-dir', dir);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toMatch(/added Nadia Malik \(Manager\) with staff code 1005/);
    const bad = cli('staff', 'add', '--name', 'X', '--role', 'cashier', '--pin', '12', '--data-dir', dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('VALIDATION_FAILED');

    const code = cli('pair-code', '--counter', 'Counter 2', '--data-dir', dir);
    expect(code.out).toMatch(/pairing code for Counter 2 \(C2\): [2-9]{10}/);
    expect(cli('pair-code', '--counter', 'C9', '--data-dir', dir).code).toBe(1);

    const token = cli('token', 'create', '--name', 'exports', '--role', 'manager', '--data-dir', dir);
    expect(token.out.trim()).toMatch(/^isk_[\w-]{40,}$/);
    const listed = cli('token', 'list', '--data-dir', dir);
    expect(listed.out).toContain('exports');
    expect(listed.out).not.toContain(token.out.trim());
    expect(cli('token', 'revoke', 'exports', '--data-dir', dir).out).toContain('revoked exports');

    const db = new Database(join(dir, 'box.sqlite'));
    const stored = JSON.stringify(db.prepare('select * from staff').all());
    expect(stored).not.toContain('52846');
    expect(db.prepare("select count(*) as n from audit_log where action in ('staff.added', 'device.pairing_code_created', 'api_token.created', 'api_token.revoked')").get()).toEqual({ n: 8 });
    expect(cli('check', '--data-dir', dir).code).toBe(0);
    db.prepare("delete from audit_log where action = 'api_token.created'").run();
    db.close();
    const check = cli('check', '--data-dir', dir);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/FAIL\s+audit chain/);
  });
});
