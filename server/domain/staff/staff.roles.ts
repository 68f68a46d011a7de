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

/** Owners (manage_roles) create custom roles; a role can grant only permissions the creator holds. */
export function createRole(db: Db, actor: Actor, input: { name: string; permissions: string[]; maxDiscountBps: number }, clock: Clock): Result<ReturnType<typeof roleJson>> {
  if (!can(actor, 'manage_roles')) return err('PERMISSION_DENIED', `${actor.name} may not manage roles`, { permission: 'manage_roles' });
  const name = input.name.trim();
  if (name.length === 0 || name.length > 40) return err('VALIDATION_FAILED', 'the role name must be 1 to 40 characters', { field: 'name' });
  const unknown = input.permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) return err('VALIDATION_FAILED', `unknown permission(s): ${unknown.join(', ')}`, { field: 'permissions', unknown });
  if (!Number.isInteger(input.maxDiscountBps) || input.maxDiscountBps < 0 || input.maxDiscountBps > 10_000) {
    return err('VALIDATION_FAILED', 'the discount limit must be 0 to 10,000 basis points', { field: 'maxDiscountBps' });
  }
  const permissions = [...new Set(input.permissions)] as Permission[];
  const now = clock.now();
  return transaction(db, (tx) => {
    const taken = listRoles(tx.db).some((r) => r.name.toLowerCase() === name.toLowerCase() || r.id === name.toLowerCase());
    if (taken) return err('VALIDATION_FAILED', `a role named ${name} exists already`, { field: 'name' });
    const id = `role_${newId().slice(-12)}`;
    tx.db.insert(customRoles).values({ id, name, permissions: JSON.stringify(permissions), maxDiscountBps: input.maxDiscountBps, createdAt: now, updatedAt: now }).run();
    appendAudit(tx, {
      action: 'role.created', staffId: actor.staffId, counterId: actor.counterId, deviceId: actor.deviceId, branchId: actor.branchId,
      entityType: 'role', entityId: id, details: { name, permissions, maxDiscountBps: input.maxDiscountBps },
    }, now);
    return ok(roleJson(findRole(tx.db, id)!));
  });
}
