import { describe, expect, it } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { minor } from '../../shared/money.ts';
import { testDb } from '../../test/db.ts';
import { appendAudit, verifyAuditChain } from './audit.service.ts';

function logWithEntries(count: number) {
  const db = testDb();
  for (let i = 0; i < count; i++) {
    transaction(db, (tx) => appendAudit(tx, { action: 'sale.discount_approved', staffId: `s${i}`, amount: minor(i * 100), details: { line: i } }, 1_000 + i));
  }
  return db;
}

describe('audit chain', () => {
  it('holds for entries appended through the service', () => {
    expect(verifyAuditChain(logWithEntries(5))).toEqual([]);
  });

  it('rolls back with the action it records', () => {
    const db = testDb();
    expect(() => transaction(db, (tx) => {
      appendAudit(tx, { action: 'drawer.opened' }, 1);
      throw new Error('the action failed');
    })).toThrow();
    expect(db.$client.prepare('select count(*) as n from audit_log').get()).toEqual({ n: 0 });
  });

  it.each([
    ['an edited amount', 'update audit_log set amount = 999999 where seq = 3', 3],
    ['an edited reason', "update audit_log set reason = 'nothing to see' where seq = 2", 2],
    ['a removed entry', 'delete from audit_log where seq = 3', 4],
    ['a recomputed-looking forged hash', "update audit_log set hash = 'ab' || substr(hash, 3) where seq = 4", 4],
  ])('detects %s', (_name, tamper, seq) => {
    const db = logWithEntries(6);
    db.$client.exec(tamper);
    const problems = verifyAuditChain(db);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.seq).toBe(seq);
  });

  it('detects a removed first entry', () => {
    const db = logWithEntries(3);
    db.$client.exec('delete from audit_log where seq = 1');
    expect(verifyAuditChain(db)[0]).toMatchObject({ seq: 2 });
  });
});
