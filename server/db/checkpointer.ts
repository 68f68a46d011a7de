// Moves WAL checkpoints off the request path: the box's connection never auto-checkpoints; a worker thread with
// its own connection runs PASSIVE checkpoints (which never block writers) on a timer.
import { Worker } from 'node:worker_threads';
import type { Db } from './connection.ts';

export interface CheckpointStats {
  /** Frames in the WAL and how many of them are now in the database file, from the last checkpoint. */
  walFrames: number;
  checkpointedFrames: number;
  runs: number;
  lastMs: number;
}

export interface Checkpointer {
  readonly stats: CheckpointStats;
  stop(): Promise<void>;
}

// Plain CommonJS so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
let runs = 0;
const tick = () => {
  const started = performance.now();
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    runs += 1;
    parentPort.postMessage({ walFrames: row.log, checkpointedFrames: row.checkpointed, runs, lastMs: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); tick(); db.close(); parentPort.close(); } });
`;

/** Turns off auto-checkpointing on `db` and starts the background checkpointer for its file. */
export function startCheckpointer(db: Db, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const file = db.$client.name;
  db.$client.pragma('wal_autocheckpoint = 0');
  const stats: CheckpointStats = { walFrames: 0, checkpointedFrames: 0, runs: 0, lastMs: 0 };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs: options.intervalMs ?? 1000 } });
  worker.on('message', (message: CheckpointStats | { error: string }) => {
    if ('error' in message) options.onError?.(message.error);
    else Object.assign(stats, message);
  });
  worker.on('error', (error) => options.onError?.(error.message));
  worker.unref();
  return {
    stats,
    stop: () => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
    }),
  };
}
