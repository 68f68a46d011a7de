// Public face of the outbox.
export { enqueueOutbox, documentSyncStatus, type OutboxEntry, type DocumentSyncStatus } from './outbox.service.ts';
export { outbox, type OutboxStatus, type OutboxTarget } from './outbox.sql.ts';
