// Test builders with overridable defaults: aConfig(), aBranch(db), aProduct(db, { price: '250.00' }), testDeps().
import { loadConfig, type Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { transaction } from '../db/transaction.ts';
import { createBranch, type BranchSummary } from '../domain/branch/index.ts';
import { addProducts, type VariantUnit } from '../domain/catalog/index.ts';
import { recordMovements } from '../domain/inventory/index.ts';
import type { BoxDeps } from '../http/context.ts';
import { silentLogger } from '../logger.ts';
import { newId, type Id } from '../shared/ids.ts';
import { parseMoney } from '../shared/money.ts';
import { unwrap } from '../shared/result.ts';
import { testDb } from './db.ts';
import { FakeClock } from './fake-clock.ts';

export function aConfig(overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  return loadConfig({ env: {}, flags: { dataDir: '/tmp/ismartsync-test-unused', logLevel: 'silent', ...overrides } });
}

export function aBranch(db: Db, overrides: { code?: string; name?: string; counters?: string[] } = {}): BranchSummary {
  return createBranch(db, aConfig(), {
    code: overrides.code ?? 'TST1',
    name: overrides.name ?? 'Test Branch',
    counters: (overrides.counters ?? ['C1', 'C2']).map((code, i) => ({ code, name: `Counter ${i + 1}` })),
  }, Date.UTC(2026, 0, 1));
}

export interface VariantOverrides {
  title?: string;
  sku?: string;
  price?: string;
  barcode?: string | null;
  unit?: VariantUnit;
  stock?: number;
  branchId?: Id<'Branch'>;
}

/** One product with one variant (and its barcode and opening stock); returns the variant id. */
export function aVariant(db: Db, overrides: VariantOverrides = {}): Id<'Variant'> {
  const productId = newId<'Product'>();
  const variantId = newId<'Variant'>();
  const now = Date.UTC(2026, 0, 1);
  transaction(db, (tx) => {
    addProducts(tx, [{
      id: productId, title: overrides.title ?? 'Test Kurta', vendor: 'Test Vendor', productType: 'Kurta', categoryId: null,
      variants: [{
        id: variantId, title: 'M / Black', sku: overrides.sku ?? `SKU-${variantId.slice(-6)}`,
        price: unwrap(parseMoney(overrides.price ?? '1990.00', 2)), compareAtPrice: null, taxClassId: null,
        unit: overrides.unit ?? 'each', barcodes: overrides.barcode === null ? [] : [overrides.barcode ?? `2000${variantId.slice(-9).replace(/\D/g, '0')}`],
      }],
    }], now);
    if (overrides.stock && overrides.branchId) {
      recordMovements(tx, [{ variantId, branchId: overrides.branchId, delta: overrides.stock, reason: 'opening', documentType: 'test', documentId: 'test' }], now);
    }
  });
  return variantId;
}

/** Dependencies for an app under test: in-memory db, fake clock, silent logger. */
export function testDeps(overrides: Partial<BoxDeps> = {}): BoxDeps & { clock: FakeClock } {
  const clock = new FakeClock();
  return {
    config: aConfig(),
    db: testDb(),
    logger: silentLogger,
    version: '0.0.0-test',
    startedAt: clock.now(),
    ...overrides,
    clock: (overrides.clock as FakeClock | undefined) ?? clock,
  };
}
