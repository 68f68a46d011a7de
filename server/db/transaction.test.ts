import { describe, expect, it } from 'vitest';
import { testDb } from '../test/db.ts';
import { setAfterCommitErrorHandler, transaction } from './transaction.ts';

function withTable() {
  const db = testDb();
  db.$client.exec('create table t (v integer not null)');
  const count = () => (db.$client.prepare('select count(*) as n from t').get() as { n: number }).n;
  const insert = (v: number) => db.$client.prepare('insert into t (v) values (?)').run(v);
  return { db, count, insert };
}

describe('transaction', () => {
  it('commits the work and then runs after-commit effects in order', () => {
    const { db, count, insert } = withTable();
    const seen: string[] = [];
    const result = transaction(db, (tx) => {
      insert(1);
      tx.afterCommit(() => seen.push(`first sees ${count()} row`));
      tx.afterCommit(() => seen.push('second'));
      expect(seen).toEqual([]); // nothing runs before commit
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual(['first sees 1 row', 'second']);
  });

  it('rolls everything back and runs no effect when the work throws', () => {
    const { db, count, insert } = withTable();
    let ran = false;
    expect(() => transaction(db, (tx) => {
      insert(1);
      tx.afterCommit(() => (ran = true));
      throw new Error('boom');
    })).toThrow('boom');
    expect(count()).toBe(0);
    expect(ran).toBe(false);
  });

  it('refuses an async callback before running it', () => {
    const { db, count, insert } = withTable();
    expect(() => transaction(db, (async () => { insert(1); }) as never)).toThrow(/synchronous/);
    expect(count()).toBe(0);
  });

  it('rolls back a callback that returns a promise', () => {
    const { db, count, insert } = withTable();
    expect(() => transaction(db, () => { insert(1); return Promise.resolve(); })).toThrow(/synchronous/);
    expect(count()).toBe(0);
  });

  it('nests as a savepoint: inner effects wait for the outer commit, and vanish with an inner rollback', () => {
    const { db, count, insert } = withTable();
    const seen: string[] = [];
    transaction(db, (outer) => {
      insert(1);
      transaction(db, (inner) => {
        insert(2);
        inner.afterCommit(() => seen.push('inner kept'));
      });
      try {
        transaction(db, (inner) => {
          insert(3);
          inner.afterCommit(() => seen.push('inner rolled back'));
          throw new Error('inner fails');
        });
      } catch { /* the outer command decides to carry on */ }
      outer.afterCommit(() => seen.push('outer'));
      expect(seen).toEqual([]);
    });
    expect(count()).toBe(2);
    expect(seen).toEqual(['inner kept', 'outer']);
  });

  it('reports a failing effect without undoing the commit or skipping the others', () => {
    const { db, count, insert } = withTable();
    const reported: unknown[] = [];
    setAfterCommitErrorHandler((error) => reported.push(error));
    let second = false;
    transaction(db, (tx) => {
      insert(1);
      tx.afterCommit(() => { throw new Error('printer gone'); });
      tx.afterCommit(() => (second = true));
    });
    expect(count()).toBe(1);
    expect(second).toBe(true);
    expect(reported).toHaveLength(1);
  });
});
