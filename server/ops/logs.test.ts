// logs: pino JSON lines become readable; other lines pass through; --file shows the last N.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLinePrettifier, lastLines } from './logs.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const line = (level: number, msg: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ level, time: Date.UTC(2026, 10, 23, 9, 0, 0), pid: 7, hostname: 'box', app: 'ismartsync-box', msg, ...extra });

describe('logs', () => {
  const pretty = createLinePrettifier(false);

  it.each([
    ['an info line', line(30, 'box listening', { url: 'http://x:8080' }), /INFO: box listening\n\s+url: "http:\/\/x:8080"/],
    ['an error line', line(50, 'after-commit effect failed', { err: { message: 'printer offline' } }), /ERROR: after-commit effect failed[\s\S]*printer offline/],
    ['a plain line', 'Started ismartsync-box.service', /^Started ismartsync-box\.service\n$/],
    ['a JSON line that is not a log record', '{"a":1}', /^\{"a":1\}\n$/],
    ['broken JSON', '{"level":30', /^\{"level":30\n$/],
  ])('shows %s readably', (_name, input, output) => {
    expect(pretty(input)).toMatch(output);
  });

  it('hides pid, hostname and app', () => {
    expect(pretty(line(30, 'x'))).not.toMatch(/hostname|pid|ismartsync-box/);
  });

  it.each([
    ['a\nb\nc\n', 2, ['b', 'c']],
    ['a\n\nb\n', 5, ['a', 'b']],
    ['', 3, []],
  ])('lastLines(%j, %d)', (text, count, expected) => {
    expect(lastLines(text, count)).toEqual(expected);
  });

  it('cli logs --file prints the last lines of a log file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logs-')), 'box.log');
    writeFileSync(file, [line(30, 'first'), line(30, 'second'), line(40, 'third')].join('\n'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'logs', '--file', file, '-n', '2'], { cwd: root, encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('first');
    expect(run.stdout).toMatch(/INFO: second[\s\S]*WARN: third/);
  });
});
