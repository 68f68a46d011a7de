// One synchronous SQLite transaction per command, with effects that run only after a successful commit.
import type Database from 'better-sqlite3';
import type { Db } from './connection.ts';

/** What a command's transaction body receives. */
export interface Tx {
  readonly db: Db;
  /** Queues an effect (print, emit, wake a worker) to run once the outermost transaction has committed. */
  afterCommit(effect: () => void): void;
}

type EffectErrorHandler = (error: unknown) => void;
let onEffectError: EffectErrorHandler = (error) => console.error('afterCommit effect failed', error);

/** Where failures of after-commit effects are reported; they never undo or fail the committed command. */
export function setAfterCommitErrorHandler(handler: EffectErrorHandler): void {
  onEffectError = handler;
}

const openEffects = new WeakMap<Database.Database, Array<() => void>>();

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs `work` inside `BEGIN IMMEDIATE … COMMIT`. The callback must be synchronous: an async callback is refused
 * (it would commit before its awaits ran). A nested call joins the outer transaction as a savepoint; its effects
 * run after the outer commit, and are dropped if the nested part rolls back.
 */
export function transaction<T>(db: Db, work: (tx: Tx) => T): T {
  if (work.constructor.name === 'AsyncFunction') {
    throw new TypeError('transaction callbacks must be synchronous: no await inside a transaction');
  }
  const client = db.$client;
  const outer = openEffects.get(client);
  const effects: Array<() => void> = [];
  const tx: Tx = { db, afterCommit: (effect) => void effects.push(effect) };
  const body = client.transaction(() => {
    const result = work(tx);
    if (isThenable(result)) throw new TypeError('transaction callbacks must be synchronous: the callback returned a promise');
    return result;
  });

  if (outer) {
    const result = body(); // savepoint inside the outer transaction
    outer.push(...effects);
    return result;
  }

  openEffects.set(client, effects);
  let result: T;
  try {
    result = body.immediate();
  } finally {
    openEffects.delete(client);
  }
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      onEffectError(error);
    }
  }
  return result;
}

/** Thrown inside `transactionResult` to roll back while returning an expected failure. */
class RollbackWith<E> extends Error {
  constructor(readonly failure: E) {
    super('rolled back with an expected failure');
  }
}

/**
 * Like `transaction`, for commands that return `{ ok: false }` results: a failure rolls back everything the
 * command wrote before it found the problem (and drops its after-commit effects), then is returned as is.
 */
export function transactionResult<T extends { ok: boolean }>(db: Db, work: (tx: Tx) => T): T {
  try {
    return transaction(db, (tx) => {
      const result = work(tx);
      if (!result.ok) throw new RollbackWith(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RollbackWith) return error.failure as T;
    throw error;
  }
}
