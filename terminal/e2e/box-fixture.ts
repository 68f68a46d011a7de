// Starts a real box (child process, random port, temporary data dir) for a browser test, and stops it after.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningBox {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Every log line the box printed so far. */
  logs: string[];
}

export async function startBox(args: string[] = ['--demo', '--demo-variants', '500']): Promise<RunningBox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'box-e2e-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, ...args], {
    cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`box did not start in 30 s:\n${logs.join('\n')}`)), 30_000);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'box listening' && entry.url) {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch { /* not JSON */ }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`box exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  return { url, dataDir, process: child, logs };
}

export async function stopBox(box: RunningBox): Promise<void> {
  if (box.process.exitCode === null) {
    const exited = new Promise((resolve) => box.process.once('exit', resolve));
    box.process.kill('SIGTERM');
    await exited;
  }
  rmSync(box.dataDir, { recursive: true, force: true });
}

/** A test with its own demo box. */
export const test = base.extend<{ box: RunningBox }>({
  // eslint-disable-next-line no-empty-pattern
  box: async ({}, use) => {
    const box = await startBox();
    await use(box);
    await stopBox(box);
  },
});

export { expect } from '@playwright/test';
export { approveAs, pairAndSignIn, pairPage, pairingCode, signInAs, startupPairingCode, demoStaff } from './auth-helpers.ts';
