// install.sh staged with --prefix: the tree it lays out, a second run that changes nothing, refusals, uninstall.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const installSh = join(root, 'scripts/install.sh');
const VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

function run(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_') && !k.startsWith('ISMARTSYNC_')));
  const result = spawnSync('bash', [installSh, ...args], { encoding: 'utf8', env: { ...base, ...env }, timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Every path under a folder with its type, mode, link target and content hash: what "changed nothing" compares. */
function listing(dir: string): string[] {
  const lines: string[] = [];
  const walk = (path: string) => {
    const st = lstatSync(path);
    const rel = path.slice(dir.length) || '/';
    if (st.isSymbolicLink()) lines.push(`l ${rel} -> ${readlinkSync(path)}`);
    else if (st.isDirectory()) {
      lines.push(`d ${(st.mode & 0o7777).toString(8)} ${rel}`);
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else lines.push(`f ${(st.mode & 0o7777).toString(8)} ${rel} ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}`);
  };
  walk(dir);
  return lines;
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const staged = () => join(mkdtempSync(join(tmpdir(), 'install-')), 'root');

describe('install.sh --prefix', { timeout: 120_000 }, () => {
  it('lays out the app, units, rules, settings and data, and a second run changes nothing', () => {
    const prefix = staged();
    const first = run(['--prefix', prefix, '--skip-npm']);
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out).toContain('migrations: applied');
    expect(first.out).toMatch(/Box address: +http:\/\/\S+:8080/);
    expect(first.out).toContain('create the first manager');

    const app = join(prefix, 'opt/ismartsync');
    expect(readlinkSync(join(app, 'current'))).toBe(VERSION);
    expect(existsSync(join(app, 'current/server/bin/ismartsync.js'))).toBe(true);
    expect(existsSync(join(app, 'current/migrations/meta/_journal.json'))).toBe(true);
    expect(existsSync(join(app, 'current/node_modules'))).toBe(true);
    expect(realpathSync(join(app, 'bin/node'))).toBe(realpathSync(process.execPath));

    for (const unit of ['ismartsync-box.service', 'ismartsync-backup.service', 'ismartsync-backup.timer']) {
      const installed = join(prefix, 'etc/systemd/system', unit);
      expect(readFileSync(installed, 'utf8')).toBe(readFileSync(join(root, 'systemd', unit), 'utf8'));
      expect(mode(installed)).toBe('644');
      // Every program the unit runs exists in the staged tree (the node link resolves to a real node).
      for (const [, program] of readFileSync(installed, 'utf8').matchAll(/^Exec\w+=[-+@!:]*(\/\S+)/gm)) {
        expect(existsSync(join(prefix, program!)), `${unit}: ${program}`).toBe(true);
      }
      const scripts = [...readFileSync(installed, 'utf8').matchAll(/ (\/opt\/ismartsync\/current\/\S+\.js)/g)].map((m) => m[1]!);
      for (const script of scripts) expect(existsSync(join(prefix, script)), script).toBe(true);
    }
    expect(existsSync(join(prefix, 'etc/systemd/system/ismartsync-kiosk.service'))).toBe(false); // counters only
    expect(readFileSync(join(prefix, 'etc/udev/rules.d/70-ismartsync.rules'), 'utf8')).toBe(readFileSync(join(root, 'systemd/70-ismartsync.rules'), 'utf8'));
    expect(mode(join(prefix, 'usr/local/bin/ismartsync'))).toBe('755');

    expect(mode(join(prefix, 'etc/ismartsync'))).toBe('750');
    expect(mode(join(prefix, 'etc/ismartsync/box.env'))).toBe('640');
    expect(readFileSync(join(prefix, 'etc/ismartsync/box.env'), 'utf8')).toMatch(/^BOX_PORT=8080$/m);
    expect(mode(join(prefix, 'var/lib/ismartsync'))).toBe('750');
    expect(existsSync(join(prefix, 'var/lib/ismartsync/box.sqlite'))).toBe(true);

    const before = listing(prefix);
    const second = run(['--prefix', prefix, '--skip-npm']);
    expect(second.code, second.out + second.err).toBe(0);
    expect(second.out).toContain('Nothing to change');
    expect(second.out).toContain('database is up to date');
    expect(listing(prefix)).toEqual(before);

    // A tech's edits to the settings survive a re-run.
    writeFileSync(join(prefix, 'etc/ismartsync/box.env'), 'BOX_PORT=9090\n');
    expect(run(['--prefix', prefix, '--skip-npm']).code).toBe(0);
    expect(readFileSync(join(prefix, 'etc/ismartsync/box.env'), 'utf8')).toBe('BOX_PORT=9090\n');
  });

  it('--uninstall keeps data and settings; --purge removes them', () => {
    const prefix = staged();
    expect(run(['--prefix', prefix, '--skip-npm']).code).toBe(0);
    const removed = run(['--prefix', prefix, '--uninstall']);
    expect(removed.code, removed.err).toBe(0);
    expect(existsSync(join(prefix, 'opt/ismartsync'))).toBe(false);
    expect(existsSync(join(prefix, 'etc/systemd/system/ismartsync-box.service'))).toBe(false);
    expect(existsSync(join(prefix, 'etc/udev/rules.d/70-ismartsync.rules'))).toBe(false);
    expect(existsSync(join(prefix, 'var/lib/ismartsync/box.sqlite'))).toBe(true);
    expect(existsSync(join(prefix, 'etc/ismartsync/box.env'))).toBe(true);
    const purged = run(['--prefix', prefix, '--uninstall', '--purge']);
    expect(purged.code, purged.err).toBe(0);
    expect(existsSync(join(prefix, 'var/lib/ismartsync'))).toBe(false);
    expect(existsSync(join(prefix, 'etc/ismartsync'))).toBe(false);
  });
});

describe('install.sh refuses, changing nothing', () => {
  const fakeNode = (version: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'node-')), 'node');
    writeFileSync(file, `#!/bin/sh\necho ${version}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const osRelease = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'os-')), 'os-release');
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['an unsupported OS', { ISMARTSYNC_OS_RELEASE: osRelease('PRETTY_NAME="Fedora Linux 40"\nID=fedora\nVERSION_ID=40\n') }, /unsupported OS: Fedora Linux 40/],
    ['Debian 11', { ISMARTSYNC_OS_RELEASE: osRelease('PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n') }, /unsupported OS: Debian GNU\/Linux 11/],
    ['Node 18', { ISMARTSYNC_NODE: fakeNode('18.19.0') }, /Node\.js 18\.19\.0 is too old/],
    ['no Node', { ISMARTSYNC_NODE: '/nonexistent/node' }, /Node\.js is not installed/],
  ])('on %s', (_name, env, message) => {
    const prefix = staged();
    const result = run(['--prefix', prefix, '--skip-npm'], env);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('Nothing was changed.');
    expect(existsSync(prefix)).toBe(false);
  });

  it('without root when not staging', () => {
    const asUser = process.getuid?.() === 0
      ? spawnSync('runuser', ['-u', 'nobody', '--', 'bash', installSh], { encoding: 'utf8', timeout: 30_000 })
      : spawnSync('bash', [installSh], { encoding: 'utf8', timeout: 30_000 });
    expect(asUser.status).toBe(1);
    expect(asUser.stderr).toMatch(/run it as root: sudo .*install\.sh/);
  });

  it('on an unknown option', () => {
    const result = run(['--prefx', resolve(tmpdir(), 'x')]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown option --prefx');
  });
});
