// Branch commands and queries: the branch this box serves, its counters, and what the terminal needs at start.
import { asc, eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction } from '../../db/transaction.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { branches, counters } from './branch.sql.ts';

export interface BranchSummary { id: Id<'Branch'>; code: string; name: string; demo: boolean }
export interface CounterSummary { id: Id<'Counter'>; code: string; name: string }

/** The branch this box serves (the first one created); read on many requests, so one prepared statement. */
export function findBranch(db: Db): BranchSummary | null {
  const first = preparedOnce(db, 'branch.first', (d) => d.$client.prepare('select id, code, name, demo from branches order by created_at limit 1'));
  const row = first.get() as { id: Id<'Branch'>; code: string; name: string; demo: number } | undefined;
  return row ? { id: row.id, code: row.code, name: row.name, demo: row.demo === 1 } : null;
}

export interface BranchProfile { id: Id<'Branch'>; name: string; address: string; timeZone: string; currency: string }

/** What a receipt header needs of a branch: name, address, time zone and currency. */
export function findBranchProfile(db: Db, branchId: Id<'Branch'>): BranchProfile | null {
  return db.select({ id: branches.id, name: branches.name, address: branches.address, timeZone: branches.timeZone, currency: branches.currency })
    .from(branches).where(eq(branches.id, branchId)).get() ?? null;
}

export function listCounters(db: Db, branchId: Id<'Branch'>): CounterSummary[] {
  return db.select({ id: counters.id, code: counters.code, name: counters.name }).from(counters)
    .where(eq(counters.branchId, branchId)).orderBy(asc(counters.code)).all();
}

export interface NewBranch {
  code: string;
  name: string;
  address?: string;
  demo?: boolean;
  counters: Array<{ code: string; name: string }>;
}

/** Creates the branch and its counters in one transaction. */
export function createBranch(db: Db, config: Config, input: NewBranch, now: number): BranchSummary {
  return transaction(db, (tx) => {
    const id = newId<'Branch'>();
    tx.db.insert(branches).values({
      id, code: input.code, name: input.name, address: input.address ?? '', timeZone: config.timeZone,
      currency: config.currency, demo: input.demo ?? false, createdAt: now,
    }).run();
    for (const counter of input.counters) {
      tx.db.insert(counters).values({ id: newId<'Counter'>(), branchId: id, code: counter.code, name: counter.name, createdAt: now }).run();
    }
    return { id, code: input.code, name: input.name, demo: input.demo ?? false };
  });
}

export interface BoxInfo {
  version: string;
  demo: boolean;
  branch: BranchSummary | null;
  counters: CounterSummary[];
  currency: string;
  currencyExponent: number;
  locale: string;
  timeZone: string;
}

/** What the terminal loads first: who this box is and how to format money and dates. */
export function getBoxInfo(db: Db, config: Config, version: string): BoxInfo {
  const branch = findBranch(db);
  return {
    version,
    demo: config.demo || (branch?.demo ?? false),
    branch,
    counters: branch ? listCounters(db, branch.id) : [],
    currency: config.currency,
    currencyExponent: config.currencyExponent,
    locale: config.locale,
    timeZone: config.timeZone,
  };
}
