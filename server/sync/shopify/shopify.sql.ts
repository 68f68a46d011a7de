// Tables of the Shopify sync: known locations, branch ↔ location mapping, push batches, and sync cursors.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn } from '../../db/columns.ts';
import { branches } from '../../domain/branch/branch.sql.ts';
import { outbox } from '../outbox/outbox.sql.ts';

/** The shop's locations as last read (for the mapping screen and drift reports). */
export const shopifyLocations = sqliteTable('shopify_locations', {
  /** Shopify GID, e.g. gid://shopify/Location/123. */
  id: text().primaryKey(),
  legacyResourceId: text().notNull(),
  name: text().notNull(),
  isActive: integer({ mode: 'boolean' }).notNull(),
  /** When Shopify said the location was deleted (locations/delete webhook, or gone from a full listing); null while it exists. */
  deletedAt: instantColumn(),
  updatedAt: instantColumn().notNull(),
});

/** Which Shopify location a branch's stock lives in, chosen by a manager; several branches may share one location. */
export const shopifyBranchLocations = sqliteTable('shopify_branch_locations', {
  branchId: idColumn<'Branch'>().primaryKey().references(() => branches.id),
  locationId: text().notNull().references(() => shopifyLocations.id),
  mappedAt: instantColumn().notNull(),
});

export type PushBatchStatus = 'PENDING' | 'SYNCED' | 'FAILED';

/**
 * One `inventoryAdjustQuantities` call: its variables and idempotency key are frozen here, in the transaction that forms
 * the batch and before the first send, so every resend (after a timeout or a lost answer) repeats it exactly.
 */
export const shopifyPushBatches = sqliteTable(
  'shopify_push_batches',
  {
    id: idColumn<'ShopifyPushBatch'>().primaryKey(),
    idempotencyKey: text().notNull().unique(),
    /** The mutation's variables minus the key, as JSON. */
    variables: text().notNull(),
    referenceDocumentUri: text().notNull(),
    status: text().$type<PushBatchStatus>().notNull().default('PENDING'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** Machine-readable code of the last failure (THROTTLED, INVALID_LOCATION, IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED …). */
    lastErrorCode: text(),
    nextAttemptAt: instantColumn().notNull(),
    /**
     * First time an attempt ended without a definite answer (timeout, 5xx, dropped connection after sending): from then
     * on Shopify may have applied it, and only the stored key protects a resend, for as long as Shopify remembers it.
     */
    ambiguousSince: instantColumn(),
    /** Shopify's InventoryAdjustmentGroup id, once applied. */
    adjustmentGroupId: text(),
    /** JSON: [{ inventoryItemId, locationId, delta, quantityAfterChange }] from Shopify's answer. */
    result: text(),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
    syncedAt: instantColumn(),
  },
  (t) => [index('shopify_push_batches_due').on(t.status, t.nextAttemptAt)],
);

/** Outbox rows carried by each batch (a row with more than 250 changes spans several batches). */
export const shopifyPushBatchRows = sqliteTable(
  'shopify_push_batch_rows',
  {
    batchId: idColumn<'ShopifyPushBatch'>().notNull().references(() => shopifyPushBatches.id),
    outboxId: idColumn<'Outbox'>().notNull().references(() => outbox.id),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.outboxId] }), index('shopify_push_batch_rows_outbox').on(t.outboxId)],
);

/** Small key/value state of the sync: last incremental refresh, last import, … */
export const shopifySyncState = sqliteTable('shopify_sync_state', {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: instantColumn().notNull(),
});

export type WebhookEventStatus = 'RECEIVED' | 'PROCESSED' | 'IGNORED';

/** Verified webhook deliveries, deduplicated on X-Shopify-Event-Id, stored before the 200 and processed from here. */
export const shopifyWebhookEvents = sqliteTable(
  'shopify_webhook_events',
  {
    eventId: text().primaryKey(),
    topic: text().notNull(),
    shopDomain: text().notNull(),
    webhookId: text(),
    triggeredAt: text(),
    body: text().notNull(),
    status: text().$type<WebhookEventStatus>().notNull().default('RECEIVED'),
    note: text(),
    receivedAt: instantColumn().notNull(),
    processedAt: instantColumn(),
  },
  (t) => [index('shopify_webhook_events_status').on(t.status, t.receivedAt)],
);
