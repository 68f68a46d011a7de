// Device discovery on a fake sysfs tree: printers by IEEE-1284 id, HID POS scanners by usage page, serial ports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverDevices, isHidPosDescriptor, parseIeee1284Id } from './device-discovery.ts';

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
      { kind: 'usb-printer', path: '/dev/usb/lp0', manufacturer: 'EPSON', model: 'TM-T20II', commandSet: 'ESC/POS', escpos: true, ieee1284Id: 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;' },
      { kind: 'usb-printer', path: '/dev/usb/lp1', manufacturer: 'HP', model: 'LaserJet', commandSet: 'PCL,PJL', escpos: false, ieee1284Id: 'MFG:HP;CMD:PCL,PJL;MDL:LaserJet;' },
      { kind: 'hid-scanner', path: '/dev/hidraw1', name: 'Honeywell Xenon 1950g' },
      { kind: 'serial', path: '/dev/ttyUSB0', driver: null },
    ]);
  });

  it('finds nothing, without failing, where sysfs has none of these classes', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-'));
    expect(discoverDevices(root)).toEqual([]);
  });
});
