// Hot-plug: a printer appearing and disappearing in sysfs is reported as added, then removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { watchDevices, type DeviceChange } from './device-watch.ts';

let root: string | undefined;
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

it('reports the first scan, a plugged-in printer and its removal', async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotplug-'));
  const sys = path.join(root, 'sys');
  const dev = path.join(root, 'dev');
  fs.mkdirSync(dev, { recursive: true });
  const changes: DeviceChange[] = [];
  stop = watchDevices((change) => changes.push(change), { sysRoot: sys, devRoot: dev, pollMs: 50 });
  expect(changes).toEqual([{ devices: [], added: [], removed: [] }]);

  fs.mkdirSync(path.join(sys, 'class/usbmisc/lp0/device'), { recursive: true });
  fs.writeFileSync(path.join(sys, 'class/usbmisc/lp0/device/ieee1284_id'), 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T88V;');
  fs.writeFileSync(path.join(dev, 'lp0-created'), ''); // what udev does in /dev
  await until(() => changes.length === 2);
  expect(changes[1]!.added).toMatchObject([{ kind: 'usb-printer', path: path.join(dev, 'usb/lp0'), model: 'TM-T88V' }]);

  fs.rmSync(path.join(sys, 'class/usbmisc/lp0'), { recursive: true });
  await until(() => changes.length === 3);
  expect(changes[2]).toMatchObject({ devices: [], added: [], removed: [{ kind: 'usb-printer', path: path.join(dev, 'usb/lp0') }] });
});
