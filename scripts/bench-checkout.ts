// Benchmark: in-server sale commit (completeSale) against raw better-sqlite3 inserts of the same rows, file DB, synchronous=FULL.
// Run: npx tsx scripts/bench-checkout.ts [sales]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/db/connection.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import { completeSale } from '../server/domain/sale/index.ts';
import { newId } from '../server/shared/ids.ts';
import { minor } from '../server/shared/money.ts';
import { unwrap } from '../server/shared/result.ts';
import { aCheckoutWorld } from '../server/test/checkout-builders.ts';

const sales = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'bench-checkout-'));
const db = openDatabase(join(dir, 'box.sqlite'));
migrateDatabase(db);
if (process.env.BENCH_SYNC) db.$client.pragma(`synchronous = ${process.env.BENCH_SYNC}`);
const w = aCheckoutWorld({ db });
const variants = [w.variant({ stock: 1e6 }), w.variant({ stock: 1e6 }), w.variant({ stock: 1e6 })];
const input = () => ({ orderId: newId<'Order'>(), lines: variants.map((variantId) => ({ variantId, quantity: 1 })), tenders: [{ method: 'cash' as const, amount: minor(1_000_000) }] });

const percentile = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
for (let i = 0; i < 200; i++) unwrap(completeSale(db, w.cashier, input(), w.ctx()));
const times: number[] = [];
let started = performance.now();
for (let i = 0; i < sales; i++) {
  const t = performance.now();
  unwrap(completeSale(db, w.cashier, input(), { ...w.ctx(), now: Date.now() }));
  times.push(performance.now() - t);
}
const serviceRate = sales / ((performance.now() - started) / 1000);

// The same rows, written raw: order, 3 lines, 1 payment, 3 movements + level upserts, shift totals, receipt seq, outbox.
const c = db.$client;
const order = c.prepare(`insert into orders (id, branch_id, counter_id, shift_id, receipt_number, receipt_seq, business_date, status, source, note, prices_include_tax,
  subtotal, discount_total, tax_total, total, rounding, amount_due, tendered, change, request_hash, created_at) values (?, ?, ?, ?, ?, ?, '2026-11-23', 'completed', 'counter', '', 1, 1, 0, 0, 1, 0, 1, 1, 0, 'x', 1)`);
const line = c.prepare(`insert into order_lines (id, order_id, line_no, variant_id, title, sku, unit, quantity, unit_price, catalog_price, gross, line_discount, order_discount,
  tax_rate_bps, tax, net, total) values (?, ?, ?, ?, 't', 's', 'each', 1, 1, 1, 1, 0, 0, 0, 0, 1, 1)`);
const pay = c.prepare("insert into payments (id, order_id, method, amount, tendered, change, created_at) values (?, ?, 'cash', 1, 1, 0, 1)");
const move = c.prepare("insert into stock_movements (id, variant_id, branch_id, delta, reason, document_type, document_id, created_at) values (?, ?, ?, -1, 'sale', 'sale', ?, 1)");
const level = c.prepare('update stock_levels set on_hand = on_hand - 1 where variant_id = ? and branch_id = ?');
const seq = c.prepare("update receipt_sequences set last_seq = last_seq + 1 where counter_id = ? returning last_seq");
const shift = c.prepare('update shifts set sales_count = sales_count + 1 where id = ?');
const outbox = c.prepare(`insert into outbox (id, target, kind, document_type, document_id, idempotency_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
  values (?, 'shopify', 'inventory_delta', 'sale', ?, ?, '{}', 'PENDING', 0, 1, 1, 1)`);
const shiftId = (c.prepare("select id from shifts where status = 'open'").get() as { id: string }).id;
const raw = c.transaction((i: number) => {
  const id = newId();
  const s = (seq.get(w.counters[0]!.id) as { last_seq: number }).last_seq;
  order.run(id, w.branch.id, w.counters[0]!.id, shiftId, `RAW-${i}`, s);
  variants.forEach((v, n) => { line.run(newId(), id, n + 1, v); move.run(newId(), v, w.branch.id, id); level.run(v, w.branch.id); });
  pay.run(newId(), id);
  shift.run(shiftId);
  outbox.run(newId(), id, newId());
});
started = performance.now();
for (let i = 0; i < sales; i++) raw.immediate(i);
const rawRate = sales / ((performance.now() - started) / 1000);
console.log(JSON.stringify({ sales, serviceRate: Math.round(serviceRate), rawRate: Math.round(rawRate), ratio: +(serviceRate / rawRate).toFixed(2), p50ms: +percentile(times, 0.5).toFixed(3), p99ms: +percentile(times, 0.99).toFixed(3) }));
db.$client.close();
rmSync(dir, { recursive: true, force: true });
