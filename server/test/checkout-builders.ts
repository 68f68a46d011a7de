// Test world for checkout: a branch with counters, staff actors, stock, an open shift, and recorded sale effects.
import type { Db } from '../db/connection.ts';
import { listCounters, type BranchSummary, type CounterSummary } from '../domain/branch/index.ts';
import { saleSettings, type SaleEffects, type SaleContext, type SaleCompleted, type ReceiptPrintRequest, type QuotePrintRequest, type StockLevel } from '../domain/sale/index.ts';
import { openShift } from '../domain/shift/index.ts';
import type { Actor } from '../domain/staff/index.ts';
import type { Id } from '../shared/ids.ts';
import { minor } from '../shared/money.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch, aConfig, aVariant, type VariantOverrides } from './builders.ts';
import { testDb } from './db.ts';
import { FakeClock } from './fake-clock.ts';
import { anActor } from './staff-builders.ts';

/** Sale effects that record what they were asked to do. */
export function recordingEffects() {
  const seen = { sales: [] as SaleCompleted[], stock: [] as StockLevel[][], prints: [] as ReceiptPrintRequest[], quotes: [] as QuotePrintRequest[] };
  const effects: SaleEffects = {
    events: { saleCompleted: (e) => seen.sales.push(e), stockChanged: (_b, levels) => seen.stock.push(levels) },
    printer: { requestReceipt: (r) => seen.prints.push(r), requestQuote: (q) => seen.quotes.push(q) },
  };
  return { effects, seen };
}

export interface CheckoutWorld {
  db: Db;
  clock: FakeClock;
  branch: BranchSummary;
  counters: CounterSummary[];
  cashier: Actor;
  manager: Actor;
  config: ReturnType<typeof aConfig>;
  effects: SaleEffects;
  seen: ReturnType<typeof recordingEffects>['seen'];
  ctx(overrides?: Partial<SaleContext>): SaleContext;
  variant(overrides?: VariantOverrides): Id<'Variant'>;
}

export function aCheckoutWorld(options: { db?: Db; config?: Parameters<typeof aConfig>[0]; openShift?: boolean } = {}): CheckoutWorld {
  const db = options.db ?? testDb();
  const clock = new FakeClock();
  const branch = aBranch(db);
  const counters = listCounters(db, branch.id);
  const cashier = anActor(db, { role: 'cashier', counterId: counters[0]!.id });
  const manager = anActor(db, { role: 'manager', counterId: counters[0]!.id });
  const config = aConfig(options.config ?? {});
  const { effects, seen } = recordingEffects();
  if (options.openShift ?? true) unwrap(openShift(db, manager, { counterId: counters[0]!.id, openingFloat: minor(500000) }, clock.now(), config.timeZone));
  return {
    db, clock, branch, counters, cashier, manager, config, effects, seen,
    ctx: (overrides = {}) => ({ settings: saleSettings(config), effects, now: clock.now(), source: 'counter', ...overrides }),
    variant: (overrides = {}) => aVariant(db, { branchId: branch.id, stock: 10, ...overrides }),
  };
}
