// A fresh in-memory database built by the real migrations, for service tests.
import { openDatabase, type Db } from '../db/connection.ts';
import { migrateDatabase } from '../db/migrate.ts';

export function testDb(): Db {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  return db;
}
