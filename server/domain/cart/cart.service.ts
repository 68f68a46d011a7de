// The counter's cart on the box: intents (scan, quantities, discounts, customer, …) each applied once per operation id.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transactionResult, type Tx } from '../../db/transaction.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { scaleMoney, sumMoney, type Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { getStockLevels, getVariants, lookupBarcode, type ScaleBarcodeSettings, type VariantView } from '../catalog/index.ts';
import { createCustomer, getCustomer, type NewCustomer } from '../customer/index.ts';
import {
  authorizeDiscount, authorizePriceOverride, checkDiscount, checkQuantity, completeSale, getOrder, discountBps, lineGross, priceOrder, quickCash,
  type Discount, type OrderView, type SaleEffects, type SaleSettings, type TenderEntry, type Unit,
} from '../sale/index.ts';
import { currentShift } from '../shift/index.ts';
import { can, type Actor } from '../staff/index.ts';

export interface CartLine {
  lineId: string;
  variantId: Id<'Variant'>;
  title: string;
  sku: string;
  unit: Unit;
  quantity: number;
  /** The price charged; differs from catalogPrice after an override. */
  unitPrice: Money;
  catalogPrice: Money;
  taxRateBps: number;
  discount: Discount | null;
  /** A weighed-goods barcode's embedded price. */
  fixedGross: Money | null;
  salespersonId: string | null;
}

export interface CartCustomer { id: string; name: string; phone: string }

export interface CartState {
  orderId: Id<'Order'>;
  counterId: Id<'Counter'>;
  branchId: Id<'Branch'>;
  /** The shift the cart was opened in. */
  shiftId: string | null;
  lines: CartLine[];
  orderDiscount: Discount | null;
  customer: CartCustomer | null;
  salespersonId: string | null;
  note: string;
  /** The draft this cart was resumed from (the draft itself is gone: it became this cart). */
  draftId: string | null;
}

export interface CartLineView extends CartLine {
  gross: Money;
  lineDiscount: Money;
  orderDiscount: Money;
  tax: Money;
  total: Money;
  /** On hand at the branch now. */
  stock: number;
  /** The cart asks for more than is on hand. */
  short: boolean;
}

export interface CartView extends Omit<CartState, 'lines'> {
  version: number;
  lines: CartLineView[];
  itemCount: number;
  subtotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  total: Money;
  pricesIncludeTax: boolean;
  /** Quick-cash suggestions for the total. */
  quickCash: Money[];
}

export interface CartEffects {
  cartChanged(counterId: Id<'Counter'>, cart: CartView): void;
}

export interface CartContext {
  settings: SaleSettings;
  scale: ScaleBarcodeSettings;
  currencyExponent: number;
  effects: SaleEffects & { cart: CartEffects };
  now: number;
}

/** How long the answer to an intent is kept for replays. */
const OP_RETENTION_MS = 24 * 3600_000;

interface Statements {
  load: Database.Statement;
  save: Database.Statement;
  op: Database.Statement;
  recordOp: Database.Statement;
  counter: Database.Statement;
  pruneOps: Database.Statement;
}

function prepared(db: Db): Statements {
  return preparedOnce(db, 'cart.service', (): Statements => {
    const c = db.$client;
    return {
      pruneOps: c.prepare('delete from cart_operations where counter_id = ? and created_at < ?'),
      load: c.prepare('select state, version from counter_sessions where counter_id = ?'),
      save: c.prepare(`insert into counter_sessions (counter_id, branch_id, order_id, state, version, updated_at) values (@counterId, @branchId, @orderId, @state, @version, @now)
        on conflict (counter_id) do update set order_id = excluded.order_id, state = excluded.state, version = excluded.version, updated_at = excluded.updated_at`),
      op: c.prepare('select result from cart_operations where op_id = ?'),
      recordOp: c.prepare('insert into cart_operations (op_id, counter_id, kind, result, created_at) values (?, ?, ?, ?, ?)'),
      counter: c.prepare('select id, branch_id as branchId from counters where id = ? and active = 1'),
    };
  });
}

export function emptyCart(db: Db, counterId: Id<'Counter'>, branchId: Id<'Branch'>): CartState {
  return {
    orderId: newId<'Order'>(), counterId, branchId, shiftId: currentShift(db, counterId)?.id ?? null, lines: [], orderDiscount: null,
    customer: null, salespersonId: null, note: '', draftId: null,
  };
}

function loadCart(db: Db, counterId: Id<'Counter'>, branchId: Id<'Branch'>): { cart: CartState; version: number } {
  const row = prepared(db).load.get(counterId) as { state: string; version: number } | undefined;
  return row ? { cart: JSON.parse(row.state) as CartState, version: row.version } : { cart: emptyCart(db, counterId, branchId), version: 0 };
}

function toLineInputs(cart: CartState) {
  return cart.lines.map((l) => ({ key: l.lineId, unitPrice: l.unitPrice, quantity: l.quantity, unit: l.unit, taxRateBps: l.taxRateBps, discount: l.discount, fixedGross: l.fixedGross }));
}

/** The cart as the terminal shows it: priced lines, stock per line, totals. */
export function viewCart(db: Db, cart: CartState, version: number, ctx: Pick<CartContext, 'settings' | 'currencyExponent'>): CartView {
  const priced = priceOrder(toLineInputs(cart), cart.orderDiscount, ctx.settings.pricing);
  const stock = cart.lines.length > 0 ? getStockLevels(db, cart.branchId, cart.lines.map((l) => l.variantId)) : new Map<string, number>();
  const wanted = new Map<string, number>();
  for (const l of cart.lines) wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + l.quantity);
  return {
    ...cart, version,
    lines: cart.lines.map((l, i) => {
      const p = priced.lines[i]!;
      const onHand = stock.get(l.variantId) ?? 0;
      return { ...l, gross: p.gross, lineDiscount: p.lineDiscount, orderDiscount: p.orderDiscount, tax: p.tax, total: p.total, stock: onHand, short: wanted.get(l.variantId)! > onHand };
    }),
    itemCount: cart.lines.reduce((n, l) => n + (l.unit === 'each' ? l.quantity : 1), 0),
    subtotal: priced.subtotal, discountTotal: priced.discountTotal, taxTotal: priced.taxTotal, total: priced.total,
    pricesIncludeTax: ctx.settings.pricing.pricesIncludeTax,
    quickCash: priced.total > 0 ? quickCash(priced.total, ctx.currencyExponent) : [],
  };
}

/** The counter's cart (an empty one, with its order id, when none is open). */
export function getCart(db: Db, counterId: Id<'Counter'>, ctx: Pick<CartContext, 'settings' | 'currencyExponent'>): Result<CartView> {
  const counter = prepared(db).counter.get(counterId) as { id: Id<'Counter'>; branchId: Id<'Branch'> } | undefined;
  if (!counter) return err('COUNTER_NOT_FOUND', 'no such counter', { counterId });
  const { cart, version } = loadCart(db, counter.id, counter.branchId);
  return ok(viewCart(db, cart, version, ctx));
}

interface IntentScope {
  tx: Tx;
  actor: Actor;
  cart: CartState;
  ctx: CartContext;
  /** Variants whose wanted quantity went up (checked against stock when selling below zero is refused). */
  grew: Set<string>;
}

type Mutation = (scope: IntentScope) => Result<CartState>;

/**
 * Applies one intent to the actor's counter cart: replays of an applied operation id return the recorded answer;
 * a failure changes nothing. Emits `cartChanged` after commit.
 */
export function applyIntent(db: Db, actor: Actor, opId: string, kind: string, ctx: CartContext, mutate: Mutation): Result<CartView> {
  const counterId = actor.counterId;
  if (!counterId) return err('VALIDATION_FAILED', 'cart intents come from a paired counter');
  if (!can(actor, 'sell')) return err('PERMISSION_DENIED', 'selling needs the sell permission', { permission: 'sell' });
  if (typeof opId !== 'string' || opId.length < 8 || opId.length > 64) return err('VALIDATION_FAILED', 'every intent carries an operation id (8–64 characters)', { field: 'opId' });
  const s = prepared(db);
  const replay = s.op.get(opId) as { result: string } | undefined;
  if (replay) return ok(JSON.parse(replay.result) as CartView);
  return transactionResult(db, (tx): Result<CartView> => {
    const again = s.op.get(opId) as { result: string } | undefined;
    if (again) return ok(JSON.parse(again.result) as CartView);
    const counter = s.counter.get(counterId) as { id: Id<'Counter'>; branchId: Id<'Branch'> } | undefined;
    if (!counter) return err('COUNTER_NOT_FOUND', 'no such counter', { counterId });
    const loaded = loadCart(tx.db, counter.id, counter.branchId);
    const scope: IntentScope = { tx, actor, cart: structuredClone(loaded.cart), ctx, grew: new Set() };
    const next = mutate(scope);
    if (!next.ok) return next;
    const cart = next.value;
    if (cart.lines.length > 0 && cart.shiftId === null) cart.shiftId = currentShift(tx.db, counter.id)?.id ?? null;
    if (!ctx.settings.allowNegativeStock && scope.grew.size > 0) {
      const short = stockShortfalls(tx.db, cart, scope.grew);
      if (short.length > 0) {
        return err('INSUFFICIENT_STOCK', `not enough stock: ${short.map((l) => `${l.title} (${l.available} left)`).join(', ')}`, { lines: short });
      }
    }
    const version = loaded.version + 1;
    s.save.run({ counterId: counter.id, branchId: counter.branchId, orderId: cart.orderId, state: JSON.stringify(cart), version, now: ctx.now });
    const view = viewCart(tx.db, cart, version, ctx);
    s.recordOp.run(opId, counter.id, kind, JSON.stringify(view), ctx.now);
    tx.afterCommit(() => ctx.effects.cart.cartChanged(counter.id, view));
    return ok(view);
  });
}

function stockShortfalls(db: Db, cart: CartState, variants: Set<string>) {
  const levels = getStockLevels(db, cart.branchId, [...variants]);
  const wanted = new Map<string, number>();
  for (const l of cart.lines) if (variants.has(l.variantId)) wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + l.quantity);
  return cart.lines.flatMap((l, i) => {
    const available = levels.get(l.variantId) ?? 0;
    return variants.has(l.variantId) && wanted.get(l.variantId)! > available
      ? [{ line: i + 1, lineId: l.lineId, variantId: l.variantId, title: l.title, requested: l.quantity, available }] : [];
  });
}

function findLine(cart: CartState, lineId: string): Result<CartLine> {
  const line = cart.lines.find((l) => l.lineId === lineId);
  return line ? ok(line) : err('LINE_NOT_FOUND', 'that line is no longer in the cart', { lineId });
}

function newLine(variant: VariantView, quantity: number, fixedGross: Money | null): CartLine {
  return {
    lineId: newId(), variantId: variant.variantId, title: variant.title, sku: variant.sku, unit: variant.unit, quantity,
    unitPrice: variant.price, catalogPrice: variant.price, taxRateBps: variant.taxRateBps, discount: null, fixedGross, salespersonId: null,
  };
}

/** Adds a variant: a plain piece item already in the cart gets one more; weighed goods always get their own line. */
function addVariant(scope: IntentScope, variant: VariantView, quantity: number | null, fixedGross: Money | null): Result<CartState> {
  if (!variant.active) return err('ITEM_INACTIVE', `${variant.title} is no longer sold`, { variantId: variant.variantId });
  const { cart } = scope;
  const q = quantity ?? (variant.unit === 'each' ? 1 : 1000);
  // The amount added must be a valid quantity itself: adding 0 or a negative amount to a line is not a way to lower it.
  const adding = checkQuantity(q, variant.unit);
  if (!adding.ok) return adding;
  const existing = variant.unit === 'each' && fixedGross === null
    ? cart.lines.find((l) => l.variantId === variant.variantId && l.fixedGross === null && l.unitPrice === l.catalogPrice && l.discount === null)
    : undefined;
  const checked = checkQuantity(existing ? existing.quantity + q : q, variant.unit);
  if (!checked.ok) return checked;
  if (existing) {
    existing.quantity = checked.value;
    cart.lines.splice(cart.lines.indexOf(existing), 1);
    cart.lines.push(existing); // the line just scanned shows last
  } else cart.lines.push(newLine(variant, checked.value, fixedGross));
  scope.grew.add(variant.variantId);
  return ok(cart);
}

// ——— intents ———

export function scanItem(db: Db, actor: Actor, opId: string, code: string, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'scan', ctx, (scope) => {
    const found = lookupBarcode(scope.tx.db, String(code ?? ''), ctx.scale, scope.cart.branchId);
    if (!found.ok) return found;
    const { variant, quantity, embeddedPrice } = found.value;
    if (embeddedPrice !== null) {
      const grams = variant.price > 0 ? Number(scaleMoney(embeddedPrice, 1000, variant.price, 'half-up')) : 1;
      return addVariant(scope, variant, Math.max(grams, 1), embeddedPrice);
    }
    return addVariant(scope, variant, quantity, null);
  });
}

export function addItem(db: Db, actor: Actor, opId: string, input: { variantId: string; quantity?: number }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'add', ctx, (scope) => {
    const variant = getVariants(scope.tx.db, [input.variantId], scope.cart.branchId).get(input.variantId);
    if (!variant) return err('VARIANT_NOT_FOUND', 'no such item', { variantId: input.variantId });
    return addVariant(scope, variant, input.quantity ?? null, null);
  });
}

export function setQuantity(db: Db, actor: Actor, opId: string, input: { lineId: string; quantity: number }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'setQty', ctx, (scope) => {
    const line = findLine(scope.cart, input.lineId);
    if (!line.ok) return line;
    const checked = checkQuantity(input.quantity, line.value.unit);
    if (!checked.ok) return checked;
    if (checked.value > line.value.quantity) scope.grew.add(line.value.variantId);
    line.value.quantity = checked.value;
    if (line.value.fixedGross !== null) line.value.fixedGross = null; // a retyped weight prices by weight again
    return ok(scope.cart);
  });
}

export function removeLine(db: Db, actor: Actor, opId: string, input: { lineId: string }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'removeLine', ctx, (scope) => {
    const line = findLine(scope.cart, input.lineId);
    if (!line.ok) return line;
    scope.cart.lines = scope.cart.lines.filter((l) => l.lineId !== input.lineId);
    return ok(scope.cart);
  });
}

function auditDiscount(scope: IntentScope, approverId: string | null, details: Record<string, unknown>, amount: Money) {
  if (!approverId) return;
  appendAudit(scope.tx, {
    action: 'sale.discount_approved', staffId: scope.actor.staffId, approverId, counterId: scope.cart.counterId, branchId: scope.cart.branchId,
    deviceId: scope.actor.deviceId, entityType: 'order', entityId: scope.cart.orderId, amount, details,
  }, scope.ctx.now);
}

export function setLineDiscount(db: Db, actor: Actor, opId: string, input: { lineId: string; discount: Discount | null; approvalId?: string | null }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'lineDiscount', ctx, (scope) => {
    const line = findLine(scope.cart, input.lineId);
    if (!line.ok) return line;
    if (input.discount) {
      const valid = checkDiscount(input.discount);
      if (!valid.ok) return valid;
      const gross = lineGross(line.value);
      const bps = discountBps(input.discount, gross);
      const auth = authorizeDiscount(scope.tx, actor, bps, gross, input.approvalId, ctx.now);
      if (!auth.ok) return auth;
      auditDiscount(scope, auth.value.approverId, { lineId: input.lineId, discount: input.discount, bps }, gross);
    }
    line.value.discount = input.discount;
    return ok(scope.cart);
  });
}

export function setOrderDiscount(db: Db, actor: Actor, opId: string, input: { discount: Discount | null; approvalId?: string | null }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'orderDiscount', ctx, (scope) => {
    if (input.discount) {
      const valid = checkDiscount(input.discount);
      if (!valid.ok) return valid;
      const base = sumMoney(scope.cart.lines.map((l) => lineGross(l)));
      const bps = discountBps(input.discount, base);
      const auth = authorizeDiscount(scope.tx, actor, bps, base, input.approvalId, ctx.now);
      if (!auth.ok) return auth;
      auditDiscount(scope, auth.value.approverId, { order: true, discount: input.discount, bps }, base);
    }
    scope.cart.orderDiscount = input.discount;
    return ok(scope.cart);
  });
}

export function overridePrice(db: Db, actor: Actor, opId: string, input: { lineId: string; unitPrice: Money; reason?: string; approvalId?: string | null }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'priceOverride', ctx, (scope) => {
    const line = findLine(scope.cart, input.lineId);
    if (!line.ok) return line;
    if (!Number.isSafeInteger(input.unitPrice) || input.unitPrice < 0) return err('INVALID_AMOUNT', 'a price cannot be negative', { unitPrice: input.unitPrice });
    const auth = authorizePriceOverride(scope.tx, actor, input.approvalId, ctx.now);
    if (!auth.ok) return auth;
    appendAudit(scope.tx, {
      action: 'sale.price_overridden', staffId: actor.staffId, approverId: auth.value.approverId, counterId: scope.cart.counterId, branchId: scope.cart.branchId,
      deviceId: actor.deviceId, entityType: 'order', entityId: scope.cart.orderId, reason: input.reason ?? null, amount: input.unitPrice,
      details: { variantId: line.value.variantId, from: line.value.unitPrice, to: input.unitPrice },
    }, ctx.now);
    line.value.unitPrice = input.unitPrice;
    line.value.fixedGross = null;
    return ok(scope.cart);
  });
}

export function setCustomer(db: Db, actor: Actor, opId: string, input: { customerId?: string | null; newCustomer?: NewCustomer }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'customer', ctx, (scope) => {
    if (input.newCustomer) {
      const created = createCustomer(scope.tx.db, input.newCustomer, ctx.now);
      if (!created.ok) return created;
      scope.cart.customer = { id: created.value.id, name: created.value.name, phone: created.value.phone };
      return ok(scope.cart);
    }
    if (!input.customerId) {
      scope.cart.customer = null;
      return ok(scope.cart);
    }
    const customer = getCustomer(scope.tx.db, input.customerId);
    if (!customer) return err('CUSTOMER_NOT_FOUND', 'no such customer', { customerId: input.customerId });
    scope.cart.customer = { id: customer.id, name: customer.name, phone: customer.phone };
    return ok(scope.cart);
  });
}

export function setSalesperson(db: Db, actor: Actor, opId: string, input: { staffId: string | null; lineId?: string | null }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'salesperson', ctx, (scope) => {
    if (input.staffId && !scope.tx.db.$client.prepare('select 1 from staff where id = ?').get(input.staffId)) {
      return err('VALIDATION_FAILED', 'no such staff member', { staffId: input.staffId });
    }
    if (input.lineId) {
      const line = findLine(scope.cart, input.lineId);
      if (!line.ok) return line;
      line.value.salespersonId = input.staffId;
    } else scope.cart.salespersonId = input.staffId;
    return ok(scope.cart);
  });
}

export function setNote(db: Db, actor: Actor, opId: string, input: { note: string }, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'note', ctx, (scope) => {
    if (typeof input.note !== 'string' || input.note.length > 500) return err('VALIDATION_FAILED', 'a note is up to 500 characters', { field: 'note' });
    scope.cart.note = input.note;
    return ok(scope.cart);
  });
}

/** Empties the cart (a new sale with a new order id); nothing was sold, so nothing moves. */
export function clearCart(db: Db, actor: Actor, opId: string, ctx: CartContext): Result<CartView> {
  return applyIntent(db, actor, opId, 'clear', ctx, (scope) => ok(emptyCart(scope.tx.db, scope.cart.counterId, scope.cart.branchId)));
}

export interface CheckoutResult {
  order: OrderView;
  /** The fresh cart for the next customer. */
  cart: CartView;
}

/**
 * Completes the counter's cart as a sale with these tenders, and opens a fresh cart, in one transaction.
 * A retried checkout (same operation id, or a cart already completed) returns the same order.
 */
export function checkoutCart(db: Db, actor: Actor, opId: string, input: { tenders: TenderEntry[]; orderId: string }, ctx: CartContext): Result<CheckoutResult> {
  const done = getOrder(db, input.orderId);
  if (done) {
    const cart = getCart(db, done.counterId, ctx);
    return cart.ok ? ok({ order: done, cart: cart.value }) : cart;
  }
  let order: OrderView | null = null;
  const cart = applyIntent(db, actor, opId, 'checkout', ctx, (scope) => {
    const c = scope.cart;
    if (input.orderId !== c.orderId) return err('ORDER_CONFLICT', 'the cart on this counter has changed; check it and pay again', { orderId: c.orderId });
    if (c.lines.length === 0) return err('CART_EMPTY', 'the cart is empty');
    const sold = completeSale(scope.tx.db, actor, {
      // The sale happens now, at the counter: it goes into the counter's open shift (the rescue path is for
      // sales that arrive late from elsewhere, which name their shift).
      orderId: c.orderId, counterId: c.counterId, shiftId: null, customerId: c.customer?.id ?? null, salespersonId: c.salespersonId, note: c.note,
      lines: c.lines.map((l) => ({
        variantId: l.variantId, quantity: l.quantity, unitPrice: l.unitPrice === l.catalogPrice ? null : l.unitPrice, discount: l.discount,
        salespersonId: l.salespersonId, fixedGross: l.fixedGross,
      })),
      orderDiscount: c.orderDiscount, tenders: input.tenders,
    }, { settings: ctx.settings, effects: ctx.effects, now: ctx.now, source: 'counter', preAuthorized: true });
    if (!sold.ok) return sold;
    order = sold.value;
    // Answers to old intents are kept a day for replays, then dropped.
    prepared(scope.tx.db).pruneOps.run(c.counterId, ctx.now - OP_RETENTION_MS);
    return ok(emptyCart(scope.tx.db, c.counterId, c.branchId));
  });
  if (!cart.ok) return cart;
  const completed = order ?? getOrder(db, input.orderId);
  if (!completed) return err('ORDER_CONFLICT', 'the cart on this counter has changed; check it and pay again', { orderId: input.orderId });
  return ok({ order: completed, cart: cart.value });
}
