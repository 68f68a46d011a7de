// Approvals: a manager's PIN on the cashier's screen grants one use of a permission, for 2 minutes.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { transaction, type Tx } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId, type Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { findBranch } from '../branch/index.ts';
import type { Permission } from './permissions.ts';
import { findRole } from './staff.roles.ts';
import { checkPin } from './staff.service.ts';
import { approvals } from './staff.sql.ts';

export const APPROVAL_TTL_MS = 2 * 60_000;

export interface ApprovalRequest {
  approverStaffCode: string;
  pin: string;
  permission: Permission;
  requesterStaffId: Id<'Staff'> | null;
  counterId: Id<'Counter'> | null;
  reason?: string;
  amount?: Money;
  amountBps?: number;
}

export interface GrantedApproval {
  approvalId: Id<'Approval'>;
  approverId: Id<'Staff'>;
  approverName: string;
  expiresAt: number;
}

/**
 * Checks the approver's PIN (with the same lockout as sign-in) and that their role holds `permission` (and, for
 * a discount in basis points, a large enough discount limit); records a single-use approval valid 2 minutes.
 */
export async function createApproval(db: Db, input: ApprovalRequest, clock: Clock): Promise<Result<GrantedApproval>> {
  const checked = await checkPin(db, { staffCode: input.approverStaffCode, pin: input.pin, purpose: 'approval', counterId: input.counterId }, clock);
  if (!checked.ok) return checked;
  const approver = checked.value;
  const role = findRole(db, approver.roleId);
  const now = clock.now();
  const branchId = findBranch(db)?.id ?? null;
  const holds = role?.permissions.has(input.permission) ?? false;
  const limitOk = input.amountBps === undefined || input.permission !== 'discount' || (role?.maxDiscountBps ?? 0) >= input.amountBps;
  if (!holds || !limitOk) {
    transaction(db, (tx) => appendAudit(tx, {
      // Nobody approved anything: the person who tried is kept in details, not as the approver.
      action: 'approval.refused', staffId: input.requesterStaffId, approverId: null, counterId: input.counterId, branchId,
      entityType: 'staff', entityId: approver.id, reason: input.reason ?? null, amount: input.amount ?? null,
      details: { permission: input.permission, amountBps: input.amountBps ?? null, triedBy: approver.name },
    }, now));
    return err('APPROVER_NOT_ALLOWED', holds
      ? `${approver.name} may give discounts up to ${(role?.maxDiscountBps ?? 0) / 100} % only`
      : `${approver.name} may not approve ${input.permission.replaceAll('_', ' ')}`, { permission: input.permission });
  }
  const approvalId = newId<'Approval'>();
  const expiresAt = now + APPROVAL_TTL_MS;
  transaction(db, (tx) => {
    tx.db.insert(approvals).values({
      id: approvalId, permission: input.permission, approverId: approver.id, requesterStaffId: input.requesterStaffId, counterId: input.counterId,
      reason: input.reason ?? null, amount: input.amount ?? null, amountBps: input.amountBps ?? null, createdAt: now, expiresAt,
    }).run();
    appendAudit(tx, {
      action: 'approval.granted', staffId: input.requesterStaffId, approverId: approver.id, counterId: input.counterId, branchId,
      entityType: 'approval', entityId: approvalId, reason: input.reason ?? null, amount: input.amount ?? null,
      details: { permission: input.permission, amountBps: input.amountBps ?? null },
    }, now);
  });
  return ok({ approvalId, approverId: approver.id, approverName: approver.name, expiresAt });
}

export interface ApprovalRedemption {
  approvalId: string;
  permission: Permission;
  requesterStaffId: Id<'Staff'> | null;
  amount?: Money;
  amountBps?: number;
}

/**
 * Uses an approval inside the command's own transaction (so a rolled-back command leaves it unused).
 * `APPROVAL_INVALID` when it is unknown, used, expired, for another permission or requester, or for less than asked.
 */
export function redeemApproval(tx: Tx, input: ApprovalRedemption, now: number): Result<{ approverId: Id<'Staff'> }> {
  const row = tx.db.select().from(approvals).where(eq(approvals.id, input.approvalId as Id<'Approval'>)).get();
  const invalid = (why: string) => err('APPROVAL_INVALID', `the approval ${why}; ask for a new one`, { approvalId: input.approvalId, reason: why });
  if (!row) return invalid('does not exist');
  if (row.usedAt !== null) return invalid('was already used');
  if (row.expiresAt <= now) return invalid('has expired');
  if (row.permission !== input.permission) return invalid(`is for ${row.permission.replaceAll('_', ' ')}, not ${input.permission.replaceAll('_', ' ')}`);
  if (row.requesterStaffId !== input.requesterStaffId) return invalid('was given to someone else');
  if (input.amount !== undefined && (row.amount === null || row.amount < input.amount)) return invalid('covers a smaller amount');
  if (input.amountBps !== undefined && (row.amountBps === null || row.amountBps < input.amountBps)) return invalid('covers a smaller discount');
  const used = tx.db.update(approvals).set({ usedAt: now }).where(eq(approvals.id, row.id)).run();
  if (used.changes !== 1) return invalid('was already used');
  return ok({ approverId: row.approverId });
}
