// Shared pieces of the CLI: exit codes, config from flags, the data-dir and config options, opening the database.
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { CONFIG_HELP, loadConfig, type Config } from '../config.ts';
import { closeDatabase, openDatabase, type Db } from '../db/connection.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { databasePath, DataDirError, ensureDataDir } from '../data-dir.ts';

/** Exit codes: 0 ok, 1 a check or command failed, 2 bad configuration or unusable data folder. */
export const EXIT_FAILED = 1;
export const EXIT_CONFIG = 2;

export type Flags = Record<string, unknown> & { config?: string };

export function configFrom(flags: Flags): Config {
  const { config: configFile, ...rest } = flags;
  return loadConfig({ flags: rest, ...(configFile ? { configFile } : {}) });
}

/** Opens the data folder's database without creating one where none exists. */
export function openExisting(config: Config): Db {
  const file = databasePath(ensureDataDir(config.dataDir));
  if (!existsSync(file)) throw new DataDirError(config.dataDir, new Error(`no database at ${file}; start the box or run migrate first`));
  return openDatabase(file);
}

/** Runs `work` on the data folder's existing database (see openExisting), closing it afterwards. */
export function withExistingDatabase<T>(config: Config, work: (db: Db) => T): T {
  const db = openExisting(config);
  try {
    return work(db);
  } finally {
    closeDatabase(db);
  }
}

/** Runs `work` on the data folder's database (created and migrated if needed), closing it afterwards. */
export function withMigratedDatabase<T>(config: Config, work: (db: Db) => T): T {
  const db = openDatabase(databasePath(ensureDataDir(config.dataDir)));
  try {
    migrateDatabase(db);
    return work(db);
  } finally {
    closeDatabase(db);
  }
}

export const dataDirOption = () => new Option('--data-dir <dir>', CONFIG_HELP.dataDir);
export const configOption = () => new Option('--config <file>', 'JSON config file (also BOX_CONFIG)');
