import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks } from '../../checks.ts';
import { closeDatabase, openDatabase } from '../../db/connection.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { newId } from '../../shared/ids.ts';
import { minor } from '../../shared/money.ts';
import { unwrap } from '../../shared/result.ts';
import { aCheckoutWorld } from '../../test/checkout-builders.ts';
import { aStaff } from '../../test/staff-builders.ts';
import { createCustomer } from '../customer/index.ts';
import { closeShift, currentShift, getShift } from '../shift/index.ts';
import { createApproval } from '../staff/index.ts';
import { completeSale, getOrder, type SaleInput } from './sale.service.ts';

const m = minor;

function sale(variantId: string, overrides: Partial<SaleInput> = {}): SaleInput {
  return { orderId: newId<'Order'>(), lines: [{ variantId, quantity: 2 }], tenders: [{ method: 'cash', amount: m(500000) }], ...overrides };
}

const count = (w: { db: { $client: { prepare(sql: string): { get(...a: unknown[]): unknown } } } }, table: string) =>
  (w.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('completeSale', () => {
  it('writes the order, lines, payments, stock, shift totals and one outbox row, then announces and prints', () => {
    const w = aCheckoutWorld();
    const kurta = w.variant({ price: '1990.00', stock: 10 });
    const result = completeSale(w.db, w.cashier, sale(kurta, { tenders: [{ method: 'card', amount: m(150000), reference: 'SLIP-1', last4: '4242' }, { method: 'cash', amount: m(250000) }] }), w.ctx());
    const order = unwrap(result);
    expect(order).toMatchObject({ receiptNumber: 'TST1-C1-000001', total: 398000, amountDue: 398000, change: 2000, sync: { shopify: 'PENDING' } });
    expect(order.payments.map((p) => [p.method, p.amount, p.change, p.last4])).toEqual([['card', 150000, 0, '4242'], ['cash', 248000, 2000, null]]);
    expect(getOrder(w.db, order.id)).toEqual(order);
    expect(w.db.$client.prepare('select on_hand from stock_levels where variant_id = ?').get(kurta)).toEqual({ on_hand: 8 });
    const outbox = w.db.$client.prepare("select kind, document_id, payload, status from outbox where document_type = 'sale'").all() as Array<{ payload: string }>;
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.payload)).toEqual({ reason: 'other', documentType: 'sale', documentRef: 'TST1-C1-000001', branchId: w.branch.id, changes: [{ variantId: kurta, delta: -2 }] });
    const shift = currentShift(w.db, w.counters[0]!.id)!;
    expect({ count: shift.salesCount, total: shift.salesTotal, tenders: shift.tenders }).toEqual({
      count: 1, total: 398000, tenders: [{ method: 'card', amount: 150000, count: 1 }, { method: 'cash', amount: 248000, count: 1 }],
    });
    expect(w.seen.sales).toHaveLength(1);
    expect(w.seen.stock).toEqual([[{ variantId: kurta, onHand: 8 }]]);
    expect(w.seen.prints).toEqual([expect.objectContaining({ receiptNumber: 'TST1-C1-000001', openDrawer: true })]);
    expect(runChecks(w.db).filter((c) => !c.ok)).toEqual([]);
  });

  it('numbers receipts gaplessly per counter, failed checkouts taking no number', () => {
    const w = aCheckoutWorld();
    const v = w.variant();
    unwrap(completeSale(w.db, w.cashier, sale(v), w.ctx()));
    expect(completeSale(w.db, w.cashier, sale(v, { tenders: [{ method: 'cash', amount: m(1) }] }), w.ctx()).ok).toBe(false);
    expect(unwrap(completeSale(w.db, w.cashier, sale(v), w.ctx())).receiptNumber).toBe('TST1-C1-000002');
  });

  it('returns the same order for a retried checkout, never a second sale', () => {
    const w = aCheckoutWorld();
    const v = w.variant({ stock: 10 });
    const input = sale(v);
    const first = unwrap(completeSale(w.db, w.cashier, input, w.ctx()));
    const again = unwrap(completeSale(w.db, w.cashier, { ...input, tenders: [{ method: 'cash', amount: m(999999) }] }, w.ctx()));
    expect(again).toEqual(first);
    expect(count(w, 'orders')).toBe(1);
    expect(count(w, 'outbox')).toBe(1);
    expect(w.db.$client.prepare('select on_hand from stock_levels where variant_id = ?').get(v)).toEqual({ on_hand: 8 });
  });

  it.each([
    ['CART_EMPTY', (v: string) => sale(v, { lines: [] })],
    ['INVALID_QUANTITY', (v: string) => sale(v, { lines: [{ variantId: v, quantity: 1.5 }] })],
    ['INVALID_QUANTITY', (v: string) => sale(v, { lines: [{ variantId: v, quantity: 10_001 }] })],
    ['VARIANT_NOT_FOUND', () => sale(newId())],
    ['TENDER_SHORT', (v: string) => sale(v, { tenders: [{ method: 'cash', amount: m(100) }] })],
    ['INVALID_TENDER', (v: string) => sale(v, { tenders: [{ method: 'card', amount: m(9_999_999) }] })],
    ['APPROVAL_REQUIRED', (v: string) => sale(v, { orderDiscount: { kind: 'percent', bps: 2000 } })],
    ['CUSTOMER_NOT_FOUND', (v: string) => sale(v, { customerId: newId() })],
  ] as const)('refuses with %s and changes nothing', (code, build) => {
    const w = aCheckoutWorld();
    const v = w.variant();
    const result = completeSale(w.db, w.cashier, build(v), w.ctx());
    expect(!result.ok && result.error.code).toBe(code);
    expect([count(w, 'orders'), count(w, 'order_lines'), count(w, 'payments'), count(w, 'outbox'), count(w, 'receipt_sequences')]).toEqual([0, 0, 0, 0, 0]);
    expect(w.db.$client.prepare('select on_hand from stock_levels where variant_id = ?').get(v)).toEqual({ on_hand: 10 });
  });

  it('refuses without an open shift: SHIFT_NOT_OPEN', () => {
    const w = aCheckoutWorld({ openShift: false });
    const result = completeSale(w.db, w.cashier, sale(w.variant()), w.ctx());
    expect(!result.ok && result.error.code).toBe('SHIFT_NOT_OPEN');
  });

  it('names the short lines with INSUFFICIENT_STOCK when the branch forbids selling below zero', () => {
    const w = aCheckoutWorld({ config: { allowNegativeStock: false } });
    const plenty = w.variant({ title: 'Soap', stock: 50 });
    const scarce = w.variant({ title: 'Shawl', stock: 1 });
    const result = completeSale(w.db, w.cashier, sale(plenty, { lines: [{ variantId: plenty, quantity: 2 }, { variantId: scarce, quantity: 2 }] }), w.ctx());
    expect(!result.ok && result.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { lines: [{ line: 2, variantId: scarce, requested: 2, available: 1 }] } });
    // Allowed by default: stock goes below zero and stays visible.
    const open = aCheckoutWorld();
    const one = open.variant({ stock: 1 });
    unwrap(completeSale(open.db, open.cashier, sale(one), open.ctx()));
    expect(open.db.$client.prepare('select on_hand from stock_levels where variant_id = ?').get(one)).toEqual({ on_hand: -1 });
  });

  it('puts a sale rung up in a since-closed shift into a flagged, audited rescue shift', () => {
    const w = aCheckoutWorld();
    const v = w.variant();
    const shift = currentShift(w.db, w.counters[0]!.id)!;
    unwrap(closeShift(w.db, w.manager, shift.id, w.clock.now()));
    const first = unwrap(completeSale(w.db, w.cashier, sale(v, { shiftId: shift.id }), w.ctx()));
    const second = unwrap(completeSale(w.db, w.cashier, sale(v, { shiftId: shift.id }), w.ctx()));
    expect(first.shiftId).not.toBe(shift.id);
    expect(second.shiftId).toBe(first.shiftId);
    expect(getShift(w.db, first.shiftId)).toMatchObject({ status: 'rescue', rescueOf: shift.id, salesCount: 2 });
    expect(w.db.$client.prepare("select count(*) as n from audit_log where action = 'sale.rescued'").get()).toEqual({ n: 2 });
  });

  /** A 1,000.00 sale with a 20 % order discount a manager approved for the cashier (above the cashier's 5 %). */
  async function aManagerApprovedDiscount() {
    const w = aCheckoutWorld();
    const v = w.variant({ price: '1000.00' });
    const boss = aStaff(w.db, { role: 'manager', pin: '8642' });
    const approval = unwrap(await createApproval(w.db, {
      approverStaffCode: boss.code, pin: '8642', permission: 'discount', requesterStaffId: w.cashier.staffId, counterId: w.counters[0]!.id, amountBps: 2000,
    }, w.clock));
    return { w, boss, input: sale(v, { orderDiscount: { kind: 'percent', bps: 2000 }, approvalId: approval.approvalId }) };
  }

  it('takes a manager approval for a discount above the cashier limit, once', async () => {
    const { w, boss, input } = await aManagerApprovedDiscount();
    const order = unwrap(completeSale(w.db, w.cashier, input, w.ctx()));
    expect(order).toMatchObject({ subtotal: 200000, discountTotal: 40000, total: 160000 });
    expect(w.db.$client.prepare("select approver_id as approver from audit_log where action = 'sale.discount_approved'").get()).toEqual({ approver: boss.id });
    const reused = completeSale(w.db, w.cashier, { ...input, orderId: newId() }, w.ctx());
    expect(!reused.ok && reused.error.code).toBe('APPROVAL_INVALID');
  });

  it('leaves an approval unused when the sale it was for fails (the whole command rolls back)', async () => {
    const { w, input } = await aManagerApprovedDiscount();
    const short = completeSale(w.db, w.cashier, { ...input, tenders: [{ method: 'cash', amount: m(100) }] }, w.ctx());
    expect(!short.ok && short.error.code).toBe('TENDER_SHORT');
    expect(unwrap(completeSale(w.db, w.cashier, input, w.ctx())).discountTotal).toBe(40000);
  });

  it('lets a cashier give a discount within the limit and attaches a customer', () => {
    const w = aCheckoutWorld();
    const v = w.variant({ price: '1000.00' });
    const customer = unwrap(createCustomer(w.db, { name: 'Ayesha Khan', phone: '0300-1234567' }, w.clock.now()));
    const order = unwrap(completeSale(w.db, w.cashier, sale(v, { customerId: customer.id, lines: [{ variantId: v, quantity: 1, discount: { kind: 'amount', amount: m(5000) } }] }), w.ctx()));
    expect(order).toMatchObject({ total: 95000, customerName: 'Ayesha Khan' });
  });

  it('needs the price_override permission (or an approval) for a price other than the catalog', () => {
    const w = aCheckoutWorld();
    const v = w.variant({ price: '1000.00' });
    const denied = completeSale(w.db, w.cashier, sale(v, { lines: [{ variantId: v, quantity: 1, unitPrice: m(80000) }] }), w.ctx());
    expect(!denied.ok && denied.error).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { permission: 'price_override' } });
    const order = unwrap(completeSale(w.db, w.manager, sale(v, { lines: [{ variantId: v, quantity: 1, unitPrice: m(80000) }] }), w.ctx()));
    expect(order.lines[0]).toMatchObject({ unitPrice: 80000, catalogPrice: 100000, total: 80000 });
  });
});

describe('concurrent checkouts', () => {
  let dir: string | undefined;
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('20 checkouts of the same variant over 4 connections leave the level equal to the ledger', async () => {
    dir = mkdtempSync(join(tmpdir(), 'box-sale-'));
    const file = join(dir, 'box.sqlite');
    const main = openDatabase(file);
    migrateDatabase(main);
    const w = aCheckoutWorld({ db: main });
    const v = w.variant({ stock: 15 });
    const conns = [main, openDatabase(file), openDatabase(file), openDatabase(file)];
    const ids = Array.from({ length: 20 }, () => newId<'Order'>());
    const results = await Promise.all(ids.map((orderId, i) => new Promise((resolve) => setImmediate(() => {
      // Every checkout is tried twice (a retry), on two different connections.
      const input = { orderId, lines: [{ variantId: v, quantity: 1 }], tenders: [{ method: 'cash' as const, amount: m(500000) }] };
      const a = completeSale(conns[i % 4]!, w.cashier, input, w.ctx());
      const b = completeSale(conns[(i + 1) % 4]!, w.cashier, input, w.ctx());
      resolve([a.ok && a.value.receiptNumber, b.ok && b.value.receiptNumber]);
    }))));
    expect(results.every((pair) => (pair as string[])[0] === (pair as string[])[1])).toBe(true);
    expect(main.$client.prepare('select on_hand from stock_levels where variant_id = ?').get(v)).toEqual({ on_hand: -5 });
    expect(main.$client.prepare("select count(*) as n, max(receipt_seq) as top from orders").get()).toEqual({ n: 20, top: 20 });
    expect(runChecks(main).filter((c) => !c.ok)).toEqual([]);
    for (const c of conns) closeDatabase(c);
  });
});

