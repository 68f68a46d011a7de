// The virtual printer: parsing encoder output back (any chunking), over TCP, and its simulated faults.
import net from 'node:net';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { drawerKickBytes, realtimeDrawerPulseBytes } from '../escpos/escpos.drawer.ts';
import { encodeReceipt } from '../escpos/escpos.encode.ts';
import { statusRequestBytes } from '../escpos/escpos.status.ts';
import type { ReceiptColumns, ReceiptDocument } from '../receipt/receipt.document.ts';
import { formatPkr, longReceipt, sampleReceipt } from '../receipt/receipt.fixtures.ts';
import { receiptTranscript } from '../receipt/receipt.layout.ts';
import { EscPosParser, type ParsedEvent } from './escpos.parser.ts';
import { applyPrintEvent, emptyJob } from './virtual-printer.jobs.ts';
import { startVirtualPrinter, type VirtualPrinter } from './virtual-printer.ts';

function encoded(document: ReceiptDocument, columns: ReceiptColumns = 48) {
  const result = encodeReceipt(document, { columns, formatMoney: formatPkr, drawer: { pin: 2, onMs: 100, offMs: 500 } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function jobOf(events: ParsedEvent[]) {
  const job = emptyJob();
  for (const event of events) applyPrintEvent(job, event);
  return job;
}

describe('EscPosParser', () => {
  it.each([1, 7, 64, 100_000])('reads the sample receipt back whole when it arrives in %i-byte chunks', (size) => {
    const { bytes, rows } = encoded(sampleReceipt(), 32);
    const parser = new EscPosParser();
    const events: ParsedEvent[] = [];
    for (let i = 0; i < bytes.length; i += size) events.push(...parser.push(bytes.subarray(i, i + size)));
    const job = jobOf(events);
    expect(job.transcript).toEqual(receiptTranscript(rows));
    expect(job.barcodes).toEqual([{ symbology: 'code128', value: 'LHR1-C2-000123' }]);
    expect(job.qrcodes).toEqual(['https://verify.example.pk/r/LHR1-C2-000123']);
    expect(job.pulses).toEqual([{ pin: 2, onMs: 100, offMs: 500, realtime: false }]);
    expect(job.cut).toBe('partial');
    expect(parser.pendingText).toBe('');
  });

  it('decodes text in the code page the printer was switched to, and EAN-13 barcodes', () => {
    const result = encodeReceipt(sampleReceipt({ customerName: 'Zoë 5€', barcode: { symbology: 'ean13', value: '200000000123' } }), {
      columns: 42,
      formatMoney: formatPkr,
      codepage: 'cp858',
    });
    if (!result.ok) throw new Error(result.error.message);
    const job = jobOf(new EscPosParser().push(result.value.bytes));
    expect(job.lines).toContain('Customer:                           Zoë 5€');
    expect(job.barcodes).toEqual([{ symbology: 'ean13', value: '200000000123' }]);
  });

  it('turns a GS v 0 raster image back into a PNG with the same dots', () => {
    const width = 32;
    const height = 16;
    const data = new Uint8ClampedArray(width * height * 4).fill(255);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (x === y || x === 31) data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
      }
    }
    const bytes = new ReceiptPrinterEncoder({ columns: 48, newline: '\n' }).image({ data, width, height }, { width, height, mode: 'raster' }).cut().encode();
    const job = jobOf(new EscPosParser().push(bytes));
    expect(job.transcript[0]).toBe('[IMAGE 32x16]');
    const png = PNG.sync.read(job.images[0]!.png);
    const black = (x: number, y: number) => png.data[(y * width + x) * 4] === 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) expect(black(x, y)).toBe(x === y || x === 31);
    }
  });

  it('records real-time pulses and status requests, and skips commands it does not know without losing text', () => {
    const bytes = Uint8Array.of(
      ...realtimeDrawerPulseBytes(5, 200), ...statusRequestBytes(2), 0x1b, 0x21, 0x08, 0x41, 0x0a, 0x1d, 0x99, 0x42, 0x0a,
    );
    const events = new EscPosParser().push(bytes);
    expect(events).toEqual([
      { type: 'pulse', pulse: { pin: 5, onMs: 200, offMs: 200, realtime: true } },
      { type: 'status-request', n: 2 },
      { type: 'line', text: 'A' },
      { type: 'unknown', bytes: [0x1d, 0x99] },
      { type: 'line', text: 'B' },
    ]);
  });
});

/** Opens a TCP connection to the printer; `replies` collects every byte it answers. */
async function connect(printer: VirtualPrinter) {
  const socket = net.connect(printer.port, printer.host);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const replies: number[] = [];
  let closed = false;
  socket.on('data', (chunk) => replies.push(...chunk));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return {
    socket,
    replies,
    isClosed: () => closed,
    until,
    send: (bytes: Uint8Array) => new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve()))),
    /** Asks DLE EOT n and waits for the one-byte reply (which also proves everything sent before was read). */
    async ask(n: 1 | 2 | 3 | 4) {
      const before = replies.length;
      socket.write(statusRequestBytes(n));
      await until(() => replies.length > before);
      return replies[before]!;
    },
  };
}

describe('virtual printer over TCP', () => {
  let printer: VirtualPrinter;
  afterEach(async () => {
    await printer?.close();
  });

  it('prints a receipt sent over loopback TCP, with its drawer pulse', async () => {
    printer = await startVirtualPrinter();
    const { bytes, rows } = encoded(sampleReceipt());
    const client = await connect(printer);
    await client.send(bytes);
    const [job] = await printer.waitForJobs(1);
    expect(job!.transcript).toEqual(receiptTranscript(rows));
    expect(printer.pulses).toEqual([{ pin: 2, onMs: 100, offMs: 500, realtime: false }]);
    expect(printer.url).toBe(`tcp://127.0.0.1:${printer.port}`);
    client.socket.destroy();
  });

  it('prints a 200-line receipt with every line intact', async () => {
    printer = await startVirtualPrinter();
    const document = longReceipt(200);
    const { bytes, rows } = encoded(document, 42);
    const client = await connect(printer);
    await client.send(bytes);
    const [job] = await printer.waitForJobs(1);
    const expected = receiptTranscript(rows);
    expect(job!.transcript).toEqual(expected);
    for (let i = 1; i <= 200; i++) expect(job!.lines).toContain(`Item ${String(i).padStart(3, '0')} biscuits pack`);
    expect(job!.lines.length).toBeGreaterThan(400);
    client.socket.destroy();
  });

  it('answers DLE EOT 1-4 from its state: paper out, cover open, drawer open', async () => {
    printer = await startVirtualPrinter({ state: { paper: 'out', coverOpen: true, drawerOpen: true } });
    const client = await connect(printer);
    expect([await client.ask(1), await client.ask(2), await client.ask(3), await client.ask(4)]).toEqual([0x1e, 0x36, 0x12, 0x7e]);
    printer.setState({ paper: 'near-end', coverOpen: false, drawerOpen: false });
    expect([await client.ask(1), await client.ask(2), await client.ask(4)]).toEqual([0x12, 0x12, 0x1e]);
    client.socket.destroy();
  });

  it('gives no answer at all when set so', async () => {
    printer = await startVirtualPrinter({ state: { answersStatus: false, drawerOpen: true } });
    const client = await connect(printer);
    client.socket.write(statusRequestBytes(1));
    await client.until(() => printer.statusRequests === 1);
    printer.setState({ answersStatus: true });
    expect(await client.ask(4)).toBe(0x12); // the first byte to come back answers the second question
    expect(client.replies).toEqual([0x12]);
    client.socket.destroy();
  });

  it('refuses a second connection while the first is open', async () => {
    printer = await startVirtualPrinter();
    const first = await connect(printer);
    const second = await connect(printer);
    await second.until(second.isClosed);
    expect(printer.refusedConnections).toBe(1);
    expect(await first.ask(1)).toBe(0x12);
    first.socket.destroy();
  });

  it('holds a job while the paper is out and prints it when paper is loaded; a real-time pulse fires anyway', async () => {
    printer = await startVirtualPrinter({ state: { paper: 'out' } });
    const client = await connect(printer);
    await client.send(encoded(sampleReceipt()).bytes);
    await client.send(realtimeDrawerPulseBytes(2, 100));
    expect(await client.ask(4)).toBe(0x7e);
    expect(printer.jobs).toEqual([]);
    expect(printer.pulses).toEqual([{ pin: 2, onMs: 100, offMs: 100, realtime: true }]); // the buffered ESC p is stuck
    printer.setState({ paper: 'ok' });
    const [job] = await printer.waitForJobs(1);
    expect(job!.lines).toContain('TOTAL                                   2,850.00');
    expect(printer.pulses.map((pulse) => pulse.realtime)).toEqual([true, false]);
    expect(printer.state.drawerOpen).toBe(true);
    client.socket.destroy();
  });

  it('holds output while the cover is open and resumes when it closes', async () => {
    printer = await startVirtualPrinter({ state: { coverOpen: true } });
    const client = await connect(printer);
    await client.send(drawerKickBytes());
    expect(await client.ask(2)).toBe(0x16);
    expect(printer.pulses).toEqual([]);
    printer.setState({ coverOpen: false });
    expect(await printer.waitForPulses(1)).toEqual([{ pin: 2, onMs: 100, offMs: 500, realtime: false }]);
    client.socket.destroy();
  });
});
