// Free space of the data folder and the thresholds shared by `doctor` and the sync worker (syncs stop before sales do).
import { statfsSync } from 'node:fs';

export type DiskVerdict = 'ok' | 'warn' | 'fail';

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** Space left to unprivileged writers on the filesystem holding `dir`. */
export function diskSpaceOf(dir: string): DiskSpace {
  const fs = statfsSync(dir);
  return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
}

/** Warn under 10 % or 1 GB free; fail under 2 % or 256 MB, when SQLite is close to refusing writes. */
export function judgeDiskSpace(freeBytes: number, totalBytes: number): DiskVerdict {
  const share = totalBytes > 0 ? freeBytes / totalBytes : 0;
  if (freeBytes < 256 * MB || share < 0.02) return 'fail';
  if (freeBytes < GB || share < 0.1) return 'warn';
  return 'ok';
}

/**
 * True when the data folder is so full (doctor's FAIL level) that background syncs should wait, keeping the last
 * space for sales; an unreadable filesystem does not stop syncs.
 */
export function tooFullToSync(dir: string, space: (dir: string) => DiskSpace = diskSpaceOf): boolean {
  try {
    const { freeBytes, totalBytes } = space(dir);
    return judgeDiskSpace(freeBytes, totalBytes) === 'fail';
  } catch {
    return false;
  }
}
