// Staff commands and queries: add, edit, deactivate, reset PIN, and PIN checks with lockout per person and per counter.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction, type Tx } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { findBranch } from '../branch/index.ts';
import { can, type Actor } from './actor.ts';
import type { Permission } from './permissions.ts';
import { findRole, type Role } from './staff.roles.ts';
import { dummyPinHash, hashPin, PIN_PATTERN, verifyPin, type PinHashCost } from './staff.secrets.ts';
import { counterLockouts, staff } from './staff.sql.ts';

/** Wrong PINs in a row before a person (or a counter) is locked out. */
export const MAX_PIN_ATTEMPTS = 5;
export const LOCKOUT_MS = 5 * 60_000;

export interface StaffSummary {
  id: Id<'Staff'>;
  name: string;
  code: string;
  roleId: string;
  roleName: string;
  active: boolean;
  lockedUntil: number | null;
}

export interface StaffOptions {
  /** argon2 cost for new PIN hashes; tests pass TEST_PIN_COST. */
  pinCost?: PinHashCost;
}

/** The permission check services use: `PERMISSION_DENIED` naming the permission. */
export function checkPermission(actor: Actor, permission: Permission): Result<void> {
  return can(actor, permission)
    ? ok(undefined)
    : err('PERMISSION_DENIED', `${actor.name} may not ${permission.replaceAll('_', ' ')}`, { permission });
}

function summary(db: Db, row: typeof staff.$inferSelect, now: number): StaffSummary {
  return {
    id: row.id, name: row.name, code: row.code, roleId: row.roleId, roleName: findRole(db, row.roleId)?.name ?? row.roleId,
    active: row.active, lockedUntil: row.lockedUntil !== null && row.lockedUntil > now ? row.lockedUntil : null,
  };
}

export function listStaff(db: Db, now: number, options: { activeOnly?: boolean } = {}): StaffSummary[] {
  const rows = db.select().from(staff).where(options.activeOnly ? eq(staff.active, true) : undefined).orderBy(asc(staff.name)).all();
  return rows.map((row) => summary(db, row, now));
}

export function countStaff(db: Db): number {
  return (db.$client.prepare('select count(*) as n from staff').get() as { n: number }).n;
}

export function findStaffById(db: Db, id: string) {
  const byId = preparedOnce(db, 'staff.byId', (d) => d.select().from(staff).where(eq(staff.id, sql.placeholder('id'))).prepare());
  return byId.get({ id }) ?? null;
}

function nextStaffCode(db: Db): string {
  const row = db.$client.prepare("select max(cast(code as integer)) as n from staff where code glob '[0-9]*'").get() as { n: number | null };
  return String(Math.max(1000, row.n ?? 0) + 1);
}

/** An actor may hand out only roles whose permissions they hold themselves (a manager cannot create an owner). */
function checkRoleGrant(actor: Actor | null, role: Role): Result<void> {
  if (!actor) return ok(undefined);
  for (const permission of role.permissions) {
    if (!can(actor, permission)) return err('PERMISSION_DENIED', `${actor.name} may not give the ${role.name} role (it can ${permission.replaceAll('_', ' ')})`, { permission });
  }
  return ok(undefined);
}

export interface NewStaff {
  name: string;
  roleId: string;
  pin: string;
  code?: string;
}

/** Adds a staff member. `actor` is null for the CLI (a tech on the box itself). */
export async function addStaff(db: Db, actor: Actor | null, input: NewStaff, clock: Clock, options: StaffOptions = {}): Promise<Result<StaffSummary>> {
  if (actor) {
    const allowed = checkPermission(actor, 'manage_staff');
    if (!allowed.ok) return allowed;
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 80) return err('VALIDATION_FAILED', 'the name must be 1 to 80 characters', { field: 'name' });
  if (!PIN_PATTERN.test(input.pin)) return err('VALIDATION_FAILED', 'the PIN must be 4 to 8 digits', { field: 'pin' });
  if (input.code !== undefined && !/^[A-Za-z0-9]{2,12}$/.test(input.code)) return err('VALIDATION_FAILED', 'the staff code must be 2 to 12 letters or digits', { field: 'code' });
  const role = findRole(db, input.roleId);
  if (!role) return err('ROLE_UNKNOWN', `there is no role "${input.roleId}"`, { roleId: input.roleId });
  const grant = checkRoleGrant(actor, role);
  if (!grant.ok) return grant;
  const pinHash = await hashPin(input.pin, options.pinCost);
  const now = clock.now();
  return transaction(db, (tx) => {
    const code = input.code ?? nextStaffCode(tx.db);
    if (tx.db.select({ id: staff.id }).from(staff).where(eq(staff.code, code)).get()) {
      return err('STAFF_CODE_TAKEN', `staff code ${code} is already in use`, { code });
    }
    const id = newId<'Staff'>();
    const branchId = findBranch(tx.db)?.id ?? null;
    tx.db.insert(staff).values({ id, branchId, name, code, roleId: role.id, pinHash, active: true, createdAt: now, updatedAt: now }).run();
    appendAudit(tx, {
      action: 'staff.added', staffId: actor?.staffId ?? null, counterId: actor?.counterId ?? null, deviceId: actor?.deviceId ?? null,
      branchId, entityType: 'staff', entityId: id, details: { name, code, roleId: role.id, by: actor ? actor.name : 'cli' },
    }, now);
    return ok(summary(tx.db, tx.db.select().from(staff).where(eq(staff.id, id)).get()!, now));
  });
}

export interface StaffChanges {
  name?: string;
  roleId?: string;
  code?: string;
  active?: boolean;
}

/** Edits name, role, code or the active flag (deactivating ends the person's sessions). */
export function updateStaff(db: Db, actor: Actor, staffId: string, changes: StaffChanges, clock: Clock): Result<StaffSummary> {
  const allowed = checkPermission(actor, 'manage_staff');
  if (!allowed.ok) return allowed;
  const now = clock.now();
  return transaction(db, (tx) => {
    const row = findStaffById(tx.db, staffId);
    if (!row) return err('NOT_FOUND', 'no such staff member', { staffId });
    const current = findRole(tx.db, row.roleId);
    if (current) {
      const grant = checkRoleGrant(actor, current);
      if (!grant.ok) return grant;
    }
    const set: Partial<typeof staff.$inferInsert> = { updatedAt: now };
    if (changes.name !== undefined) {
      const name = changes.name.trim();
      if (name.length === 0 || name.length > 80) return err('VALIDATION_FAILED', 'the name must be 1 to 80 characters', { field: 'name' });
      set.name = name;
    }
    if (changes.roleId !== undefined) {
      const role = findRole(tx.db, changes.roleId);
      if (!role) return err('ROLE_UNKNOWN', `there is no role "${changes.roleId}"`, { roleId: changes.roleId });
      const grant = checkRoleGrant(actor, role);
      if (!grant.ok) return grant;
      set.roleId = role.id;
    }
    if (changes.code !== undefined && changes.code !== row.code) {
      if (!/^[A-Za-z0-9]{2,12}$/.test(changes.code)) return err('VALIDATION_FAILED', 'the staff code must be 2 to 12 letters or digits', { field: 'code' });
      if (tx.db.select({ id: staff.id }).from(staff).where(eq(staff.code, changes.code)).get()) {
        return err('STAFF_CODE_TAKEN', `staff code ${changes.code} is already in use`, { code: changes.code });
      }
      set.code = changes.code;
    }
    if (changes.active !== undefined) {
      if (!changes.active && row.id === actor.staffId) return err('VALIDATION_FAILED', 'you cannot deactivate yourself', { field: 'active' });
      set.active = changes.active;
    }
    tx.db.update(staff).set(set).where(eq(staff.id, row.id)).run();
    if (changes.active === false) endSessionsOfStaff(tx, row.id, now);
    const { updatedAt: _, ...changed } = set;
    appendAudit(tx, {
      action: changes.active === false ? 'staff.deactivated' : 'staff.changed', staffId: actor.staffId, counterId: actor.counterId,
      deviceId: actor.deviceId, branchId: actor.branchId, entityType: 'staff', entityId: row.id, details: { changes: changed },
    }, now);
    return ok(summary(tx.db, findStaffById(tx.db, row.id)!, now));
  });
}

/** Hooks other staff-room files register (sessions end when a person is deactivated). */
const deactivationHooks: Array<(tx: Tx, staffId: Id<'Staff'>, now: number) => void> = [];
export function onStaffDeactivated(hook: (tx: Tx, staffId: Id<'Staff'>, now: number) => void): void {
  deactivationHooks.push(hook);
}
function endSessionsOfStaff(tx: Tx, staffId: Id<'Staff'>, now: number): void {
  for (const hook of deactivationHooks) hook(tx, staffId, now);
}

/** Sets a new PIN and lifts a lockout. */
export async function resetPin(db: Db, actor: Actor | null, staffId: string, pin: string, clock: Clock, options: StaffOptions = {}): Promise<Result<StaffSummary>> {
  if (actor) {
    const allowed = checkPermission(actor, 'manage_staff');
    if (!allowed.ok) return allowed;
  }
  if (!PIN_PATTERN.test(pin)) return err('VALIDATION_FAILED', 'the PIN must be 4 to 8 digits', { field: 'pin' });
  const row = findStaffById(db, staffId);
  if (!row) return err('NOT_FOUND', 'no such staff member', { staffId });
  if (actor) {
    const role = findRole(db, row.roleId);
    if (role) {
      const grant = checkRoleGrant(actor, role);
      if (!grant.ok) return grant;
    }
  }
  const pinHash = await hashPin(pin, options.pinCost);
  const now = clock.now();
  return transaction(db, (tx) => {
    tx.db.update(staff).set({ pinHash, failedAttempts: 0, lockedUntil: null, updatedAt: now }).where(eq(staff.id, row.id)).run();
    appendAudit(tx, {
      action: 'staff.pin_reset', staffId: actor?.staffId ?? null, counterId: actor?.counterId ?? null, deviceId: actor?.deviceId ?? null,
      branchId: actor?.branchId ?? row.branchId, entityType: 'staff', entityId: row.id, details: { by: actor ? actor.name : 'cli' },
    }, now);
    return ok(summary(tx.db, findStaffById(tx.db, row.id)!, now));
  });
}

export type PinPurpose = 'sign_in' | 'approval' | 'unlock';

export interface PinCheck {
  /** The staff code typed, or the id of the person picked from the counter's list. */
  staffCode?: string;
  staffId?: string;
  pin: string;
  purpose: PinPurpose;
  counterId: Id<'Counter'> | null;
  deviceId?: Id<'Device'> | null;
}

const FAILED_ACTION: Record<PinPurpose, string> = { sign_in: 'staff.sign_in_failed', approval: 'approval.pin_failed', unlock: 'staff.unlock_failed' };

/**
 * Checks a PIN with lockout: 5 wrong PINs lock the person for 5 minutes, and 5 wrong PINs on one counter
 * (whoever they were for) lock PIN entry on that counter. Failures and lockouts are audited.
 */
export async function checkPin(db: Db, input: PinCheck, clock: Clock): Promise<Result<typeof staff.$inferSelect>> {
  const started = clock.now();
  if (input.counterId) {
    const lock = db.select().from(counterLockouts).where(eq(counterLockouts.counterId, input.counterId)).get();
    if (lock?.lockedUntil && lock.lockedUntil > started) {
      return err('STAFF_LOCKED', 'too many wrong PINs on this counter; try again later', { scope: 'counter', lockedUntil: lock.lockedUntil });
    }
  }
  const row = input.staffId
    ? db.select().from(staff).where(and(eq(staff.id, input.staffId as Id<'Staff'>), eq(staff.active, true))).get()
    : db.select().from(staff).where(and(eq(staff.code, input.staffCode ?? ''), eq(staff.active, true))).get();
  if (row?.lockedUntil && row.lockedUntil > started) {
    return err('STAFF_LOCKED', `${row.name} is locked after too many wrong PINs`, { scope: 'staff', lockedUntil: row.lockedUntil });
  }
  const right = row ? await verifyPin(row.pinHash, input.pin) : (await verifyPin(await dummyPinHash(), input.pin), false);
  const now = clock.now();
  const branchId = findBranch(db)?.id ?? null;
  return transaction(db, (tx) => {
    if (right && row) {
      tx.db.update(staff).set({ failedAttempts: 0, lockedUntil: null }).where(eq(staff.id, row.id)).run();
      if (input.counterId) tx.db.update(counterLockouts).set({ failedAttempts: 0, lockedUntil: null }).where(eq(counterLockouts.counterId, input.counterId)).run();
      return ok(row);
    }
    let remaining = MAX_PIN_ATTEMPTS;
    let lockedUntil: number | null = null;
    let scope: 'staff' | 'counter' = 'staff';
    const where = { counterId: input.counterId, deviceId: input.deviceId ?? null, branchId };
    if (row) {
      const fresh = findStaffById(tx.db, row.id)!;
      const attempts = fresh.failedAttempts + 1;
      if (attempts >= MAX_PIN_ATTEMPTS) {
        lockedUntil = now + LOCKOUT_MS;
        tx.db.update(staff).set({ failedAttempts: 0, lockedUntil }).where(eq(staff.id, row.id)).run();
        appendAudit(tx, { action: 'staff.locked', ...where, staffId: row.id, entityType: 'staff', entityId: row.id, details: { attempts, lockedUntil, purpose: input.purpose } }, now);
      } else {
        tx.db.update(staff).set({ failedAttempts: attempts }).where(eq(staff.id, row.id)).run();
      }
      remaining = MAX_PIN_ATTEMPTS - attempts;
    }
    if (input.counterId) {
      const lock = tx.db.select().from(counterLockouts).where(eq(counterLockouts.counterId, input.counterId)).get();
      const attempts = (lock?.failedAttempts ?? 0) + 1; // reset to 0 when a lockout starts
      let counterLockedUntil: number | null = null;
      if (attempts >= MAX_PIN_ATTEMPTS) {
        counterLockedUntil = now + LOCKOUT_MS;
        appendAudit(tx, { action: 'counter.locked', ...where, entityType: 'counter', entityId: input.counterId, details: { attempts, lockedUntil: counterLockedUntil } }, now);
      }
      tx.db.insert(counterLockouts).values({ counterId: input.counterId, failedAttempts: counterLockedUntil ? 0 : attempts, lockedUntil: counterLockedUntil })
        .onConflictDoUpdate({ target: counterLockouts.counterId, set: { failedAttempts: counterLockedUntil ? 0 : attempts, lockedUntil: counterLockedUntil } }).run();
      if (counterLockedUntil && lockedUntil === null) {
        lockedUntil = counterLockedUntil;
        scope = 'counter';
      }
      remaining = Math.min(remaining, MAX_PIN_ATTEMPTS - attempts);
    }
    appendAudit(tx, {
      action: FAILED_ACTION[input.purpose], ...where, staffId: row?.id ?? null, entityType: 'staff', entityId: row?.id ?? null,
      details: row ? { remainingAttempts: Math.max(0, remaining) } : { unknownStaffCode: input.staffCode ?? input.staffId ?? '' },
    }, now);
    if (lockedUntil !== null) {
      return err('STAFF_LOCKED', scope === 'staff' ? `${row!.name} is locked for 5 minutes after ${MAX_PIN_ATTEMPTS} wrong PINs` : 'too many wrong PINs on this counter; try again in 5 minutes', { scope, lockedUntil });
    }
    return err('PIN_INVALID', row ? `wrong PIN; ${remaining} attempt(s) left` : 'unknown staff code or wrong PIN', { remainingAttempts: Math.max(0, remaining) });
  });
}

/** Builds the Actor for a staff member acting on a counter. */
export function actorForStaff(db: Db, row: typeof staff.$inferSelect, where: { counterId: Id<'Counter'> | null; deviceId: Id<'Device'> | null; branchId?: Id<'Branch'> }): Actor | null {
  const role = findRole(db, row.roleId);
  const branchId = where.branchId ?? row.branchId ?? findBranch(db)?.id;
  if (!branchId) return null;
  return {
    kind: 'staff', staffId: row.id, name: row.name, roleId: row.roleId, permissions: role?.permissions ?? new Set(),
    maxDiscountBps: role?.maxDiscountBps ?? 0, branchId, counterId: where.counterId, deviceId: where.deviceId,
  };
}
