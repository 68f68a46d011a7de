// Public face of the staff room (staff, roles, approvals, devices, sessions, tokens).
export { PERMISSIONS, isPermission, type Permission } from './permissions.ts';
export { can, type Actor } from './actor.ts';
export { BUILT_IN_ROLES, BUILT_IN_ROLE_IDS, findRole, listRoles, roleJson, type Role, type BuiltInRoleId } from './staff.roles.ts';
export {
  addStaff, updateStaff, resetPin, listStaff, countStaff, checkPin, checkPermission, actorForStaff, findStaffById,
  MAX_PIN_ATTEMPTS, LOCKOUT_MS, type StaffSummary, type NewStaff, type StaffChanges, type StaffOptions,
} from './staff.service.ts';
export { createApproval, redeemApproval, APPROVAL_TTL_MS, type ApprovalRequest, type ApprovalRedemption, type GrantedApproval } from './staff.approvals.ts';
export { PRODUCTION_PIN_COST, TEST_PIN_COST, type PinHashCost } from './staff.secrets.ts';
