// Starts a real box as a child process for benchmarks (and reads its RSS from /proc).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BoxProcess {
  url: string;
  child: ChildProcess;
  startedMs: number;
  stop(): Promise<void>;
}

/** Spawns `serve` on a free port; resolves once `/healthz` answers ok, with the time that took. */
export async function spawnBox(dataDir: string, extraArgs: string[] = [], onLine?: (line: string) => void): Promise<BoxProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, ...extraArgs], {
    cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The box prints its URL in the "box listening" log line; stdout keeps being drained afterwards.
  const url = await new Promise<string>((resolve, reject) => {
    let buffer: string | null = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (onLine) for (const line of chunk.toString().split('\n')) if (line) onLine(line);
      if (buffer === null) return;
      buffer += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
      if (match) {
        resolve(match[1]!);
        buffer = null;
      }
    });
    child.once('exit', (code) => reject(new Error(`box exited with ${code}`)));
  });
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const startedMs = performance.now() - started;
  return {
    url, child, startedMs,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Resident set size of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return Math.round((kb / 1024) * 10) / 10;
}
