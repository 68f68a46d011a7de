// Demo mode's receipt printer: the virtual printer on a loopback port, registered as "Virtual printer (DEMO)".
import type { Db } from '../db/connection.ts';
import { listPrinters, registerPrinter, setPrinterAddress } from '../domain/printing/index.ts';
import type { Clock } from '../shared/clock.ts';
import { newId, type Id } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/virtual-printer/virtual-printer.ts';

export const DEMO_PRINTER_NAME = 'Virtual printer (DEMO)';

export interface DemoPrinter {
  printer: VirtualPrinter;
  printerId: Id<'Printer'>;
}

/** Starts the virtual printer and points the demo printer record at it (its port changes at every start). */
export async function startDemoPrinter(db: Db, clock: Clock): Promise<DemoPrinter> {
  const printer = await startVirtualPrinter({ keepJobs: 50 });
  const existing = listPrinters(db).find((p) => p.name === DEMO_PRINTER_NAME);
  const printerId = existing
    ? unwrap(setPrinterAddress(db, existing.id, printer.url, clock.now())).id
    : unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: DEMO_PRINTER_NAME, address: printer.url, columns: 48 }, clock.now())).id;
  return { printer, printerId };
}
