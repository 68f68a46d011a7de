// Inventory commands: append stock movements and keep the cached levels equal to the ledger.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId, type Id } from '../../shared/ids.ts';
import type { StockReason } from './inventory.sql.ts';

export interface MovementInput {
  variantId: Id<'Variant'>;
  branchId: Id<'Branch'>;
  delta: number;
  reason: StockReason;
  documentType: string;
  documentId: string;
  staffId?: string | null;
  counterId?: string | null;
  note?: string;
}

interface Statements {
  insertMovement: Database.Statement;
  upsertLevel: Database.Statement;
}

// Prepared once per connection: this runs inside every sale, so it stays off drizzle's query builder.
function prepared(db: Db): Statements {
  return preparedOnce(db, 'inventory.service', (): Statements => {
    return {
      insertMovement: db.$client.prepare(`insert into stock_movements
        (id, variant_id, branch_id, delta, reason, document_type, document_id, staff_id, counter_id, note, created_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      upsertLevel: db.$client.prepare(`insert into stock_levels (variant_id, branch_id, on_hand, updated_at) values (?, ?, ?, ?)
        on conflict (variant_id, branch_id) do update set on_hand = on_hand + excluded.on_hand, updated_at = excluded.updated_at`),
    };
  });
}

/** Appends movements and updates the cached levels, inside the caller's transaction. */
export function recordMovements(tx: Tx, movements: readonly MovementInput[], now: number): void {
  const s = prepared(tx.db);
  for (const m of movements) {
    if (!Number.isSafeInteger(m.delta) || m.delta === 0) throw new RangeError(`stock delta must be a non-zero integer, got ${m.delta}`);
    s.insertMovement.run(newId(), m.variantId, m.branchId, m.delta, m.reason, m.documentType, m.documentId,
      m.staffId ?? null, m.counterId ?? null, m.note ?? '', now);
    s.upsertLevel.run(m.variantId, m.branchId, m.delta, now);
  }
}

export interface LedgerProblem {
  variantId: string;
  branchId: string;
  cachedOnHand: number | null;
  ledgerOnHand: number | null;
}

/** Every (variant, branch) whose cached level differs from the sum of its movements; empty when the ledger holds. */
export function findLedgerProblems(db: Db, limit = 100): LedgerProblem[] {
  return db.$client.prepare(`
    with ledger as (select variant_id, branch_id, sum(delta) as on_hand from stock_movements group by variant_id, branch_id)
    select l.variant_id as variantId, l.branch_id as branchId, c.on_hand as cachedOnHand, l.on_hand as ledgerOnHand
      from ledger l left join stock_levels c on c.variant_id = l.variant_id and c.branch_id = l.branch_id
     where c.on_hand is null or c.on_hand <> l.on_hand
    union all
    select c.variant_id, c.branch_id, c.on_hand, null
      from stock_levels c left join ledger l on l.variant_id = c.variant_id and l.branch_id = c.branch_id
     where l.variant_id is null and c.on_hand <> 0
    limit ?`).all(limit) as LedgerProblem[];
}
