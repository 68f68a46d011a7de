// Device discovery on a fake sysfs tree: printers by IEEE-1284 id, HID POS scanners by usage page, serial ports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverDevices, isHidPosDescriptor, parseIeee1284Id } from './device-discovery.ts';
import { FakeSysfs } from './fake-sysfs.ts';

let root: string | undefined;
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function put(file: string, content: string | Uint8Array) {
  fs.mkdirSync(path.dirname(path.join(root!, file)), { recursive: true });
  fs.writeFileSync(path.join(root!, file), content);
}

describe('device discovery', () => {
  it.each([
    ['MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;CLS:PRINTER;', { MFG: 'EPSON', CMD: 'ESC/POS', MDL: 'TM-T20II', CLS: 'PRINTER' }],
    ['MANUFACTURER:Star;COMMAND SET:STAR;MODEL:TSP100', { MANUFACTURER: 'Star', 'COMMAND SET': 'STAR', MODEL: 'TSP100' }],
  ])('parses the IEEE-1284 id %s', (id, fields) => {
    expect(parseIeee1284Id(id)).toEqual(fields);
  });

  it.each([
    [[0x05, 0x8c, 0x09, 0x02], true],
    [[0x06, 0x8c, 0x00, 0x09, 0x02], true],
    [[0x05, 0x01, 0x09, 0x06], false], // a keyboard
  ])('descriptor %j is HID POS: %s', (bytes, expected) => {
    expect(isHidPosDescriptor(Uint8Array.from(bytes))).toBe(expected);
  });

  it('lists usblp printers, HID POS scanners (not keyboards) and USB serial ports', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-'));
    put('class/usbmisc/lp0/device/ieee1284_id', 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;');
    put('class/usbmisc/lp1/device/ieee1284_id', 'MFG:HP;CMD:PCL,PJL;MDL:LaserJet;');
    put('class/hidraw/hidraw0/device/report_descriptor', Uint8Array.of(0x05, 0x01, 0x09, 0x06));
    put('class/hidraw/hidraw1/device/report_descriptor', Uint8Array.of(0x06, 0x8c, 0x00, 0x09, 0x02));
    put('class/hidraw/hidraw1/device/uevent', 'DRIVER=hid-generic\nHID_NAME=Honeywell Xenon 1950g\n');
    put('class/tty/ttyUSB0/device/uevent', '');
    put('class/tty/ttyS0/device/uevent', '');
    expect(discoverDevices(root, '/dev')).toEqual([
      { kind: 'usb-printer', path: '/dev/usb/lp0', manufacturer: 'EPSON', model: 'TM-T20II', commandSet: 'ESC/POS', escpos: true, ieee1284Id: 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;', usb: null },
      { kind: 'usb-printer', path: '/dev/usb/lp1', manufacturer: 'HP', model: 'LaserJet', commandSet: 'PCL,PJL', escpos: false, ieee1284Id: 'MFG:HP;CMD:PCL,PJL;MDL:LaserJet;', usb: null },
      { kind: 'hid-scanner', path: '/dev/hidraw1', name: 'Honeywell Xenon 1950g', usb: null },
      { kind: 'serial', path: '/dev/ttyUSB0', driver: null, usb: null },
    ]);
  });

  it('finds nothing, without failing, where sysfs has none of these classes', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-'));
    expect(discoverDevices(root)).toEqual([]);
  });

  it('reads the USB identity (vendor, product, serial, port) behind each node, which a replug elsewhere keeps', () => {
    const sysfs = new FakeSysfs();
    try {
      sysfs.plug({ kind: 'printer', node: 'lp0', port: '1-1', vendorId: '04b8', productId: '0202', serial: 'TM123', ieee1284Id: 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;' });
      sysfs.plug({ kind: 'scanner', node: 'hidraw2', port: '1-2', vendorId: '0c2e', productId: '0b61', serial: null, hidName: 'Honeywell 1950g' });
      sysfs.plug({ kind: 'serial', node: 'ttyACM0', port: '1-3', vendorId: '2341', productId: '0043', serial: 'D1' });
      const devices = discoverDevices(sysfs.sysRoot, sysfs.devRoot);
      expect(devices.map((d) => [d.kind, d.path.slice(sysfs.devRoot.length), d.usb])).toEqual([
        ['usb-printer', '/usb/lp0', { vendorId: '04b8', productId: '0202', serial: 'TM123', manufacturer: null, product: null, port: '1-1', interfaceNumber: 0 }],
        ['hid-scanner', '/hidraw2', { vendorId: '0c2e', productId: '0b61', serial: null, manufacturer: null, product: null, port: '1-2', interfaceNumber: 0 }],
        ['serial', '/ttyACM0', { vendorId: '2341', productId: '0043', serial: 'D1', manufacturer: null, product: null, port: '1-3', interfaceNumber: 0 }],
      ]);
      sysfs.unplug('1-1');
      sysfs.plug({ kind: 'printer', node: 'lp1', port: '1-4', vendorId: '04b8', productId: '0202', serial: 'TM123', ieee1284Id: 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;' });
      const printer = discoverDevices(sysfs.sysRoot, sysfs.devRoot).find((d) => d.kind === 'usb-printer')!;
      expect([printer.path.slice(sysfs.devRoot.length), printer.usb?.serial, printer.usb?.port]).toEqual(['/usb/lp1', 'TM123', '1-4']);
    } finally {
      sysfs.remove();
    }
  });
});
