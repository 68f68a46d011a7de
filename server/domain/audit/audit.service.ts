// Appending to the hash-chained audit log and proving the chain is intact.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import type { Tx } from '../../db/transaction.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { newId, type Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  action: string;
  branchId?: string | null;
  counterId?: string | null;
  deviceId?: string | null;
  staffId?: string | null;
  approverId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  reason?: string | null;
  amount?: Money | null;
  details?: Record<string, unknown>;
}

interface StoredEntry {
  seq: number; id: string; at: number; action: string; branchId: string | null; counterId: string | null;
  deviceId: string | null; staffId: string | null; approverId: string | null; entityType: string | null;
  entityId: string | null; reason: string | null; amount: number | null; details: string; prevHash: string; hash: string;
}

/** SHA-256 over the canonical encoding of every field but the hash itself. */
export function hashEntry(entry: Omit<StoredEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

function prepared(db: Db): { last: Database.Statement; insert: Database.Statement } {
  return preparedOnce(db, 'audit.service', () => {
    return {
      last: db.$client.prepare('select seq, hash from audit_log order by seq desc limit 1'),
      insert: db.$client.prepare(`insert into audit_log (seq, id, at, action, branch_id, counter_id, device_id, staff_id, approver_id,
        entity_type, entity_id, reason, amount, details, prev_hash, hash) values (@seq, @id, @at, @action, @branchId, @counterId, @deviceId,
        @staffId, @approverId, @entityType, @entityId, @reason, @amount, @details, @prevHash, @hash)`),
    };
  });
}

/** Appends an entry inside the caller's transaction (so it commits or rolls back with the action it records). */
export function appendAudit(tx: Tx, input: AuditInput, now: number): Id<'AuditEntry'> {
  const s = prepared(tx.db);
  const last = s.last.get() as { seq: number; hash: string } | undefined;
  const entry: Omit<StoredEntry, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    id: newId<'AuditEntry'>(),
    at: now,
    action: input.action,
    branchId: input.branchId ?? null,
    counterId: input.counterId ?? null,
    deviceId: input.deviceId ?? null,
    staffId: input.staffId ?? null,
    approverId: input.approverId ?? null,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    reason: input.reason ?? null,
    amount: input.amount ?? null,
    details: canonicalJson(input.details ?? {}),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  s.insert.run({ ...entry, hash: hashEntry(entry) });
  return entry.id as Id<'AuditEntry'>;
}

export interface AuditChainProblem {
  seq: number;
  problem: string;
}

/** Walks the whole chain: a gap in seq, a wrong prevHash or a hash that does not match its entry is reported. */
export function verifyAuditChain(db: Db): AuditChainProblem[] {
  const problems: AuditChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  const rows = db.$client.prepare(`select seq, id, at, action, branch_id as branchId, counter_id as counterId, device_id as deviceId,
    staff_id as staffId, approver_id as approverId, entity_type as entityType, entity_id as entityId, reason, amount, details,
    prev_hash as prevHash, hash from audit_log order by seq`).iterate() as IterableIterator<StoredEntry>;
  for (const row of rows) {
    if (row.seq !== expectedSeq) problems.push({ seq: row.seq, problem: `entry ${expectedSeq}${row.seq > expectedSeq + 1 ? `–${row.seq - 1}` : ''} is missing` });
    if (row.prevHash !== prevHash) problems.push({ seq: row.seq, problem: 'does not follow the entry before it (removed or edited entry)' });
    const { hash, ...rest } = row;
    if (hashEntry(rest) !== hash) problems.push({ seq: row.seq, problem: 'its content was changed after it was written' });
    expectedSeq = row.seq + 1;
    prevHash = hash;
    if (problems.length >= 20) break;
  }
  return problems;
}

export interface AuditFilter {
  action?: string;
  staffId?: string;
  /** Inclusive lower bound, UTC ms. */
  from?: number;
  /** Exclusive upper bound, UTC ms. */
  to?: number;
  page?: number;
  pageSize?: number;
}

export interface AuditListing {
  seq: number; id: string; at: number; action: string; counterId: string | null; deviceId: string | null;
  staffId: string | null; staffName: string | null; approverId: string | null; approverName: string | null;
  entityType: string | null; entityId: string | null; reason: string | null; amount: number | null; details: Record<string, unknown>;
}

/** Newest first, filtered by action (prefix with a trailing `*`), person (as actor or approver) and time. */
export function listAuditEntries(db: Db, filter: AuditFilter): { entries: AuditListing[]; total: number; page: number; pageSize: number } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.action) {
    if (filter.action.endsWith('*')) { where.push('a.action like @action'); params.action = `${filter.action.slice(0, -1)}%`; }
    else { where.push('a.action = @action'); params.action = filter.action; }
  }
  if (filter.staffId) { where.push('(a.staff_id = @staffId or a.approver_id = @staffId)'); params.staffId = filter.staffId; }
  if (filter.from !== undefined) { where.push('a.at >= @from'); params.from = filter.from; }
  if (filter.to !== undefined) { where.push('a.at < @to'); params.to = filter.to; }
  const clause = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  const total = (db.$client.prepare(`select count(*) as n from audit_log a ${clause}`).get(params) as { n: number }).n;
  const rows = db.$client.prepare(`select a.seq, a.id, a.at, a.action, a.counter_id as counterId, a.device_id as deviceId, a.staff_id as staffId,
      s.name as staffName, a.approver_id as approverId, ap.name as approverName, a.entity_type as entityType, a.entity_id as entityId,
      a.reason, a.amount, a.details
    from audit_log a left join staff s on s.id = a.staff_id left join staff ap on ap.id = a.approver_id
    ${clause} order by a.seq desc limit @limit offset @offset`).all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as Array<Omit<AuditListing, 'details'> & { details: string }>;
  return { entries: rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> })), total, page, pageSize };
}
