// Customer commands and queries: create (idempotent by id), find by id, search by name or phone.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction } from '../../db/transaction.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';

export interface CustomerView {
  id: Id<'Customer'>;
  name: string;
  phone: string;
  email: string;
}

export interface NewCustomer {
  id?: Id<'Customer'>;
  name: string;
  phone?: string;
  email?: string;
}

function prepared(db: Db): { byId: Database.Statement; insert: Database.Statement; search: Database.Statement } {
  return preparedOnce(db, 'customer.service', () => {
    const c = db.$client;
    return {
      byId: c.prepare('select id, name, phone, email from customers where id = ?'),
      insert: c.prepare('insert into customers (id, name, phone, email, created_at, updated_at) values (?, ?, ?, ?, ?, ?)'),
      search: c.prepare(`select id, name, phone, email from customers
        where (@phone <> '' and phone like @phone || '%') or name like '%' || @q || '%' escape '\\' or email like @q || '%' escape '\\'
        order by name limit @limit`),
    };
  });
}

/** Digits only, keeping a leading +: "0300-123 4567" → "03001234567". */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}

export function getCustomer(db: Db, id: string): CustomerView | null {
  return (prepared(db).byId.get(id) as CustomerView | undefined) ?? null;
}

/** Creates a customer; a replay with the same id returns the first one. */
export function createCustomer(db: Db, input: NewCustomer, now: number): Result<CustomerView> {
  const name = input.name.trim();
  if (name === '' || name.length > 120) return err('VALIDATION_FAILED', 'a customer needs a name of up to 120 characters', { field: 'name' });
  const email = (input.email ?? '').trim();
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return err('VALIDATION_FAILED', `"${email}" is not an email address`, { field: 'email' });
  const s = prepared(db);
  if (input.id) {
    const existing = getCustomer(db, input.id);
    if (existing) return ok(existing);
  }
  const customer: CustomerView = { id: input.id ?? newId<'Customer'>(), name, phone: normalizePhone(input.phone ?? ''), email };
  transaction(db, () => s.insert.run(customer.id, customer.name, customer.phone, customer.email, now, now));
  return ok(customer);
}

/** Customers whose phone starts with the digits typed, or whose name contains the text. */
export function searchCustomers(db: Db, query: string, limit = 20): CustomerView[] {
  const q = query.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  if (q.length < 2) return [];
  const digits = normalizePhone(query);
  return prepared(db).search.all({ q, phone: digits.replace('+', '').length >= 3 ? digits : '', limit }) as CustomerView[];
}
