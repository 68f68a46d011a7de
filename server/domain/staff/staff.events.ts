// In-process notices that a device's standing changed (revoked, signed in, switched, locked), for the realtime layer.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Id } from '../../shared/ids.ts';

export interface DeviceChange {
  deviceId: Id<'Device'>;
  kind: 'revoked' | 'session';
}

type Listener = (change: DeviceChange) => void;
const listeners = new WeakMap<Database.Database, Set<Listener>>();

/** Subscribes to changes on this database (one box); returns the unsubscribe function. */
export function onDeviceChanged(db: Db, listener: Listener): () => void {
  let set = listeners.get(db.$client);
  if (!set) listeners.set(db.$client, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Announces a change once the transaction that made it has committed. */
export function announceDeviceChange(tx: Tx, change: DeviceChange): void {
  tx.afterCommit(() => {
    for (const listener of listeners.get(tx.db.$client) ?? []) listener(change);
  });
}
