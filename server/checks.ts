// `check`: proves the database is sound: SQLite integrity, foreign keys, and each room's invariants.
import type { Db } from './db/connection.ts';
import { verifyAuditChain } from './domain/audit/index.ts';
import { findLedgerProblems } from './domain/inventory/index.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

type Check = { name: string; run: (db: Db) => { ok: boolean; detail: string } };

const CHECKS: Check[] = [
  {
    name: 'sqlite integrity',
    run: (db) => {
      const rows = db.$client.pragma('integrity_check') as Array<{ integrity_check: string }>;
      const messages = rows.map((r) => r.integrity_check);
      return messages.length === 1 && messages[0] === 'ok'
        ? { ok: true, detail: 'ok' }
        : { ok: false, detail: messages.slice(0, 10).join('; ') };
    },
  },
  {
    name: 'foreign keys',
    run: (db) => {
      const rows = db.$client.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
      return rows.length === 0
        ? { ok: true, detail: 'every reference resolves' }
        : { ok: false, detail: `${rows.length} broken reference(s), e.g. ${rows.slice(0, 5).map((r) => `${r.table}#${r.rowid} → ${r.parent}`).join(', ')}` };
    },
  },
  {
    name: 'stock ledger',
    run: (db) => {
      const problems = findLedgerProblems(db, 20);
      return problems.length === 0
        ? { ok: true, detail: 'every cached stock level equals the sum of its movements' }
        : { ok: false, detail: `${problems.length}${problems.length === 20 ? '+' : ''} level(s) differ from the ledger, e.g. ${problems.slice(0, 3).map((p) => `variant ${p.variantId}: cached ${p.cachedOnHand ?? 'none'}, ledger ${p.ledgerOnHand ?? 'none'}`).join('; ')}` };
    },
  },
  {
    name: 'catalog search index',
    run: (db) => {
      const row = db.$client.prepare(`select (select count(*) from variants) as variants,
        (select count(*) from variants v left join catalog_search_keys k on k.variant_id = v.id where k.id is null) as missing,
        (select count(*) from catalog_search_keys k left join variants v on v.id = k.variant_id where v.id is null) as stale`).get() as { variants: number; missing: number; stale: number };
      return row.missing === 0 && row.stale === 0
        ? { ok: true, detail: `all ${row.variants} variants are searchable` }
        : { ok: false, detail: `${row.missing} variant(s) missing from the search index, ${row.stale} stale entr${row.stale === 1 ? 'y' : 'ies'}` };
    },
  },
  {
    name: 'audit chain',
    run: (db) => {
      const problems = verifyAuditChain(db);
      return problems.length === 0
        ? { ok: true, detail: 'every audit entry is intact and in sequence' }
        : { ok: false, detail: problems.slice(0, 5).map((p) => `entry ${p.seq}: ${p.problem}`).join('; ') };
    },
  },
];

/** Runs every check; a check that throws counts as failed with its error. */
export function runChecks(db: Db): CheckResult[] {
  return CHECKS.map((check) => {
    try {
      return { name: check.name, ...check.run(db) };
    } catch (error) {
      return { name: check.name, ok: false, detail: (error as Error).message };
    }
  });
}
