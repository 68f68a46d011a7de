// Transports: addresses, TCP against the virtual printer (timeouts, refusals), device files on a FIFO and a temp file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeReceipt } from '../escpos/escpos.encode.ts';
import { statusRequestBytes } from '../escpos/escpos.status.ts';
import { formatPkr, sampleReceipt } from '../receipt/receipt.fixtures.ts';
import { receiptTranscript } from '../receipt/receipt.layout.ts';
import { EscPosParser } from '../virtual-printer/escpos.parser.ts';
import { applyPrintEvent, emptyJob } from '../virtual-printer/virtual-printer.jobs.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../virtual-printer/virtual-printer.ts';
import { DeviceTransport } from './device.transport.ts';
import { parsePrinterAddress } from './transport.address.ts';
import { createTransport } from './transport.factory.ts';
import type { Transport } from './transport.port.ts';

const fast = { connectMs: 1000, writeMs: 300, readMs: 200 };

function receipt() {
  const result = encodeReceipt(sampleReceipt(), { columns: 48, formatMoney: formatPkr });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parsePrinterAddress', () => {
  it.each([
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://printer.lan', { kind: 'tcp', host: 'printer.lan', port: 9100 }],
    ['/dev/usb/lp0', { kind: 'usblp', path: '/dev/usb/lp0' }],
    ['usb:///dev/usb/lp1', { kind: 'usblp', path: '/dev/usb/lp1' }],
    ['serial:///dev/ttyUSB0?baud=115200', { kind: 'serial', path: '/dev/ttyUSB0', baud: 115200 }],
    ['/dev/ttyACM0', { kind: 'serial', path: '/dev/ttyACM0', baud: 9600 }],
  ])('%s', (text, expected) => {
    expect(parsePrinterAddress(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['tcp://host:99999', 'serial:///dev/ttyUSB0?baud=123', 'printer-1', 'http://x'])('rejects %s', (text) => {
    const parsed = parsePrinterAddress(text);
    expect(parsed.ok ? null : parsed.error.code).toBe('INVALID_PRINTER_ADDRESS');
  });
});

describe('TCP transport', () => {
  let printer: VirtualPrinter;
  const transports: Transport[] = [];
  const tcp = () => {
    const transport = createTransport({ kind: 'tcp', host: printer.host, port: printer.port }, fast);
    transports.push(transport);
    return transport;
  };
  beforeEach(async () => {
    printer = await startVirtualPrinter();
  });
  afterEach(async () => {
    for (const transport of transports.splice(0)) await transport.close();
    await printer.close();
  });

  it('sends a receipt and reads a status reply on the same connection', async () => {
    const transport = tcp();
    expect((await transport.open()).ok).toBe(true);
    expect((await transport.write(receipt().bytes)).ok).toBe(true);
    expect((await transport.write(statusRequestBytes(1))).ok).toBe(true);
    expect(await transport.read(1)).toEqual({ ok: true, value: Uint8Array.of(0x12) });
    const [job] = await printer.waitForJobs(1);
    expect(job!.transcript).toEqual(receiptTranscript(receipt().rows));
  });

  it('times a read out when the printer does not answer', async () => {
    printer.setState({ answersStatus: false });
    const transport = tcp();
    await transport.open();
    await transport.write(statusRequestBytes(1));
    const read = await transport.read(1);
    expect(read.ok ? null : read.error.code).toBe('PRINTER_TIMEOUT');
  });

  it('times a status read out when the printer has stalled', async () => {
    printer.setState({ stalled: true });
    const transport = tcp();
    await transport.open();
    await transport.write(statusRequestBytes(1));
    const read = await transport.read(1);
    expect(read.ok ? null : read.error.code).toBe('PRINTER_TIMEOUT');
  });

  it('reports a refused second connection as unreachable', async () => {
    const first = tcp();
    await first.open();
    const second = tcp();
    await second.open();
    const read = await second.read(1, 2000);
    expect(read.ok ? null : read.error.code).toBe('PRINTER_UNREACHABLE');
    expect(printer.refusedConnections).toBe(1);
  });

  it('reports a closed port as unreachable', async () => {
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const { port } = spare.address() as net.AddressInfo;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const transport = createTransport({ kind: 'tcp', host: '127.0.0.1', port }, fast);
    const opened = await transport.open();
    expect(opened.ok ? null : opened.error.code).toBe('PRINTER_UNREACHABLE');
  });
});

describe('device transport', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers DEVICE_NOT_FOUND for a device path that does not exist', async () => {
    for (const address of ['/dev/usb/lp97', 'serial:///dev/ttyUSB97?baud=9600']) {
      const parsed = parsePrinterAddress(address);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const opened = await createTransport(parsed.value, fast).open();
      expect(opened.ok ? null : opened.error.code).toBe('DEVICE_NOT_FOUND');
    }
  });

  it('writes a whole receipt through a FIFO standing in for /dev/usb/lp0', async () => {
    const fifo = path.join(dir, 'lp0');
    execFileSync('mkfifo', [fifo]);
    const received: Buffer[] = [];
    const reader = fs.createReadStream(fifo);
    reader.on('data', (chunk) => received.push(chunk as Buffer));
    const ended = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const transport = new DeviceTransport({ kind: 'usblp', path: fifo, timeouts: fast });
    expect((await transport.open()).ok).toBe(true);
    const { bytes, rows } = receipt();
    expect((await transport.write(bytes)).ok).toBe(true);
    await transport.close();
    await ended;
    const job = emptyJob();
    for (const event of new EscPosParser().push(Buffer.concat(received))) applyPrintEvent(job, event);
    expect(job.transcript).toEqual(receiptTranscript(rows));
  });

  it('times a write out when nothing drains the device (printer out of paper)', async () => {
    const fifo = path.join(dir, 'lp1');
    execFileSync('mkfifo', [fifo]);
    const transport = new DeviceTransport({ kind: 'usblp', path: fifo, timeouts: fast });
    await transport.open();
    const written = await transport.write(new Uint8Array(1024 * 1024));
    expect(written.ok ? null : written.error.code).toBe('PRINTER_TIMEOUT');
    await transport.close();
  });

  it('reads replies from a serial device (a temp file holding the reply bytes; stty is skipped off a tty)', async () => {
    const file = path.join(dir, 'ttyUSB0');
    fs.writeFileSync(file, Uint8Array.of(0x12, 0x16));
    const transport = new DeviceTransport({ kind: 'serial', path: file, baud: 9600, timeouts: fast });
    expect((await transport.open()).ok).toBe(true);
    expect(await transport.read(2)).toEqual({ ok: true, value: Uint8Array.of(0x12, 0x16) });
    const more = await transport.read(1);
    expect(more.ok ? null : more.error.code).toBe('PRINTER_TIMEOUT');
    await transport.close();
  });
});
