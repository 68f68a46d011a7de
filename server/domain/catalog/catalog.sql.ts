// Tables of the catalog room: tax classes, categories, products, variants and their barcodes.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn, moneyColumn } from '../../db/columns.ts';

export const taxClasses = sqliteTable('tax_classes', {
  id: idColumn<'TaxClass'>().primaryKey(),
  name: text().notNull().unique(),
  /** Rate in basis points: 1,800 = 18 %. */
  rateBps: integer().notNull(),
  createdAt: instantColumn().notNull(),
});

export const categories = sqliteTable('categories', {
  id: idColumn<'Category'>().primaryKey(),
  name: text().notNull(),
  parentId: idColumn<'Category'>(),
  createdAt: instantColumn().notNull(),
});

export const products = sqliteTable(
  'products',
  {
    id: idColumn<'Product'>().primaryKey(),
    title: text().notNull(),
    vendor: text().notNull().default(''),
    productType: text().notNull().default(''),
    categoryId: idColumn<'Category'>().references(() => categories.id),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    shopifyProductId: text().unique(),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
  },
  (t) => [index('products_category').on(t.categoryId)],
);

/** How a variant is counted: whole pieces, or grams / millilitres for weighed and measured goods. */
export type VariantUnit = 'each' | 'g' | 'ml';

export const variants = sqliteTable(
  'variants',
  {
    id: idColumn<'Variant'>().primaryKey(),
    productId: idColumn<'Product'>().notNull().references(() => products.id),
    title: text().notNull(),
    sku: text().notNull().default(''),
    /** Price per unit; for `g`/`ml` variants, per 1,000 units (per kg / litre). */
    price: moneyColumn().notNull(),
    compareAtPrice: moneyColumn(),
    taxClassId: idColumn<'TaxClass'>().references(() => taxClasses.id),
    unit: text().$type<VariantUnit>().notNull().default('each'),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    shopifyVariantId: text().unique(),
    shopifyInventoryItemId: text(),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
  },
  (t) => [index('variants_product').on(t.productId), index('variants_sku').on(t.sku)],
);

export const variantBarcodes = sqliteTable(
  'variant_barcodes',
  {
    barcode: text().primaryKey(),
    variantId: idColumn<'Variant'>().notNull().references(() => variants.id),
  },
  (t) => [index('variant_barcodes_variant').on(t.variantId)],
);

/**
 * In-store EAN-13s the box gave variants that had no barcode (local only: never pushed to Shopify). The code is also a
 * row of variant_barcodes, so scans and search find it; this table marks it so a Shopify re-import keeps it.
 */
export const internalBarcodes = sqliteTable('internal_barcodes', {
  variantId: idColumn<'Variant'>().primaryKey().references(() => variants.id),
  barcode: text().notNull().unique(),
  assignedBy: text(),
  assignedAt: instantColumn().notNull(),
});
