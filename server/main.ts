// Composition root: config → data dir → db → migrate → (demo seed, virtual printer) → print worker → app → serve → realtime.
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { describeConfig, type Config } from './config.ts';
import { closeDatabase, openDatabase, type Db } from './db/connection.ts';
import { startCheckpointer } from './db/checkpointer.ts';
import { migrateDatabase } from './db/migrate.ts';
import { setAfterCommitErrorHandler } from './db/transaction.ts';
import { databasePath, ensureDataDir } from './data-dir.ts';
import { startDemoPrinter } from './demo/demo-printer.ts';
import { createDemoScanner } from './demo/demo-scanner.ts';
import type { HardwareDeviceView } from './domain/hardware/index.ts';
import { startHardwareRuntime, type HardwareRuntime } from './hardware/hardware.runtime.ts';
import { sessionPolicy } from './http/auth.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { findBranch } from './domain/branch/index.ts';
import { countStaff, createPairingCode } from './domain/staff/index.ts';
import { describeDemoStaff } from './demo/demo-staff.ts';
import { createApp } from './http/app.ts';
import type { BoxDeps } from './http/context.ts';
import { createLogger, type Logger } from './logger.ts';
import { removePidFile, writePidFile } from './ops/pid-file.ts';
import { startPrintWorker, type PrintWorker } from './printing/print-worker.ts';
import { saleReceiptPrinter } from './printing/sale-receipt-printer.ts';
import { startPoleDisplays } from './printing/pole-display.relay.ts';
import type { PrinterQueueStatus } from '../hardware/queue/print-queue.ts';
import { attachRealtime, type RealtimeServer } from './realtime/realtime.ts';
import { RealtimeEffects } from './realtime/effects.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { VERSION } from './version.ts';
import { startShopifySync, type ShopifySync } from './sync/shopify/worker.ts';

export const TERMINAL_DIST = fileURLToPath(new URL('../terminal/dist', import.meta.url));

export interface RunningBox {
  url: string;
  port: number;
  deps: BoxDeps;
  io: RealtimeServer;
  shopify: ShopifySync;
  printWorker: PrintWorker;
  hardware: HardwareRuntime;
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
      // Demo codes and PINs are public (README); real PINs never reach a log.
      logger.info({ staff: describeDemoStaff() }, 'DEMO staff seeded (staff code + PIN)');
      process.stderr.write(`\nDEMO staff (sign in with staff code + PIN; also in the README):\n  ${describeDemoStaff().join('\n  ')}\n\n`);
    } else {
      logger.warn('this box has no branch yet: run `npm run cli -- seed-demo` for a demo, or follow the setup steps in the README');
    }
  }
  if (!config.demo && countStaff(db) === 0) {
    logger.warn('this box has no staff yet: create the first manager with `npm run cli -- staff add --name "<name>" --role manager --pin <4-8 digits>`');
  }
  return db;
}

export async function startBox(config: Config, options: StartOptions = {}): Promise<RunningBox> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  logger.info({ config: describeConfig(config), version: VERSION }, 'starting the box');
  setAfterCommitErrorHandler((error) => logger.error({ err: error }, 'after-commit effect failed'));

  const db = prepareDatabase(config, logger, clock);
  const checkpointer = startCheckpointer(db, { intervalMs: config.walCheckpointMs, onError: (message) => logger.warn({ message }, 'WAL checkpoint failed') });
  const demoPrinter = config.demo ? await startDemoPrinter(db, clock) : undefined;
  if (demoPrinter) logger.info({ printer: demoPrinter.printer.url }, 'demo: virtual receipt printer listening');
  // One queue per registered printer; every change of a printer's state goes to the terminals once realtime is up.
  let emitPrinterStatus: (status: PrinterQueueStatus) => void = () => undefined;
  const printWorker = startPrintWorker({ db, clock, logger, statusDir: config.dataDir, onStatus: (status) => emitPrinterStatus(status) });
  // Completed sales queue their receipt (and a drawer kick for cash) on the counter's printer, then wake its queue.
  const receiptPrinter = saleReceiptPrinter({
    db, clock, logger, currency: config.currency, currencyExponent: config.currencyExponent, timeZone: config.timeZone,
    notify: (printerId) => printWorker.notify(printerId),
  });
  const effects = new RealtimeEffects(receiptPrinter);
  const poleDisplays = startPoleDisplays(db, config, logger);
  effects.poleDisplays = poleDisplays?.relay ?? null;
  // Device changes (plugged, unplugged, renamed, assigned) repaint the managers' health page once realtime is up.
  let emitDeviceChanged: (device: HardwareDeviceView) => void = () => undefined;
  const hardwareEffects = { deviceChanged: (device: HardwareDeviceView) => emitDeviceChanged(device) };
  const deps: BoxDeps = { config, db, clock, logger, version: VERSION, startedAt: clock.now(), effects, printing: printWorker, hardware: { effects: hardwareEffects } };
  const demoScanner = config.demo ? createDemoScanner() : undefined;
  const app = createApp(deps, { terminalDir: options.terminalDir ?? TERMINAL_DIST, demoPrinter, demoScanner });

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
  effects.attach(io);
  emitPrinterStatus = (status) => io.emit('printer:status-changed', status);
  emitDeviceChanged = (device) => io.emit('hardware:device-changed', device);
  // Printers, HID scanners and serial ports on the box's own ports: found now and on every hot-plug; scans go to counters.
  const hardware = startHardwareRuntime({
    db, config, clock, logger, effects, hardwareEffects, policy: sessionPolicy(deps),
    toCounter: (counterId, event) => io.to(`counter:${counterId}`).emit('scanner:scanned', event),
    virtualDevices: demoScanner ? [demoScanner] : [],
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ url, port, demo: config.demo }, 'box listening');
  // Tells `restore` and upgrades that this data folder is in use.
  writePidFile(config.dataDir, { pid: process.pid, startedAt: deps.startedAt, version: VERSION });
  if (config.demo) {
    const code = createPairingCode(db, null, 'C1', clock);
    if (code.ok) {
      logger.info({ counter: code.value.counter.name, code: code.value.code, pairUrl: `${url}/pair?code=${code.value.code}`, expiresAt: code.value.expiresAt },
        `DEMO pairing code for ${code.value.counter.name}: ${code.value.code} (10 minutes; or open ${url}/pair?code=${code.value.code})`);
      process.stderr.write(`\nDEMO: pair this browser with ${code.value.counter.name}: open ${url}/pair?code=${code.value.code}\n      or type ${code.value.code} on the pairing page (valid 10 minutes, once).\n\n`);
    }
  }
  const shopify = startShopifySync({ db, clock, logger, config });
  effects.syncWake = () => shopify.wake();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await shopify.stop();
      await hardware.stop();
      await receiptPrinter.idle();
      await printWorker.stop();
      await poleDisplays?.close();
      await demoPrinter?.printer.close();
      // io.close() also closes the HTTP server, which waits for every open connection: kiosks keep theirs alive.
      const ioClosed = io.close();
      server.closeAllConnections();
      await ioClosed;
      await checkpointer.stop();
      closeDatabase(db);
      removePidFile(config.dataDir);
      logger.info('box stopped');
    })();
    return closing;
  };
  return { url, port, deps, io, shopify, printWorker, hardware, close };
}
