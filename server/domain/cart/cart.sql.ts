// Tables of the cart room: the open cart of each counter, the operations applied to it, and parked drafts.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn, moneyColumn } from '../../db/columns.ts';
import { branches, counters } from '../branch/branch.sql.ts';

/** One open cart per counter, as JSON: it survives a kiosk reload and a box restart. */
export const counterSessions = sqliteTable('counter_sessions', {
  counterId: idColumn<'Counter'>().primaryKey().references(() => counters.id),
  branchId: idColumn<'Branch'>().notNull().references(() => branches.id),
  /** The id the sale will have, chosen when the cart opened. */
  orderId: idColumn<'Order'>().notNull(),
  state: text().notNull(),
  version: integer().notNull(),
  updatedAt: instantColumn().notNull(),
});

/** Every applied cart intent by its operation id, with the answer it got, so a replay returns the same answer. */
export const cartOperations = sqliteTable(
  'cart_operations',
  {
    opId: text().primaryKey(),
    counterId: idColumn<'Counter'>().notNull(),
    kind: text().notNull(),
    result: text().notNull(),
    createdAt: instantColumn().notNull(),
  },
  (t) => [index('cart_operations_created').on(t.createdAt)],
);

/** A parked cart: named, with its customer; resumable on any counter of the branch. Moves no stock. */
export const drafts = sqliteTable(
  'drafts',
  {
    id: idColumn<'Draft'>().primaryKey(),
    branchId: idColumn<'Branch'>().notNull().references(() => branches.id),
    name: text().notNull(),
    customerId: idColumn<'Customer'>(),
    customerName: text(),
    state: text().notNull(),
    lineCount: integer().notNull(),
    total: moneyColumn().notNull(),
    createdBy: text(),
    fromCounterId: idColumn<'Counter'>(),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
  },
  (t) => [index('drafts_branch').on(t.branchId, t.updatedAt)],
);
