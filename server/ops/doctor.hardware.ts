// `doctor` checks for the hardware: each registered printer asked for its status (DLE EOT), scanners found in sysfs.
import { listPrinters } from '../domain/printing/index.ts';
import { listHardware } from '../domain/hardware/index.ts';
import { faultOf } from '../../hardware/escpos/escpos.status.ts';
import { pollPrinterStatus } from '../../hardware/queue/status-poll.ts';
import { parsePrinterAddress } from '../../hardware/transport/transport.address.ts';
import { createTransport } from '../../hardware/transport/transport.factory.ts';
import { readPrinterStatuses } from '../printing/printer-status-file.ts';
import type { PrinterQueueStatus } from '../../hardware/queue/print-queue.ts';
import type { DoctorCheck, DoctorContext, DoctorFinding } from './doctor.ts';
import { findServingBox } from './pid-file.ts';

/** Short: a tech waits for the whole report on the phone. */
const PRINTER_TIMEOUTS = { connectMs: 1500, writeMs: 1500, readMs: 700 };

const FAULT_WORDS = { 'paper-out': 'paper out', 'cover-open': 'cover open', offline: 'offline', error: 'error (cutter jam?)' } as const;
const FAULT_FIX = {
  'paper-out': 'load a new paper roll and close the cover',
  'cover-open': 'close the printer cover firmly',
  offline: 'check the printer is switched on and its lights show no error',
  error: 'switch the printer off and on; clear any paper stuck in the cutter',
} as const;

/** One registered printer's status over its own transport; never throws. */
async function probePrinter(label: string, address: string): Promise<DoctorFinding> {
  const name = `printer: ${label}`;
  const parsed = parsePrinterAddress(address);
  if (!parsed.ok) return { name, status: 'fail', detail: `its address "${address}" is not valid`, fix: 'correct the address on the Devices page' };
  const transport = createTransport(parsed.value, PRINTER_TIMEOUTS);
  const unreachable = (why: string): DoctorFinding => ({
    name, status: 'fail', detail: `unreachable at ${address}: ${why}`,
    fix: 'check the printer is on and its cable (USB or network) is plugged in; then: npm run cli -- printer status --printer <address>',
  });
  try {
    const opened = await transport.open();
    if (!opened.ok) return unreachable(opened.error.message);
    const status = await pollPrinterStatus(transport, PRINTER_TIMEOUTS.readMs);
    if (status === 'unreachable') return unreachable('the connection was closed');
    if (status === null) return { name, status: 'warn', detail: `connected at ${address} but it does not answer status requests (status unknown)`, fix: 'print a test page from the Devices page to check it' };
    const fault = faultOf(status);
    if (fault) return { name, status: 'fail', detail: `${FAULT_WORDS[fault]} (${address})`, fix: FAULT_FIX[fault] };
    if (status.paper === 'near-end') return { name, status: 'warn', detail: `ready, paper near end (${address})`, fix: 'keep a new paper roll at hand' };
    return { name, status: 'ok', detail: `ready (${address})` };
  } catch (error) {
    return unreachable((error as Error).message);
  } finally {
    await transport.close().catch(() => undefined);
  }
}

/** A printer as the running box's queue last saw it (the queue owns the connection; a second one would be refused). */
function reportedState(label: string, address: string, status: PrinterQueueStatus): DoctorFinding {
  const name = `printer: ${label}`;
  const seen = `(${address}, as the running box saw it)`;
  switch (status.state) {
    case 'ready':
    case 'printing':
      return status.paperNearEnd
        ? { name, status: 'warn', detail: `ready, paper near end ${seen}`, fix: 'keep a new paper roll at hand' }
        : { name, status: 'ok', detail: `${status.state} ${seen}` };
    case 'unknown':
      return { name, status: 'warn', detail: `connected but it does not answer status requests (status unknown) ${seen}`, fix: 'print a test page from the Devices page to check it' };
    case 'unreachable':
      return {
        name, status: 'fail', detail: `unreachable ${seen}${status.detail ? `: ${status.detail}` : ''}`,
        fix: 'check the printer is on and its cable (USB or network) is plugged in; the box retries by itself',
      };
    default:
      return { name, status: 'fail', detail: `${FAULT_WORDS[status.state]} ${seen}`, fix: FAULT_FIX[status.state] };
  }
}

export const printersCheck: DoctorCheck = {
  name: 'printers',
  async run({ db, dataDir }) {
    if (!db) return [];
    const printers = listPrinters(db);
    // While a box serves this folder its print queues hold the printers: read their states rather than compete.
    const reported = findServingBox(dataDir) ? readPrinterStatuses(dataDir) : new Map<string, PrinterQueueStatus>();
    if (printers.length === 0) {
      return {
        name: 'printers', status: 'warn', detail: 'no receipt printer is registered',
        fix: 'find it with: npm run cli -- printer list; then add it on the terminal\'s Devices page',
      };
    }
    return Promise.all(printers.map((p) => {
      const status = reported.get(p.id);
      return status ? reportedState(p.name, p.address, status) : probePrinter(p.name, p.address);
    }));
  },
};

export const scannersCheck: DoctorCheck = {
  name: 'scanners',
  run(ctx) {
    const devices = ctx.probes.devices();
    const scanners = devices.filter((d) => d.kind === 'hid-scanner');
    const serial = devices.filter((d) => d.kind === 'serial');
    if (scanners.length === 0 && serial.length === 0) {
      return {
        name: 'scanners', status: 'warn', detail: 'no HID POS scanner or serial device on this box (keyboard-mode scanners on a till do not show here)',
        fix: 'if a scanner should be plugged into the box, replug its USB cable and run doctor again',
      };
    }
    const parts = [
      ...scanners.map((d) => `scanner ${d.name ?? 'HID POS'} (${d.path})`),
      ...serial.map((d) => `serial ${d.path}${d.driver ? ` (${d.driver})` : ''}`),
    ];
    const found: DoctorFinding = { name: 'scanners', status: 'ok', detail: parts.join('; ') };
    return [found, ...unassignedScanners(ctx.db)];
  },
};

/** Box scanners the registry knows but that serve no counter: every scan they read is dropped. */
function unassignedScanners(db: DoctorContext['db']): DoctorFinding[] {
  if (!db) return [];
  let scanners;
  try {
    scanners = listHardware(db).filter((d) => d.kind === 'scanner' && d.connected && !d.counterId);
  } catch {
    return []; // a database from before the registry: the box adds it at its next start
  }
  return scanners.map((d) => ({
    name: `scanner: ${d.name}`, status: 'warn' as const, detail: `${d.path} is not assigned to a counter: its scans are dropped`,
    fix: `assign it on the Devices page, or: npm run cli -- devices assign ${d.path} <counter code>`,
  }));
}
