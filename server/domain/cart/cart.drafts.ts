// Drafts: park the counter's cart under a name (with its customer), resume it on any counter of the branch, delete it.
// Drafts never move stock and write no outbox row.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction } from '../../db/transaction.ts';
import { newId, type Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { currentShift } from '../shift/index.ts';
import { can, type Actor } from '../staff/index.ts';
import { applyIntent, emptyCart, viewCart, type CartContext, type CartState, type CartView } from './cart.service.ts';

export interface DraftSummary {
  id: Id<'Draft'>;
  name: string;
  customerName: string | null;
  lineCount: number;
  total: Money;
  createdBy: string | null;
  fromCounterId: string | null;
  updatedAt: number;
}

function prepared(db: Db): { insert: Database.Statement; get: Database.Statement; list: Database.Statement; remove: Database.Statement } {
  return preparedOnce(db, 'cart.drafts', () => {
    const c = db.$client;
    const columns = `id, name, customer_name as customerName, line_count as lineCount, total, created_by as createdBy, from_counter_id as fromCounterId, updated_at as updatedAt`;
    return {
      insert: c.prepare(`insert into drafts (id, branch_id, name, customer_id, customer_name, state, line_count, total, created_by, from_counter_id, created_at, updated_at)
        values (@id, @branchId, @name, @customerId, @customerName, @state, @lineCount, @total, @createdBy, @fromCounterId, @now, @now)`),
      get: c.prepare(`select ${columns}, branch_id as branchId, state from drafts where id = ?`),
      list: c.prepare(`select ${columns} from drafts where branch_id = ? order by updated_at desc limit 200`),
      remove: c.prepare('delete from drafts where id = ?'),
    };
  });
}

export function listDrafts(db: Db, branchId: string): DraftSummary[] {
  return prepared(db).list.all(branchId) as DraftSummary[];
}

/** Parks the cart as a named draft and gives the counter an empty cart. CART_EMPTY when there is nothing to park. */
export function parkCart(db: Db, actor: Actor, opId: string, input: { name: string }, ctx: CartContext): Result<{ draft: DraftSummary; cart: CartView }> {
  const name = (input.name ?? '').trim();
  if (name.length === 0 || name.length > 80) return err('VALIDATION_FAILED', 'give the draft a name of up to 80 characters', { field: 'name' });
  let draft: DraftSummary | null = null;
  const cart = applyIntent(db, actor, opId, 'park', ctx, (scope) => {
    const c = scope.cart;
    if (c.lines.length === 0) return err('CART_EMPTY', 'the cart is empty: nothing to park');
    const priced = viewCart(scope.tx.db, c, 0, ctx);
    const id = newId<'Draft'>();
    const parked: CartState = { ...c, shiftId: null, draftId: id };
    prepared(scope.tx.db).insert.run({
      id, branchId: c.branchId, name, customerId: c.customer?.id ?? null, customerName: c.customer?.name ?? null, state: JSON.stringify(parked),
      lineCount: c.lines.length, total: priced.total, createdBy: actor.staffId, fromCounterId: c.counterId, now: ctx.now,
    });
    draft = { id, name, customerName: c.customer?.name ?? null, lineCount: c.lines.length, total: priced.total, createdBy: actor.staffId, fromCounterId: c.counterId, updatedAt: ctx.now };
    return ok(emptyCart(scope.tx.db, c.counterId, c.branchId));
  });
  if (!cart.ok) return cart;
  if (!draft) {
    // A replayed park: the draft is the newest one this counter parked.
    const row = db.$client.prepare('select id from drafts where from_counter_id = ? order by created_at desc limit 1').get(actor.counterId) as { id: string } | undefined;
    draft = row ? (listDrafts(db, cart.value.branchId).find((d) => d.id === row.id) ?? null) : null;
  }
  return draft ? ok({ draft, cart: cart.value }) : err('DRAFT_NOT_FOUND', 'the draft was already resumed');
}

/** Resumes a draft on this counter: it becomes the counter's cart (and leaves the drafts list). CART_NOT_EMPTY first. */
export function resumeDraft(db: Db, actor: Actor, opId: string, input: { draftId: string }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'resume', ctx, (scope) => {
    if (scope.cart.lines.length > 0) return err('CART_NOT_EMPTY', 'finish or park the current sale first');
    const s = prepared(scope.tx.db);
    const row = s.get.get(input.draftId) as (DraftSummary & { branchId: string; state: string }) | undefined;
    if (!row || row.branchId !== scope.cart.branchId) return err('DRAFT_NOT_FOUND', 'that draft is gone (resumed or deleted)', { draftId: input.draftId });
    s.remove.run(row.id);
    const parked = JSON.parse(row.state) as CartState;
    return ok({ ...parked, counterId: scope.cart.counterId, shiftId: currentShift(scope.tx.db, scope.cart.counterId)?.id ?? null, draftId: row.id });
  });
}

/** Deletes a draft (permission delete_draft), audited with its content. */
export function deleteDraft(db: Db, actor: Actor, input: { draftId: string; reason?: string }, now: number): Result<{ deleted: string }> {
  if (!can(actor, 'delete_draft')) return err('PERMISSION_DENIED', 'deleting a draft needs the delete draft permission', { permission: 'delete_draft' });
  return transaction(db, (tx) => {
    const s = prepared(tx.db);
    const row = s.get.get(input.draftId) as (DraftSummary & { branchId: string; state: string }) | undefined;
    if (!row) return ok({ deleted: input.draftId }); // already gone: deleting twice is the same as once
    s.remove.run(row.id);
    appendAudit(tx, {
      action: 'draft.deleted', staffId: actor.staffId, counterId: actor.counterId, branchId: row.branchId, deviceId: actor.deviceId,
      entityType: 'draft', entityId: row.id, reason: input.reason ?? null, amount: row.total,
      details: { name: row.name, lineCount: row.lineCount, customerName: row.customerName },
    }, now);
    return ok({ deleted: row.id });
  });
}

/** Prints a quote for a draft (its lines and totals as they stand now) through the print port. */
export function printQuote(db: Db, actor: Actor, draftId: string, ctx: Pick<CartContext, 'settings' | 'currencyExponent' | 'effects' | 'now'>): Result<{ draftId: string }> {
  const row = prepared(db).get.get(draftId) as (DraftSummary & { branchId: string; state: string }) | undefined;
  if (!row || row.branchId !== actor.branchId) return err('DRAFT_NOT_FOUND', 'that draft is gone (resumed or deleted)', { draftId });
  const view = viewCart(db, JSON.parse(row.state) as CartState, 0, ctx);
  ctx.effects.printer.requestQuote({
    draftId: row.id, name: row.name, branchId: view.branchId, counterId: actor.counterId, customerName: row.customerName,
    lines: view.lines.map((l) => ({ title: l.title, sku: l.sku, quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, discount: (l.lineDiscount + l.orderDiscount) as Money, total: l.total })),
    subtotal: view.subtotal, discountTotal: view.discountTotal, taxTotal: view.taxTotal, total: view.total, at: ctx.now,
  });
  return ok({ draftId: row.id });
}
