// Test builders for the staff room: aStaff(db, { role, pin }) and anActor(db | fields, { role, counterId }).
import { hashSync } from '@node-rs/argon2';
import type { Db } from '../db/connection.ts';
import { transaction } from '../db/transaction.ts';
import { findBranch, listCounters } from '../domain/branch/index.ts';
import {
  actorForStaff, BUILT_IN_ROLES, createPairingCode, findRole, type BuiltInRoleId, findStaffById, pairDevice, signIn, TEST_PIN_COST, type Actor, type DeviceContext,
} from '../domain/staff/index.ts';
import type { Clock } from '../shared/clock.ts';
import { unwrap } from '../shared/result.ts';
import { staff } from '../domain/staff/staff.sql.ts';
import { ARGON2ID } from '../domain/staff/staff.secrets.ts';
import { newId, type Id } from '../shared/ids.ts';
import { aBranch } from './builders.ts';

export interface StaffOverrides {
  role?: string;
  pin?: string;
  name?: string;
  code?: string;
  active?: boolean;
}

export interface BuiltStaff {
  id: Id<'Staff'>;
  name: string;
  code: string;
  roleId: string;
  pin: string;
}

let sequence = 0;

/** A staff member (cheap argon2 cost), in the box's branch (one is created when the box has none). */
export function aStaff(db: Db, overrides: StaffOverrides = {}): BuiltStaff {
  const branch = findBranch(db) ?? aBranch(db);
  sequence += 1;
  const roleId = overrides.role ?? 'cashier';
  if (!findRole(db, roleId)) throw new Error(`aStaff: unknown role ${roleId}`);
  const built: BuiltStaff = {
    id: newId<'Staff'>(), name: overrides.name ?? `Test ${roleId} ${sequence}`, code: overrides.code ?? String(5000 + sequence), roleId, pin: overrides.pin ?? '1234',
  };
  const pinHash = hashSync(built.pin, { algorithm: ARGON2ID, memoryCost: TEST_PIN_COST.memoryCost, timeCost: TEST_PIN_COST.timeCost, parallelism: 1 });
  const now = Date.UTC(2026, 0, 1);
  transaction(db, (tx) => {
    tx.db.insert(staff).values({
      id: built.id, branchId: branch.id, name: built.name, code: built.code, roleId, pinHash, active: overrides.active ?? true, createdAt: now, updatedAt: now,
    }).run();
  });
  return built;
}

export interface ActorOverrides {
  role?: string;
  counterId?: Id<'Counter'> | null;
  deviceId?: Id<'Device'> | null;
  name?: string;
}

/**
 * An Actor: with a db, a real staff member is created (so foreign keys and audit entries resolve) on the first
 * counter unless `counterId` is given; with plain fields, an Actor object built from the built-in role.
 */
export function anActor(dbOrFields: Db | Partial<Actor>, overrides: ActorOverrides = {}): Actor {
  if (!('$client' in dbOrFields)) {
    const fields = dbOrFields as Partial<Actor>;
    const roleId = overrides.role ?? fields.roleId ?? 'cashier';
    const role = BUILT_IN_ROLES[roleId as BuiltInRoleId] ?? BUILT_IN_ROLES.cashier;
    return {
      kind: 'staff', staffId: newId<'Staff'>(), name: overrides.name ?? `Test ${roleId}`, roleId, permissions: role.permissions,
      maxDiscountBps: role.maxDiscountBps, branchId: newId<'Branch'>(), counterId: overrides.counterId ?? newId<'Counter'>(), deviceId: overrides.deviceId ?? null,
      ...fields,
    };
  }
  const db = dbOrFields;
  const built = aStaff(db, { role: overrides.role ?? 'cashier', ...(overrides.name ? { name: overrides.name } : {}) });
  const branch = findBranch(db)!;
  const counterId = overrides.counterId === undefined ? (listCounters(db, branch.id)[0]?.id ?? null) : overrides.counterId;
  return actorForStaff(db, findStaffById(db, built.id)!, { counterId, deviceId: overrides.deviceId ?? null, branchId: branch.id })!;
}

export interface PairedDevice {
  device: DeviceContext;
  credential: string;
  /** `Cookie` header value carrying the device credential. */
  cookie: string;
}

/** A device paired with a counter (the first one unless named), through a real pairing code. */
export function aPairedDevice(db: Db, clock: Clock, counter?: string): PairedDevice {
  const branch = findBranch(db) ?? aBranch(db);
  const code = unwrap(createPairingCode(db, null, counter ?? listCounters(db, branch.id)[0]!.code, clock));
  const paired = unwrap(pairDevice(db, { code: code.code, userAgent: 'test' }, clock));
  return { device: paired.device, credential: paired.credential, cookie: `box_device=${paired.credential}` };
}

/** Signs `person` in on the device and returns the `Cookie` header for both credentials. */
export async function aSignedInCookie(db: Db, clock: Clock, paired: PairedDevice, person: BuiltStaff): Promise<string> {
  const session = unwrap(await signIn(db, paired.device, { staffCode: person.code, pin: person.pin }, clock));
  return `${paired.cookie}; box_session=${session.token}`;
}
