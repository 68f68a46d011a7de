// The node-hid scanner adapter against a stand-in hidapi: reports become scans, open failures are reported, stop closes.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Scan } from './hid-pos.ts';
import { NodeHidScannerSource, scannerSourceFactory, type NodeHidDevice, type NodeHidModule } from './node-hid-source.ts';
import { HidrawScannerSource } from './scanner-source.ts';

function report(code: string): Buffer {
  const bytes = Buffer.alloc(64);
  bytes[0] = 0x02;
  bytes[1] = code.length;
  bytes.write(']E0', 2, 'latin1');
  bytes.write(code, 5, 'latin1');
  return bytes;
}

class StandInDevice extends EventEmitter implements NodeHidDevice {
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
}

function standInHid(open: (path: string) => Promise<NodeHidDevice>): NodeHidModule {
  return { HIDAsync: { open }, getHidapiVersion: () => '0.15.0' };
}

describe('node-hid scanner source', () => {
  it('turns each HID POS report into a scan and closes the device on stop', async () => {
    const device = new StandInDevice();
    const opened: string[] = [];
    const source = new NodeHidScannerSource('/dev/hidraw4', standInHid(async (path) => {
      opened.push(path);
      return device;
    }));
    const scans: Scan[] = [];
    source.start((scan) => scans.push(scan));
    await new Promise((resolve) => setImmediate(resolve));
    device.emit('data', report('8960000000019'));
    device.emit('data', Buffer.from([0x04, 0x00])); // another report kind: ignored
    expect(opened).toEqual(['/dev/hidraw4']);
    expect(scans).toEqual([{ aim: ']E0', symbology: 'ean-upc', data: '8960000000019' }]);
    await source.stop();
    expect(device.closed).toBe(true);
  });

  it('reports a device it cannot open instead of throwing', async () => {
    const source = new NodeHidScannerSource('/dev/hidraw4', standInHid(() => Promise.reject(new Error('cannot open device with path /dev/hidraw4'))));
    const errors: string[] = [];
    source.start(() => undefined, (error) => errors.push(error.message));
    await source.stop();
    expect(errors).toEqual(['cannot open device with path /dev/hidraw4']);
  });

  it('falls back to the fs hidraw reader when node-hid did not load', () => {
    expect(scannerSourceFactory({ ok: false, reason: 'no libusb' })('/dev/hidraw1')).toBeInstanceOf(HidrawScannerSource);
    expect(scannerSourceFactory({ ok: true, hid: standInHid(async () => new StandInDevice()), version: '0.15.0' })('/dev/hidraw1')).toBeInstanceOf(NodeHidScannerSource);
  });
});
