// The print worker: one queue per registered printer (the only owner of its connection), fed from the printing room.
import type { Db } from '../db/connection.ts';
import {
  countQueuedJobs, findPrinter, listPrinters, markPrintJobAttemptFailed, markPrintJobDropped, markPrintJobPrinted, nextQueuedJob, type PrinterSummary,
} from '../domain/printing/index.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../shared/clock.ts';
import { asId, type Id } from '../shared/ids.ts';
import { PrintQueue, type PrinterQueueStatus, type PrintJobStore, type PrintQueueOptions } from '../../hardware/queue/print-queue.ts';
import { parsePrinterAddress } from '../../hardware/transport/transport.address.ts';
import { createTransport } from '../../hardware/transport/transport.factory.ts';
import { DEFAULT_TIMEOUTS, type TransportTimeouts } from '../../hardware/transport/transport.port.ts';
import { writePrinterStatuses } from './printer-status-file.ts';

export interface PrintWorkerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Every change of a printer's state (the box turns it into `printer:status-changed`). */
  onStatus?: (status: PrinterQueueStatus) => void;
  /** The data folder: every change is also written to its `printer-status.json`, where `doctor` reads it. */
  statusDir?: string;
  timeouts?: TransportTimeouts;
  /** Queue tuning (poll intervals, backoff); tests shorten them. */
  queue?: Partial<Pick<PrintQueueOptions, 'statusTimeoutMs' | 'faultPollMs' | 'idlePollMs' | 'retryBaseMs' | 'retryMaxMs' | 'staleDrawerKickMs' | 'drawerOpenAlertMs'>>;
}

export interface PrintWorker {
  /** Wakes a printer's queue (call after a job is enqueued or moved to it). */
  notify(printerId: string): void;
  /** Applies a printer's changed settings (drawer polarity) to its running queue. */
  printerChanged(printerId: string): void;
  /** Starts queues for printers registered since the last refresh. */
  refresh(): void;
  statuses(): PrinterQueueStatus[];
  stop(): Promise<void>;
}

function storeFor(db: Db): PrintJobStore {
  return {
    nextJob: (printerId) => nextQueuedJob(db, asId<'Printer'>(printerId)),
    jobPrinted: (jobId, at) => markPrintJobPrinted(db, asId<'PrintJob'>(jobId), at),
    jobAttemptFailed: (jobId, reason, attempts, at) => markPrintJobAttemptFailed(db, asId<'PrintJob'>(jobId), reason, attempts, at),
    jobDropped: (jobId, reason, at) => markPrintJobDropped(db, asId<'PrintJob'>(jobId), reason, at),
    queuedCount: (printerId) => countQueuedJobs(db, asId<'Printer'>(printerId)),
  };
}

export function startPrintWorker(options: PrintWorkerOptions): PrintWorker {
  const { db, clock, logger } = options;
  const queues = new Map<string, PrintQueue>();
  const invalid = new Map<string, PrinterQueueStatus>();
  const store = storeFor(db);

  const onStatus = (printer: PrinterSummary) => (status: PrinterQueueStatus) => {
    const log = status.state === 'ready' || status.state === 'unknown' ? logger.info.bind(logger) : logger.warn.bind(logger);
    log({ printer: printer.name, printerId: printer.id, state: status.state, queued: status.queued, detail: status.detail }, `printer ${printer.name}: ${status.message}`);
    if (options.statusDir) {
      try {
        const others = [...queues.values()].map((q) => q.status).concat([...invalid.values()]).filter((s) => s.printerId !== status.printerId);
        writePrinterStatuses(options.statusDir, [...others, status]);
      } catch (error) {
        logger.warn({ err: error }, 'cannot write printer-status.json');
      }
    }
    options.onStatus?.(status);
  };

  const startQueue = (printer: PrinterSummary) => {
    const address = parsePrinterAddress(printer.address);
    if (!address.ok) {
      const status: PrinterQueueStatus = {
        printerId: printer.id, state: 'unreachable', paperNearEnd: false, drawerPin3High: null, drawerOpen: null, drawerLeftOpen: false,
        queued: countQueuedJobs(db, printer.id as Id<'Printer'>), message: 'not reachable', detail: address.error.message, at: clock.now(),
      };
      invalid.set(printer.id, status);
      onStatus(printer)(status);
      return;
    }
    const queue = new PrintQueue({
      printerId: printer.id,
      transport: createTransport(address.value, options.timeouts ?? DEFAULT_TIMEOUTS),
      store,
      now: () => clock.now(),
      onStatus: onStatus(printer),
      drawerOpenWhenHigh: printer.drawerOpenLevel === 'high',
      ...options.queue,
    });
    queues.set(printer.id, queue);
    queue.start();
  };

  const refresh = () => {
    for (const printer of listPrinters(db)) {
      if (!queues.has(printer.id) && !invalid.has(printer.id)) startQueue(printer);
    }
  };
  refresh();

  return {
    notify(printerId) {
      if (!queues.has(printerId)) refresh();
      queues.get(printerId)?.notify();
    },
    printerChanged(printerId) {
      const printer = findPrinter(db, asId<'Printer'>(printerId));
      if (printer) queues.get(printerId)?.setDrawerOpenWhenHigh(printer.drawerOpenLevel === 'high');
    },
    refresh,
    statuses: () => [...[...queues.values()].map((queue) => queue.status), ...invalid.values()],
    async stop() {
      await Promise.all([...queues.values()].map((queue) => queue.stop()));
      queues.clear();
    },
  };
}
