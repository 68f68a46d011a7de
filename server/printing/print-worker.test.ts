// The print worker on a real database file and the virtual printer: faults reported, jobs kept across a box restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/connection.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { enqueuePrintJob, listPrintJobs, movePrintJob, registerPrinter } from '../domain/printing/index.ts';
import { silentLogger } from '../logger.ts';
import { systemClock } from '../shared/clock.ts';
import { newId } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { encodeReceipt } from '../../hardware/escpos/escpos.encode.ts';
import type { PrinterQueueStatus } from '../../hardware/queue/print-queue.ts';
import { formatPkr, sampleReceipt } from '../../hardware/receipt/receipt.fixtures.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/virtual-printer/virtual-printer.ts';
import { startPrintWorker, type PrintWorker } from './print-worker.ts';

const fast = { statusTimeoutMs: 200, faultPollMs: 20, idlePollMs: 20, retryBaseMs: 20, retryMaxMs: 100 };
const timeouts = { connectMs: 500, writeMs: 500, readMs: 200 };

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function receiptBytes(receiptNumber: string) {
  const result = encodeReceipt(sampleReceipt({ receiptNumber }), { columns: 48, formatMoney: formatPkr });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.bytes;
}

describe('print worker', () => {
  let dir: string;
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function openDb(): Db {
    const db = openDatabase(path.join(dir, 'box.db'));
    migrateDatabase(db);
    return db;
  }

  function start(db: Db, statuses: PrinterQueueStatus[]): PrintWorker {
    const worker = startPrintWorker({ db, clock: systemClock, logger: silentLogger, onStatus: (s) => statuses.push(s), timeouts, queue: fast });
    cleanups.push(() => worker.stop());
    return worker;
  }

  async function printer(state = {}): Promise<VirtualPrinter> {
    const vp = await startVirtualPrinter({ state });
    cleanups.push(() => vp.close());
    return vp;
  }

  it('reports paper out for a waiting job and keeps it through a box restart, then prints it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-worker-'));
    const vp = await printer({ paper: 'out' });
    const db = openDb();
    const printerRow = unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Printer 1', address: vp.url }, Date.now()));
    const statuses: PrinterQueueStatus[] = [];
    const worker = start(db, statuses);
    const queued = unwrap(enqueuePrintJob(db, { id: newId<'PrintJob'>(), printerId: printerRow.id, kind: 'receipt', bytes: receiptBytes('R-100') }, Date.now(), {
      jobQueued: (id) => worker.notify(id),
    }));
    await until(() => statuses.some((s) => s.state === 'paper-out' && s.queued === 1), 'paper out reported');
    expect(statuses.find((s) => s.state === 'paper-out')).toMatchObject({ printerId: printerRow.id, message: 'paper out' });

    await worker.stop(); // the box stops…
    closeDatabase(db);
    vp.setState({ paper: 'ok' }); // …someone loads paper…
    const reopened = openDb(); // …and the box starts again
    cleanups.push(() => closeDatabase(reopened));
    expect(listPrintJobs(reopened)).toMatchObject([{ id: queued.id, status: 'queued' }]);
    const after: PrinterQueueStatus[] = [];
    start(reopened, after);
    const [job] = await vp.waitForJobs(1);
    expect(job!.barcodes).toEqual([{ symbology: 'code128', value: 'R-100' }]);
    await until(() => listPrintJobs(reopened)[0]?.status === 'printed', 'job marked printed');
    await until(() => after.some((s) => s.state === 'ready'), 'ready reported');
  });

  it('moves a job off a dead printer onto a working one', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-worker-'));
    const working = await printer();
    const db = openDb();
    cleanups.push(() => closeDatabase(db));
    const dead = unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Dead', address: 'tcp://127.0.0.1:1' }, Date.now()));
    const good = unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Good', address: working.url }, Date.now()));
    const statuses: PrinterQueueStatus[] = [];
    const worker = start(db, statuses);
    const effects = { jobQueued: (id: string) => worker.notify(id) };
    const queued = unwrap(enqueuePrintJob(db, { id: newId<'PrintJob'>(), printerId: dead.id, kind: 'receipt', bytes: receiptBytes('R-200') }, Date.now(), effects));
    await until(() => statuses.some((s) => s.printerId === dead.id && s.state === 'unreachable'), 'dead printer reported');
    unwrap(movePrintJob(db, queued.id, good.id, Date.now(), effects));
    const [job] = await working.waitForJobs(1);
    expect(job!.barcodes[0]!.value).toBe('R-200');
  });
});
