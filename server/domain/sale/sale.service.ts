// completeSale: one synchronous transaction writes the order, lines, payments, stock, shift totals, audit and outbox.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction, transactionResult, type Tx } from '../../db/transaction.ts';
import { businessDate } from '../../shared/clock.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { sumMoney, type Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { enqueueOutbox, documentSyncStatus, type OutboxStatus } from '../../sync/outbox/index.ts';
import { appendAudit } from '../audit/index.ts';
import { getStockLevels, getVariants, type VariantView } from '../catalog/index.ts';
import { getCustomer } from '../customer/index.ts';
import { recordMovements, type MovementInput } from '../inventory/index.ts';
import { addSaleToShift, shiftForSale } from '../shift/index.ts';
import { can, type Actor } from '../staff/index.ts';
import { authorizeDiscount, authorizePriceOverride, discountBps } from './sale.approvals.ts';
import type { SaleEffects } from './sale.ports.ts';
import {
  checkDiscount, checkQuantity, lineGross, priceOrder, settleTenders, type Discount, type LineInput, type TenderMethod,
} from './sale.rules.ts';
import type { SaleSettings } from './sale.settings.ts';

export interface SaleLineInput {
  variantId: string;
  quantity: number;
  /** A price other than the catalog's (price override: permission or approval). */
  unitPrice?: Money | null;
  discount?: Discount | null;
  salespersonId?: string | null;
  /** A weighed-goods barcode's embedded price. */
  fixedGross?: Money | null;
}

export interface TenderEntry {
  /** Chosen by the terminal (UUIDv7); one is made when absent. */
  id?: string;
  method: TenderMethod;
  /** Cash: notes handed over. Others: the amount charged. */
  amount: Money;
  reference?: string | null;
  last4?: string | null;
  provider?: string | null;
}

export interface SaleInput {
  orderId: Id<'Order'>;
  /** Defaults to the actor's counter; required for API tokens. */
  counterId?: Id<'Counter'> | null;
  /** The shift the sale was rung up in (a closed one sends it to the rescue shift). */
  shiftId?: string | null;
  customerId?: string | null;
  salespersonId?: string | null;
  note?: string;
  lines: SaleLineInput[];
  orderDiscount?: Discount | null;
  /** Approval for a discount above the actor's limit or a price override. */
  approvalId?: string | null;
  tenders: TenderEntry[];
}

export interface SaleContext {
  settings: SaleSettings;
  effects: SaleEffects;
  now: number;
  source: 'counter' | 'api';
  /** Discounts and overrides were already authorized intent by intent (the counter's cart). */
  preAuthorized?: boolean;
}

export interface OrderLineView {
  lineNo: number;
  variantId: string;
  title: string;
  sku: string;
  unit: string;
  quantity: number;
  unitPrice: Money;
  catalogPrice: Money;
  gross: Money;
  lineDiscount: Money;
  orderDiscount: Money;
  taxRateBps: number;
  tax: Money;
  total: Money;
  salespersonId: string | null;
}

export interface PaymentView {
  id: string;
  method: string;
  amount: Money;
  tendered: Money;
  change: Money;
  reference: string | null;
  last4: string | null;
  provider: string | null;
}

export interface OrderView {
  id: Id<'Order'>;
  receiptNumber: string;
  branchId: Id<'Branch'>;
  counterId: Id<'Counter'>;
  shiftId: Id<'Shift'>;
  businessDate: string;
  status: 'completed';
  customerId: string | null;
  customerName: string | null;
  staffId: string | null;
  note: string;
  pricesIncludeTax: boolean;
  subtotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  total: Money;
  rounding: Money;
  amountDue: Money;
  tendered: Money;
  change: Money;
  createdAt: number;
  lines: OrderLineView[];
  payments: PaymentView[];
  sync: OrderSync;
}

/** Where a sale stands with Shopify: PENDING, SYNCED or FAILED (with Shopify's last refusal), null when it sends nothing. */
export interface OrderSync {
  shopify: OutboxStatus | null;
  shopifyError: string | null;
}

function orderSync(db: Db, orderId: string): OrderSync {
  const shopify = documentSyncStatus(db, 'shopify', 'sale', orderId);
  return { shopify: shopify.status, shopifyError: shopify.lastError };
}

interface Statements {
  orderById: Database.Statement;
  linesOf: Database.Statement;
  paymentsOf: Database.Statement;
  counter: Database.Statement;
  nextSeq: Database.Statement;
  insertOrder: Database.Statement;
  insertLine: Database.Statement;
  insertPayment: Database.Statement;
  orderExists: Database.Statement;
  idempotencyKey: Database.Statement;
  insertIdempotencyKey: Database.Statement;
}

function prepared(db: Db): Statements {
  return preparedOnce(db, 'sale.statements', (d): Statements => {
    const c = d.$client;
    return {
      orderById: c.prepare(`select id, receipt_number as receiptNumber, branch_id as branchId, counter_id as counterId, shift_id as shiftId,
        business_date as businessDate, status, customer_id as customerId, customer_name as customerName, staff_id as staffId, note,
        prices_include_tax as pricesIncludeTax, subtotal, discount_total as discountTotal, tax_total as taxTotal, total, rounding,
        amount_due as amountDue, tendered, change, created_at as createdAt from orders where id = ?`),
      linesOf: c.prepare(`select line_no as lineNo, variant_id as variantId, title, sku, unit, quantity, unit_price as unitPrice,
        catalog_price as catalogPrice, gross, line_discount as lineDiscount, order_discount as orderDiscount, tax_rate_bps as taxRateBps,
        tax, total, salesperson_id as salespersonId from order_lines where order_id = ? order by line_no`),
      paymentsOf: c.prepare('select id, method, amount, tendered, change, reference, last4, provider from payments where order_id = ? order by rowid'),
      counter: c.prepare(`select c.id, c.code, c.branch_id as branchId, b.code as branchCode from counters c join branches b on b.id = c.branch_id
        where c.id = ? and c.active = 1`),
      nextSeq: c.prepare(`insert into receipt_sequences (counter_id, last_seq) values (?, 1)
        on conflict (counter_id) do update set last_seq = last_seq + 1 returning last_seq as seq`),
      insertOrder: c.prepare(`insert into orders (id, branch_id, counter_id, shift_id, receipt_number, receipt_seq, business_date, status, source,
        customer_id, customer_name, staff_id, salesperson_id, note, prices_include_tax, order_discount_json, subtotal, discount_total, tax_total,
        total, rounding, amount_due, tendered, change, request_hash, created_at) values (@id, @branchId, @counterId, @shiftId, @receiptNumber,
        @receiptSeq, @businessDate, 'completed', @source, @customerId, @customerName, @staffId, @salespersonId, @note, @pricesIncludeTax,
        @orderDiscountJson, @subtotal, @discountTotal, @taxTotal, @total, @rounding, @amountDue, @tendered, @change, @requestHash, @createdAt)`),
      insertLine: c.prepare(`insert into order_lines (id, order_id, line_no, variant_id, title, sku, unit, quantity, unit_price, catalog_price,
        gross, line_discount, order_discount, discount_json, tax_rate_bps, tax, net, total, salesperson_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
        ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertPayment: c.prepare(`insert into payments (id, order_id, method, amount, tendered, change, reference, last4, provider, created_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      orderExists: c.prepare('select 1 from orders where id = ?').pluck(),
      idempotencyKey: c.prepare('select request_hash as requestHash, document_id as documentId from idempotency_keys where key = ?'),
      insertIdempotencyKey: c.prepare('insert or ignore into idempotency_keys (key, scope, request_hash, document_id, created_at) values (?, ?, ?, ?, ?)'),
    };
  });
}

type OrderRow = Omit<OrderView, 'lines' | 'payments' | 'sync' | 'pricesIncludeTax'> & { pricesIncludeTax: number };

/** Whether an order with this id exists (one indexed read; the route answers 200 rather than 201 for a replay). */
export function orderExists(db: Db, orderId: string): boolean {
  return prepared(db).orderExists.get(orderId) !== undefined;
}

/** An order with its lines, payments and Shopify sync status; null when there is none with that id. */
export function getOrder(db: Db, orderId: string): OrderView | null {
  const s = prepared(db);
  const row = s.orderById.get(orderId) as OrderRow | undefined;
  if (!row) return null;
  return {
    ...row, pricesIncludeTax: row.pricesIncludeTax === 1, lines: s.linesOf.all(orderId) as OrderLineView[],
    payments: s.paymentsOf.all(orderId) as PaymentView[], sync: orderSync(db, orderId),
  };
}

/** SHA-256 of the canonical encoding of a request: the same sale twice hashes the same. */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

/**
 * Completes a sale. The id comes from the terminal: an order that already exists is returned as it is (a retried
 * checkout never makes a second sale). Fails, changing nothing, with CART_EMPTY, INVALID_QUANTITY, INVALID_DISCOUNT,
 * VARIANT_NOT_FOUND, ITEM_INACTIVE, APPROVAL_REQUIRED, INVALID_TENDER, TENDER_SHORT, INSUFFICIENT_STOCK or SHIFT_NOT_OPEN.
 */
export function completeSale(db: Db, actor: Actor, input: SaleInput, ctx: SaleContext): Result<OrderView> {
  const existing = getOrder(db, input.orderId);
  if (existing) return ok(existing);
  const hash = requestHash(input);
  const result = transactionResult(db, (tx): Result<OrderView | null> => {
    const again = prepared(tx.db).orderById.get(input.orderId);
    if (again) return ok(null); // committed by a concurrent retry between our read and our lock
    return writeSale(tx, actor, input, ctx, hash);
  });
  if (!result.ok) return result;
  return ok(result.value ?? getOrder(db, input.orderId)!);
}

function writeSale(tx: Tx, actor: Actor, input: SaleInput, ctx: SaleContext, hash: string): Result<OrderView> {
  const { settings, now } = ctx;
  if (!can(actor, 'sell')) return err('PERMISSION_DENIED', 'selling needs the sell permission', { permission: 'sell' });
  const s = prepared(tx.db);
  const counterId = input.counterId ?? actor.counterId;
  if (!counterId) return err('VALIDATION_FAILED', 'say which counter the sale belongs to (counterId)', { field: 'counterId' });
  const counter = s.counter.get(counterId) as { id: Id<'Counter'>; code: string; branchId: Id<'Branch'>; branchCode: string } | undefined;
  if (!counter) return err('COUNTER_NOT_FOUND', 'no such counter', { counterId });
  if (input.lines.length === 0) return err('CART_EMPTY', 'the sale has no lines');

  const variants = getVariants(tx.db, [...new Set(input.lines.map((l) => l.variantId))], counter.branchId);
  const pricedInput: LineInput[] = [];
  const catalog: VariantView[] = [];
  for (const [index, line] of input.lines.entries()) {
    const variant = variants.get(line.variantId);
    if (!variant) return err('VARIANT_NOT_FOUND', `line ${index + 1}: no such item`, { line: index + 1, variantId: line.variantId });
    if (!variant.active) return err('ITEM_INACTIVE', `line ${index + 1}: ${variant.title} is no longer sold`, { line: index + 1, variantId: line.variantId });
    const quantity = checkQuantity(line.quantity, variant.unit);
    if (!quantity.ok) return err('INVALID_QUANTITY', `line ${index + 1}: ${quantity.error.message}`, { ...(quantity.error.details as object), line: index + 1 });
    if (line.discount) {
      const d = checkDiscount(line.discount);
      if (!d.ok) return err('INVALID_DISCOUNT', `line ${index + 1}: ${d.error.message}`, { line: index + 1 });
    }
    if (line.unitPrice !== undefined && line.unitPrice !== null && (!Number.isSafeInteger(line.unitPrice) || line.unitPrice < 0)) {
      return err('INVALID_AMOUNT', `line ${index + 1}: a price cannot be negative`, { line: index + 1 });
    }
    catalog.push(variant);
    pricedInput.push({
      key: String(index + 1), unitPrice: line.unitPrice ?? variant.price, quantity: line.quantity, unit: variant.unit,
      taxRateBps: variant.taxRateBps, discount: line.discount ?? null, fixedGross: line.fixedGross ?? null,
    });
  }
  if (input.orderDiscount) {
    const d = checkDiscount(input.orderDiscount);
    if (!d.ok) return d;
  }

  // Discounts beyond the actor's limit and price overrides need a permission or a manager's approval.
  const approvers: Array<{ what: string; approverId: string }> = [];
  const overridden = input.lines.some((l, i) => l.unitPrice !== undefined && l.unitPrice !== null && l.unitPrice !== catalog[i]!.price);
  if (!ctx.preAuthorized) {
    if (overridden) {
      const a = authorizePriceOverride(tx, actor, input.approvalId, now);
      if (!a.ok) return a;
      if (a.value.approverId) approvers.push({ what: 'price_override', approverId: a.value.approverId });
    }
    const grosses = pricedInput.map(lineGross);
    let worst = 0;
    for (const [i, line] of input.lines.entries()) if (line.discount) worst = Math.max(worst, discountBps(line.discount, grosses[i]!));
    if (input.orderDiscount) worst = Math.max(worst, discountBps(input.orderDiscount, sumMoney(grosses)));
    if (worst > 0) {
      const a = authorizeDiscount(tx, actor, worst, sumMoney(grosses), overridden ? null : input.approvalId, now);
      if (!a.ok) return a;
      if (a.value.approverId) approvers.push({ what: 'discount', approverId: a.value.approverId });
    }
  }

  if (!settings.allowNegativeStock) {
    const wanted = new Map<string, number>();
    for (const line of input.lines) wanted.set(line.variantId, (wanted.get(line.variantId) ?? 0) + line.quantity);
    const short = input.lines.flatMap((line, i) => {
      const v = catalog[i]!;
      const available = v.stock ?? 0;
      return wanted.get(line.variantId)! > available ? [{ line: i + 1, variantId: v.variantId, title: v.title, requested: line.quantity, available }] : [];
    });
    if (short.length > 0) {
      return err('INSUFFICIENT_STOCK', `not enough stock: ${short.map((l) => `line ${l.line} ${l.title} (${l.available} left)`).join(', ')}`, { lines: short });
    }
  }

  const order = priceOrder(pricedInput, input.orderDiscount ?? null, settings.pricing);
  const settled = settleTenders(order.total, input.tenders, settings.cashRounding);
  if (!settled.ok) return settled;
  for (const t of input.tenders) {
    if (t.last4 && !/^\d{4}$/.test(t.last4)) return err('INVALID_TENDER', 'card last digits are four digits', { last4: t.last4 });
  }

  const shift = shiftForSale(tx, { counterId: counter.id, branchId: counter.branchId, shiftId: input.shiftId ?? null }, now, settings.timeZone);
  if (!shift.ok) return shift;
  const customer = input.customerId ? getCustomer(tx.db, input.customerId) : null;
  if (input.customerId && !customer) return err('CUSTOMER_NOT_FOUND', 'no such customer', { customerId: input.customerId });

  const seq = (s.nextSeq.get(counter.id) as { seq: number }).seq;
  const receiptNumber = `${counter.branchCode}-${counter.code}-${String(seq).padStart(6, '0')}`;
  const view: OrderView = {
    id: input.orderId, receiptNumber, branchId: counter.branchId, counterId: counter.id, shiftId: shift.value.shiftId,
    businessDate: businessDate(now, settings.timeZone), status: 'completed', customerId: customer?.id ?? null, customerName: customer?.name ?? null,
    staffId: actor.staffId, note: input.note ?? '', pricesIncludeTax: settings.pricing.pricesIncludeTax, subtotal: order.subtotal,
    discountTotal: order.discountTotal, taxTotal: order.taxTotal, total: order.total, rounding: settled.value.rounding,
    amountDue: settled.value.amountDue, tendered: settled.value.tendered, change: settled.value.change, createdAt: now,
    lines: [], payments: [], sync: { shopify: 'PENDING', shopifyError: null },
  };
  s.insertOrder.run({
    ...view, receiptSeq: seq, source: ctx.source, salespersonId: input.salespersonId ?? null, pricesIncludeTax: view.pricesIncludeTax ? 1 : 0,
    orderDiscountJson: input.orderDiscount ? JSON.stringify(input.orderDiscount) : null, requestHash: hash,
  });

  const movements: MovementInput[] = [];
  const deltas = new Map<string, number>();
  for (const [i, priced] of order.lines.entries()) {
    const line = input.lines[i]!;
    const v = catalog[i]!;
    const lineView: OrderLineView = {
      lineNo: i + 1, variantId: v.variantId, title: v.title, sku: v.sku, unit: v.unit, quantity: line.quantity,
      unitPrice: pricedInput[i]!.unitPrice, catalogPrice: v.price, gross: priced.gross, lineDiscount: priced.lineDiscount,
      orderDiscount: priced.orderDiscount, taxRateBps: priced.taxRateBps, tax: priced.tax, total: priced.total,
      salespersonId: line.salespersonId ?? input.salespersonId ?? null,
    };
    view.lines.push(lineView);
    s.insertLine.run(newId(), view.id, lineView.lineNo, v.variantId, v.title, v.sku, v.unit, line.quantity, lineView.unitPrice, v.price,
      priced.gross, priced.lineDiscount, priced.orderDiscount, line.discount ? JSON.stringify(line.discount) : null, priced.taxRateBps,
      priced.tax, priced.net, priced.total, lineView.salespersonId);
    movements.push({
      variantId: v.variantId, branchId: counter.branchId, delta: -line.quantity, reason: 'sale', documentType: 'sale', documentId: view.id,
      staffId: actor.staffId, counterId: counter.id,
    });
    deltas.set(v.variantId, (deltas.get(v.variantId) ?? 0) - line.quantity);
  }

  for (const [i, t] of input.tenders.entries()) {
    const applied = settled.value.applied[i]!;
    const payment: PaymentView = {
      id: t.id ?? newId<'Payment'>(), method: t.method, amount: applied, tendered: t.amount, change: (t.amount - applied) as Money,
      reference: t.reference ?? null, last4: t.last4 ?? null, provider: t.provider ?? null,
    };
    view.payments.push(payment);
    s.insertPayment.run(payment.id, view.id, payment.method, payment.amount, payment.tendered, payment.change, payment.reference, payment.last4, payment.provider, now);
  }

  recordMovements(tx, movements, now);
  addSaleToShift(tx, shift.value.shiftId, settled.value.amountDue, view.payments.map((p) => ({ method: p.method, amount: p.amount })));

  const audit = { staffId: actor.staffId, counterId: counter.id, branchId: counter.branchId, deviceId: actor.deviceId, entityType: 'order', entityId: view.id };
  if (shift.value.rescue) appendAudit(tx, { ...audit, action: 'sale.rescued', reason: 'the sale arrived after its shift closed', details: { shiftId: shift.value.shiftId, askedShiftId: input.shiftId ?? null } }, now);
  for (const a of approvers) {
    appendAudit(tx, { ...audit, action: a.what === 'discount' ? 'sale.discount_approved' : 'sale.price_overridden', approverId: a.approverId, amount: order.discountTotal }, now);
  }
  if (overridden && !approvers.some((a) => a.what === 'price_override') && !ctx.preAuthorized) {
    appendAudit(tx, { ...audit, action: 'sale.price_overridden', details: { lines: view.lines.filter((l) => l.unitPrice !== l.catalogPrice).map((l) => l.lineNo) } }, now);
  }

  enqueueOutbox(tx, {
    target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: view.id,
    payload: { reason: 'other', documentType: 'sale', documentRef: receiptNumber, branchId: counter.branchId, changes: [...deltas].map(([variantId, delta]) => ({ variantId, delta })) },
  }, now);

  const effects = ctx.effects;
  tx.afterCommit(() => effects.events.saleCompleted({ orderId: view.id, receiptNumber, branchId: view.branchId, counterId: view.counterId, total: view.total, at: now }));
  tx.afterCommit(() => {
    const levels = getStockLevels(tx.db, counter.branchId, [...deltas.keys()]);
    effects.events.stockChanged(counter.branchId, [...levels].map(([variantId, onHand]) => ({ variantId: variantId as Id<'Variant'>, onHand })));
  });
  tx.afterCommit(() => effects.printer.requestReceipt({
    orderId: view.id, receiptNumber, branchId: view.branchId, counterId: view.counterId, openDrawer: view.payments.some((p) => p.method === 'cash'), reprint: false, order: view,
  }));
  return ok(view);
}

/**
 * completeSale behind an `Idempotency-Key`: the same key and body return the first order; the same key with a
 * different body is IDEMPOTENCY_KEY_REUSED and changes nothing.
 */
export function completeSaleWithKey(db: Db, actor: Actor, key: string | null, input: SaleInput, ctx: SaleContext): Result<OrderView> {
  if (!key) return completeSale(db, actor, input, ctx);
  const hash = requestHash(input);
  const scoped = `orders:${key}`;
  const seen = prepared(db).idempotencyKey;
  const known = seen.get(scoped) as { requestHash: string; documentId: string } | undefined;
  if (known) {
    if (known.requestHash !== hash) return err('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', { key });
    const order = getOrder(db, known.documentId);
    if (order) return ok(order);
  }
  return transactionResult(db, (tx): Result<OrderView> => {
    const again = seen.get(scoped) as { requestHash: string; documentId: string } | undefined;
    if (again && again.requestHash !== hash) return err('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', { key });
    const sold = completeSale(tx.db, actor, input, ctx);
    if (!sold.ok) return sold;
    prepared(tx.db).insertIdempotencyKey.run(scoped, 'orders', hash, sold.value.id, ctx.now);
    return sold;
  });
}

export interface OrderSummary {
  id: string;
  receiptNumber: string;
  total: Money;
  amountDue: Money;
  customerName: string | null;
  createdAt: number;
  methods: string;
  sync: OrderSync;
}

/** The sales of a shift, newest first (the counter's sales history), each with its Shopify sync status. */
export function listShiftOrders(db: Db, shiftId: string, limit = 200): OrderSummary[] {
  const rows = preparedOnce(db, 'sale.shiftOrders', (d) => d.$client.prepare(`select o.id, o.receipt_number as receiptNumber, o.total, o.amount_due as amountDue,
      o.customer_name as customerName, o.created_at as createdAt, (select group_concat(distinct p.method) from payments p where p.order_id = o.id) as methods
    from orders o where o.shift_id = ? order by o.receipt_seq desc limit ?`)).all(shiftId, limit) as Array<Omit<OrderSummary, 'sync'>>;
  return rows.map((row) => ({ ...row, sync: orderSync(db, row.id) }));
}

/** Prints a receipt again (marked as a copy; no drawer kick), audited. */
/**
 * Prints an audited copy of a receipt, never opening the drawer. With `reprintKey` (the caller's Idempotency-Key) a
 * retried request prints and audits nothing more.
 */
export function reprintReceipt(db: Db, actor: Actor, orderId: string, effects: SaleEffects, now: number, reprintKey?: string): Result<{ receiptNumber: string }> {
  const order = getOrder(db, orderId);
  if (!order) return err('NOT_FOUND', 'no order with that id', { orderId });
  transaction(db, (tx) => {
    const done = reprintKey !== undefined && tx.db.$client.prepare(`select 1 from audit_log where action = 'sale.receipt_reprinted' and entity_id = ?
      and json_extract(details, '$.reprintKey') = ?`).get(order.id, reprintKey) !== undefined;
    if (done) return;
    appendAudit(tx, {
      action: 'sale.receipt_reprinted', staffId: actor.staffId, counterId: actor.counterId ?? order.counterId, branchId: order.branchId,
      deviceId: actor.deviceId, entityType: 'order', entityId: order.id, amount: order.total, ...(reprintKey !== undefined ? { details: { reprintKey } } : {}),
    }, now);
    tx.afterCommit(() => effects.printer.requestReceipt({
      orderId: order.id, receiptNumber: order.receiptNumber, branchId: order.branchId, counterId: (actor.counterId ?? order.counterId) as Id<'Counter'>,
      openDrawer: false, reprint: true, ...(reprintKey !== undefined ? { reprintKey } : {}),
    }));
  });
  return ok({ receiptNumber: order.receiptNumber });
}
