// Built-in roles (defined in code) and custom roles (owners create them): permission sets and discount limits.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { can, type Actor } from './actor.ts';
import { PERMISSIONS, isPermission, type Permission } from './permissions.ts';
import { customRoles } from './staff.sql.ts';

export interface Role {
  id: string;
  name: string;
  builtIn: boolean;
  permissions: ReadonlySet<Permission>;
  /** Largest discount without approval, in basis points (1,000 = 10 %). */
  maxDiscountBps: number;
}

export const BUILT_IN_ROLE_IDS = ['cashier', 'supervisor', 'manager', 'owner'] as const;
export type BuiltInRoleId = (typeof BUILT_IN_ROLE_IDS)[number];

const CASHIER: Permission[] = ['sell', 'discount', 'open_shift', 'close_shift'];
const SUPERVISOR: Permission[] = [...CASHIER, 'void_line', 'delete_draft', 'price_override', 'refund', 'open_drawer_no_sale', 'paid_in_out', 'view_reports', 'approve', 'print_labels'];
const MANAGER: Permission[] = PERMISSIONS.filter((p) => p !== 'manage_roles');

export const BUILT_IN_ROLES: Readonly<Record<BuiltInRoleId, Role>> = {
  cashier: { id: 'cashier', name: 'Cashier', builtIn: true, permissions: new Set(CASHIER), maxDiscountBps: 500 },
  supervisor: { id: 'supervisor', name: 'Supervisor', builtIn: true, permissions: new Set(SUPERVISOR), maxDiscountBps: 1500 },
  manager: { id: 'manager', name: 'Manager', builtIn: true, permissions: new Set(MANAGER), maxDiscountBps: 5000 },
  owner: { id: 'owner', name: 'Owner', builtIn: true, permissions: new Set(PERMISSIONS), maxDiscountBps: 10_000 },
};

export function isBuiltInRole(id: string): id is BuiltInRoleId {
  return (BUILT_IN_ROLE_IDS as readonly string[]).includes(id);
}

function fromRow(row: typeof customRoles.$inferSelect): Role {
  const names = JSON.parse(row.permissions) as string[];
  return { id: row.id, name: row.name, builtIn: false, permissions: new Set(names.filter(isPermission)), maxDiscountBps: row.maxDiscountBps };
}

/** The role with this id, built-in or custom; null when unknown (a deleted custom role grants nothing). */
export function findRole(db: Db, id: string): Role | null {
  if (isBuiltInRole(id)) return BUILT_IN_ROLES[id];
  const byId = preparedOnce(db, 'staff.customRoleById', (d) => d.select().from(customRoles).where(eq(customRoles.id, sql.placeholder('id'))).prepare());
  const row = byId.get({ id });
  return row ? fromRow(row) : null;
}

export function listRoles(db: Db): Role[] {
  return [...Object.values(BUILT_IN_ROLES), ...db.select().from(customRoles).all().map(fromRow)];
}

/** Roles in JSON shape for the API and the terminal. */
export function roleJson(role: Role) {
  return { id: role.id, name: role.name, builtIn: role.builtIn, permissions: [...role.permissions], maxDiscountBps: role.maxDiscountBps };
}

export interface RoleInput { name: string; permissions: string[]; maxDiscountBps: number }

/** Checks a role's name, permissions and discount limit; gives the cleaned name and the distinct permissions. */
function validateRole(input: RoleInput): Result<{ name: string; permissions: Permission[]; maxDiscountBps: number }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 40) return err('VALIDATION_FAILED', 'the role name must be 1 to 40 characters', { field: 'name' });
  const unknown = input.permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) return err('VALIDATION_FAILED', `unknown permission(s): ${unknown.join(', ')}`, { field: 'permissions', unknown });
  if (!Number.isInteger(input.maxDiscountBps) || input.maxDiscountBps < 0 || input.maxDiscountBps > 10_000) {
    return err('VALIDATION_FAILED', 'the discount limit must be 0 to 10,000 basis points', { field: 'maxDiscountBps' });
  }
  return ok({ name, permissions: [...new Set(input.permissions)] as Permission[], maxDiscountBps: input.maxDiscountBps });
}

const nameTaken = (db: Db, name: string, exceptId: string | null) =>
  listRoles(db).some((r) => r.id !== exceptId && (r.name.toLowerCase() === name.toLowerCase() || r.id === name.toLowerCase()));

/** The custom role a change may touch: owners only, never a built-in role. */
function editableRole(db: Db, actor: Actor, id: string): Result<Role> {
  if (!can(actor, 'manage_roles')) return err('PERMISSION_DENIED', `${actor.name} may not manage roles`, { permission: 'manage_roles' });
  if (isBuiltInRole(id)) return err('ROLE_BUILT_IN', `${BUILT_IN_ROLES[id].name} is a built-in role and cannot be changed`, { roleId: id });
  const role = findRole(db, id);
  return role ? ok(role) : err('ROLE_UNKNOWN', `there is no role "${id}"`, { roleId: id });
}

const auditBy = (actor: Actor) => ({ staffId: actor.staffId, counterId: actor.counterId, deviceId: actor.deviceId, branchId: actor.branchId });

/** Owners (manage_roles) create custom roles. */
export function createRole(db: Db, actor: Actor, input: RoleInput, clock: Clock): Result<ReturnType<typeof roleJson>> {
  if (!can(actor, 'manage_roles')) return err('PERMISSION_DENIED', `${actor.name} may not manage roles`, { permission: 'manage_roles' });
  const valid = validateRole(input);
  if (!valid.ok) return valid;
  const { name, permissions, maxDiscountBps } = valid.value;
  const now = clock.now();
  return transaction(db, (tx) => {
    if (nameTaken(tx.db, name, null)) return err('VALIDATION_FAILED', `a role named ${name} exists already`, { field: 'name' });
    const id = `role_${newId().slice(-12)}`;
    tx.db.insert(customRoles).values({ id, name, permissions: JSON.stringify(permissions), maxDiscountBps, createdAt: now, updatedAt: now }).run();
    appendAudit(tx, { action: 'role.created', ...auditBy(actor), entityType: 'role', entityId: id, details: { name, permissions, maxDiscountBps } }, now);
    return ok(roleJson(findRole(tx.db, id)!));
  });
}

/**
 * Owners change a custom role's name, permissions or discount limit; its members have the new permissions at their
 * next request. Saving the same values again changes nothing and writes no audit row.
 */
export function updateRole(db: Db, actor: Actor, id: string, input: RoleInput, clock: Clock): Result<ReturnType<typeof roleJson>> {
  const valid = validateRole(input);
  if (!valid.ok) return valid;
  const { name, permissions, maxDiscountBps } = valid.value;
  const now = clock.now();
  return transaction(db, (tx) => {
    const role = editableRole(tx.db, actor, id);
    if (!role.ok) return role;
    const before = roleJson(role.value);
    const same = before.name === name && before.maxDiscountBps === maxDiscountBps
      && before.permissions.length === permissions.length && permissions.every((p) => role.value.permissions.has(p));
    if (same) return ok(before);
    if (nameTaken(tx.db, name, id)) return err('VALIDATION_FAILED', `a role named ${name} exists already`, { field: 'name' });
    tx.db.update(customRoles).set({ name, permissions: JSON.stringify(permissions), maxDiscountBps, updatedAt: now }).where(eq(customRoles.id, id)).run();
    appendAudit(tx, {
      action: 'role.updated', ...auditBy(actor), entityType: 'role', entityId: id,
      details: { before: { name: before.name, permissions: before.permissions, maxDiscountBps: before.maxDiscountBps }, after: { name, permissions, maxDiscountBps } },
    }, now);
    return ok(roleJson(findRole(tx.db, id)!));
  });
}

/** Owners delete a custom role nobody holds (staff or API tokens); refused with ROLE_IN_USE otherwise. */
export function deleteRole(db: Db, actor: Actor, id: string, clock: Clock): Result<{ id: string; deleted: true }> {
  const now = clock.now();
  return transaction(db, (tx) => {
    const role = editableRole(tx.db, actor, id);
    if (!role.ok) return role;
    const holders = tx.db.$client.prepare(`select (select count(*) from staff where role_id = ?) as staff, (select count(*) from api_tokens where role_id = ? and revoked_at is null) as tokens`)
      .get(id, id) as { staff: number; tokens: number };
    if (holders.staff + holders.tokens > 0) {
      return err('ROLE_IN_USE', `${role.value.name} is held by ${holders.staff} staff member(s) and ${holders.tokens} API token(s); give them another role first`, { roleId: id, ...holders });
    }
    tx.db.delete(customRoles).where(eq(customRoles.id, id)).run();
    appendAudit(tx, { action: 'role.deleted', ...auditBy(actor), entityType: 'role', entityId: id, details: { name: role.value.name } }, now);
    return ok({ id, deleted: true as const });
  });
}
