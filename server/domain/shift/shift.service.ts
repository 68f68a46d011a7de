// Shift commands: open a counter's shift with its float; find the shift a sale goes into (or a flagged rescue shift).
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction, type Tx } from '../../db/transaction.ts';
import { businessDate } from '../../shared/clock.ts';
import { newId, type Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { can, type Actor } from '../staff/index.ts';
import type { ShiftStatus } from './shift.sql.ts';

export interface ShiftView {
  id: Id<'Shift'>;
  counterId: Id<'Counter'>;
  status: ShiftStatus;
  businessDate: string;
  openedBy: string | null;
  openingFloat: Money;
  openedAt: number;
  closedAt: number | null;
  rescueOf: Id<'Shift'> | null;
  salesCount: number;
  salesTotal: Money;
  tenders: Array<{ method: string; amount: Money; count: number }>;
}

interface Statements {
  byId: Database.Statement;
  openOf: Database.Statement;
  rescueOf: Database.Statement;
  insert: Database.Statement;
  addSale: Database.Statement;
  addTender: Database.Statement;
  tenders: Database.Statement;
  counter: Database.Statement;
}

const COLUMNS = `id, counter_id as counterId, status, business_date as businessDate, opened_by as openedBy, opening_float as openingFloat,
  opened_at as openedAt, closed_at as closedAt, rescue_of as rescueOf, sales_count as salesCount, sales_total as salesTotal`;

function prepared(db: Db): Statements {
  return preparedOnce(db, 'shift.service', (): Statements => {
    const c = db.$client;
    return {
      byId: c.prepare(`select ${COLUMNS} from shifts where id = ?`),
      openOf: c.prepare(`select ${COLUMNS} from shifts where counter_id = ? and status = 'open'`),
      rescueOf: c.prepare(`select ${COLUMNS} from shifts where counter_id = ? and status = 'rescue' and closed_at is null`),
      insert: c.prepare(`insert into shifts (id, branch_id, counter_id, status, business_date, opened_by, opening_float, opened_at, rescue_of, sales_count, sales_total, note)
        values (@id, @branchId, @counterId, @status, @businessDate, @openedBy, @openingFloat, @openedAt, @rescueOf, 0, 0, @note)`),
      addSale: c.prepare('update shifts set sales_count = sales_count + 1, sales_total = sales_total + ? where id = ?'),
      addTender: c.prepare(`insert into shift_tender_totals (shift_id, method, amount, count) values (?, ?, ?, 1)
        on conflict (shift_id, method) do update set amount = amount + excluded.amount, count = count + 1`),
      tenders: c.prepare('select method, amount, count from shift_tender_totals where shift_id = ? order by method'),
      counter: c.prepare('select id, branch_id as branchId from counters where id = ? and active = 1'),
    };
  });
}

type ShiftRow = Omit<ShiftView, 'tenders'>;

function view(db: Db, row: ShiftRow): ShiftView {
  return { ...row, tenders: prepared(db).tenders.all(row.id) as ShiftView['tenders'] };
}

/** The counter's open shift, or null. */
export function currentShift(db: Db, counterId: string): ShiftView | null {
  const row = prepared(db).openOf.get(counterId) as ShiftRow | undefined;
  return row ? view(db, row) : null;
}

export function getShift(db: Db, shiftId: string): ShiftView | null {
  const row = prepared(db).byId.get(shiftId) as ShiftRow | undefined;
  return row ? view(db, row) : null;
}

export interface OpenShiftInput {
  /** Chosen by the terminal so a retried open finds the same shift. */
  shiftId?: Id<'Shift'>;
  counterId: Id<'Counter'>;
  openingFloat: Money;
}

/** Opens a shift on a counter with its float (permission open_shift). SHIFT_ALREADY_OPEN if one is open. */
export function openShift(db: Db, actor: Actor, input: OpenShiftInput, now: number, timeZone: string): Result<ShiftView> {
  if (!can(actor, 'open_shift')) return err('PERMISSION_DENIED', 'opening a shift needs the open shift permission', { permission: 'open_shift' });
  if (!Number.isSafeInteger(input.openingFloat) || input.openingFloat < 0) return err('INVALID_AMOUNT', 'the opening float cannot be negative');
  const s = prepared(db);
  if (input.shiftId) {
    const existing = s.byId.get(input.shiftId) as ShiftRow | undefined;
    if (existing) return ok(view(db, existing));
  }
  const result = transaction(db, (tx): Result<ShiftRow> => {
    const counter = s.counter.get(input.counterId) as { id: string; branchId: string } | undefined;
    if (!counter) return err('COUNTER_NOT_FOUND', 'no such counter', { counterId: input.counterId });
    const open = s.openOf.get(input.counterId) as ShiftRow | undefined;
    if (open) return err('SHIFT_ALREADY_OPEN', 'this counter already has an open shift', { shiftId: open.id });
    const row = {
      id: input.shiftId ?? newId<'Shift'>(), branchId: counter.branchId, counterId: input.counterId, status: 'open' as const,
      businessDate: businessDate(now, timeZone), openedBy: actor.staffId, openingFloat: input.openingFloat, openedAt: now, rescueOf: null, note: '',
    };
    s.insert.run(row);
    appendAudit(tx, {
      action: 'shift.opened', staffId: actor.staffId, counterId: input.counterId, branchId: counter.branchId, deviceId: actor.deviceId,
      entityType: 'shift', entityId: row.id, amount: input.openingFloat,
    }, now);
    return ok(s.byId.get(row.id) as ShiftRow);
  });
  return result.ok ? ok(view(db, result.value)) : result;
}

/** Closes a shift (minimal: counts and reports arrive with the shift-close issue). */
export function closeShift(db: Db, actor: Actor, shiftId: string, now: number): Result<ShiftView> {
  if (!can(actor, 'close_shift')) return err('PERMISSION_DENIED', 'closing a shift needs the close shift permission', { permission: 'close_shift' });
  transaction(db, (tx) => {
    const changed = tx.db.$client.prepare("update shifts set status = case when status = 'rescue' then 'rescue' else 'closed' end, closed_at = ?, closed_by = ? where id = ? and closed_at is null")
      .run(now, actor.staffId, shiftId);
    if (changed.changes === 1) appendAudit(tx, { action: 'shift.closed', staffId: actor.staffId, entityType: 'shift', entityId: shiftId, counterId: actor.counterId }, now);
  });
  const shift = getShift(db, shiftId);
  return shift ? ok(shift) : err('NOT_FOUND', 'no such shift', { shiftId });
}

/**
 * The shift a sale goes into, inside the sale's transaction: the counter's open shift; for a sale made in a
 * shift that has since closed, the counter's rescue shift (opened here, flagged and audited, when there is none).
 */
export function shiftForSale(tx: Tx, input: { counterId: Id<'Counter'>; branchId: Id<'Branch'>; shiftId: string | null }, now: number, timeZone: string): Result<{ shiftId: Id<'Shift'>; rescue: boolean }> {
  const s = prepared(tx.db);
  if (input.shiftId) {
    const asked = s.byId.get(input.shiftId) as ShiftRow | undefined;
    if (asked && asked.closedAt === null && asked.counterId === input.counterId) return ok({ shiftId: asked.id, rescue: asked.status === 'rescue' });
    if (asked && asked.counterId === input.counterId) {
      const rescue = s.rescueOf.get(input.counterId) as ShiftRow | undefined;
      if (rescue) return ok({ shiftId: rescue.id, rescue: true });
      const id = newId<'Shift'>();
      s.insert.run({
        id, branchId: input.branchId, counterId: input.counterId, status: 'rescue', businessDate: businessDate(now, timeZone), openedBy: null,
        openingFloat: 0, openedAt: now, rescueOf: asked.id, note: 'opened by the box for sales that arrived after their shift closed',
      });
      appendAudit(tx, { action: 'shift.rescue_opened', counterId: input.counterId, branchId: input.branchId, entityType: 'shift', entityId: id, details: { rescueOf: asked.id } }, now);
      return ok({ shiftId: id, rescue: true });
    }
  }
  const open = s.openOf.get(input.counterId) as ShiftRow | undefined;
  if (!open) return err('SHIFT_NOT_OPEN', 'open a shift on this counter before selling', { counterId: input.counterId });
  return ok({ shiftId: open.id, rescue: false });
}

/** Adds a sale to the shift's running totals, inside the sale's transaction. */
export function addSaleToShift(tx: Tx, shiftId: string, total: Money, tenders: ReadonlyArray<{ method: string; amount: Money }>): void {
  const s = prepared(tx.db);
  s.addSale.run(total, shiftId);
  for (const t of tenders) s.addTender.run(shiftId, t.method, t.amount);
}
