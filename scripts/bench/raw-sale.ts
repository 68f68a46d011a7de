// The raw baseline for sale-commit: the rows one real sale wrote, re-inserted by plain better-sqlite3 transactions.
import type Database from 'better-sqlite3';
import { newId } from '../../server/shared/ids.ts';

type Row = Record<string, unknown>;

/** Rows of a committed order, by table, read back from the database it was written to. */
function rowsOfSale(db: Database.Database, orderId: string): Record<string, Row[]> {
  return {
    orders: db.prepare('select * from orders where id = ?').all(orderId) as Row[],
    order_lines: db.prepare('select * from order_lines where order_id = ?').all(orderId) as Row[],
    payments: db.prepare('select * from payments where order_id = ?').all(orderId) as Row[],
    stock_movements: db.prepare('select * from stock_movements where document_id = ?').all(orderId) as Row[],
    outbox: db.prepare('select * from outbox where document_id = ?').all(orderId) as Row[],
  };
}

/**
 * Returns a function that writes one more sale's worth of the same rows (fresh ids and numbers) in one
 * `BEGIN IMMEDIATE` transaction, plus the same cached-level, shift-total and receipt-sequence updates. Lines rotate
 * through `variantIds` as the API benchmark's sales do, so both touch the same spread of pages.
 */
export function rawSaleWriter(db: Database.Database, templateOrderId: string, variantIds: readonly string[]): () => void {
  const template = rowsOfSale(db, templateOrderId);
  const order = template.orders?.[0];
  if (!order) throw new Error(`no order ${templateOrderId}`);
  const inserts = Object.fromEntries(Object.entries(template).map(([table, rows]) => {
    const columns = Object.keys(rows[0] ?? {});
    return [table, { rows, statement: db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`), columns }];
  }));
  const level = db.prepare('update stock_levels set on_hand = on_hand + ?, updated_at = ? where variant_id = ? and branch_id = ?');
  const sequence = db.prepare('update receipt_sequences set last_seq = last_seq + 1 where counter_id = ? returning last_seq');
  const shift = db.prepare('update shifts set sales_count = sales_count + 1, sales_total = sales_total + ? where id = ?');
  const tender = db.prepare('update shift_tender_totals set amount = amount + ?, count = count + 1 where shift_id = ? and method = ?');
  let n = 0;
  const write = db.transaction(() => {
    n += 1;
    const orderId = newId();
    const seq = (sequence.get(order.counter_id) as { last_seq: number }).last_seq;
    const variantOf = (line: number) => variantIds[(n * 3 + line) % variantIds.length]!;
    for (const [table, { rows, statement, columns }] of Object.entries(inserts)) {
      for (const [line, row] of rows.entries()) {
        statement.run(...columns.map((c) => {
          if (c === 'variant_id') return variantOf(line);
          if (c === 'id') return table === 'orders' ? orderId : newId();
          if (c === 'order_id' || c === 'document_id') return orderId;
          if (c === 'receipt_number') return `RAW-${seq}-${n}`;
          if (c === 'receipt_seq') return seq;
          if (c === 'idempotency_key') return newId();
          return row[c];
        }));
      }
    }
    for (const [line, m] of (template.stock_movements ?? []).entries()) level.run(m.delta, Date.now(), variantOf(line), m.branch_id);
    shift.run(order.total ?? 0, order.shift_id);
    for (const p of template.payments ?? []) tender.run(p.amount, order.shift_id, p.method);
  });
  return () => write.immediate();
}
