// A cash sale's receipt and drawer kick through the worker to the virtual printer, including while paper is out.
import { afterEach, expect, it } from 'vitest';
import { listPrintJobs, registerPrinter } from '../domain/printing/index.ts';
import { silentLogger } from '../logger.ts';
import { systemClock } from '../shared/clock.ts';
import { newId } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { testDb } from '../test/db.ts';
import { formatPkr, sampleReceipt } from '../../hardware/receipt/receipt.fixtures.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/virtual-printer/virtual-printer.ts';
import { startPrintWorker, type PrintWorker } from './print-worker.ts';
import { queueReceipt } from './print-receipt.ts';

let printer: VirtualPrinter | undefined;
let worker: PrintWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  await printer?.close();
});

async function setup(state = {}) {
  printer = await startVirtualPrinter({ state });
  const db = testDb();
  const registered = unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Printer 1', address: printer.url, columns: 42, drawerPin: 2, drawerOnMs: 100, drawerOffMs: 500 }, Date.now()));
  worker = startPrintWorker({
    db, clock: systemClock, logger: silentLogger, timeouts: { connectMs: 500, writeMs: 500, readMs: 200 },
    queue: { statusTimeoutMs: 200, faultPollMs: 20, idlePollMs: 20, retryBaseMs: 20, retryMaxMs: 100 },
  });
  const effects = { jobQueued: (id: string) => worker!.notify(id) };
  return { db, registered, effects };
}

it('kicks the drawer and prints the receipt for a cash sale, once even when the request is repeated', async () => {
  const { db, registered, effects } = await setup();
  const input = { receiptJobId: newId<'PrintJob'>(), drawerJobId: newId<'PrintJob'>(), printerId: registered.id, document: sampleReceipt(), formatMoney: formatPkr, openDrawer: true, staffId: 'staff-ayesha', orderId: 'order-123' };
  const queued = unwrap(await queueReceipt({ db, clock: systemClock }, input, effects));
  unwrap(await queueReceipt({ db, clock: systemClock }, input, effects));
  expect(queued.mode).toBe('text');
  const [job] = await printer!.waitForJobs(1);
  expect(job!.lines).toContain('TOTAL                             2,850.00');
  expect(printer!.pulses).toEqual([{ pin: 2, onMs: 100, offMs: 500, realtime: false }]);
  expect(listPrintJobs(db).map((j) => [j.kind, j.requestedBy, j.reason, j.documentId]).sort()).toEqual([
    ['drawer', 'staff-ayesha', 'sale', 'order-123'],
    ['receipt', 'staff-ayesha', 'sale', 'order-123'],
  ]);
});

it('opens the drawer at once with the real-time pulse while the paper is out, and prints the receipt once paper is in', async () => {
  const { db, registered, effects } = await setup({ paper: 'out' });
  unwrap(await queueReceipt({ db, clock: systemClock }, {
    receiptJobId: newId<'PrintJob'>(), drawerJobId: newId<'PrintJob'>(), printerId: registered.id,
    document: sampleReceipt({ customerName: 'بلال احمد' }), formatMoney: formatPkr, openDrawer: true,
  }, effects));
  expect(await printer!.waitForPulses(1)).toEqual([{ pin: 2, onMs: 100, offMs: 100, realtime: true }]);
  expect(printer!.jobs).toEqual([]);
  printer!.setState({ paper: 'ok' });
  const [job] = await printer!.waitForJobs(1);
  expect(job!.images.length).toBeGreaterThan(0); // the Urdu name made it a raster receipt
  expect(job!.lines).toEqual([]);
});
