// Sync status for managers: pending and failed Shopify rows by age, the lag of the oldest pending one, and retry.
import type { Db } from '../../db/connection.ts';
import { transaction } from '../../db/transaction.ts';
import { appendAudit } from '../../domain/audit/index.ts';
import { can, type Actor } from '../../domain/staff/index.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { requeueFailedBatches } from './push.ts';

export interface SyncRow {
  outboxId: string;
  documentType: string;
  documentId: string;
  documentRef: string | null;
  status: 'PENDING' | 'FAILED';
  attempts: number;
  lastError: string | null;
  createdAt: number;
  ageMs: number;
}

export interface SyncOverview {
  pending: number;
  failed: number;
  /** How long the oldest PENDING row has waited; 0 when none waits. */
  oldestPendingLagMs: number;
  rows: SyncRow[];
}

/** Pending and failed Shopify rows, oldest first. */
export function getSyncOverview(db: Db, now: number, limit = 200): SyncOverview {
  const c = db.$client;
  const counts = c.prepare(`select status, count(*) as n, min(created_at) as oldest from outbox where target = 'shopify' and status in ('PENDING', 'FAILED') group by status`)
    .all() as Array<{ status: string; n: number; oldest: number }>;
  const pending = counts.find((r) => r.status === 'PENDING');
  const rows = (c.prepare(`select id, document_type as documentType, document_id as documentId, payload, status, attempts, last_error as lastError, created_at as createdAt
      from outbox where target = 'shopify' and status in ('PENDING', 'FAILED') order by created_at limit ?`).all(limit) as Array<Omit<SyncRow, 'outboxId' | 'documentRef' | 'ageMs'> & { id: string; payload: string }>)
    .map(({ id, payload, ...r }) => ({ outboxId: id, ...r, documentRef: (JSON.parse(payload) as { documentRef?: string }).documentRef ?? null, ageMs: now - r.createdAt }));
  return { pending: pending?.n ?? 0, failed: counts.find((r) => r.status === 'FAILED')?.n ?? 0, oldestPendingLagMs: pending ? now - pending.oldest : 0, rows };
}

/**
 * Re-queues a document's FAILED Shopify rows: same payload, same key, unless the key is spent (then a fresh one,
 * audited). Needs `manage_sync`.
 */
export function retryDocumentSync(db: Db, actor: Actor, documentType: string, documentId: string, now: number): Result<{ requeued: number; freshKeys: number }> {
  if (!can(actor, 'manage_sync')) return err('PERMISSION_DENIED', 'retrying a sync needs the manage_sync permission', { permission: 'manage_sync' });
  return transaction(db, (tx) => {
    const rows = tx.db.$client.prepare(`select id from outbox where target = 'shopify' and document_type = ? and document_id = ? and status = 'FAILED'`)
      .all(documentType, documentId) as Array<{ id: string }>;
    if (rows.length === 0) return err('SYNC_ROW_NOT_FOUND', `no failed Shopify sync for ${documentType} ${documentId}`);
    let freshKeys = 0;
    for (const row of rows) freshKeys += requeueFailedBatches(tx, row.id, now).freshKeys;
    appendAudit(tx, {
      action: freshKeys > 0 ? 'sync.retried_with_fresh_key' : 'sync.retried', staffId: actor.staffId, counterId: actor.counterId,
      deviceId: actor.deviceId, branchId: actor.branchId, entityType: documentType, entityId: documentId, details: { rows: rows.length, freshKeys },
    }, now);
    return ok({ requeued: rows.length, freshKeys });
  });
}
