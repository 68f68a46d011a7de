// Public face of the staff room (staff, roles, approvals, devices, sessions, tokens).
export { PERMISSIONS, isPermission, type Permission } from './permissions.ts';
export { can, type Actor } from './actor.ts';
