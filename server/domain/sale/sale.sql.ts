// Tables of the sale room: orders with their lines (tax and discount snapshots) and payments; receipt numbers.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn, moneyColumn } from '../../db/columns.ts';
import { branches, counters } from '../branch/branch.sql.ts';
import { variants } from '../catalog/catalog.sql.ts';
import { shifts } from '../shift/shift.sql.ts';

export const orders = sqliteTable(
  'orders',
  {
    /** Chosen by the terminal when the cart opened (UUIDv7), so a retried checkout finds the same order. */
    id: idColumn<'Order'>().primaryKey(),
    branchId: idColumn<'Branch'>().notNull().references(() => branches.id),
    counterId: idColumn<'Counter'>().notNull().references(() => counters.id),
    shiftId: idColumn<'Shift'>().notNull().references(() => shifts.id),
    /** Gapless per counter, e.g. LHR1-C2-000123. */
    receiptNumber: text().notNull().unique(),
    receiptSeq: integer().notNull(),
    businessDate: text().notNull(),
    status: text().$type<'completed'>().notNull(),
    source: text().$type<'counter' | 'api'>().notNull(),
    customerId: idColumn<'Customer'>(),
    customerName: text(),
    staffId: text(),
    salespersonId: text(),
    note: text().notNull().default(''),
    pricesIncludeTax: integer({ mode: 'boolean' }).notNull(),
    orderDiscountJson: text(),
    subtotal: moneyColumn().notNull(),
    discountTotal: moneyColumn().notNull(),
    taxTotal: moneyColumn().notNull(),
    /** Σ line totals. */
    total: moneyColumn().notNull(),
    /** Cash rounding: amountDue − total. */
    rounding: moneyColumn().notNull(),
    amountDue: moneyColumn().notNull(),
    tendered: moneyColumn().notNull(),
    change: moneyColumn().notNull(),
    /** SHA-256 of the canonical request, to tell a retry from a different sale reusing the id. */
    requestHash: text().notNull(),
    createdAt: instantColumn().notNull(),
  },
  (t) => [
    uniqueIndex('orders_counter_seq').on(t.counterId, t.receiptSeq),
    index('orders_shift').on(t.shiftId),
    index('orders_business_date').on(t.businessDate),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    id: idColumn<'OrderLine'>().primaryKey(),
    orderId: idColumn<'Order'>().notNull().references(() => orders.id),
    lineNo: integer().notNull(),
    variantId: idColumn<'Variant'>().notNull().references(() => variants.id),
    title: text().notNull(),
    sku: text().notNull(),
    unit: text().notNull(),
    quantity: integer().notNull(),
    /** The price charged per unit (per 1,000 g / ml); differs from catalogPrice after a price override. */
    unitPrice: moneyColumn().notNull(),
    catalogPrice: moneyColumn().notNull(),
    gross: moneyColumn().notNull(),
    lineDiscount: moneyColumn().notNull(),
    orderDiscount: moneyColumn().notNull(),
    /** The line discount as given ({kind, bps|amount}), JSON, or null. */
    discountJson: text(),
    taxRateBps: integer().notNull(),
    tax: moneyColumn().notNull(),
    net: moneyColumn().notNull(),
    total: moneyColumn().notNull(),
    salespersonId: text(),
  },
  (t) => [uniqueIndex('order_lines_order_no').on(t.orderId, t.lineNo), index('order_lines_variant').on(t.variantId)],
);

export const payments = sqliteTable(
  'payments',
  {
    id: idColumn<'Payment'>().primaryKey(),
    orderId: idColumn<'Order'>().notNull().references(() => orders.id),
    method: text().notNull(),
    /** What the till kept (cash: tendered − change). */
    amount: moneyColumn().notNull(),
    tendered: moneyColumn().notNull(),
    change: moneyColumn().notNull(),
    /** Card slip, transfer or wallet transaction reference. */
    reference: text(),
    /** Last digits of the card. */
    last4: text(),
    /** Wallet or bank, e.g. JazzCash, Easypaisa. */
    provider: text(),
    createdAt: instantColumn().notNull(),
  },
  (t) => [index('payments_order').on(t.orderId)],
);

/** The last receipt number used per counter (incremented inside the sale's transaction: gapless). */
export const receiptSequences = sqliteTable('receipt_sequences', {
  counterId: idColumn<'Counter'>().primaryKey().references(() => counters.id),
  lastSeq: integer().notNull(),
});

/** `Idempotency-Key` of POST /api/v1/orders: the same key with a different body is refused. */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  key: text().primaryKey(),
  scope: text().notNull(),
  requestHash: text().notNull(),
  documentId: text().notNull(),
  createdAt: instantColumn().notNull(),
});
