// Sync status for managers: pending and failed Shopify rows by age, the lag of the oldest pending one, and retry.
import type { Db } from '../../db/connection.ts';
import { transaction } from '../../db/transaction.ts';
import { appendAudit } from '../../domain/audit/index.ts';
import { can, type Actor } from '../../domain/staff/index.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { requeueFailedBatches } from './push.ts';
import type { FetchLike } from './client.ts';
import { connectShopify, readConnection } from './connection.ts';
import { activeUninstall } from './runtime.ts';
import { branchLocationState, listLocations, locationGoneMessage, locationOfBranch, mapBranchToLocation } from './locations.ts';

/** Conditions a manager must see on the Shopify and Sync screens; both null when all is well. */
export interface ShopifyWarnings {
  /** The app was uninstalled in Shopify: nothing is sent (sales go on, rows wait as PENDING) until the box is reconnected. */
  uninstalled: { shopDomain: string; at: number; message: string } | null;
  /** The branch's mapped location was deleted or deactivated in Shopify: its stock changes are held until it is mapped again. */
  location: { locationId: string; name: string; state: 'inactive' | 'deleted'; message: string } | null;
}

/** What the manager is warned about, for the connected shop (or the demo emulator's) and this branch. */
export function shopifyWarnings(db: Db, where: { dataDir: string; emulator?: boolean }, branchId: string | null): ShopifyWarnings {
  const mark = activeUninstall(db, where);
  const location = branchId ? branchLocationState(db, branchId) : null;
  return {
    uninstalled: mark && {
      shopDomain: mark.shopDomain, at: mark.at,
      message: `The iSmartSync app was uninstalled from ${mark.shopDomain}. Sales go on and nothing was removed, but stock changes wait here until a manager reconnects the shop with a new access token.`,
    },
    location: location && location.state !== 'active' ? {
      locationId: location.locationId, name: location.name, state: location.state,
      message: `${locationGoneMessage(location.name, location.state).replace(/^t/, 'T')}.`,
    } : null,
  };
}

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
  warnings?: ShopifyWarnings;
}

/** Pending and failed Shopify rows, oldest first. */
export function getSyncOverview(db: Db, now: number, limit = 200, warnings?: { dataDir: string; emulator?: boolean; branchId: string | null }): SyncOverview {
  const c = db.$client;
  const counts = c.prepare(`select status, count(*) as n, min(created_at) as oldest from outbox where target = 'shopify' and status in ('PENDING', 'FAILED') group by status`)
    .all() as Array<{ status: string; n: number; oldest: number }>;
  const pending = counts.find((r) => r.status === 'PENDING');
  const rows = (c.prepare(`select id, document_type as documentType, document_id as documentId, payload, status, attempts, last_error as lastError, created_at as createdAt
      from outbox where target = 'shopify' and status in ('PENDING', 'FAILED') order by created_at limit ?`).all(limit) as Array<Omit<SyncRow, 'outboxId' | 'documentRef' | 'ageMs'> & { id: string; payload: string }>)
    .map(({ id, payload, ...r }) => ({ outboxId: id, ...r, documentRef: (JSON.parse(payload) as { documentRef?: string }).documentRef ?? null, ageMs: now - r.createdAt }));
  return {
    pending: pending?.n ?? 0, failed: counts.find((r) => r.status === 'FAILED')?.n ?? 0, oldestPendingLagMs: pending ? now - pending.oldest : 0, rows,
    ...(warnings ? { warnings: shopifyWarnings(db, warnings, warnings.branchId) } : {}),
  };
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

export interface ShopifyStatus {
  connected: boolean;
  shopDomain: string | null;
  shopName: string | null;
  locations: Array<{ id: string; name: string; isActive: boolean }>;
  branchLocationId: string | null;
  lastImportAt: number | null;
  warnings: ShopifyWarnings;
}

/** What the settings screen shows: the shop (never the token), its locations and this branch's mapping. */
export function getShopifyStatus(db: Db, dataDir: string, branchId: string | null, emulator = false): ShopifyStatus {
  const connection = readConnection(dataDir);
  const importedAt = (db.$client.prepare(`select value from shopify_sync_state where key = 'catalog.importedAt'`).get() as { value: string } | undefined)?.value;
  const branchLocationId = branchId ? locationOfBranch(db, branchId) : null;
  return {
    connected: connection !== null,
    shopDomain: connection?.shopDomain ?? null,
    shopName: connection?.shopName ?? null,
    // Deleted locations are hidden, except the one the branch still points at (the warning says what to do).
    locations: listLocations(db, { includeDeleted: true }).filter((l) => !l.deleted || l.id === branchLocationId).map(({ id, name, isActive }) => ({ id, name, isActive })),
    branchLocationId,
    lastImportAt: importedAt ? Number(importedAt) : null,
    warnings: shopifyWarnings(db, { dataDir, emulator }, branchId),
  };
}

/** A manager connects the shop from the terminal; `manage_settings` needed; a wrong token changes nothing. */
export async function connectShopAsManager(actor: Actor, input: { dataDir: string; shop: string; token: string; now: number }, fetchApi?: FetchLike): Promise<Result<{ shopDomain: string; shopName: string }>> {
  if (!can(actor, 'manage_settings')) return err('PERMISSION_DENIED', 'connecting Shopify needs the manage_settings permission', { permission: 'manage_settings' });
  return connectShopify(input, fetchApi);
}

/** A manager maps their branch to a Shopify location; `manage_settings` needed. */
export function mapBranchAsManager(db: Db, actor: Actor, locationId: string, now: number): Result<{ branchId: string; locationId: string; requeued: number }> {
  if (!can(actor, 'manage_settings')) return err('PERMISSION_DENIED', 'mapping the branch needs the manage_settings permission', { permission: 'manage_settings' });
  return mapBranchToLocation(db, actor.branchId, locationId, now);
}
