// Tables of the customer room: customers attached to sales and drafts.
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn } from '../../db/columns.ts';

export const customers = sqliteTable(
  'customers',
  {
    id: idColumn<'Customer'>().primaryKey(),
    name: text().notNull(),
    /** Digits only (a leading + kept), so 0300-1234567 and 03001234567 match. */
    phone: text().notNull().default(''),
    email: text().notNull().default(''),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
  },
  (t) => [index('customers_phone').on(t.phone), index('customers_name').on(t.name)],
);
