// Applies the drizzle-kit migrations in migrations/ (forward only); runs at boot and from `cli migrate`.
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Db } from './connection.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Brings the schema up to date; returns how many migrations were newly applied. */
export function migrateDatabase(db: Db): number {
  const count = () => {
    const exists = db.$client.prepare("select 1 from sqlite_master where name = '__drizzle_migrations'").get();
    return exists ? (db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0;
  };
  const before = count();
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return count() - before;
}
