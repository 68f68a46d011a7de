// The audit log: append-only, each entry holding the hash of the one before it.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn, moneyColumn } from '../../db/columns.ts';

export const auditLog = sqliteTable(
  'audit_log',
  {
    /** Position in the chain, 1, 2, 3, … */
    seq: integer().primaryKey(),
    id: idColumn<'AuditEntry'>().notNull().unique(),
    at: instantColumn().notNull(),
    /** What happened, e.g. `staff.sign_in_failed`, `sale.discount_approved`, `device.revoked`. */
    action: text().notNull(),
    branchId: text(),
    counterId: text(),
    deviceId: text(),
    /** Who did it (null for the box itself or an unknown person). */
    staffId: text(),
    /** The manager who approved it, when it needed approval. */
    approverId: text(),
    entityType: text(),
    entityId: text(),
    reason: text(),
    amount: moneyColumn(),
    /** Anything else worth keeping, as canonical JSON. */
    details: text().notNull().default('{}'),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_action').on(t.action), index('audit_log_staff').on(t.staffId)],
);
