// kiosk-setup.sh staged with --prefix, and the kiosk's helpers: the browser launch and the wait for the box.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const setup = join(root, 'scripts/kiosk-setup.sh');

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 30_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[full.slice(dir.length)] = `${(statSync(full).mode & 0o777).toString(8)} ${readFileSync(full, 'utf8')}`;
    }
  };
  walk(dir);
  return files;
}

describe('kiosk-setup.sh --prefix', () => {
  it('installs the kiosk unit, helpers, policies and box address; a second run changes nothing', () => {
    const prefix = join(mkdtempSync(join(tmpdir(), 'kiosk-')), 'root');
    const first = run('bash', [setup, 'http://192.168.1.10:8080/', '--prefix', prefix]);
    expect(first.code, first.err).toBe(0);
    const files = tree(prefix);
    expect(Object.keys(files).sort()).toEqual([
      '/etc/chromium/policies/managed/ismartsync-kiosk.json', '/etc/ismartsync/kiosk.env', '/etc/systemd/system/ismartsync-kiosk.service',
      '/usr/local/lib/ismartsync-kiosk/README', '/usr/local/lib/ismartsync-kiosk/kiosk-browser', '/usr/local/lib/ismartsync-kiosk/no-blanking',
      '/usr/local/lib/ismartsync-kiosk/wait-for-box',
    ]);
    expect(files['/etc/ismartsync/kiosk.env']).toContain('BOX_URL=http://192.168.1.10:8080\n');
    expect(files['/usr/local/lib/ismartsync-kiosk/kiosk-browser']).toMatch(/^755 /);
    expect(JSON.parse(files['/etc/chromium/policies/managed/ismartsync-kiosk.json']!.slice(4))).toMatchObject({ TranslateEnabled: false, DeveloperToolsAvailability: 2 });
    // Every program the unit runs is one of the helpers installed here (or cage, from Debian).
    const unit = readFileSync(join(prefix, 'etc/systemd/system/ismartsync-kiosk.service'), 'utf8');
    const programs = [...unit.matchAll(/^Exec\w+=[-+@!:]*(\/\S+)/gm)].map((m) => m[1]!);
    expect(programs).toEqual(['/usr/local/lib/ismartsync-kiosk/no-blanking', '/usr/local/lib/ismartsync-kiosk/wait-for-box', '/usr/bin/cage']);
    expect(unit).toContain('/usr/local/lib/ismartsync-kiosk/kiosk-browser');

    const second = run('bash', [setup, 'http://192.168.1.10:8080', '--prefix', prefix]);
    expect(second.out).toContain('Nothing to change');
    expect(tree(prefix)).toEqual(files);

    const moved = run('bash', [setup, 'http://192.168.1.20:8080', '--prefix', prefix]);
    expect(moved.code).toBe(0);
    const after = tree(prefix);
    expect(Object.keys(after).filter((k) => after[k] !== files[k])).toEqual(['/etc/ismartsync/kiosk.env']);
  });

  it.each(['box.lan', 'http://x"; rm -rf /', 'ftp://box.lan'])('refuses the address %s, changing nothing', (url) => {
    const prefix = join(mkdtempSync(join(tmpdir(), 'kiosk-')), 'root');
    const result = run('bash', [setup, url, '--prefix', prefix]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('is not a box address');
    expect(() => readdirSync(prefix)).toThrow();
  });
});

describe('kiosk helpers', () => {
  it('kiosk-browser clears a crashed exit and starts Chromium in kiosk mode with the persistent profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-profile-'));
    mkdirSync(join(dir, 'profile/Default'), { recursive: true });
    writeFileSync(join(dir, 'profile/Default/Preferences'), '{"profile":{"exit_type":"Crashed","exited_cleanly":false}}');
    const fake = join(dir, 'chromium');
    writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
    chmodSync(fake, 0o755);
    const result = run('sh', [join(root, 'scripts/kiosk/kiosk-browser.sh')], { BOX_URL: 'http://box.lan:8080', KIOSK_PROFILE: join(dir, 'profile'), CHROMIUM: fake });
    expect(result.code, result.err).toBe(0);
    const args = result.out.trim().split('\n');
    expect(args).toEqual(expect.arrayContaining(['--kiosk', '--noerrdialogs', `--user-data-dir=${join(dir, 'profile')}`]));
    expect(args.at(-1)).toBe('http://box.lan:8080');
    expect(args).not.toContain('--incognito');
    expect(readFileSync(join(dir, 'profile/Default/Preferences'), 'utf8')).toBe('{"profile":{"exit_type":"Normal","exited_cleanly":true}}');
  });

  it('wait-for-box returns once the box answers /healthz', async () => {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('sh', [join(root, 'scripts/kiosk/wait-for-box.sh')], { env: { PATH: process.env.PATH ?? '', BOX_URL: url }, stdio: 'ignore' });
      child.on('close', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(code).toBe(0);
    expect(paths).toEqual(['/healthz']);
  });
});
