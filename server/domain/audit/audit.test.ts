import { describe, expect, it } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { minor } from '../../shared/money.ts';
import { testDb } from '../../test/db.ts';
import { appendAudit, listAuditEntries, verifyAuditChain } from './audit.service.ts';

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

describe('browsing the audit log', () => {
  it('filters by action (exact or prefix*), person (as actor or approver) and time, newest first, paged', () => {
    const db = testDb();
    const entries: Array<[string, string | null, string | null, number]> = [
      ['staff.signed_in', 'ayesha', null, 1_000], ['approval.granted', 'ayesha', 'sana', 2_000], ['device.revoked', 'sana', null, 3_000],
      ['staff.sign_in_failed', 'bilal', null, 4_000], ['staff.locked', 'bilal', null, 5_000],
    ];
    for (const [action, staffId, approverId, at] of entries) transaction(db, (tx) => appendAudit(tx, { action, staffId, approverId }, at));
    const actions = (f: Parameters<typeof listAuditEntries>[1]) => listAuditEntries(db, f).entries.map((e) => e.action);
    expect(actions({})).toEqual(['staff.locked', 'staff.sign_in_failed', 'device.revoked', 'approval.granted', 'staff.signed_in']);
    expect(actions({ action: 'staff.*' })).toEqual(['staff.locked', 'staff.sign_in_failed', 'staff.signed_in']);
    expect(actions({ action: 'device.revoked' })).toEqual(['device.revoked']);
    expect(actions({ staffId: 'sana' })).toEqual(['device.revoked', 'approval.granted']);
    expect(actions({ from: 2_000, to: 4_000 })).toEqual(['device.revoked', 'approval.granted']);
    const page2 = listAuditEntries(db, { page: 2, pageSize: 2 });
    expect([page2.total, page2.entries.map((e) => e.seq)]).toEqual([5, [3, 2]]);
  });
});
