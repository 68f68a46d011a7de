// Who is acting: a signed-in staff member on a paired counter, or an API token; services take it explicitly.
import type { Id } from '../../shared/ids.ts';
import type { Permission } from './permissions.ts';

export interface Actor {
  kind: 'staff' | 'token';
  /** The staff member, or null for an API token. */
  staffId: Id<'Staff'> | null;
  /** Display name (staff name or token name). */
  name: string;
  roleId: string;
  permissions: ReadonlySet<Permission>;
  /** Largest discount this actor may give without approval, in basis points of the discounted amount. */
  maxDiscountBps: number;
  branchId: Id<'Branch'>;
  /** The paired counter the request came from; null for API tokens. */
  counterId: Id<'Counter'> | null;
  deviceId: Id<'Device'> | null;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}
