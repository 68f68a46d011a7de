// Commands for techs at the box: printer list/status/test and drawer open, straight to a printer address.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { findVariantsBySku } from '../domain/catalog/index.ts';
import { listPrinters } from '../domain/printing/index.ts';
import { configFrom, configOption, dataDirOption, EXIT_CONFIG, EXIT_FAILED, withExistingDatabase, type Flags } from './common.ts';
import { discoverDevices } from '../../hardware/devices/device-discovery.ts';
import { drawerKickBytes, realtimeDrawerPulseBytes } from '../../hardware/escpos/escpos.drawer.ts';
import { faultOf, type PrinterStatus } from '../../hardware/escpos/escpos.status.ts';
import { testPage } from '../../hardware/escpos/escpos.test-page.ts';
import type { Codepage } from '../../hardware/escpos/escpos.codepages.ts';
import { formatLabelPrice } from '../printing/labels.service.ts';
import { encodeLabels, labelBarcodeFor, labelSheetPdf, labelSheetPng, type Label } from '../../hardware/labels/label.ts';
import { pollPrinterStatus } from '../../hardware/queue/status-poll.ts';
import { parsePrinterAddress } from '../../hardware/transport/transport.address.ts';
import { createTransport } from '../../hardware/transport/transport.factory.ts';
import type { Transport } from '../../hardware/transport/transport.port.ts';
import type { ReceiptColumns } from '../../hardware/receipt/receipt.document.ts';

const TIMEOUTS = { connectMs: 3000, writeMs: 10_000, readMs: 1000 };

function describeStatus(status: PrinterStatus | null): string {
  if (!status) return 'no status reply (status unknown)';
  const fault = faultOf(status);
  const parts = [fault ? fault.replace('-', ' ') : 'ready'];
  if (status.paper === 'near-end') parts.push('paper near end');
  parts.push(`drawer pin 3 ${status.drawerPin3High ? 'high' : 'low'}`);
  return parts.join(', ');
}

/** Opens the printer, runs `work`, closes it; prints the failure and sets the exit code on any error. */
async function withPrinter(address: string, work: (transport: Transport, status: PrinterStatus | null) => Promise<boolean>): Promise<void> {
  const parsed = parsePrinterAddress(address);
  if (!parsed.ok) {
    console.error(parsed.error.message);
    process.exitCode = EXIT_CONFIG;
    return;
  }
  const transport = createTransport(parsed.value, TIMEOUTS);
  try {
    const opened = await transport.open();
    if (!opened.ok) {
      console.error(`${opened.error.code}: ${opened.error.message}`);
      process.exitCode = EXIT_FAILED;
      return;
    }
    const status = await pollPrinterStatus(transport, TIMEOUTS.readMs);
    if (status === 'unreachable') {
      console.error(`PRINTER_UNREACHABLE: ${transport.target} closed the connection`);
      process.exitCode = EXIT_FAILED;
      return;
    }
    console.log(`${transport.target}: ${describeStatus(status)}`);
    if (!(await work(transport, status))) process.exitCode = EXIT_FAILED;
  } finally {
    await transport.close();
  }
}

export function registerHardwareCommands(program: Command): void {
  const printer = program.command('printer').description('receipt printers: list, status, test page');

  printer.command('list')
    .description('printers registered on this box, and the USB printers, HID POS scanners and serial ports it sees')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags) => {
      const config = configFrom(flags);
      withExistingDatabase(config, (db) => {
        const registered = listPrinters(db);
        console.log(registered.length === 0 ? 'no printers registered' : 'registered printers:');
        for (const p of registered) console.log(`  ${p.name}  ${p.address}  ${p.columns} columns  ${p.codepage}`);
      });
      const devices = discoverDevices();
      console.log(devices.length === 0 ? 'no USB printers, HID POS scanners or USB serial ports found' : 'devices on this box:');
      for (const device of devices) {
        const about = device.kind === 'usb-printer'
          ? `${device.manufacturer ?? '?'} ${device.model ?? '?'} (${device.commandSet ?? 'unknown command set'})`
          : device.kind === 'hid-scanner' ? `HID POS scanner ${device.name ?? ''}` : `serial port (${device.driver ?? 'driver unknown'})`;
        console.log(`  ${device.path}  ${about}`);
      }
    });

  printer.command('status')
    .description('ask a printer for its status (DLE EOT 1-4)')
    .requiredOption('--printer <address>', 'tcp://HOST:PORT, /dev/usb/lp0 or serial:///dev/ttyUSB0?baud=9600')
    .action((flags: { printer: string }) => withPrinter(flags.printer, async () => true));

  printer.command('test')
    .description('print a test page: code-page sample, column ruler, CODE128 barcode, QR code and a cut')
    .requiredOption('--printer <address>', 'tcp://HOST:PORT, /dev/usb/lp0 or serial:///dev/ttyUSB0?baud=9600')
    .addOption(new Option('--columns <n>', 'characters per line').choices(['32', '42', '48']).default('48'))
    .addOption(new Option('--codepage <name>', 'code page for text mode').default('cp437'))
    .addOption(new Option('--time-zone <zone>', 'time zone for the printed time').default('Asia/Karachi'))
    .action((flags: { printer: string; columns: string; codepage: string; timeZone: string }) =>
      withPrinter(flags.printer, async (transport, status) => {
        const fault = status ? faultOf(status) : null;
        if (fault) {
          console.error(`PRINTER_NOT_READY: ${transport.target} reports ${fault.replace('-', ' ')}; fix it and try again`);
          return false;
        }
        const page = testPage({
          columns: Number(flags.columns) as ReceiptColumns,
          codepage: flags.codepage as Codepage,
          target: transport.target,
          now: Date.now(),
          timeZone: flags.timeZone,
        });
        const written = await transport.write(page.bytes);
        if (!written.ok) {
          console.error(`${written.error.code}: ${written.error.message}`);
          return false;
        }
        console.log(`test page sent (${page.bytes.length} bytes)`);
        return true;
      }));

  const drawer = program.command('drawer').description('cash drawers on a receipt printer');
  drawer.command('open')
    .description('kick the drawer (ESC p; the real-time DLE DC4 pulse when the printer is out of paper or open)')
    .requiredOption('--printer <address>', 'tcp://HOST:PORT, /dev/usb/lp0 or serial:///dev/ttyUSB0?baud=9600')
    .addOption(new Option('--pin <pin>', 'drawer connector pin').choices(['2', '5']).default('2'))
    .addOption(new Option('--on-ms <ms>', 'pulse on time').default('100'))
    .addOption(new Option('--off-ms <ms>', 'pulse off time').default('500'))
    .action((flags: { printer: string; pin: string; onMs: string; offMs: string }) =>
      withPrinter(flags.printer, async (transport, status) => {
        const pin = flags.pin === '5' ? 5 : 2;
        const fault = status ? faultOf(status) : null;
        const realtime = fault === 'paper-out' || fault === 'cover-open';
        const bytes = realtime ? realtimeDrawerPulseBytes(pin, Number(flags.onMs)) : drawerKickBytes({ pin, onMs: Number(flags.onMs), offMs: Number(flags.offMs) });
        const written = await transport.write(bytes);
        if (!written.ok) {
          console.error(`${written.error.code}: ${written.error.message}`);
          return false;
        }
        console.log(`drawer kick sent on pin ${pin}${realtime ? ' (real-time pulse: the printer is not ready)' : ''}`);
        return true;
      }));

  program.command('labels')
    .description('barcode labels for variants: a PNG or PDF sheet, or printed on a receipt printer')
    .requiredOption('--sku <skus>', 'comma-separated SKUs')
    .addOption(new Option('--out <file>', 'write a sheet: FILE.png or FILE.pdf'))
    .addOption(new Option('--printer <address>', 'print the labels on this receipt printer instead'))
    .addOption(new Option('--columns <n>', 'receipt printer characters per line').choices(['32', '42', '48']).default('48'))
    .addOption(dataDirOption())
    .addOption(configOption())
    .action(async (flags: Flags & { sku: string; out?: string; printer?: string; columns: string }) => {
      const { sku, out, printer: address, columns, ...rest } = flags;
      if (!out === !address) {
        console.error('give either --out FILE.png|FILE.pdf or --printer ADDRESS');
        process.exitCode = EXIT_CONFIG;
        return;
      }
      if (out && !/\.(png|pdf)$/i.test(out)) {
        console.error(`--out must end in .png or .pdf, got "${out}"`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      const config = configFrom(rest);
      const skus = sku.split(',').map((s) => s.trim()).filter(Boolean);
      const variants = withExistingDatabase(config, (db) => findVariantsBySku(db, skus));
      const missing = skus.filter((s) => !variants.some((v) => v.sku === s));
      if (missing.length > 0) {
        console.error(`NOT_FOUND: no active variant with SKU ${missing.join(', ')}`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      const labels: Label[] = variants.map((v) => ({
        name: v.name,
        price: formatLabelPrice(v.price, config.currencyExponent, config.currency),
        sku: v.sku,
        barcode: labelBarcodeFor(v.barcode, v.sku),
      }));
      if (out) {
        writeFileSync(out, /\.pdf$/i.test(out) ? await labelSheetPdf(labels) : await labelSheetPng(labels));
        console.log(`${labels.length} label(s) written to ${out}`);
        return;
      }
      await withPrinter(address!, async (transport) => {
        const written = await transport.write(encodeLabels(labels, { columns: Number(columns) as ReceiptColumns }));
        if (!written.ok) {
          console.error(`${written.error.code}: ${written.error.message}`);
          return false;
        }
        console.log(`${labels.length} label(s) sent`);
        return true;
      });
    });
}
