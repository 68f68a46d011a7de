// Tables of the staff room: staff, custom roles, PIN lockouts, approvals, paired devices, sessions and API tokens.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn, moneyColumn } from '../../db/columns.ts';
import { branches, counters } from '../branch/branch.sql.ts';

export const staff = sqliteTable(
  'staff',
  {
    id: idColumn<'Staff'>().primaryKey(),
    /** Null only for staff created on a box that has no branch yet (the first manager of a fresh box). */
    branchId: idColumn<'Branch'>().references(() => branches.id),
    name: text().notNull(),
    /** What the person types (or picks) at sign-in and for approvals, e.g. 1001. */
    code: text().notNull().unique(),
    /** A built-in role id (cashier, supervisor, manager, owner) or a custom role's id. */
    roleId: text().notNull(),
    /** argon2id PHC string; the parameters travel inside it. */
    pinHash: text().notNull(),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    failedAttempts: integer().notNull().default(0),
    lockedUntil: instantColumn(),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
  },
  (t) => [index('staff_branch').on(t.branchId)],
);

/** Roles owners create beside the built-in ones. */
export const customRoles = sqliteTable('custom_roles', {
  id: text().primaryKey(),
  name: text().notNull().unique(),
  /** JSON array of permission names. */
  permissions: text().notNull(),
  maxDiscountBps: integer().notNull().default(0),
  createdAt: instantColumn().notNull(),
  updatedAt: instantColumn().notNull(),
});

/** Wrong-PIN counters per counter (the per-staff one lives on the staff row). */
export const counterLockouts = sqliteTable('counter_lockouts', {
  counterId: idColumn<'Counter'>().primaryKey().references(() => counters.id),
  failedAttempts: integer().notNull().default(0),
  lockedUntil: instantColumn(),
});

export const approvals = sqliteTable('approvals', {
  id: idColumn<'Approval'>().primaryKey(),
  permission: text().notNull(),
  approverId: idColumn<'Staff'>().notNull().references(() => staff.id),
  requesterStaffId: idColumn<'Staff'>(),
  counterId: idColumn<'Counter'>(),
  reason: text(),
  amount: moneyColumn(),
  amountBps: integer(),
  createdAt: instantColumn().notNull(),
  expiresAt: instantColumn().notNull(),
  usedAt: instantColumn(),
});

/** A counter screen (staff sign in and sell), or a customer display (shows the counter's cart, nothing else). */
export type DeviceKind = 'counter' | 'display';

export const pairingCodes = sqliteTable('pairing_codes', {
  id: idColumn<'PairingCode'>().primaryKey(),
  counterId: idColumn<'Counter'>().notNull().references(() => counters.id),
  /** SHA-256 of the code: a database copy does not reveal live codes. */
  codeHash: text().notNull().unique(),
  createdBy: idColumn<'Staff'>(),
  createdAt: instantColumn().notNull(),
  expiresAt: instantColumn().notNull(),
  usedAt: instantColumn(),
  deviceId: idColumn<'Device'>(),
  /** What the device paired with this code becomes. */
  kind: text().$type<DeviceKind>().notNull().default('counter'),
});

export const devices = sqliteTable(
  'devices',
  {
    id: idColumn<'Device'>().primaryKey(),
    counterId: idColumn<'Counter'>().notNull().references(() => counters.id),
    /** SHA-256 of the credential held in the device's cookie. */
    credentialHash: text().notNull().unique(),
    userAgent: text().notNull().default(''),
    pairedAt: instantColumn().notNull(),
    lastSeenAt: instantColumn().notNull(),
    revokedAt: instantColumn(),
    revokedBy: idColumn<'Staff'>(),
    kind: text().$type<DeviceKind>().notNull().default('counter'),
  },
  (t) => [index('devices_counter').on(t.counterId)],
);

export const sessions = sqliteTable(
  'staff_sessions',
  {
    id: idColumn<'Session'>().primaryKey(),
    /** SHA-256 of the session token held in the device's cookie. */
    tokenHash: text().notNull().unique(),
    deviceId: idColumn<'Device'>().notNull().references(() => devices.id),
    staffId: idColumn<'Staff'>().notNull().references(() => staff.id),
    startedAt: instantColumn().notNull(),
    lastActiveAt: instantColumn().notNull(),
    expiresAt: instantColumn().notNull(),
    lockedAt: instantColumn(),
    endedAt: instantColumn(),
  },
  (t) => [index('staff_sessions_device').on(t.deviceId)],
);

export const apiTokens = sqliteTable('api_tokens', {
  id: idColumn<'ApiToken'>().primaryKey(),
  name: text().notNull(),
  roleId: text().notNull(),
  /** SHA-256 of the bearer token; the token itself is shown once. */
  tokenHash: text().notNull().unique(),
  /** First characters of the token, to tell tokens apart in lists. */
  prefix: text().notNull(),
  createdAt: instantColumn().notNull(),
  lastUsedAt: instantColumn(),
  revokedAt: instantColumn(),
});
