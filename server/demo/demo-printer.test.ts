// Demo mode brings its own receipt printer: registered once, re-pointed at each start, faults switchable over HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { startBox, type RunningBox } from '../main.ts';
import { aConfig } from '../test/builders.ts';
import { DEMO_PRINTER_NAME } from './demo-printer.ts';
import { queueReceipt } from '../printing/print-receipt.ts';
import { newId, type Id } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { createPairingCode } from '../domain/staff/index.ts';
import { CounterClient } from '../test/counter-client.ts';
import { formatPkr, sampleReceipt } from '../../hardware/receipt/receipt.fixtures.ts';

let box: RunningBox | undefined;
let dir: string | undefined;
afterEach(async () => {
  await box?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface PrinterList { printers: Array<{ id: string; name: string; address: string; status: { state: string; message: string } | null }> }

/** A counter paired with C1 and the demo manager signed in, as a browser on the counter would be. */
async function managerAt(running: RunningBox): Promise<CounterClient> {
  const client = new CounterClient(running.url);
  await client.pair(unwrap(createPairingCode(running.deps.db, null, 'C1', running.deps.clock)).code);
  await client.signIn('1002', '4002');
  return client;
}

async function printers(client: CounterClient): Promise<PrinterList['printers']> {
  return ((await client.request('GET', '/api/v1/printers')).body as PrinterList).printers;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('registers the virtual printer once, reports its state, and shows "paper out" when told to', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'box-demo-printer-'));
  const config = aConfig({ dataDir: dir, port: 0, host: '127.0.0.1', demo: true, demoVariants: 10 });
  box = await startBox(config, { logger: silentLogger, terminalDir: dir });
  const manager = await managerAt(box);
  const first = await until(async () => (await printers(manager)).find((p) => p.status?.state === 'ready'), 'demo printer ready');
  expect(first.name).toBe(DEMO_PRINTER_NAME);

  const none = await manager.request('GET', '/api/v1/demo/virtual-printer/jobs/-1/preview.png');
  expect(none.status).toBe(404);

  const queued = await queueReceipt(box.deps, {
    receiptJobId: newId<'PrintJob'>(), drawerJobId: newId<'PrintJob'>(), printerId: first.id as Id<'Printer'>,
    document: sampleReceipt(), formatMoney: formatPkr, openDrawer: true,
  }, { jobQueued: (id) => box!.printWorker.notify(id) });
  expect(queued.ok).toBe(true);
  const printed = await until(async () => {
    const snapshot = (await manager.request('GET', '/api/v1/demo/virtual-printer')).body as { jobs: Array<{ key: string; barcodes: unknown[] }>; pulses: unknown[] };
    return snapshot.jobs.length > 0 ? snapshot : undefined;
  }, 'receipt printed');
  expect(printed.jobs[0]!.barcodes).toEqual([{ symbology: 'code128', value: 'LHR1-C2-000123' }]);
  expect(printed.pulses).toEqual([{ pin: 2, onMs: 100, offMs: 500, realtime: false }]);
  // The page caches each job's preview under its key (jobs shift once more than 50 are kept).
  expect(printed.jobs[0]!.key).toMatch(/^[0-9a-f]{16}$/);
  const preview = await fetch(`${box.url}/api/v1/demo/virtual-printer/jobs/-1/preview.png`, { headers: { cookie: manager.cookieHeader() } });
  expect(preview.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await preview.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');

  const set = await manager.request('POST', '/api/v1/demo/virtual-printer/state', { paper: 'out' });
  expect(set.status).toBe(200);
  const out = await until(async () => (await printers(manager)).find((p) => p.status?.state === 'paper-out'), 'paper out shown');
  expect(out.status).toMatchObject({ state: 'paper-out', message: 'paper out' });

  await box.close();
  box = await startBox(config, { logger: silentLogger, terminalDir: dir });
  manager.baseUrl = box.url;
  const again = await printers(manager);
  expect(again.filter((p) => p.name === DEMO_PRINTER_NAME)).toHaveLength(1);
  expect(again[0]!.id).toBe(first.id);
  const snapshot = (await manager.request('GET', '/api/v1/demo/virtual-printer')).body as { url: string; printerId: string };
  expect(again[0]!.address).toBe(snapshot.url);
  expect(snapshot.printerId).toBe(first.id);
});
