// The systemd units pass `systemd-analyze verify`, the box unit's hardening scores OK or better, the udev rules parse.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const UNITS = readdirSync(here).filter((f) => /\.(service|timer)$/.test(f)).sort();
const SYSTEM_UNITS = '/usr/lib/systemd/system';

/** Absolute programs the units run (ExecStart=, ExecStartPre=+/…, …), without systemd's prefixes. */
function executablesOf(text: string): string[] {
  return [...text.matchAll(/^Exec\w+=[-+@!:]*(\/\S+)/gm)].map((m) => m[1]!);
}

/**
 * A staged root for `systemd-analyze verify --root`: the distribution's own units (targets the ours depend on)
 * plus ours, and a stub for every program our units run, because this test machine has no /opt/ismartsync
 * and no cage. install.test.ts proves install.sh puts the box's real programs at those paths.
 */
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function stagedRoot(units: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'units-root-'));
  roots.push(root);
  cpSync(SYSTEM_UNITS, join(root, SYSTEM_UNITS), { recursive: true });
  const unitDir = join(root, 'etc/systemd/system');
  mkdirSync(unitDir, { recursive: true });
  for (const [name, text] of Object.entries(units)) {
    writeFileSync(join(unitDir, name), text);
    for (const program of executablesOf(text)) {
      mkdirSync(dirname(join(root, program)), { recursive: true });
      writeFileSync(join(root, program), '#!/bin/sh\nexit 0\n');
      chmodSync(join(root, program), 0o755);
    }
  }
  return root;
}

function verify(root: string, unit: string) {
  const run = spawnSync('systemd-analyze', ['verify', `--root=${root}`, unit], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, messages: `${run.stdout}${run.stderr}`.trim() };
}

const ours = Object.fromEntries(UNITS.map((name) => [name, readFileSync(join(here, name), 'utf8')]));

describe('systemd units', () => {
  it('include the box, the backup service and timer, and the kiosk', () => {
    expect(UNITS).toEqual(['ismartsync-backup.service', 'ismartsync-backup.timer', 'ismartsync-box.service', 'ismartsync-kiosk.service']);
  });

  it.each(UNITS)('%s passes systemd-analyze verify with no message', (unit) => {
    const result = verify(stagedRoot(ours), unit);
    expect(result.messages).toBe('');
    expect(result.code).toBe(0);
  });

  it.each([
    ['a misspelt directive', (t: string) => t.replace('Restart=always', 'Restrat=always'), /Unknown key 'Restrat'/],
    ['a program that is missing', (t: string) => t, /is not executable/],
  ])('catches %s', (name, mutate, message) => {
    const root = stagedRoot({ 'ismartsync-box.service': mutate(ours['ismartsync-box.service']!) });
    if (name === 'a program that is missing') rmSync(join(root, 'opt/ismartsync/bin/node'));
    expect(verify(root, 'ismartsync-box.service').messages).toMatch(message);
  });

  it('the box unit is hardened: systemd-analyze security scores OK or better', () => {
    const run = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', join(here, 'ismartsync-box.service')], { encoding: 'utf8', timeout: 30_000 });
    const score = /Overall exposure level for ismartsync-box\.service: ([\d.]+) (\w+)/.exec(run.stdout);
    expect(score, run.stdout + run.stderr).not.toBeNull();
    console.info(`systemd-analyze security ismartsync-box.service: ${score![1]} ${score![2]}`);
    expect(['PERFECT', 'SAFE', 'OK']).toContain(score![2]);
  });

  it('the box unit runs as posbox with the devices a till needs and nothing else', () => {
    const box = ours['ismartsync-box.service']!;
    for (const line of ['User=posbox', 'SupplementaryGroups=lp dialout', 'DevicePolicy=closed', 'CapabilityBoundingSet=',
      'Restart=always', 'ReadWritePaths=/var/lib/ismartsync', 'EnvironmentFile=/etc/ismartsync/box.env', 'NoNewPrivileges=yes',
      'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes']) {
      expect(box.split('\n')).toContain(line);
    }
    const allowed = [...box.matchAll(/^DeviceAllow=(\S+) rw$/gm)].map((m) => m[1]);
    expect(allowed).toEqual(['char-usb_device', 'char-usbmisc', 'char-hidraw', 'char-ttyUSB', 'char-ttyACM']);
    expect(box).toMatch(/^MemoryMax=\d+[MG]$/m);
  });
});

describe('udev rules', () => {
  const rules = readFileSync(join(here, '70-ismartsync.rules'), 'utf8');
  const lines = rules.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const KEYS = /^(SUBSYSTEM|KERNEL|ATTRS\{\w+\}|ENV\{\w+\}|IMPORT\{builtin\}|GROUP|MODE|TAG|SYMLINK)$/;

  it.each(lines.map((l) => [l.slice(0, 60), l]))('%s… is a well-formed rule', (_short, line) => {
    const pairs = line.split(/,\s*/);
    for (const pair of pairs) {
      const m = /^([A-Z]+(?:\{[\w]+\})?)(==|!=|\+=|=|:=)"([^"]*)"$/.exec(pair);
      expect(m, pair).not.toBeNull();
      expect(m![1]).toMatch(KEYS);
    }
    expect(pairs.some((p) => p.includes('=='))).toBe(true);
  });

  it('give printers, scanners and serial devices stable names and keep ModemManager off serial devices', () => {
    expect(rules).toMatch(/SUBSYSTEM=="usbmisc".*GROUP="lp".*SYMLINK\+="ismartsync\/printer-\$env\{ID_SERIAL\}"/);
    expect(rules).toMatch(/SUBSYSTEM=="hidraw".*GROUP="posbox"/);
    expect(rules).toMatch(/SUBSYSTEM=="tty".*ENV\{ID_MM_DEVICE_IGNORE\}="1".*SYMLINK\+="ismartsync\/serial-\$env\{ID_SERIAL\}"/);
  });
});
