// Prepared queries built once per connection: on hot paths (every request's session check) drizzle's query
// building costs more than running the query.
import type Database from 'better-sqlite3';
import type { Db } from './connection.ts';

const caches = new WeakMap<Database.Database, Map<string, unknown>>();

/** Returns the query `build` makes for this connection, building it the first time `key` is asked for. */
export function preparedOnce<T>(db: Db, key: string, build: (db: Db) => T): T {
  let cache = caches.get(db.$client);
  if (!cache) {
    cache = new Map();
    caches.set(db.$client, cache);
  }
  let query = cache.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    cache.set(key, query);
  }
  return query;
}
