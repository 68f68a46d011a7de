// Seeds an empty database with the demo branch, counters, staff, tax classes, categories, catalog and opening stock.
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { transaction, type Tx } from '../db/transaction.ts';
import { createBranch, findBranch, type BranchSummary } from '../domain/branch/index.ts';
import { addProducts, type NewProduct } from '../domain/catalog/index.ts';
import { recordMovements, type MovementInput } from '../domain/inventory/index.ts';
import { categories, taxClasses } from '../domain/catalog/catalog.sql.ts';
import type { Clock } from '../shared/clock.ts';
import { newId, type Id } from '../shared/ids.ts';
import { DEMO_TAX_RATES, generateDemoCatalog, type DemoProduct, type DemoTaxClass } from './demo-catalog.ts';
import { seedDemoStaff } from './demo-staff.ts';

export interface SeedSummary {
  branch: BranchSummary;
  products: number;
  variants: number;
  ms: number;
}

const BATCH_PRODUCTS = 500;

/** Seeds the demo data into an empty database (refused when it already has a branch); `counters` defaults to 3. */
export function seedDemo(db: Db, config: Config, clock: Clock, options: { variants: number; counters?: number }): SeedSummary {
  if (findBranch(db)) throw new Error('the database already has a branch; seed-demo only fills an empty box');
  const started = performance.now();
  const now = clock.now();
  const branch = createBranch(db, config, {
    code: 'LHR1', name: 'Johar Town, Lahore', address: '12-B Main Boulevard, Johar Town, Lahore', demo: true,
    counters: Array.from({ length: options.counters ?? 3 }, (_, i) => ({ code: `C${i + 1}`, name: `Counter ${i + 1}` })),
  }, now);

  seedDemoStaff(db, branch, now);

  const taxClassIds = new Map<DemoTaxClass, Id<'TaxClass'>>();
  const categoryIds = new Map<string, Id<'Category'>>();
  transaction(db, (tx) => {
    for (const [name, rateBps] of Object.entries(DEMO_TAX_RATES) as Array<[DemoTaxClass, number]>) {
      const id = newId<'TaxClass'>();
      tx.db.insert(taxClasses).values({ id, name, rateBps, createdAt: now }).run();
      taxClassIds.set(name, id);
    }
  });

  const categoryOf = (tx: Tx, path: string): Id<'Category'> => {
    const known = categoryIds.get(path);
    if (known) return known;
    const [parentName, childName] = path.split(' / ') as [string, string];
    let parentId = categoryIds.get(parentName);
    if (!parentId) {
      parentId = newId<'Category'>();
      tx.db.insert(categories).values({ id: parentId, name: parentName, parentId: null, createdAt: now }).run();
      categoryIds.set(parentName, parentId);
    }
    const id = newId<'Category'>();
    tx.db.insert(categories).values({ id, name: childName, parentId, createdAt: now }).run();
    categoryIds.set(path, id);
    return id;
  };

  let products = 0;
  let variants = 0;
  let batch: DemoProduct[] = [];
  const flush = () => {
    transaction(db, (tx) => {
      const rows: NewProduct[] = [];
      const movements: MovementInput[] = [];
      for (const product of batch) {
        const productId = newId<'Product'>();
        rows.push({
          id: productId, title: product.title, vendor: product.vendor, productType: product.productType,
          categoryId: categoryOf(tx, product.category),
          variants: product.variants.map((v) => {
            const id = newId<'Variant'>();
            if (v.stock > 0) {
              movements.push({ variantId: id, branchId: branch.id, delta: v.stock, reason: 'opening', documentType: 'demo_seed', documentId: branch.id });
            }
            return {
              id, title: v.title, sku: v.sku, price: v.price, compareAtPrice: v.compareAtPrice,
              taxClassId: taxClassIds.get(product.taxClass) ?? null, unit: v.unit, barcodes: v.barcode ? [v.barcode] : [],
            };
          }),
        });
      }
      addProducts(tx, rows, now);
      recordMovements(tx, movements, now);
    });
    batch = [];
  };

  for (const product of generateDemoCatalog(options.variants)) {
    batch.push(product);
    products += 1;
    variants += product.variants.length;
    if (batch.length >= BATCH_PRODUCTS) flush();
  }
  if (batch.length > 0) flush();
  return { branch, products, variants, ms: Math.round(performance.now() - started) };
}
