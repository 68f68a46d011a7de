import { describe, expect, it } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { verifyAuditChain } from '../audit/index.ts';
import { listCounters } from '../branch/index.ts';
import { minor } from '../../shared/money.ts';
import { aBranch } from '../../test/builders.ts';
import { testDb } from '../../test/db.ts';
import { FakeClock } from '../../test/fake-clock.ts';
import { aStaff, anActor } from '../../test/staff-builders.ts';
import {
  actorForStaff, addStaff, APPROVAL_TTL_MS, createApiToken, createRole, deleteRole, listApiTokens, revokeApiToken, updateRole, findStaffById, checkPin, createApproval, LOCKOUT_MS, redeemApproval, resetPin, TEST_PIN_COST, updateStaff,
} from './index.ts';

function setup() {
  const db = testDb();
  const branch = aBranch(db, { counters: ['C1', 'C2'] });
  const [c1, c2] = listCounters(db, branch.id);
  return { db, clock: new FakeClock(), c1: c1!.id, c2: c2!.id };
}

const auditActions = (db: ReturnType<typeof testDb>) =>
  (db.$client.prepare('select action from audit_log order by seq').all() as Array<{ action: string }>).map((r) => r.action);

describe('adding staff', () => {
  it('stores an argon2id hash, never the PIN, and numbers codes from 1001', async () => {
    const { db, clock } = setup();
    const added = await addStaff(db, null, { name: 'Ayesha Khan', roleId: 'manager', pin: '4821' }, clock, { pinCost: TEST_PIN_COST });
    expect(added).toMatchObject({ ok: true, value: { name: 'Ayesha Khan', code: '1001', roleName: 'Manager' } });
    const row = db.$client.prepare('select pin_hash from staff').get() as { pin_hash: string };
    expect(row.pin_hash).toMatch(/^\$argon2id\$/);
    expect(row.pin_hash).not.toContain('4821');
    expect(auditActions(db)).toEqual(['staff.added']);
  });

  it.each([
    ['a 3-digit PIN', { pin: '123' }, 'VALIDATION_FAILED'],
    ['a PIN with letters', { pin: '12ab' }, 'VALIDATION_FAILED'],
    ['an unknown role', { roleId: 'wizard' }, 'ROLE_UNKNOWN'],
    ['an empty name', { name: '  ' }, 'VALIDATION_FAILED'],
  ])('refuses %s and changes nothing', async (_name, change, code) => {
    const { db, clock } = setup();
    const result = await addStaff(db, null, { name: 'Bilal', roleId: 'cashier', pin: '1234', ...change }, clock, { pinCost: TEST_PIN_COST });
    expect(result.ok ? null : result.error.code).toBe(code);
    expect(db.$client.prepare('select count(*) as n from staff').get()).toEqual({ n: 0 });
  });

  it('refuses a staff code already in use', async () => {
    const { db, clock } = setup();
    aStaff(db, { code: '2001' });
    const result = await addStaff(db, null, { name: 'Bilal', roleId: 'cashier', pin: '1234', code: '2001' }, clock, { pinCost: TEST_PIN_COST });
    expect(result.ok ? null : result.error.code).toBe('STAFF_CODE_TAKEN');
  });

  it('lets a manager add a cashier but not an owner, and a cashier nobody', async () => {
    const { db, clock } = setup();
    const manager = anActor(db, { role: 'manager' });
    const cashier = anActor(db, { role: 'cashier' });
    const ok = await addStaff(db, manager, { name: 'New Cashier', roleId: 'cashier', pin: '1234' }, clock, { pinCost: TEST_PIN_COST });
    expect(ok.ok).toBe(true);
    const owner = await addStaff(db, manager, { name: 'New Owner', roleId: 'owner', pin: '1234' }, clock, { pinCost: TEST_PIN_COST });
    expect(owner).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', details: { permission: 'manage_roles' } } });
    const byCashier = await addStaff(db, cashier, { name: 'Friend', roleId: 'cashier', pin: '1234' }, clock, { pinCost: TEST_PIN_COST });
    expect(byCashier).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', details: { permission: 'manage_staff' } } });
  });

  it('deactivated staff cannot sign in', async () => {
    const { db, clock, c1 } = setup();
    const manager = anActor(db, { role: 'manager' });
    const cashier = aStaff(db, { pin: '2468' });
    expect(updateStaff(db, manager, cashier.id, { active: false }, clock).ok).toBe(true);
    const result = await checkPin(db, { staffCode: cashier.code, pin: '2468', purpose: 'sign_in', counterId: c1 }, clock);
    expect(result.ok ? null : result.error.code).toBe('PIN_INVALID');
    expect(auditActions(db)).toEqual(['staff.deactivated', 'staff.sign_in_failed']);
  });
});

describe('PIN lockout', () => {
  it('counts down remaining attempts, locks for 5 minutes after the 5th wrong PIN, and unlocks after', async () => {
    const { db, clock, c1, c2 } = setup();
    const cashier = aStaff(db, { pin: '2468' });
    const counters = [c1, c2];
    for (let i = 1; i <= 4; i++) {
      const r = await checkPin(db, { staffCode: cashier.code, pin: '0000', purpose: 'sign_in', counterId: counters[i % 2]! }, clock);
      expect(r).toMatchObject({ ok: false, error: { code: 'PIN_INVALID', details: { remainingAttempts: 5 - i } } });
    }
    const fifth = await checkPin(db, { staffCode: cashier.code, pin: '0000', purpose: 'sign_in', counterId: c1 }, clock);
    expect(fifth).toMatchObject({ ok: false, error: { code: 'STAFF_LOCKED', details: { scope: 'staff', lockedUntil: clock.now() + LOCKOUT_MS } } });
    // even the right PIN is refused while locked
    const right = await checkPin(db, { staffCode: cashier.code, pin: '2468', purpose: 'sign_in', counterId: c1 }, clock);
    expect(right.ok ? null : right.error.code).toBe('STAFF_LOCKED');
    expect(auditActions(db)).toContain('staff.locked');
    clock.advance(LOCKOUT_MS);
    expect((await checkPin(db, { staffCode: cashier.code, pin: '2468', purpose: 'sign_in', counterId: c1 }, clock)).ok).toBe(true);
    // the count starts again from 5
    const again = await checkPin(db, { staffCode: cashier.code, pin: '0000', purpose: 'sign_in', counterId: c1 }, clock);
    expect(again).toMatchObject({ error: { code: 'PIN_INVALID', details: { remainingAttempts: 4 } } });
    expect(verifyAuditChain(db)).toEqual([]);
  });

  it('a manager resetting the PIN lifts the lockout at once', async () => {
    const { db, clock, c1 } = setup();
    const cashier = aStaff(db, { pin: '2468' });
    for (let i = 0; i < 5; i++) await checkPin(db, { staffCode: cashier.code, pin: '0000', purpose: 'sign_in', counterId: null }, clock);
    const manager = anActor(db, { role: 'manager' });
    expect((await resetPin(db, manager, cashier.id, '1357', clock, { pinCost: TEST_PIN_COST })).ok).toBe(true);
    expect((await checkPin(db, { staffCode: cashier.code, pin: '1357', purpose: 'sign_in', counterId: c1 }, clock)).ok).toBe(true);
    expect(auditActions(db)).toContain('staff.pin_reset');
  });

  it('locks a counter after 5 wrong PINs across different people and unknown codes', async () => {
    const { db, clock, c1, c2 } = setup();
    const people = [aStaff(db), aStaff(db), aStaff(db)];
    const codes = [people[0]!.code, people[1]!.code, '99999', people[2]!.code, '88888'];
    let last;
    for (const code of codes) last = await checkPin(db, { staffCode: code, pin: '0000', purpose: 'sign_in', counterId: c1 }, clock);
    expect(last).toMatchObject({ ok: false, error: { code: 'STAFF_LOCKED', details: { scope: 'counter' } } });
    const onC1 = await checkPin(db, { staffCode: people[0]!.code, pin: '1234', purpose: 'sign_in', counterId: c1 }, clock);
    expect(onC1.ok ? null : onC1.error.code).toBe('STAFF_LOCKED');
    // the other counter is not affected
    expect((await checkPin(db, { staffCode: people[0]!.code, pin: '1234', purpose: 'sign_in', counterId: c2 }, clock)).ok).toBe(true);
    expect(auditActions(db)).toContain('counter.locked');
    clock.advance(LOCKOUT_MS);
    expect((await checkPin(db, { staffCode: people[1]!.code, pin: '1234', purpose: 'sign_in', counterId: c1 }, clock)).ok).toBe(true);
  });
});

describe('approvals', () => {
  async function approved(permission: 'discount' | 'void_line' = 'void_line', extra: { amount?: number; amountBps?: number } = {}) {
    const ctx = setup();
    const manager = aStaff(ctx.db, { role: 'manager', pin: '7777', name: 'Manager Sana' });
    const cashier = anActor(ctx.db, { role: 'cashier', counterId: ctx.c1 });
    const result = await createApproval(ctx.db, {
      approverStaffCode: manager.code, pin: '7777', permission, requesterStaffId: cashier.staffId, counterId: ctx.c1, reason: 'customer changed mind',
      ...(extra.amount !== undefined ? { amount: minor(extra.amount) } : {}), ...(extra.amountBps !== undefined ? { amountBps: extra.amountBps } : {}),
    }, ctx.clock);
    if (!result.ok) throw new Error(result.error.code);
    return { ...ctx, manager, cashier, approval: result.value };
  }

  it('is recorded with approver, requester, reason and is single-use', async () => {
    const { db, clock, manager, cashier, approval } = await approved();
    expect(approval).toMatchObject({ approverId: manager.id, approverName: 'Manager Sana', expiresAt: clock.now() + APPROVAL_TTL_MS });
    const entry = db.$client.prepare("select * from audit_log where action = 'approval.granted'").get() as Record<string, unknown>;
    expect(entry).toMatchObject({ approver_id: manager.id, staff_id: cashier.staffId, reason: 'customer changed mind', entity_id: approval.approvalId });
    const first = transaction(db, (tx) => redeemApproval(tx, { approvalId: approval.approvalId, permission: 'void_line', requesterStaffId: cashier.staffId }, clock.now()));
    expect(first).toEqual({ ok: true, value: { approverId: manager.id } });
    const second = transaction(db, (tx) => redeemApproval(tx, { approvalId: approval.approvalId, permission: 'void_line', requesterStaffId: cashier.staffId }, clock.now()));
    expect(second).toMatchObject({ ok: false, error: { code: 'APPROVAL_INVALID' } });
  });

  it('stays unused when the command that redeemed it rolls back', async () => {
    const { db, clock, cashier, approval } = await approved();
    expect(() => transaction(db, (tx) => {
      redeemApproval(tx, { approvalId: approval.approvalId, permission: 'void_line', requesterStaffId: cashier.staffId }, clock.now());
      throw new Error('the void failed');
    })).toThrow();
    expect(transaction(db, (tx) => redeemApproval(tx, { approvalId: approval.approvalId, permission: 'void_line', requesterStaffId: cashier.staffId }, clock.now())).ok).toBe(true);
  });

  it.each([
    ['expired', { advance: APPROVAL_TTL_MS }],
    ['for another permission', { permission: 'refund' as const }],
    ['for another requester', { requester: 'other' }],
    ['unknown', { id: '01900000-0000-7000-8000-000000000000' }],
  ])('refuses one that is %s', async (_name, change: { advance?: number; permission?: 'refund'; requester?: string; id?: string }) => {
    const { db, clock, cashier, approval } = await approved();
    clock.advance(change.advance ?? 0);
    const result = transaction(db, (tx) => redeemApproval(tx, {
      approvalId: change.id ?? approval.approvalId, permission: change.permission ?? 'void_line',
      requesterStaffId: change.requester ? anActor(db).staffId : cashier.staffId,
    }, clock.now()));
    expect(result.ok ? null : result.error.code).toBe('APPROVAL_INVALID');
  });

  it('refuses an approval for a smaller amount than the command needs', async () => {
    const { db, clock, cashier, approval } = await approved('discount', { amount: 50_000, amountBps: 2000 });
    const bigger = transaction(db, (tx) => redeemApproval(tx, { approvalId: approval.approvalId, permission: 'discount', requesterStaffId: cashier.staffId, amount: minor(60_000) }, clock.now()));
    expect(bigger.ok ? null : bigger.error.code).toBe('APPROVAL_INVALID');
    const same = transaction(db, (tx) => redeemApproval(tx, { approvalId: approval.approvalId, permission: 'discount', requesterStaffId: cashier.staffId, amount: minor(50_000), amountBps: 2000 }, clock.now()));
    expect(same.ok).toBe(true);
  });

  it('refuses an approver without the permission (APPROVER_NOT_ALLOWED) and records the refusal', async () => {
    const { db, clock, c1 } = setup();
    const other = aStaff(db, { role: 'cashier', pin: '5555' });
    const result = await createApproval(db, { approverStaffCode: other.code, pin: '5555', permission: 'refund', requesterStaffId: null, counterId: c1 }, clock);
    expect(result).toMatchObject({ ok: false, error: { code: 'APPROVER_NOT_ALLOWED', details: { permission: 'refund' } } });
    expect(auditActions(db)).toEqual(['approval.refused']);
  });

  it('refuses a supervisor approving a discount beyond their own limit', async () => {
    const { db, clock, c1 } = setup();
    const supervisor = aStaff(db, { role: 'supervisor', pin: '5555' });
    const result = await createApproval(db, { approverStaffCode: supervisor.code, pin: '5555', permission: 'discount', amountBps: 3000, requesterStaffId: null, counterId: c1 }, clock);
    expect(result.ok ? null : result.error.code).toBe('APPROVER_NOT_ALLOWED');
  });

  it('answers a wrong approver PIN with PIN_INVALID and counts it toward the lockout', async () => {
    const { db, clock, c1 } = setup();
    const manager = aStaff(db, { role: 'manager', pin: '7777' });
    const result = await createApproval(db, { approverStaffCode: manager.code, pin: '1111', permission: 'void_line', requesterStaffId: null, counterId: c1 }, clock);
    expect(result).toMatchObject({ ok: false, error: { code: 'PIN_INVALID', details: { remainingAttempts: 4 } } });
    expect(auditActions(db)).toEqual(['approval.pin_failed']);
  });
});

describe('custom roles', () => {
  it('an owner creates one; its members get exactly its permissions; a manager may not create roles', async () => {
    const { db, clock, c1 } = setup();
    const owner = anActor(db, { role: 'owner' });
    const manager = anActor(db, { role: 'manager' });
    const role = createRole(db, owner, { name: 'Stock keeper', permissions: ['adjust_stock', 'view_reports'], maxDiscountBps: 0 }, clock);
    expect(role).toMatchObject({ ok: true, value: { name: 'Stock keeper', builtIn: false, permissions: ['adjust_stock', 'view_reports'] } });
    if (!role.ok) return;
    const keeper = aStaff(db, { role: role.value.id });
    const actor = actorForStaff(db, findStaffById(db, keeper.id)!, { counterId: c1, deviceId: null })!;
    expect([...actor.permissions].sort()).toEqual(['adjust_stock', 'view_reports']);
    expect(createRole(db, manager, { name: 'Sneaky', permissions: ['manage_roles'], maxDiscountBps: 0 }, clock)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', details: { permission: 'manage_roles' } } });
    expect(createRole(db, owner, { name: 'Typo', permissions: ['sel'], maxDiscountBps: 0 }, clock)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(auditActions(db)).toEqual(['role.created']);
  });

  it('an owner changes a custom role and its members have the new permissions at once; saving the same again writes nothing', () => {
    const { db, clock, c1 } = setup();
    const owner = anActor(db, { role: 'owner' });
    const role = createRole(db, owner, { name: 'Stock keeper', permissions: ['adjust_stock'], maxDiscountBps: 0 }, clock);
    if (!role.ok) throw new Error(role.error.message);
    const keeper = aStaff(db, { role: role.value.id });
    const change = { name: 'Stock lead', permissions: ['adjust_stock', 'view_reports'], maxDiscountBps: 500 };
    expect(updateRole(db, owner, role.value.id, change, clock)).toMatchObject({ ok: true, value: { name: 'Stock lead', maxDiscountBps: 500 } });
    const actor = actorForStaff(db, findStaffById(db, keeper.id)!, { counterId: c1, deviceId: null })!;
    expect([...actor.permissions].sort()).toEqual(['adjust_stock', 'view_reports']);
    expect(actor.maxDiscountBps).toBe(500);
    expect(updateRole(db, owner, role.value.id, { ...change, permissions: ['view_reports', 'adjust_stock'] }, clock).ok).toBe(true);
    expect(auditActions(db)).toEqual(['role.created', 'role.updated']);
  });

  it.each([
    ['a built-in role', 'cashier', { name: 'Cashier', permissions: ['sell'], maxDiscountBps: 0 }, 'ROLE_BUILT_IN'],
    ['an unknown role', 'role_nope', { name: 'X', permissions: [], maxDiscountBps: 0 }, 'ROLE_UNKNOWN'],
    ['an unknown permission', null, { name: 'X', permissions: ['fly'], maxDiscountBps: 0 }, 'VALIDATION_FAILED'],
    ['a name another role has', null, { name: 'manager', permissions: [], maxDiscountBps: 0 }, 'VALIDATION_FAILED'],
    ['a discount limit over 100 %', null, { name: 'X', permissions: [], maxDiscountBps: 10_001 }, 'VALIDATION_FAILED'],
  ])('refuses to change %s, changing nothing', (_, id, change, code) => {
    const { db, clock } = setup();
    const owner = anActor(db, { role: 'owner' });
    const role = createRole(db, owner, { name: 'Stock keeper', permissions: ['adjust_stock'], maxDiscountBps: 0 }, clock);
    if (!role.ok) throw new Error(role.error.message);
    const before = db.$client.prepare('select * from custom_roles').all();
    expect(updateRole(db, owner, id ?? role.value.id, change, clock)).toMatchObject({ ok: false, error: { code } });
    expect(db.$client.prepare('select * from custom_roles').all()).toEqual(before);
    expect(auditActions(db)).toEqual(['role.created']);
  });

  it('a role in use cannot be deleted; once nobody holds it, it goes and a manager never could', () => {
    const { db, clock } = setup();
    const owner = anActor(db, { role: 'owner' });
    const manager = anActor(db, { role: 'manager' });
    const role = createRole(db, owner, { name: 'Stock keeper', permissions: ['adjust_stock'], maxDiscountBps: 0 }, clock);
    if (!role.ok) throw new Error(role.error.message);
    const keeper = aStaff(db, { role: role.value.id });
    expect(deleteRole(db, owner, role.value.id, clock)).toMatchObject({ ok: false, error: { code: 'ROLE_IN_USE', details: { staff: 1, tokens: 0 } } });
    db.$client.prepare("update staff set role_id = 'cashier' where id = ?").run(keeper.id);
    expect(deleteRole(db, manager, role.value.id, clock)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(deleteRole(db, owner, 'owner', clock)).toMatchObject({ ok: false, error: { code: 'ROLE_BUILT_IN' } });
    expect(deleteRole(db, owner, role.value.id, clock)).toMatchObject({ ok: true, value: { deleted: true } });
    expect(deleteRole(db, owner, role.value.id, clock)).toMatchObject({ ok: false, error: { code: 'ROLE_UNKNOWN' } });
    expect(auditActions(db)).toEqual(['role.created', 'role.deleted']);
  });
});

describe('API tokens from the terminal', () => {
  it('an owner creates one (a retry with the same id makes no second token and cannot show the secret again) and revokes it, audited as the owner', () => {
    const { db, clock } = setup();
    const owner = anActor(db, { role: 'owner' });
    const id = '01900000-0000-7000-8000-000000000001' as Parameters<typeof createApiToken>[1]['id'];
    const first = createApiToken(db, { id, name: 'Accounts export', roleId: 'manager' }, clock, owner);
    expect(first).toMatchObject({ ok: true, value: { token: expect.stringMatching(/^isk_/), listing: { id, name: 'Accounts export' } } });
    expect(createApiToken(db, { id, name: 'Accounts export', roleId: 'manager' }, clock, owner)).toMatchObject({ ok: true, value: { token: null, listing: { id } } });
    expect(createApiToken(db, { id, name: 'Other', roleId: 'manager' }, clock, owner)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(listApiTokens(db)).toHaveLength(1);
    expect(createApiToken(db, { name: 'Sneaky', roleId: 'owner' }, clock, anActor(db, { role: 'manager' }))).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(revokeApiToken(db, id!, clock, owner)).toMatchObject({ ok: true, value: { revokedAt: clock.now() } });
    const audited = db.$client.prepare("select action, staff_id as staffId from audit_log where action like 'api_token.%' order by seq").all();
    expect(audited).toEqual([{ action: 'api_token.created', staffId: owner.staffId }, { action: 'api_token.revoked', staffId: owner.staffId }]);
  });
});
