// The ops commands from the command line: help for each, and `health` against a live and a dead box.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { startBox, type RunningBox } from '../main.ts';
import { aConfig } from '../test/builders.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the CLI without blocking this process, so a box started here can answer it. */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

let box: RunningBox | undefined;
afterAll(async () => box?.close());

describe('ops commands', { timeout: 120_000 }, () => {
  it.each(['backup', 'restore', 'health', 'doctor', 'logs'])('documents %s', async (command) => {
    const result = await cli(command, '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Usage: ismartsync ${command}`);
  });

  it('health answers ok for a serving box and fails for a port nobody serves', async () => {
    box = await startBox(aConfig({ dataDir: mkdtempSync(join(tmpdir(), 'health-')), port: 0, host: '127.0.0.1' }), { logger: silentLogger });
    const live = await cli('health', '--port', String(box.port), '--host', '127.0.0.1');
    expect(live.code, live.err).toBe(0);
    expect(live.out).toMatch(/\/healthz: ok, version \d+\.\d+\.\d+/);
    const port = box.port;
    await box.close();
    box = undefined;
    const dead = await cli('health', '--port', String(port), '--host', '127.0.0.1', '--wait', '1');
    expect(dead.code).toBe(1);
    expect(dead.out).toContain('NOT HEALTHY');
  });
});
