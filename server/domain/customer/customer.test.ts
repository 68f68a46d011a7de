import { describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/result.ts';
import { testDb } from '../../test/db.ts';
import { createCustomer, searchCustomers } from './customer.service.ts';

describe('customers', () => {
  function book() {
    const db = testDb();
    unwrap(createCustomer(db, { name: 'Ayesha Khan', phone: '0300-1234567', email: 'ayesha@example.pk' }, 1));
    unwrap(createCustomer(db, { name: 'Bilal Ahmed', phone: '+92 321 5550001' }, 1));
    unwrap(createCustomer(db, { name: '100% Cotton Traders' }, 1));
    return db;
  }

  it.each([
    ['phone digits typed any way', '0300 123', ['Ayesha Khan']],
    ['part of a name, any case', 'bil', ['Bilal Ahmed']],
    ['an email prefix', 'ayesha@', ['Ayesha Khan']],
    ['a literal percent sign', '100%', ['100% Cotton Traders']],
    ['one letter (too short)', 'a', []],
  ])('finds by %s', (_name, query, names) => {
    expect(searchCustomers(book(), query).map((c) => c.name)).toEqual(names);
  });

  it('stores phones as digits, returns the same customer for a replayed id, and refuses a bad email', () => {
    const db = testDb();
    const id = '01936f00-0000-7000-8000-0000000000aa' as never;
    const first = unwrap(createCustomer(db, { id, name: ' Sana ', phone: '0300-765 4321' }, 1));
    expect(first).toMatchObject({ name: 'Sana', phone: '03007654321' });
    expect(unwrap(createCustomer(db, { id, name: 'Someone else' }, 2))).toEqual(first);
    const bad = createCustomer(db, { name: 'X', email: 'not-an-email' }, 1);
    expect(!bad.ok && bad.error.code).toBe('VALIDATION_FAILED');
  });
});
