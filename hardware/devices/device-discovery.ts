// Finds box-attached devices from sysfs: usblp printers (IEEE-1284 id), HID POS scanners (usage page 0x8C), serial ports.
import fs from 'node:fs';
import path from 'node:path';

export type DiscoveredDevice =
  | { kind: 'usb-printer'; path: string; manufacturer: string | null; model: string | null; commandSet: string | null; escpos: boolean; ieee1284Id: string | null }
  | { kind: 'hid-scanner'; path: string; name: string | null }
  | { kind: 'serial'; path: string; driver: string | null };

/** `MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;` → fields (keys also in their long forms MANUFACTURER/COMMAND SET/MODEL). */
export function parseIeee1284Id(id: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of id.split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0) fields[part.slice(0, colon).trim().toUpperCase()] = part.slice(colon + 1).trim();
  }
  return fields;
}

/** True when a HID report descriptor declares usage page 0x8C (Barcode Scanner), as `05 8C` or `06 8C 00`. */
export function isHidPosDescriptor(descriptor: Uint8Array): boolean {
  for (let i = 0; i + 1 < descriptor.length; i++) {
    if (descriptor[i] === 0x05 && descriptor[i + 1] === 0x8c) return true;
    if (descriptor[i] === 0x06 && descriptor[i + 1] === 0x8c && descriptor[i + 2] === 0x00) return true;
  }
  return false;
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return [];
  }
}

/** Scans sysfs (the real /sys, or a test tree) for printers, HID POS scanners and USB serial ports. */
export function discoverDevices(sysRoot = '/sys', devRoot = '/dev'): DiscoveredDevice[] {
  const devices: DiscoveredDevice[] = [];
  for (const name of list(path.join(sysRoot, 'class/usbmisc')).filter((n) => /^lp\d+$/.test(n))) {
    const id = read(path.join(sysRoot, 'class/usbmisc', name, 'device/ieee1284_id'));
    const fields = id ? parseIeee1284Id(id) : {};
    const commandSet = fields.CMD ?? fields['COMMAND SET'] ?? null;
    devices.push({
      kind: 'usb-printer',
      path: path.join(devRoot, 'usb', name),
      manufacturer: fields.MFG ?? fields.MANUFACTURER ?? null,
      model: fields.MDL ?? fields.MODEL ?? null,
      commandSet,
      escpos: commandSet !== null && /ESC\/?POS/i.test(commandSet),
      ieee1284Id: id,
    });
  }
  for (const name of list(path.join(sysRoot, 'class/hidraw')).filter((n) => /^hidraw\d+$/.test(n))) {
    let descriptor: Uint8Array;
    try {
      descriptor = fs.readFileSync(path.join(sysRoot, 'class/hidraw', name, 'device/report_descriptor'));
    } catch {
      continue;
    }
    if (!isHidPosDescriptor(descriptor)) continue;
    const uevent = read(path.join(sysRoot, 'class/hidraw', name, 'device/uevent')) ?? '';
    const hidName = /^HID_NAME=(.*)$/m.exec(uevent)?.[1] ?? null;
    devices.push({ kind: 'hid-scanner', path: path.join(devRoot, name), name: hidName });
  }
  for (const name of list(path.join(sysRoot, 'class/tty')).filter((n) => /^tty(USB|ACM)\d+$/.test(n))) {
    const driverLink = path.join(sysRoot, 'class/tty', name, 'device/driver');
    let driver: string | null = null;
    try {
      driver = path.basename(fs.readlinkSync(driverLink));
    } catch {
      driver = null;
    }
    devices.push({ kind: 'serial', path: path.join(devRoot, name), driver });
  }
  return devices;
}
