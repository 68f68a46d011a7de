// Opens the box's SQLite database with the PRAGMAs every connection needs, wrapped in drizzle.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The drizzle handle services receive; `db.$client` is the raw better-sqlite3 connection. */
export type Db = BetterSQLite3Database<Schema> & { $client: Database.Database };

export interface OpenOptions {
  /** Milliseconds a writer waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/** Opens (creating if needed) a database file, or `:memory:` for tests. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  if (!options.readonly) {
    // WAL + synchronous=FULL: an acknowledged commit survives a power cut.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma('temp_store = MEMORY');
  return drizzle({ client: sqlite, schema, casing: 'snake_case' }) as Db;
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}
