// Tables of the shift room: a counter's shift (float, opener, running totals per tender), ready for close and counts.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn, moneyColumn } from '../../db/columns.ts';
import { branches, counters } from '../branch/branch.sql.ts';

/** open: selling; closed: counted and closed; rescue: opened by the box for sales that arrived for a closed shift. */
export type ShiftStatus = 'open' | 'closed' | 'rescue';

export const shifts = sqliteTable(
  'shifts',
  {
    id: idColumn<'Shift'>().primaryKey(),
    branchId: idColumn<'Branch'>().notNull().references(() => branches.id),
    counterId: idColumn<'Counter'>().notNull().references(() => counters.id),
    status: text().$type<ShiftStatus>().notNull(),
    /** The business day it opened on, YYYY-MM-DD in the branch time zone. */
    businessDate: text().notNull(),
    openedBy: text(),
    openingFloat: moneyColumn().notNull(),
    openedAt: instantColumn().notNull(),
    closedBy: text(),
    closedAt: instantColumn(),
    /** Cash counted at close (later issue). */
    countedCash: moneyColumn(),
    /** For a rescue shift: the closed shift its sales were meant for. */
    rescueOf: idColumn<'Shift'>(),
    salesCount: integer().notNull().default(0),
    salesTotal: moneyColumn().notNull().default(sql`0`),
    note: text().notNull().default(''),
  },
  (t) => [
    uniqueIndex('shifts_one_open_per_counter').on(t.counterId).where(sql`status = 'open'`),
    uniqueIndex('shifts_one_rescue_per_counter').on(t.counterId).where(sql`status = 'rescue' and closed_at is null`),
    index('shifts_business_date').on(t.businessDate),
  ],
);

/** Running totals per tender method, updated by every sale in the shift's transaction. */
export const shiftTenderTotals = sqliteTable(
  'shift_tender_totals',
  {
    shiftId: idColumn<'Shift'>().notNull().references(() => shifts.id),
    method: text().notNull(),
    /** What the drawer or account kept (cash net of change). */
    amount: moneyColumn().notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.shiftId, t.method] })],
);
