// The box's data folder: created if missing and proven writable before anything opens the database.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class DataDirError extends Error {
  constructor(readonly dir: string, cause: Error) {
    super(`the data folder ${dir} cannot be written (${cause.message}). Give the box's user write access to it, or choose another folder with --data-dir or BOX_DATA_DIR.`);
    this.name = 'DataDirError';
  }
}

/** Returns the absolute data folder after creating it and writing a probe file; throws DataDirError otherwise. */
export function ensureDataDir(dir: string): string {
  const absolute = resolve(dir);
  try {
    mkdirSync(absolute, { recursive: true });
    const probe = join(absolute, `.write-probe-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (error) {
    throw new DataDirError(absolute, error as Error);
  }
  return absolute;
}

export function databasePath(dataDir: string): string {
  return join(resolve(dataDir), 'box.sqlite');
}
