// The box's printers, scanners and displays for the health page: loaded from the box, then kept live by its events.
import type { HardwareDeviceView } from '../../../server/domain/hardware/index.ts';
import type { PrinterStatusEvent } from '../../../server/realtime/events.ts';
import { api } from './api.ts';
import { connection } from './connection.svelte.ts';

export type HardwareDevice = HardwareDeviceView;

const ORDER = { printer: 0, scanner: 1, display: 2, serial: 3 } as const;

class Hardware {
  devices = $state<HardwareDevice[]>([]);
  loaded = $state(false);

  /** Follows `hardware:device-changed` and `printer:status-changed` while the page is open (call load() too); returns the unsubscribe. */
  start(): () => void {
    const onDevice = (device: HardwareDevice) => this.accept(device);
    const onPrinter = (status: PrinterStatusEvent) => this.acceptPrinterStatus(status);
    const onConnect = () => void this.load().catch(() => undefined);
    connection.socket.on('hardware:device-changed', onDevice);
    connection.socket.on('printer:status-changed', onPrinter);
    connection.socket.on('connect', onConnect);
    return () => {
      connection.socket.off('hardware:device-changed', onDevice);
      connection.socket.off('printer:status-changed', onPrinter);
      connection.socket.off('connect', onConnect);
    };
  }

  async load(): Promise<void> {
    const { devices } = await api<{ devices: HardwareDevice[] }>('/api/v1/devices/hardware');
    this.devices = devices;
    this.loaded = true;
  }

  /** A changed device replaces its row; the event carries no printer state, so the row keeps the one it has. */
  private accept(device: HardwareDevice): void {
    const index = this.devices.findIndex((d) => d.id === device.id);
    const merged = index >= 0 ? { ...device, printer: device.printer ?? this.devices[index]!.printer } : device;
    const next = index >= 0 ? this.devices.map((d, i) => (i === index ? merged : d)) : [...this.devices, merged];
    this.devices = next.sort((a, b) => Number(b.connected === true) - Number(a.connected === true) || ORDER[a.kind] - ORDER[b.kind] || a.name.localeCompare(b.name));
  }

  private acceptPrinterStatus(status: PrinterStatusEvent): void {
    this.devices = this.devices.map((d) => d.printerId === status.printerId
      ? {
        ...d,
        printer: { state: status.state, message: status.message, queued: status.queued, at: status.at },
        ...(d.source === 'address' ? { connected: status.state !== 'unreachable', lastError: status.state === 'unreachable' ? (status.detail ?? status.message) : null } : {}),
      }
      : d);
  }

  /** Renames, assigns (counterId null = none) or marks a serial port as display; the box answers with the device as it is now. */
  async update(id: string, changes: { name?: string; counterId?: string | null; kind?: 'display' | 'serial' }): Promise<HardwareDevice> {
    const device = await api<HardwareDevice>(`/api/v1/devices/hardware/${id}`, { method: 'PATCH', json: changes });
    this.accept(device);
    return device;
  }
}

export const hardware = new Hardware();
