// Writing outbox rows inside a business transaction, and reading a document's sync status.
import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { outbox, type OutboxStatus, type OutboxTarget } from './outbox.sql.ts';

export interface OutboxEntry {
  target: OutboxTarget;
  kind: string;
  documentType: string;
  documentId: string;
  payload: unknown;
}

// Prepared once per connection: every sale writes a row here, so it stays off drizzle's query builder.
const inserts = new WeakMap<Database.Database, Database.Statement>();

/** Adds an outbox row in the caller's transaction; the worker picks it up after commit. */
export function enqueueOutbox(tx: Tx, entry: OutboxEntry, now: number): Id<'Outbox'> {
  const id = newId<'Outbox'>();
  let insert = inserts.get(tx.db.$client);
  if (!insert) {
    insert = tx.db.$client.prepare(`insert into outbox (id, target, kind, document_type, document_id, idempotency_key, payload, status, attempts,
      next_attempt_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)`);
    inserts.set(tx.db.$client, insert);
  }
  insert.run(id, entry.target, entry.kind, entry.documentType, entry.documentId, newId(), JSON.stringify(entry.payload), now, now, now);
  return id;
}

export interface DocumentSyncStatus {
  status: OutboxStatus | null;
  lastError: string | null;
}

/** A document's status toward one target: FAILED if any row failed, else PENDING if any is pending, else SYNCED; null without rows. */
export function documentSyncStatus(db: Db, target: OutboxTarget, documentType: string, documentId: string): DocumentSyncStatus {
  const rows = db.select({ status: outbox.status, lastError: outbox.lastError }).from(outbox)
    .where(and(eq(outbox.target, target), eq(outbox.documentType, documentType), eq(outbox.documentId, documentId))).all();
  if (rows.length === 0) return { status: null, lastError: null };
  const failed = rows.find((r) => r.status === 'FAILED');
  if (failed) return { status: 'FAILED', lastError: failed.lastError };
  const pending = rows.find((r) => r.status === 'PENDING');
  return { status: pending ? 'PENDING' : 'SYNCED', lastError: pending?.lastError ?? null };
}
