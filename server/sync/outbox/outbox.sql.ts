// The outbox: one row per external effect (Shopify, HQ, FBR), written in the same transaction as the business event.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn } from '../../db/columns.ts';

export type OutboxTarget = 'shopify' | 'hq' | 'fbr';
/** PENDING until the worker's send is confirmed (SYNCED) or refused for good (FAILED, with the reason). */
export type OutboxStatus = 'PENDING' | 'SYNCED' | 'FAILED';

export const outbox = sqliteTable(
  'outbox',
  {
    id: idColumn<'Outbox'>().primaryKey(),
    target: text().$type<OutboxTarget>().notNull(),
    /** What the payload is, e.g. `inventory_delta`. */
    kind: text().notNull(),
    /** The local document that caused it, e.g. `sale` + the order id. */
    documentType: text().notNull(),
    documentId: text().notNull(),
    /** Created once with the row and reused by every resend. */
    idempotencyKey: text().notNull().unique(),
    /** The full payload as JSON, frozen at commit time; retries resend exactly this. */
    payload: text().notNull(),
    status: text().$type<OutboxStatus>().notNull().default('PENDING'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: instantColumn().notNull(),
    /** What the target answered on success, as JSON (e.g. Shopify's adjustment group id). */
    result: text(),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
    syncedAt: instantColumn(),
  },
  (t) => [
    index('outbox_due').on(t.target, t.status, t.nextAttemptAt),
    index('outbox_document').on(t.documentType, t.documentId),
  ],
);
