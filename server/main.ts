// Composition root: config → data dir → db → migrate → (demo seed, virtual printer) → print worker → app → serve → realtime.
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { describeConfig, type Config } from './config.ts';
import { closeDatabase, openDatabase, type Db } from './db/connection.ts';
import { migrateDatabase } from './db/migrate.ts';
import { setAfterCommitErrorHandler } from './db/transaction.ts';
import { databasePath, ensureDataDir } from './data-dir.ts';
import { startDemoPrinter } from './demo/demo-printer.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { findBranch } from './domain/branch/index.ts';
import { createApp } from './http/app.ts';
import type { BoxDeps } from './http/context.ts';
import { createLogger, type Logger } from './logger.ts';
import { startPrintWorker, type PrintWorker } from './printing/print-worker.ts';
import type { PrinterQueueStatus } from '../hardware/queue/print-queue.ts';
import { attachRealtime, type RealtimeServer } from './realtime/realtime.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { VERSION } from './version.ts';

export const TERMINAL_DIST = fileURLToPath(new URL('../terminal/dist', import.meta.url));

export interface RunningBox {
  url: string;
  port: number;
  deps: BoxDeps;
  io: RealtimeServer;
  printWorker: PrintWorker;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  terminalDir?: string;
}

/** Prepares the database (migrations, first-start demo seed) and returns it open. */
export function prepareDatabase(config: Config, logger: Logger, clock: Clock): Db {
  const dataDir = ensureDataDir(config.dataDir);
  const db = openDatabase(databasePath(dataDir));
  const applied = migrateDatabase(db);
  if (applied > 0) logger.info({ applied }, 'database migrated');
  if (!findBranch(db)) {
    if (config.demo) {
      const summary = seedDemo(db, config, clock, { variants: config.demoVariants });
      logger.info({ ...summary, branch: summary.branch.name }, 'empty database: seeded the DEMO branch and catalog');
    } else {
      logger.warn('this box has no branch yet: run `npm run cli -- seed-demo` for a demo, or follow the setup steps in the README');
    }
  }
  return db;
}

export async function startBox(config: Config, options: StartOptions = {}): Promise<RunningBox> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  logger.info({ config: describeConfig(config), version: VERSION }, 'starting the box');
  setAfterCommitErrorHandler((error) => logger.error({ err: error }, 'after-commit effect failed'));

  const db = prepareDatabase(config, logger, clock);
  const demoPrinter = config.demo ? await startDemoPrinter(db, clock) : undefined;
  if (demoPrinter) logger.info({ printer: demoPrinter.printer.url }, 'demo: virtual receipt printer listening');
  // One queue per registered printer; every change of a printer's state goes to the terminals once realtime is up.
  let emitPrinterStatus: (status: PrinterQueueStatus) => void = () => undefined;
  const printWorker = startPrintWorker({ db, clock, logger, onStatus: (status) => emitPrinterStatus(status) });
  const deps: BoxDeps = { config, db, clock, logger, version: VERSION, startedAt: clock.now(), printing: printWorker };
  const app = createApp(deps, { terminalDir: options.terminalDir ?? TERMINAL_DIST, demoPrinter });

  let server: HttpServer;
  try {
    server = await new Promise<HttpServer>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as HttpServer));
      s.once('error', reject);
    });
  } catch (error) {
    await printWorker.stop();
    await demoPrinter?.printer.close();
    closeDatabase(db);
    throw error;
  }
  const io = attachRealtime(server, deps);
  emitPrinterStatus = (status) => io.emit('printer:status-changed', status);
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ url, port, demo: config.demo }, 'box listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await printWorker.stop();
      await demoPrinter?.printer.close();
      await io.close(); // also closes the HTTP server
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeDatabase(db);
      logger.info('box stopped');
    })();
    return closing;
  };
  return { url, port, deps, io, printWorker, close };
}
