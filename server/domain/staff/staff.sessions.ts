// Staff sessions on a paired counter: sign in with a PIN, quick switch, lock (by hand or when idle), unlock, sign out.
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction, type Tx } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import type { Actor } from './actor.ts';
import type { DeviceContext } from './staff.devices.ts';
import { announceDeviceChange } from './staff.events.ts';
import { newSecret, sha256 } from './staff.secrets.ts';
import { actorForStaff, checkPin, findStaffById, onStaffDeactivated } from './staff.service.ts';
import { devices, sessions, staff } from './staff.sql.ts';
import { counters } from '../branch/branch.sql.ts';

/** A session ends 12 hours after sign-in whatever happens (a shift is shorter). */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** lastActiveAt is written at most this often. */
const ACTIVITY_RESOLUTION_MS = 5_000;

export interface SessionPolicy {
  /** Lock a session after this much inactivity, ms (config `lockAfterIdleS`). */
  idleLockMs: number;
}

export interface SignedIn {
  token: string;
  sessionId: Id<'Session'>;
  actor: Actor;
}

type SessionRow = typeof sessions.$inferSelect;

// Deactivating a person ends their sessions on every counter.
onStaffDeactivated((tx, staffId, now) => {
  const open = tx.db.select({ id: sessions.id, deviceId: sessions.deviceId }).from(sessions).where(and(eq(sessions.staffId, staffId), isNull(sessions.endedAt))).all();
  tx.db.update(sessions).set({ endedAt: now }).where(and(eq(sessions.staffId, staffId), isNull(sessions.endedAt))).run();
  for (const s of open) announceDeviceChange(tx, { deviceId: s.deviceId, kind: 'session' });
});

function endOpenSessions(tx: Tx, deviceId: Id<'Device'>, now: number): SessionRow[] {
  const open = tx.db.select().from(sessions).where(and(eq(sessions.deviceId, deviceId), isNull(sessions.endedAt))).all();
  if (open.length > 0) tx.db.update(sessions).set({ endedAt: now }).where(and(eq(sessions.deviceId, deviceId), isNull(sessions.endedAt))).run();
  return open;
}

/**
 * Signs a staff member in on a paired counter (by staff code, or by id when picked from the counter's list).
 * Whoever was signed in on that device is signed out: that is the quick switch.
 */
export async function signIn(db: Db, device: DeviceContext, input: { staffCode?: string; staffId?: string; pin: string }, clock: Clock): Promise<Result<SignedIn>> {
  const checked = await checkPin(db, {
    ...(input.staffId ? { staffId: input.staffId } : { staffCode: input.staffCode ?? '' }), pin: input.pin, purpose: 'sign_in',
    counterId: device.counterId, deviceId: device.deviceId,
  }, clock);
  if (!checked.ok) return checked;
  const person = checked.value;
  const now = clock.now();
  const actor = actorForStaff(db, person, { counterId: device.counterId, deviceId: device.deviceId, branchId: device.branchId });
  if (!actor) return err('UNAUTHENTICATED', 'this box has no branch yet');
  const token = newSecret('ses_');
  const sessionId = newId<'Session'>();
  transaction(db, (tx) => {
    const previous = endOpenSessions(tx, device.deviceId, now);
    tx.db.insert(sessions).values({ id: sessionId, tokenHash: sha256(token), deviceId: device.deviceId, staffId: person.id, startedAt: now, lastActiveAt: now, expiresAt: now + SESSION_TTL_MS }).run();
    const switchedFrom = previous.find((s) => s.staffId !== person.id);
    appendAudit(tx, {
      action: switchedFrom ? 'staff.switched' : 'staff.signed_in', staffId: person.id, counterId: device.counterId, deviceId: device.deviceId,
      branchId: device.branchId, entityType: 'session', entityId: sessionId, details: switchedFrom ? { from: switchedFrom.staffId } : {},
    }, now);
    announceDeviceChange(tx, { deviceId: device.deviceId, kind: 'session' });
  });
  return ok({ token, sessionId, actor });
}

export type SessionState =
  | { state: 'none' }
  | { state: 'locked'; session: SessionRow; staffName: string }
  | { state: 'active'; session: SessionRow; actor: Actor };

/**
 * What a session token is worth on this device right now. A session idle longer than the policy is locked here
 * (lazily, on the next request), so a kiosk left alone cannot be used by the next person walking up.
 */
export function resolveSession(db: Db, device: DeviceContext, token: string | undefined, now: number, policy: SessionPolicy): SessionState {
  if (!token) return { state: 'none' };
  // One prepared join per request, the session and its person together; never cached, so a lock, a sign-out or a
  // deactivation is seen by the very next request.
  const byToken = preparedOnce(db, 'staff.sessionWithStaffByTokenHash', (d) => d.$client.prepare(`select
      s.id, s.token_hash as tokenHash, s.device_id as deviceId, s.staff_id as staffId, s.started_at as startedAt, s.last_active_at as lastActiveAt,
      s.expires_at as expiresAt, s.locked_at as lockedAt, s.ended_at as endedAt,
      p.id as personId, p.branch_id as personBranchId, p.name as personName, p.code as personCode, p.role_id as personRoleId, p.pin_hash as personPinHash,
      p.active as personActive, p.failed_attempts as personFailedAttempts, p.locked_until as personLockedUntil, p.created_at as personCreatedAt,
      p.updated_at as personUpdatedAt
    from staff_sessions s left join staff p on p.id = s.staff_id where s.token_hash = ?`));
  const joined = byToken.get(sha256(token)) as SessionWithPerson | undefined;
  if (!joined) return { state: 'none' };
  const { personId, personBranchId, personName, personCode, personRoleId, personPinHash, personActive, personFailedAttempts, personLockedUntil,
    personCreatedAt, personUpdatedAt, ...row } = joined;
  const person: StaffRow | null = personId === null ? null : {
    id: personId, branchId: personBranchId, name: personName!, code: personCode!, roleId: personRoleId!, pinHash: personPinHash!, active: personActive === 1,
    failedAttempts: personFailedAttempts!, lockedUntil: personLockedUntil, createdAt: personCreatedAt!, updatedAt: personUpdatedAt!,
  };
  return stateOf(db, device, row, now, policy, true, person);
}

type StaffRow = typeof staff.$inferSelect;
type SessionWithPerson = SessionRow & {
  personId: StaffRow['id'] | null; personBranchId: StaffRow['branchId']; personName: string | null; personCode: string | null; personRoleId: string | null;
  personPinHash: string | null; personActive: number | null; personFailedAttempts: number | null; personLockedUntil: number | null;
  personCreatedAt: number | null; personUpdatedAt: number | null;
};

/** The device's current session, whatever cookie a caller holds (sockets follow the device, not a cookie). */
export function deviceSession(db: Db, device: DeviceContext, now: number, policy: SessionPolicy): SessionState {
  const row = db.select().from(sessions).where(and(eq(sessions.deviceId, device.deviceId), isNull(sessions.endedAt))).orderBy(desc(sessions.startedAt)).limit(1).get();
  return stateOf(db, device, row, now, policy, false);
}

function stateOf(db: Db, device: DeviceContext, row: SessionRow | undefined, now: number, policy: SessionPolicy, touch: boolean, known?: StaffRow | null): SessionState {
  if (!row || row.deviceId !== device.deviceId || row.endedAt !== null || row.expiresAt <= now) return { state: 'none' };
  const person = known === undefined ? findStaffById(db, row.staffId) : known;
  if (!person || !person.active) return { state: 'none' };
  if (row.lockedAt === null && now - row.lastActiveAt >= policy.idleLockMs) {
    transaction(db, (tx) => {
      tx.db.update(sessions).set({ lockedAt: now }).where(eq(sessions.id, row.id)).run();
      announceDeviceChange(tx, { deviceId: device.deviceId, kind: 'session' });
    });
    return { state: 'locked', session: { ...row, lockedAt: now }, staffName: person.name };
  }
  if (row.lockedAt !== null) return { state: 'locked', session: row, staffName: person.name };
  if (touch && now - row.lastActiveAt >= ACTIVITY_RESOLUTION_MS) db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, row.id)).run();
  const actor = actorForStaff(db, person, { counterId: device.counterId, deviceId: device.deviceId, branchId: device.branchId });
  return actor ? { state: 'active', session: row, actor } : { state: 'none' };
}

/**
 * Who is selling on a counter now, for input that reaches the box without a screen (a scanner plugged into the box):
 * the newest open session on any of the counter's paired (not revoked) screens, with the same idle lock as a screen's.
 */
export function counterSession(db: Db, counterId: Id<'Counter'>, now: number, policy: SessionPolicy): SessionState {
  const row = db.select({ session: sessions, device: devices, branchId: counters.branchId }).from(sessions)
    .innerJoin(devices, eq(devices.id, sessions.deviceId)).innerJoin(counters, eq(counters.id, devices.counterId))
    .where(and(eq(devices.counterId, counterId), isNull(devices.revokedAt), isNull(sessions.endedAt)))
    .orderBy(desc(sessions.lastActiveAt)).limit(1).get();
  if (!row) return { state: 'none' };
  const device: DeviceContext = { deviceId: row.device.id, counterId, branchId: row.branchId, counterCode: '', counterName: '', kind: row.device.kind };
  return stateOf(db, device, row.session, now, policy, false);
}

/** Marks activity from a socket intent (the kiosk is in use). */
export function touchSession(db: Db, sessionId: Id<'Session'>, now: number): void {
  db.update(sessions).set({ lastActiveAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.lockedAt), lt(sessions.lastActiveAt, now - ACTIVITY_RESOLUTION_MS))).run();
}

/** Locks the device's session (the lock button, or the terminal's own idle timer). */
export function lockSession(db: Db, device: DeviceContext, clock: Clock): Result<{ locked: true }> {
  const now = clock.now();
  return transaction(db, (tx) => {
    const changed = tx.db.update(sessions).set({ lockedAt: now })
      .where(and(eq(sessions.deviceId, device.deviceId), isNull(sessions.endedAt), isNull(sessions.lockedAt))).run();
    if (changed.changes > 0) announceDeviceChange(tx, { deviceId: device.deviceId, kind: 'session' });
    return ok({ locked: true as const });
  });
}

/** Unlocks with the PIN of the person whose session it is (someone else signs in instead: a switch). */
export async function unlockSession(db: Db, device: DeviceContext, token: string | undefined, pin: string, clock: Clock, policy: SessionPolicy): Promise<Result<Actor>> {
  const current = resolveSession(db, device, token, clock.now(), policy);
  if (current.state === 'none') return err('UNAUTHENTICATED', 'nobody is signed in on this counter');
  const checked = await checkPin(db, { staffId: current.session.staffId, pin, purpose: 'unlock', counterId: device.counterId, deviceId: device.deviceId }, clock);
  if (!checked.ok) return checked;
  const now = clock.now();
  transaction(db, (tx) => {
    tx.db.update(sessions).set({ lockedAt: null, lastActiveAt: now }).where(eq(sessions.id, current.session.id)).run();
    announceDeviceChange(tx, { deviceId: device.deviceId, kind: 'session' });
  });
  const actor = actorForStaff(db, checked.value, { counterId: device.counterId, deviceId: device.deviceId, branchId: device.branchId });
  return actor ? ok(actor) : err('UNAUTHENTICATED', 'this box has no branch yet');
}

/** Signs out whoever is signed in on this device. */
export function signOut(db: Db, device: DeviceContext, clock: Clock): Result<{ signedOut: boolean }> {
  const now = clock.now();
  return transaction(db, (tx) => {
    const ended = endOpenSessions(tx, device.deviceId, now);
    for (const s of ended) {
      appendAudit(tx, { action: 'staff.signed_out', staffId: s.staffId, counterId: device.counterId, deviceId: device.deviceId, branchId: device.branchId, entityType: 'session', entityId: s.id }, now);
    }
    if (ended.length > 0) announceDeviceChange(tx, { deviceId: device.deviceId, kind: 'session' });
    return ok({ signedOut: ended.length > 0 });
  });
}

/** Locks every session idle longer than the policy (a sweep, so sockets see the lock without a request). */
export function lockIdleSessions(db: Db, now: number, policy: SessionPolicy): number {
  return transaction(db, (tx) => {
    const idle = tx.db.select({ id: sessions.id, deviceId: sessions.deviceId }).from(sessions)
      .where(and(isNull(sessions.endedAt), isNull(sessions.lockedAt), lt(sessions.lastActiveAt, now - policy.idleLockMs + 1))).all();
    for (const s of idle) {
      tx.db.update(sessions).set({ lockedAt: now }).where(eq(sessions.id, s.id)).run();
      announceDeviceChange(tx, { deviceId: s.deviceId, kind: 'session' });
    }
    return idle.length;
  });
}

/** Active staff who may sign in, for the counter's pick list (no codes: a PIN is still needed). */
export function listSignInStaff(db: Db): Array<{ id: Id<'Staff'>; name: string; roleId: string }> {
  return db.select({ id: staff.id, name: staff.name, roleId: staff.roleId }).from(staff).where(eq(staff.active, true)).orderBy(staff.name).all();
}
