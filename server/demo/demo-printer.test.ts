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
import { formatPkr, sampleReceipt } from '../../hardware/receipt/receipt.fixtures.ts';

let box: RunningBox | undefined;
let dir: string | undefined;
afterEach(async () => {
  await box?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface PrinterList { printers: Array<{ id: string; name: string; address: string; status: { state: string; message: string } | null }> }

async function printers(url: string): Promise<PrinterList['printers']> {
  return ((await (await fetch(`${url}/api/v1/printers`)).json()) as PrinterList).printers;
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
  const first = await until(async () => (await printers(box!.url)).find((p) => p.status?.state === 'ready'), 'demo printer ready');
  expect(first.name).toBe(DEMO_PRINTER_NAME);

  const none = await fetch(`${box.url}/api/v1/demo/virtual-printer/jobs/-1/preview.png`);
  expect(none.status).toBe(404);

  const queued = await queueReceipt(box.deps, {
    receiptJobId: newId<'PrintJob'>(), drawerJobId: newId<'PrintJob'>(), printerId: first.id as Id<'Printer'>,
    document: sampleReceipt(), formatMoney: formatPkr, openDrawer: true,
  }, { jobQueued: (id) => box!.printWorker.notify(id) });
  expect(queued.ok).toBe(true);
  const printed = await until(async () => {
    const snapshot = (await (await fetch(`${box!.url}/api/v1/demo/virtual-printer`)).json()) as { jobs: Array<{ barcodes: unknown[] }>; pulses: unknown[] };
    return snapshot.jobs.length > 0 ? snapshot : undefined;
  }, 'receipt printed');
  expect(printed.jobs[0]!.barcodes).toEqual([{ symbology: 'code128', value: 'LHR1-C2-000123' }]);
  expect(printed.pulses).toEqual([{ pin: 2, onMs: 100, offMs: 500, realtime: false }]);
  const preview = await fetch(`${box.url}/api/v1/demo/virtual-printer/jobs/-1/preview.png`);
  expect(preview.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await preview.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');

  const set = await fetch(`${box.url}/api/v1/demo/virtual-printer/state`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paper: 'out' }),
  });
  expect(set.status).toBe(200);
  const out = await until(async () => (await printers(box!.url)).find((p) => p.status?.state === 'paper-out'), 'paper out shown');
  expect(out.status).toMatchObject({ state: 'paper-out', message: 'paper out' });

  await box.close();
  box = await startBox(config, { logger: silentLogger, terminalDir: dir });
  const again = await printers(box.url);
  expect(again.filter((p) => p.name === DEMO_PRINTER_NAME)).toHaveLength(1);
  expect(again[0]!.id).toBe(first.id);
  const snapshot = (await (await fetch(`${box.url}/api/v1/demo/virtual-printer`)).json()) as { url: string; printerId: string };
  expect(again[0]!.address).toBe(snapshot.url);
  expect(snapshot.printerId).toBe(first.id);
});
