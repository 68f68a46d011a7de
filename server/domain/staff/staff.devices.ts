// Counter pairing and devices: short-lived pairing codes, device credentials (stored hashed), listing and revoking.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { findBranch, listCounters, type CounterSummary } from '../branch/index.ts';
import { can, type Actor } from './actor.ts';
import { redeemApproval } from './staff.approvals.ts';
import { announceDeviceChange } from './staff.events.ts';
import { newPairingCode, newSecret, normalizePairingCode, sha256 } from './staff.secrets.ts';
import { checkPermission } from './staff.service.ts';
import { devices, pairingCodes, sessions, type DeviceKind } from './staff.sql.ts';

export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** lastSeenAt is written at most this often per device (not on every request). */
const SEEN_RESOLUTION_MS = 60_000;

/** What a paired device is: the counter it is bound to and its branch. */
export interface DeviceContext {
  deviceId: Id<'Device'>;
  counterId: Id<'Counter'>;
  branchId: Id<'Branch'>;
  counterCode: string;
  counterName: string;
  /** A display-only device (a customer display): no sign-in, no API, read-only socket. */
  kind: DeviceKind;
}

export interface PairingCode {
  code: string;
  counter: CounterSummary;
  expiresAt: number;
  kind: DeviceKind;
}

/** Finds a counter by id, code (C1) or name (Counter 1), case-insensitively. */
export function findCounter(db: Db, ref: string): CounterSummary | null {
  const branch = findBranch(db);
  if (!branch) return null;
  const wanted = ref.trim().toLowerCase();
  return listCounters(db, branch.id).find((c) => c.id === ref || c.code.toLowerCase() === wanted || c.name.toLowerCase() === wanted) ?? null;
}

/**
 * A manager (or a tech at the CLI, actor null) creates a single-use pairing code for a counter, valid 10 minutes.
 * Someone without manage_devices gets `APPROVAL_REQUIRED` and may retry with a manager's approval id.
 */
export function createPairingCode(db: Db, actor: Actor | null, counterRef: string, clock: Clock, approvalId?: string, kind: DeviceKind = 'counter'): Result<PairingCode> {
  if (actor && !can(actor, 'manage_devices') && !approvalId) {
    return err('APPROVAL_REQUIRED', 'a manager must approve a new pairing code', { permission: 'manage_devices' });
  }
  const counter = findCounter(db, counterRef);
  if (!counter) return err('NOT_FOUND', `there is no counter "${counterRef}"`, { counter: counterRef });
  const now = clock.now();
  const code = newPairingCode();
  const expiresAt = now + PAIRING_CODE_TTL_MS;
  return transaction(db, (tx) => {
    let approverId: Id<'Staff'> | null = null;
    if (actor && !can(actor, 'manage_devices')) {
      const approved = redeemApproval(tx, { approvalId: approvalId!, permission: 'manage_devices', requesterStaffId: actor.staffId }, now);
      if (!approved.ok) return approved;
      approverId = approved.value.approverId;
    }
    const id = newId<'PairingCode'>();
    tx.db.insert(pairingCodes).values({ id, counterId: counter.id, codeHash: sha256(code), createdBy: approverId ?? actor?.staffId ?? null, createdAt: now, expiresAt, kind }).run();
    appendAudit(tx, {
      action: 'device.pairing_code_created', staffId: actor?.staffId ?? null, approverId, counterId: counter.id, deviceId: actor?.deviceId ?? null,
      branchId: findBranch(tx.db)?.id ?? null, entityType: 'pairing_code', entityId: id, details: { forCounter: counter.name, expiresAt, by: actor ? actor.name : 'cli', kind },
    }, now);
    return ok({ code, counter, expiresAt, kind });
  });
}

export interface PairedDevice {
  credential: string;
  device: DeviceContext;
}

/** Redeems a pairing code: a new device bound to the code's counter, with a credential shown only to that device. */
export function pairDevice(db: Db, input: { code: string; userAgent?: string }, clock: Clock): Result<PairedDevice> {
  const now = clock.now();
  const codeHash = sha256(normalizePairingCode(input.code));
  return transaction(db, (tx) => {
    const row = tx.db.select().from(pairingCodes).where(eq(pairingCodes.codeHash, codeHash)).get();
    if (!row || row.usedAt !== null || row.expiresAt <= now) {
      return err('PAIRING_CODE_INVALID', row ? 'this pairing code has expired or was already used; ask a manager for a new one' : 'this pairing code is not right; check it and try again', null);
    }
    const credential = newSecret('dev_');
    const deviceId = newId<'Device'>();
    tx.db.insert(devices).values({ id: deviceId, counterId: row.counterId, credentialHash: sha256(credential), userAgent: (input.userAgent ?? '').slice(0, 200), pairedAt: now, lastSeenAt: now, kind: row.kind }).run();
    tx.db.update(pairingCodes).set({ usedAt: now, deviceId }).where(eq(pairingCodes.id, row.id)).run();
    const context = deviceContext(tx.db, deviceId)!;
    appendAudit(tx, {
      action: 'device.paired', staffId: row.createdBy, counterId: row.counterId, deviceId, branchId: context.branchId,
      entityType: 'device', entityId: deviceId, details: { userAgent: (input.userAgent ?? '').slice(0, 200), kind: row.kind },
    }, now);
    return ok({ credential, device: context });
  });
}

function deviceContext(db: Db, deviceId: Id<'Device'>): DeviceContext | null {
  const row = db.$client.prepare(`select d.id as deviceId, d.counter_id as counterId, c.branch_id as branchId, c.code as counterCode, c.name as counterName, d.kind as kind
    from devices d join counters c on c.id = d.counter_id where d.id = ?`).get(deviceId) as DeviceContext | undefined;
  return row ?? null;
}

/** The device a credential belongs to: `UNAUTHENTICATED` when unknown, `DEVICE_REVOKED` once revoked. */
export function authenticateDevice(db: Db, credential: string | undefined, now: number): Result<DeviceContext> {
  if (!credential) return err('UNAUTHENTICATED', 'this browser is not paired with a counter; enter a pairing code');
  // Read on every request (never cached): a revoked device is refused from the very next call.
  const statement = preparedOnce(db, 'staff.deviceByCredentialHash', (d) => d.$client.prepare(`select d.id as deviceId, d.counter_id as counterId,
    c.branch_id as branchId, c.code as counterCode, c.name as counterName, d.kind as kind, d.revoked_at as revokedAt, d.last_seen_at as lastSeenAt
    from devices d join counters c on c.id = d.counter_id where d.credential_hash = ?`));
  const row = statement.get(sha256(credential)) as (DeviceContext & { revokedAt: number | null; lastSeenAt: number }) | undefined;
  if (!row) return err('UNAUTHENTICATED', 'this browser is not paired with a counter; enter a pairing code');
  if (row.revokedAt !== null) return err('DEVICE_REVOKED', 'this device was unpaired by a manager; pair it again with a new code');
  if (now - row.lastSeenAt >= SEEN_RESOLUTION_MS) db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, row.deviceId)).run();
  const { revokedAt: _r, lastSeenAt: _l, ...context } = row;
  return ok(context);
}

export interface DeviceListing {
  id: Id<'Device'>;
  counterId: Id<'Counter'>;
  counterName: string;
  userAgent: string;
  pairedAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
  signedIn: string | null;
  /** 'display' for a customer display. */
  kind: DeviceKind;
}

export function listDevices(db: Db, actor: Actor): Result<DeviceListing[]> {
  const allowed = checkPermission(actor, 'manage_devices');
  if (!allowed.ok) return allowed;
  const rows = db.$client.prepare(`select d.id, d.counter_id as counterId, c.name as counterName, d.user_agent as userAgent, d.paired_at as pairedAt,
      d.last_seen_at as lastSeenAt, d.revoked_at as revokedAt, d.kind as kind,
      (select s.name from staff_sessions ss join staff s on s.id = ss.staff_id where ss.device_id = d.id and ss.ended_at is null order by ss.started_at desc limit 1) as signedIn
    from devices d join counters c on c.id = d.counter_id order by d.revoked_at is not null, c.code, d.paired_at desc`).all() as DeviceListing[];
  return ok(rows);
}

/** Revokes a device: its credential stops working, its sessions end and its sockets are disconnected after commit. */
export function revokeDevice(db: Db, actor: Actor | null, deviceId: string, clock: Clock): Result<{ id: Id<'Device'>; revokedAt: number }> {
  if (actor) {
    const allowed = checkPermission(actor, 'manage_devices');
    if (!allowed.ok) return allowed;
  }
  const now = clock.now();
  return transaction(db, (tx) => {
    const row = tx.db.select().from(devices).where(eq(devices.id, deviceId as Id<'Device'>)).get();
    if (!row) return err('NOT_FOUND', 'no such device', { deviceId });
    if (row.revokedAt !== null) return ok({ id: row.id, revokedAt: row.revokedAt }); // idempotent
    tx.db.update(devices).set({ revokedAt: now, revokedBy: actor?.staffId ?? null }).where(eq(devices.id, row.id)).run();
    tx.db.update(sessions).set({ endedAt: now }).where(and(eq(sessions.deviceId, row.id), isNull(sessions.endedAt))).run();
    appendAudit(tx, {
      action: 'device.revoked', staffId: actor?.staffId ?? null, counterId: row.counterId, deviceId: row.id, branchId: actor?.branchId ?? findBranch(tx.db)?.id ?? null,
      entityType: 'device', entityId: row.id, details: { by: actor ? actor.name : 'cli' },
    }, now);
    announceDeviceChange(tx, { deviceId: row.id, kind: 'revoked' });
    return ok({ id: row.id, revokedAt: now });
  });
}
