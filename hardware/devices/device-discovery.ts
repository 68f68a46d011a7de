// Finds box-attached devices from sysfs: usblp printers (IEEE-1284 id), HID POS scanners (usage page 0x8C), serial ports.
import fs from 'node:fs';
import path from 'node:path';

/** The USB device behind a node, read from its sysfs ancestors: what stays the same when it is replugged elsewhere. */
export interface UsbIdentity {
  /** Four lowercase hex digits, e.g. "04b8". */
  vendorId: string;
  productId: string;
  /** The device's serial number string; null when it has none (cheap devices). */
  serial: string | null;
  manufacturer: string | null;
  product: string | null;
  /** The USB port path (bus-port.port…, e.g. "1-1.2"): changes when replugged into another port. */
  port: string;
  /** The interface number on that device (composite devices), null when unknown. */
  interfaceNumber: number | null;
}

export type DiscoveredDevice =
  | { kind: 'usb-printer'; path: string; manufacturer: string | null; model: string | null; commandSet: string | null; escpos: boolean; ieee1284Id: string | null; usb?: UsbIdentity | null }
  | { kind: 'hid-scanner'; path: string; name: string | null; usb?: UsbIdentity | null }
  | { kind: 'serial'; path: string; driver: string | null; usb?: UsbIdentity | null };

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

/**
 * Walks up from a class node's `device` link to the USB device that owns it (the first ancestor with `idVendor`),
 * noting the interface number on the way. Null when the node is not on USB or sysfs lacks the attributes.
 */
export function usbIdentity(sysRoot: string, deviceLink: string): UsbIdentity | null {
  let dir: string;
  let root: string;
  try {
    dir = fs.realpathSync(deviceLink);
    root = fs.realpathSync(sysRoot);
  } catch {
    return null;
  }
  let interfaceNumber: number | null = null;
  for (let depth = 0; depth < 8 && dir.startsWith(root) && dir !== root; depth++) {
    const number = read(path.join(dir, 'bInterfaceNumber'));
    if (number !== null && interfaceNumber === null && /^[0-9a-f]+$/i.test(number)) interfaceNumber = Number.parseInt(number, 16);
    const vendorId = read(path.join(dir, 'idVendor'));
    const productId = read(path.join(dir, 'idProduct'));
    if (vendorId && productId) {
      return {
        vendorId: vendorId.toLowerCase(), productId: productId.toLowerCase(), serial: read(path.join(dir, 'serial')) || null,
        manufacturer: read(path.join(dir, 'manufacturer')) || null, product: read(path.join(dir, 'product')) || null, port: path.basename(dir), interfaceNumber,
      };
    }
    dir = path.dirname(dir);
  }
  return null;
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
      usb: usbIdentity(sysRoot, path.join(sysRoot, 'class/usbmisc', name, 'device')),
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
    devices.push({ kind: 'hid-scanner', path: path.join(devRoot, name), name: hidName, usb: usbIdentity(sysRoot, path.join(sysRoot, 'class/hidraw', name, 'device')) });
  }
  for (const name of list(path.join(sysRoot, 'class/tty')).filter((n) => /^tty(USB|ACM)\d+$/.test(n))) {
    const driverLink = path.join(sysRoot, 'class/tty', name, 'device/driver');
    let driver: string | null = null;
    try {
      driver = path.basename(fs.readlinkSync(driverLink));
    } catch {
      driver = null;
    }
    devices.push({ kind: 'serial', path: path.join(devRoot, name), driver, usb: usbIdentity(sysRoot, path.join(sysRoot, 'class/tty', name, 'device')) });
  }
  return devices;
}
