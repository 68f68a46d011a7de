// The branch's printers as the counter sees them: names from the box, live states pushed as `printer:status-changed`.
import type { PrinterStatusEvent } from '../../../server/realtime/events.ts';
import { api } from './api.ts';
import { connection } from './connection.svelte.ts';

interface PrinterRow {
  id: string;
  name: string;
  status: Omit<PrinterStatusEvent, 'printerId' | 'detail'> | null;
}

/** States that stop printing and must be in front of staff. */
const PROBLEMS = new Set<PrinterStatusEvent['state']>(['paper-out', 'cover-open', 'offline', 'error', 'unreachable']);

class Printers {
  names = $state<Record<string, string>>({});
  statuses = $state<Record<string, Omit<PrinterStatusEvent, 'printerId' | 'detail'>>>({});

  constructor() {
    connection.socket.on('printer:status-changed', (status) => {
      this.statuses[status.printerId] = status;
      if (!this.names[status.printerId]) void this.load();
    });
    connection.socket.on('connect', () => void this.load());
    // A printer renamed on the Devices page: banners use the new name at once.
    connection.socket.on('hardware:device-changed', (device) => {
      if (device.printerId && this.names[device.printerId] !== undefined) this.names[device.printerId] = device.name;
    });
  }

  async load(): Promise<void> {
    try {
      const { printers } = await api<{ printers: PrinterRow[] }>('/api/v1/printers');
      for (const printer of printers) {
        this.names[printer.id] = printer.name;
        if (printer.status && !this.statuses[printer.id]) this.statuses[printer.id] = printer.status;
      }
    } catch {
      // the connection banner already tells staff the box is unreachable
    }
  }

  /** "Printer 1: paper out", one line per printer that needs a person; also drawers left open. */
  get problems(): string[] {
    const lines: string[] = [];
    for (const [id, status] of Object.entries(this.statuses)) {
      const name = this.names[id] ?? 'Printer';
      if (PROBLEMS.has(status.state)) lines.push(`${name}: ${status.message}`);
      if (status.drawerLeftOpen) lines.push(`${name}: cash drawer left open`);
    }
    return lines;
  }
}

export const printers = new Printers();
