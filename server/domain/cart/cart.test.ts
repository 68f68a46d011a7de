import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/connection.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { newId } from '../../shared/ids.ts';
import { minor } from '../../shared/money.ts';
import { unwrap } from '../../shared/result.ts';
import { aCheckoutWorld, type CheckoutWorld } from '../../test/checkout-builders.ts';
import { anActor } from '../../test/staff-builders.ts';
import { completeEan13 } from '../../shared/ean13.ts';
import { scaleSettings } from '../catalog/index.ts';
import { saleSettings } from '../sale/index.ts';
import type { Actor } from '../staff/index.ts';
import {
  addItem, checkoutCart, clearCart, getCart, overridePrice, removeLine, scanItem, setCustomer, setLineDiscount, setNote, setOrderDiscount,
  setQuantity, type CartContext, type CartView,
} from './cart.service.ts';
import { deleteDraft, listDrafts, parkCart, printQuote, resumeDraft } from './cart.drafts.ts';

const op = () => newId();

function till(options: Parameters<typeof aCheckoutWorld>[0] = {}) {
  const w = aCheckoutWorld(options);
  const changed: CartView[] = [];
  const ctx = (): CartContext => ({
    settings: saleSettings(w.config), scale: scaleSettings(w.config), currencyExponent: 2, now: w.clock.now(),
    effects: { ...w.effects, cart: { cartChanged: (_c, cart) => changed.push(cart) } },
  });
  const kurta = w.variant({ title: 'Lawn Kurta', price: '1990.00', barcode: '8960000000019', stock: 5 });
  const soap = w.variant({ title: 'Beauty Soap', price: '150.00', barcode: '8960000000026', stock: 100 });
  const daal = w.variant({ title: 'Daal Chana', price: '400.00', barcode: '2112345', unit: 'g', stock: 20000 });
  return { ...w, saleCtx: w.ctx, ctx, changed, kurta, soap, daal };
}

const cartOf = (t: Pick<CheckoutWorld, 'db' | 'cashier'> & { ctx: () => CartContext }, actor: Actor = t.cashier) => unwrap(getCart(t.db, actor.counterId!, t.ctx()));

describe('counter cart', () => {
  it('scans items into lines, adds a repeat scan to its line, and prices the cart', () => {
    const t = till();
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000026', t.ctx()));
    const cart = unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    expect(cart.lines.map((l) => [l.title, l.quantity, l.total, l.stock])).toEqual([['Beauty Soap — M / Black', 1, 15000, 100], ['Lawn Kurta — M / Black', 2, 398000, 5]]);
    expect(cart.total).toBe(413000);
    expect(t.changed.at(-1)).toEqual(cart);
  });

  it('reads the weight from a weighed-goods barcode into its own line', () => {
    const t = till();
    const cart = unwrap(scanItem(t.db, t.cashier, op(), completeEan13('211234501250'), t.ctx()));
    expect(cart.lines[0]).toMatchObject({ title: 'Daal Chana — M / Black', quantity: 1250, unit: 'g', total: 50000 });
  });

  it('sells a price-embedded scale label at its printed price and moves stock by the weight it stands for', () => {
    const t = till({ config: { scaleValueKind: 'price' } });
    // 520.00 of daal at 400.00/kg: 1,300 g.
    const cart = unwrap(scanItem(t.db, t.cashier, op(), completeEan13('211234552000'), t.ctx()));
    expect(cart.lines[0]).toMatchObject({ quantity: 1300, total: 52000 });
    unwrap(checkoutCart(t.db, t.cashier, op(), { orderId: cart.orderId, tenders: [{ method: 'cash', amount: minor(52000) }] }, t.ctx()));
    expect(t.db.$client.prepare('select on_hand from stock_levels where variant_id = ?').get(t.daal)).toEqual({ on_hand: 20000 - 1300 });
  });

  it('leaves the cart unchanged on an unknown barcode: BARCODE_NOT_FOUND', () => {
    const t = till();
    const before = unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    const result = scanItem(t.db, t.cashier, op(), '0000000000000', t.ctx());
    expect(!result.ok && result.error.code).toBe('BARCODE_NOT_FOUND');
    expect(cartOf(t)).toEqual(before);
  });

  it('applies a replayed operation id once and returns the same cart', () => {
    const t = till();
    const id = op();
    const first = unwrap(scanItem(t.db, t.cashier, id, '8960000000019', t.ctx()));
    const again = unwrap(scanItem(t.db, t.cashier, id, '8960000000019', t.ctx()));
    expect(again).toEqual(first);
    expect(cartOf(t).lines[0]!.quantity).toBe(1);
  });

  it.each([[0], [-2], [1.5], [10_001]])('refuses quantity %d with INVALID_QUANTITY', (quantity) => {
    const t = till();
    const cart = unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    const result = setQuantity(t.db, t.cashier, op(), { lineId: cart.lines[0]!.lineId, quantity }, t.ctx());
    expect(!result.ok && result.error.code).toBe('INVALID_QUANTITY');
    expect(cartOf(t).lines[0]!.quantity).toBe(1);
  });

  it('changes and removes lines; an unknown line is LINE_NOT_FOUND', () => {
    const t = till();
    const cart = unwrap(addItem(t.db, t.cashier, op(), { variantId: t.soap }, t.ctx()));
    expect(unwrap(setQuantity(t.db, t.cashier, op(), { lineId: cart.lines[0]!.lineId, quantity: 12 }, t.ctx())).total).toBe(180000);
    expect(unwrap(removeLine(t.db, t.cashier, op(), { lineId: cart.lines[0]!.lineId }, t.ctx())).lines).toEqual([]);
    const gone = removeLine(t.db, t.cashier, op(), { lineId: cart.lines[0]!.lineId }, t.ctx());
    expect(!gone.ok && gone.error.code).toBe('LINE_NOT_FOUND');
  });

  it('asks for approval above the cashier discount limit and shows the discount spread over lines', () => {
    const t = till();
    unwrap(addItem(t.db, t.cashier, op(), { variantId: t.kurta }, t.ctx()));
    const cart = unwrap(addItem(t.db, t.cashier, op(), { variantId: t.soap }, t.ctx()));
    const big = setOrderDiscount(t.db, t.cashier, op(), { discount: { kind: 'percent', bps: 1000 } }, t.ctx());
    expect(!big.ok && big.error).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { permission: 'discount', amountBps: 1000 } });
    const within = unwrap(setOrderDiscount(t.db, t.cashier, op(), { discount: { kind: 'percent', bps: 500 } }, t.ctx()));
    expect(within.discountTotal).toBe(10700);
    expect(within.lines.reduce((n, l) => n + l.total, 0)).toBe(within.total);
    const line = unwrap(setLineDiscount(t.db, t.cashier, op(), { lineId: cart.lines[0]!.lineId, discount: { kind: 'amount', amount: minor(1000) } }, t.ctx()));
    expect(line.lines[0]!.lineDiscount).toBe(1000);
  });

  it('needs the price override permission', () => {
    const t = till();
    const cart = unwrap(addItem(t.db, t.cashier, op(), { variantId: t.kurta }, t.ctx()));
    const denied = overridePrice(t.db, t.cashier, op(), { lineId: cart.lines[0]!.lineId, unitPrice: minor(150000) }, t.ctx());
    expect(!denied.ok && denied.error.code).toBe('APPROVAL_REQUIRED');
    const manager = anActor(t.db, { role: 'manager', counterId: t.counters[0]!.id });
    expect(unwrap(overridePrice(t.db, manager, op(), { lineId: cart.lines[0]!.lineId, unitPrice: minor(150000), reason: 'damaged' }, t.ctx())).total).toBe(150000);
  });

  it('refuses to go below zero stock when the branch says so: INSUFFICIENT_STOCK naming the line', () => {
    const t = till({ config: { allowNegativeStock: false } });
    const cart = unwrap(addItem(t.db, t.cashier, op(), { variantId: t.kurta, quantity: 5 }, t.ctx()));
    const result = scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx());
    expect(!result.ok && result.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { lines: [{ lineId: cart.lines[0]!.lineId, requested: 6, available: 5 }] } });
    expect(cartOf(t).lines[0]!.quantity).toBe(5);
  });

  it('checks out: the order, a fresh cart with a new order id, and the same order on a retry', () => {
    const t = till();
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    unwrap(setCustomer(t.db, t.cashier, op(), { newCustomer: { name: 'Bilal Ahmed', phone: '0321 5550001' } }, t.ctx()));
    unwrap(setNote(t.db, t.cashier, op(), { note: 'gift wrap' }, t.ctx()));
    const before = cartOf(t);
    const opId = op();
    const tenders = [{ method: 'card' as const, amount: minor(100000), last4: '1234', reference: 'A1' }, { method: 'cash' as const, amount: minor(100000) }];
    const short = checkoutCart(t.db, t.cashier, op(), { orderId: before.orderId, tenders: [{ method: 'cash', amount: minor(100) }] }, t.ctx());
    expect(!short.ok && short.error.code).toBe('TENDER_SHORT');
    const done = unwrap(checkoutCart(t.db, t.cashier, opId, { orderId: before.orderId, tenders }, t.ctx()));
    expect(done.order).toMatchObject({ id: before.orderId, receiptNumber: 'TST1-C1-000001', total: 199000, change: 1000, customerName: 'Bilal Ahmed', note: 'gift wrap' });
    expect(done.cart.lines).toEqual([]);
    expect(done.cart.orderId).not.toBe(before.orderId);
    const retried = unwrap(checkoutCart(t.db, t.cashier, opId, { orderId: before.orderId, tenders }, t.ctx()));
    expect(retried.order).toEqual(done.order);
    const retriedNewOp = unwrap(checkoutCart(t.db, t.cashier, op(), { orderId: before.orderId, tenders }, t.ctx()));
    expect(retriedNewOp.order.receiptNumber).toBe('TST1-C1-000001');
    expect(t.db.$client.prepare('select count(*) as n from orders').get()).toEqual({ n: 1 });
  });

  it('refuses checkout without an open shift: SHIFT_NOT_OPEN', () => {
    const t = till({ openShift: false });
    const cart = unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    const result = checkoutCart(t.db, t.cashier, op(), { orderId: cart.orderId, tenders: [{ method: 'cash', amount: minor(200000) }] }, t.ctx());
    expect(!result.ok && result.error.code).toBe('SHIFT_NOT_OPEN');
    expect(cartOf(t).lines).toHaveLength(1);
  });

  it('keeps the cart across a box restart (the database file closed and opened again)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'box-cart-'));
    try {
      const file = join(dir, 'box.sqlite');
      const first = openDatabase(file);
      migrateDatabase(first);
      const t = till({ db: first });
      const cart = unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
      closeDatabase(first);
      const again = openDatabase(file);
      expect(unwrap(getCart(again, t.cashier.counterId!, t.ctx()))).toEqual(cart);
      closeDatabase(again);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the cart across a reload (it lives in the database)', () => {
    const t = till();
    const cart = unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    expect(cartOf(t)).toEqual(cart);
    expect(unwrap(clearCart(t.db, t.cashier, op(), t.ctx())).orderId).not.toBe(cart.orderId);
  });
});

describe('drafts', () => {
  it('park on one counter, resume on another, complete: no stock moves and no outbox row until the sale', () => {
    const t = till();
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    unwrap(setCustomer(t.db, t.cashier, op(), { newCustomer: { name: 'Sana Malik' } }, t.ctx()));
    const parked = unwrap(parkCart(t.db, t.cashier, op(), { name: 'Sana — fitting room' }, t.ctx()));
    expect(parked.cart.lines).toEqual([]);
    expect(listDrafts(t.db, t.branch.id)).toEqual([expect.objectContaining({ name: 'Sana — fitting room', customerName: 'Sana Malik', lineCount: 1, total: 199000 })]);
    expect(t.db.$client.prepare('select count(*) as n from outbox').get()).toEqual({ n: 0 });
    expect(t.db.$client.prepare("select count(*) as n from stock_movements where reason <> 'opening'").get()).toEqual({ n: 0 });

    const other = anActor(t.db, { role: 'cashier', counterId: t.counters[1]!.id });
    const resumed = unwrap(resumeDraft(t.db, other, op(), { draftId: parked.draft.id }, t.ctx()));
    expect(resumed).toMatchObject({ counterId: t.counters[1]!.id, customer: { name: 'Sana Malik' }, total: 199000 });
    expect(listDrafts(t.db, t.branch.id)).toEqual([]);
    const again = resumeDraft(t.db, t.cashier, op(), { draftId: parked.draft.id }, t.ctx());
    expect(!again.ok && again.error.code).toBe('DRAFT_NOT_FOUND');
  });

  it('prints a quote for a draft with its lines and totals', () => {
    const t = till();
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000026', t.ctx()));
    const parked = unwrap(parkCart(t.db, t.cashier, op(), { name: 'Quote for Hamza' }, t.ctx()));
    unwrap(printQuote(t.db, t.cashier, parked.draft.id, t.ctx()));
    expect(t.seen.quotes).toEqual([expect.objectContaining({ name: 'Quote for Hamza', total: 214000, lines: [expect.objectContaining({ quantity: 1 }), expect.objectContaining({ quantity: 1 })] })]);
    const gone = printQuote(t.db, t.cashier, 'nope', t.ctx());
    expect(!gone.ok && gone.error.code).toBe('DRAFT_NOT_FOUND');
  });

  it('refuses to park an empty cart or resume over a full one', () => {
    const t = till();
    const empty = parkCart(t.db, t.cashier, op(), { name: 'nothing' }, t.ctx());
    expect(!empty.ok && empty.error.code).toBe('CART_EMPTY');
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    const parked = unwrap(parkCart(t.db, t.cashier, op(), { name: 'one' }, t.ctx()));
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000026', t.ctx()));
    const busy = resumeDraft(t.db, t.cashier, op(), { draftId: parked.draft.id }, t.ctx());
    expect(!busy.ok && busy.error.code).toBe('CART_NOT_EMPTY');
  });

  it('deletes a draft only with delete_draft, and audits it', () => {
    const t = till();
    unwrap(scanItem(t.db, t.cashier, op(), '8960000000019', t.ctx()));
    const parked = unwrap(parkCart(t.db, t.cashier, op(), { name: 'to delete' }, t.ctx()));
    const denied = deleteDraft(t.db, t.cashier, { draftId: parked.draft.id }, t.clock.now());
    expect(!denied.ok && denied.error).toMatchObject({ code: 'PERMISSION_DENIED', details: { permission: 'delete_draft' } });
    unwrap(deleteDraft(t.db, t.manager, { draftId: parked.draft.id, reason: 'customer left' }, t.clock.now()));
    expect(listDrafts(t.db, t.branch.id)).toEqual([]);
    expect(t.db.$client.prepare("select reason, amount from audit_log where action = 'draft.deleted'").get()).toEqual({ reason: 'customer left', amount: 199000 });
  });
});
