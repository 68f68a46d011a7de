// The print queue against the virtual printer: every fault makes the job wait, and it prints when the fault clears.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drawerKickBytes, realtimeDrawerPulseBytes } from '../escpos/escpos.drawer.ts';
import { encodeReceipt } from '../escpos/escpos.encode.ts';
import { formatPkr, sampleReceipt } from '../receipt/receipt.fixtures.ts';
import { TcpTransport } from '../transport/tcp.transport.ts';
import { startVirtualPrinter, type VirtualPrinter, type VirtualPrinterState } from '../virtual-printer/virtual-printer.ts';
import { MemoryJobStore } from './memory-job-store.ts';
import { PrintQueue, type PrinterQueueStatus, type PrintQueueOptions } from './print-queue.ts';

const receiptBytes = (receiptNumber: string) => {
  const result = encodeReceipt(sampleReceipt({ receiptNumber }), { columns: 48, formatMoney: formatPkr });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.bytes;
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('PrintQueue', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(
    state: Partial<VirtualPrinterState> = {},
    options: { port?: number; store?: MemoryJobStore; startPrinter?: boolean; queue?: Partial<PrintQueueOptions> } = {},
  ) {
    const port = options.port ?? (await freePort());
    let printer: VirtualPrinter | undefined;
    const startPrinter = async () => {
      printer = await startVirtualPrinter({ port, state });
      cleanups.push(() => printer!.close());
      return printer;
    };
    if (options.startPrinter !== false) await startPrinter();
    const store = options.store ?? new MemoryJobStore();
    const statuses: PrinterQueueStatus[] = [];
    const queue = new PrintQueue({
      printerId: 'p1',
      transport: new TcpTransport('127.0.0.1', port, { connectMs: 500, writeMs: 500, readMs: 200 }),
      store,
      onStatus: (status) => statuses.push(status),
      statusTimeoutMs: 200,
      faultPollMs: 20,
      idlePollMs: 20,
      retryBaseMs: 20,
      retryMaxMs: 100,
      ...options.queue,
    });
    cleanups.push(() => queue.stop());
    const lastState = () => statuses[statuses.length - 1]?.state;
    return { printer: () => printer!, startPrinter, store, queue, statuses, lastState };
  }

  it('prints queued jobs in order and reports the printer ready', async () => {
    const { printer, store, queue, lastState } = await setup();
    store.add('p1', receiptBytes('R-1'));
    store.add('p1', receiptBytes('R-2'));
    queue.start();
    const jobs = await printer().waitForJobs(2);
    expect(jobs.map((job) => job.barcodes[0]!.value)).toEqual(['R-1', 'R-2']);
    await until(() => store.queuedCount('p1') === 0, 'both jobs marked printed');
    expect(store.jobs.map((job) => job.status)).toEqual(['printed', 'printed']);
    await until(() => lastState() === 'ready', 'ready reported');
  });

  it.each<[string, Partial<VirtualPrinterState>, string, string]>([
    ['paper out', { paper: 'out' }, 'paper-out', 'paper out'],
    ['cover open', { coverOpen: true }, 'cover-open', 'cover open'],
    ['offline', { offline: true }, 'offline', 'offline'],
  ])('keeps a job waiting while the printer reports %s, says so, and prints it when the fault clears', async (_name, fault, state, message) => {
    const { printer, store, queue, statuses, lastState } = await setup(fault);
    const job = store.add('p1', receiptBytes('R-9'));
    queue.start();
    await until(() => lastState() === state, `${state} reported`);
    expect(statuses[statuses.length - 1]).toMatchObject({ printerId: 'p1', state, message, queued: 1 });
    expect(printer().jobs).toEqual([]);
    expect(printer().currentJob().transcript).toEqual([]); // nothing was sent while the fault lasted
    expect(store.get(job.id).status).toBe('queued');
    printer().setState({ paper: 'ok', coverOpen: false, offline: false });
    const [printed] = await printer().waitForJobs(1);
    expect(printed!.barcodes).toEqual([{ symbology: 'code128', value: 'R-9' }]);
    await until(() => store.get(job.id).status === 'printed' && lastState() === 'ready', 'printed and ready');
  });

  it('reports a near-end paper roll as a warning and still prints', async () => {
    const { printer, store, queue, statuses } = await setup({ paper: 'near-end' });
    store.add('p1', receiptBytes('R-3'));
    queue.start();
    await printer().waitForJobs(1);
    await until(() => statuses.some((status) => status.state === 'ready' && status.paperNearEnd), 'near end reported');
  });

  it('keeps a job for an unreachable printer, retrying with backoff until it comes up', async () => {
    const port = await freePort();
    const { store, queue, lastState, startPrinter } = await setup({}, { port, startPrinter: false });
    const job = store.add('p1', receiptBytes('R-4'));
    queue.start();
    await until(() => lastState() === 'unreachable' && store.get(job.id).attempts >= 2, 'unreachable reported and retried');
    expect(store.get(job.id)).toMatchObject({ status: 'queued' });
    expect(store.get(job.id).lastError).toMatch(/unreachable|did not accept/);
    const printer = await startPrinter();
    await printer.waitForJobs(1);
    await until(() => store.get(job.id).status === 'printed' && lastState() === 'ready', 'printed after the printer came up');
  });

  it('prints when the printer never answers status requests (status unknown)', async () => {
    const { printer, store, queue, lastState } = await setup({ answersStatus: false });
    store.add('p1', receiptBytes('R-5'));
    queue.start();
    await printer().waitForJobs(1);
    await until(() => lastState() === 'unknown', 'unknown reported');
  });

  it('keeps queued jobs across a restart of the queue', async () => {
    const first = await setup({ paper: 'out' });
    const job = first.store.add('p1', receiptBytes('R-6'));
    first.queue.start();
    await until(() => first.lastState() === 'paper-out', 'paper out reported');
    await first.queue.stop();
    first.printer().setState({ paper: 'ok' });
    const second = await setup({}, { store: first.store });
    second.queue.start();
    const [printed] = await second.printer().waitForJobs(1);
    expect(printed!.barcodes[0]!.value).toBe('R-6');
    await until(() => first.store.get(job.id).status === 'printed', 'printed after restart');
    expect(first.printer().jobs).toEqual([]);
  });

  it('opens the drawer with the real-time pulse while the paper is out', async () => {
    const { printer, store, queue } = await setup({ paper: 'out' });
    store.add('p1', drawerKickBytes(), { kind: 'drawer', faultBytes: realtimeDrawerPulseBytes(2, 100) });
    queue.start();
    expect(await printer().waitForPulses(1)).toEqual([{ pin: 2, onMs: 100, offMs: 100, realtime: true }]);
    await until(() => store.queuedCount('p1') === 0, 'kick done');
  });

  it('drops a drawer kick that waited too long instead of opening the drawer later', async () => {
    const { printer, store, queue } = await setup();
    const kick = store.add('p1', drawerKickBytes(), { kind: 'drawer', createdAt: Date.now() - 60_000 });
    store.add('p1', receiptBytes('R-7'));
    queue.start();
    await printer().waitForJobs(1);
    expect(store.get(kick.id)).toMatchObject({ status: 'dropped', lastError: 'drawer kick too old to carry out' });
    expect(printer().pulses).toEqual([]);
  });

  it('reports the drawer open after a kick, "left open" after the alert time, and closed again', async () => {
    const { printer, store, queue, statuses } = await setup({}, { queue: { drawerOpenAlertMs: 100 } });
    store.add('p1', drawerKickBytes(), { kind: 'drawer' });
    queue.start();
    await printer().waitForPulses(1);
    await until(() => statuses.some((s) => s.drawerOpen === true && !s.drawerLeftOpen), 'drawer open reported');
    await until(() => statuses.some((s) => s.drawerLeftOpen), 'drawer left open reported');
    printer().setState({ drawerOpen: false });
    await until(() => statuses.at(-1)?.drawerOpen === false && statuses.at(-1)?.drawerLeftOpen === false, 'drawer closed reported');
  });

  it('reads the drawer through its calibrated polarity', async () => {
    const { queue, statuses } = await setup({ drawerOpen: true }, { queue: { drawerOpenWhenHigh: false } });
    queue.start();
    await until(() => statuses.length > 0 && statuses.at(-1)!.state === 'ready', 'ready reported');
    expect(statuses.at(-1)).toMatchObject({ drawerPin3High: true, drawerOpen: false });
  });
});
