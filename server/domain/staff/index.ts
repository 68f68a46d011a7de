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
export { createPairingCode, pairDevice, authenticateDevice, listDevices, revokeDevice, findCounter, PAIRING_CODE_TTL_MS, type DeviceContext, type DeviceListing, type PairingCode } from './staff.devices.ts';
export type { DeviceKind } from './staff.sql.ts';
export { signIn, signOut, lockSession, unlockSession, resolveSession, deviceSession, counterSession, touchSession, lockIdleSessions, listSignInStaff, SESSION_TTL_MS, type SessionPolicy, type SessionState, type SignedIn } from './staff.sessions.ts';
export { createApiToken, listApiTokens, revokeApiToken, authenticateApiToken, type ApiTokenListing } from './staff.tokens.ts';
export { onDeviceChanged, type DeviceChange } from './staff.events.ts';
export { createRole, deleteRole, updateRole } from './staff.roles.ts';
export { staffRoutes } from './staff.routes.ts';
