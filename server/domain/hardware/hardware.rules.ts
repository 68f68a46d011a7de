// Pure rules of the hardware room: a found device's identity across replugs, its default name, and name checks.
import type { HardwareKind } from './hardware.sql.ts';

/** A device as discovery reports it (the runtime converts the hardware adapter's records into this). */
export interface SeenDevice {
  kind: Exclude<HardwareKind, 'display'>;
  /** The /dev node now, e.g. /dev/usb/lp0, /dev/hidraw3, /dev/ttyUSB0. */
  path: string;
  /** What the device says it is: "EPSON TM-T20II", a HID name, a USB product string. */
  model: string | null;
  ieee1284Id: string | null;
  usb: { vendorId: string; productId: string; serial: string | null; port: string; interfaceNumber: number | null } | null;
}

function ieee1284Fields(id: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of id.split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0) fields[part.slice(0, colon).trim().toUpperCase()] = part.slice(colon + 1).trim();
  }
  return fields;
}

const normalize = (value: string) => value.trim().replace(/\s+/g, ' ');

/**
 * Identity keys for one scan of devices, strongest first:
 * 1. USB vendor:product:serial (+ interface): the same device wherever it is plugged;
 * 2. a printer's IEEE-1284 id (manufacturer, model and its serial field when it has one), when no other device
 *    found in the same scan has the same id: a replug to another port is still the same printer;
 * 3. USB port + vendor:product: devices without a serial (identical twins) are told apart by the port they use;
 * 4. the /dev path, for nodes not on USB.
 */
export function deviceKeys(devices: readonly SeenDevice[]): string[] {
  const ieeeCount = new Map<string, number>();
  for (const device of devices) if (device.ieee1284Id) ieeeCount.set(device.ieee1284Id, (ieeeCount.get(device.ieee1284Id) ?? 0) + 1);
  return devices.map((device) => {
    const { usb } = device;
    const iface = usb?.interfaceNumber !== null && usb?.interfaceNumber !== undefined ? `:if${usb.interfaceNumber}` : '';
    if (usb?.serial) return `${device.kind}:usb:${usb.vendorId}:${usb.productId}:${normalize(usb.serial)}${iface}`;
    if (device.kind === 'printer' && device.ieee1284Id) {
      const fields = ieee1284Fields(device.ieee1284Id);
      const serial = fields.SN ?? fields.SERN ?? fields.SERIALNUMBER ?? fields['SERIAL NUMBER'];
      const model = `${normalize(fields.MFG ?? fields.MANUFACTURER ?? '')}:${normalize(fields.MDL ?? fields.MODEL ?? '')}`;
      if (serial) return `printer:1284:${model}:${normalize(serial)}`;
      if (ieeeCount.get(device.ieee1284Id) === 1) return `printer:1284:${model}:${normalize(device.ieee1284Id)}`;
    }
    if (usb) return `${device.kind}:port:${usb.port}:${usb.vendorId}:${usb.productId}${iface}`;
    return `${device.kind}:path:${device.path}`;
  });
}

const KIND_WORDS: Record<HardwareKind, string> = { printer: 'Receipt printer', scanner: 'Barcode scanner', display: 'Customer display', serial: 'Serial device' };

/** The name a device starts with: its model when it reports one, else its kind and node ("Barcode scanner (hidraw3)"). */
export function defaultDeviceName(device: Pick<SeenDevice, 'kind' | 'path' | 'model'>): string {
  const model = device.model ? normalize(device.model).slice(0, 60) : '';
  return model || `${KIND_WORDS[device.kind]} (${device.path.split('/').pop()})`;
}

export const MAX_DEVICE_NAME = 60;

/** A name staff typed: trimmed, 1–60 characters, no control characters; null when unusable. */
export function cleanDeviceName(name: string): string | null {
  const cleaned = normalize(name);
  // eslint-disable-next-line no-control-regex
  if (!cleaned || cleaned.length > MAX_DEVICE_NAME || /[\u0000-\u001f\u007f]/.test(cleaned)) return null;
  return cleaned;
}
