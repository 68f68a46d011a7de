// Whether an actor may give a discount or override a price, or needs a manager's approval (redeemed in the command's transaction).
import type { Tx } from '../../db/transaction.ts';
import type { Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { can, redeemApproval, type Actor } from '../staff/index.ts';
import type { Discount } from './sale.rules.ts';

/** A discount as basis points of what it applies to (amounts rounded up, so 1 paisa over the limit counts). */
export function discountBps(discount: Discount, base: Money): number {
  if (discount.kind === 'percent') return discount.bps;
  if (base <= 0) return discount.amount > 0 ? 10_000 : 0;
  return Math.min(10_000, Math.ceil((discount.amount * 10_000) / base));
}

export interface Authorized {
  /** The approving manager, when an approval was used. */
  approverId: string | null;
}

/**
 * A discount within the actor's limit passes; above it (or without the discount permission) it needs an approval
 * id, redeemed here. APPROVAL_REQUIRED (with the permission and basis points) when none was given.
 */
export function authorizeDiscount(tx: Tx, actor: Actor, bps: number, amount: Money, approvalId: string | null | undefined, now: number): Result<Authorized> {
  if (bps === 0 || (can(actor, 'discount') && bps <= actor.maxDiscountBps)) return ok({ approverId: null });
  if (!approvalId) {
    return err('APPROVAL_REQUIRED', `a ${bps / 100} % discount is above your limit of ${actor.maxDiscountBps / 100} %; ask a manager`, { permission: 'discount', amountBps: bps, amount });
  }
  const redeemed = redeemApproval(tx, { approvalId, permission: 'discount', requesterStaffId: actor.staffId, amountBps: bps }, now);
  return redeemed.ok ? ok({ approverId: redeemed.value.approverId }) : redeemed;
}

/** A price override needs the price_override permission or an approval for it. */
export function authorizePriceOverride(tx: Tx, actor: Actor, approvalId: string | null | undefined, now: number): Result<Authorized> {
  if (can(actor, 'price_override')) return ok({ approverId: null });
  if (!approvalId) return err('APPROVAL_REQUIRED', 'changing a price needs a manager', { permission: 'price_override' });
  const redeemed = redeemApproval(tx, { approvalId, permission: 'price_override', requesterStaffId: actor.staffId }, now);
  return redeemed.ok ? ok({ approverId: redeemed.value.approverId }) : redeemed;
}
