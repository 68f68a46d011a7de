// Tables of the inventory room: the append-only stock ledger and the cached level per variant and branch.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn } from '../../db/columns.ts';
import { branches } from '../branch/branch.sql.ts';
import { variants } from '../catalog/catalog.sql.ts';

/** Why stock moved. Stock changes only through a business event. */
export type StockReason =
  | 'opening' | 'import_baseline' | 'sale' | 'refund_restock' | 'exchange' | 'transfer_out' | 'transfer_in'
  | 'purchase_receipt' | 'fulfillment' | 'adjustment' | 'count' | 'repair';

export const stockMovements = sqliteTable(
  'stock_movements',
  {
    id: idColumn<'StockMovement'>().primaryKey(),
    variantId: idColumn<'Variant'>().notNull().references(() => variants.id),
    branchId: idColumn<'Branch'>().notNull().references(() => branches.id),
    /** Signed change in the variant's unit (pieces, grams, millilitres). */
    delta: integer().notNull(),
    reason: text().$type<StockReason>().notNull(),
    documentType: text().notNull(),
    documentId: text().notNull(),
    staffId: text(),
    counterId: text(),
    note: text().notNull().default(''),
    createdAt: instantColumn().notNull(),
  },
  (t) => [index('stock_movements_variant_branch').on(t.variantId, t.branchId), index('stock_movements_document').on(t.documentType, t.documentId)],
);

export const stockLevels = sqliteTable(
  'stock_levels',
  {
    variantId: idColumn<'Variant'>().notNull().references(() => variants.id),
    branchId: idColumn<'Branch'>().notNull().references(() => branches.id),
    /** Always the sum of this variant's movements at this branch (`check` proves it). */
    onHand: integer().notNull(),
    updatedAt: instantColumn().notNull(),
  },
  (t) => [primaryKey({ columns: [t.variantId, t.branchId] })],
);

export type StockMovementRow = typeof stockMovements.$inferSelect;
