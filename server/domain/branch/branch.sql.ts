// Tables of the branch room: the branch this box serves and its counters.
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn } from '../../db/columns.ts';

export const branches = sqliteTable('branches', {
  id: idColumn<'Branch'>().primaryKey(),
  /** Short code printed in receipt numbers, e.g. LHR1. */
  code: text().notNull().unique(),
  name: text().notNull(),
  address: text().notNull().default(''),
  timeZone: text().notNull(),
  currency: text().notNull(),
  demo: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: instantColumn().notNull(),
});

export const counters = sqliteTable(
  'counters',
  {
    id: idColumn<'Counter'>().primaryKey(),
    branchId: idColumn<'Branch'>().notNull().references(() => branches.id),
    /** Short code printed in receipt numbers, e.g. C2. */
    code: text().notNull(),
    name: text().notNull(),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    createdAt: instantColumn().notNull(),
  },
  (t) => [uniqueIndex('counters_branch_code').on(t.branchId, t.code)],
);
