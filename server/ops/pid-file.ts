// Marks a data folder as served by a running box (box.pid), so restore and upgrades can refuse to run under it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PID_FILE = 'box.pid';

export interface PidRecord {
  pid: number;
  startedAt: number;
  version: string;
}

export function pidFilePath(dataDir: string): string {
  return join(resolve(dataDir), PID_FILE);
}

/** Written by the box once it serves; a stale file (power cut) is simply overwritten at the next start. */
export function writePidFile(dataDir: string, record: PidRecord): void {
  writeFileSync(pidFilePath(dataDir), `${JSON.stringify(record)}\n`, { mode: 0o644 });
}

/** Removes the pid file if it still names this process (another box may have taken the folder over). */
export function removePidFile(dataDir: string, pid = process.pid): void {
  const record = readPidFile(dataDir);
  if (record?.pid === pid) rmSync(pidFilePath(dataDir), { force: true });
}

function readPidFile(dataDir: string): PidRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(pidFilePath(dataDir), 'utf8')) as Partial<PidRecord>;
    return typeof parsed.pid === 'number' && Number.isSafeInteger(parsed.pid) && parsed.pid > 0 ? (parsed as PidRecord) : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // After a reboot the pid may belong to something else: on Linux, insist that it is a node process.
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync('/proc/self/cmdline')) {
    try {
      return readFileSync(cmdline, 'utf8').includes('node');
    } catch {
      return false;
    }
  }
  return true;
}

/** The box serving this data folder, if its pid file names a live process. */
export function findServingBox(dataDir: string): PidRecord | null {
  const record = readPidFile(dataDir);
  return record && isAlive(record.pid) ? record : null;
}

/** Whether systemd reports the unit active; false when systemd is absent or not running (containers, CI). */
export function isServiceActive(unit = 'ismartsync-box.service'): boolean {
  const run = spawnSync('systemctl', ['is-active', '--quiet', unit], { stdio: 'ignore', timeout: 5000 });
  return run.status === 0;
}
