// The demo staff: one per built-in role, with public codes and PINs (printed at the first demo start and in the README).
import { hashSync } from '@node-rs/argon2';
import type { Db } from '../db/connection.ts';
import { transaction } from '../db/transaction.ts';
import { appendAudit } from '../domain/audit/index.ts';
import type { BranchSummary } from '../domain/branch/index.ts';
import { PRODUCTION_PIN_COST } from '../domain/staff/index.ts';
import { ARGON2ID } from '../domain/staff/staff.secrets.ts';
import { staff } from '../domain/staff/staff.sql.ts';
import { newId } from '../shared/ids.ts';

export const DEMO_STAFF = [
  { name: 'Imran Qureshi', role: 'owner', code: '1001', pin: '4001' },
  { name: 'Sana Tariq', role: 'manager', code: '1002', pin: '4002' },
  { name: 'Usman Ali', role: 'supervisor', code: '1003', pin: '4003' },
  { name: 'Ayesha Khan', role: 'cashier', code: '1004', pin: '4004' },
] as const;

export function seedDemoStaff(db: Db, branch: BranchSummary, now: number): typeof DEMO_STAFF {
  const hashed = DEMO_STAFF.map((s) => ({
    ...s, pinHash: hashSync(s.pin, { algorithm: ARGON2ID, memoryCost: PRODUCTION_PIN_COST.memoryCost, timeCost: PRODUCTION_PIN_COST.timeCost, parallelism: 1 }),
  }));
  transaction(db, (tx) => {
    for (const s of hashed) {
      const id = newId<'Staff'>();
      tx.db.insert(staff).values({ id, branchId: branch.id, name: s.name, code: s.code, roleId: s.role, pinHash: s.pinHash, active: true, createdAt: now, updatedAt: now }).run();
      appendAudit(tx, { action: 'staff.added', branchId: branch.id, entityType: 'staff', entityId: id, details: { name: s.name, code: s.code, roleId: s.role, by: 'demo seed' } }, now);
    }
  });
  return DEMO_STAFF;
}

/** The lines shown on the console: who can sign in with what. */
export function describeDemoStaff(): string[] {
  return DEMO_STAFF.map((s) => `${s.role.padEnd(10)} ${s.name.padEnd(14)} staff code ${s.code}  PIN ${s.pin}`);
}
