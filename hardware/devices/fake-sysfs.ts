// A fake sysfs + /dev tree in a temp folder (real symlinks, as the kernel lays them out) for discovery and hot-plug tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FakeUsbDevice {
  /** USB port path, e.g. "1-1.2": plugging the same device elsewhere changes only this. */
  port: string;
  vendorId: string;
  productId: string;
  serial?: string | null;
  manufacturer?: string;
  product?: string;
}

export type FakePlug =
  | (FakeUsbDevice & { kind: 'printer'; node: string; ieee1284Id: string })
  | (FakeUsbDevice & { kind: 'scanner'; node: string; hidName: string })
  | (FakeUsbDevice & { kind: 'serial'; node: string });

/** HID POS report descriptor start: usage page 0x8C, usage 0x02 (barcode scanner). */
const HID_POS_DESCRIPTOR = Uint8Array.of(0x06, 0x8c, 0x00, 0x09, 0x02, 0xa1, 0x01);

export class FakeSysfs {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-sysfs-'));
  readonly sysRoot = path.join(this.root, 'sys');
  readonly devRoot = path.join(this.root, 'dev');

  constructor() {
    fs.mkdirSync(path.join(this.devRoot, 'usb'), { recursive: true });
  }

  /**
   * Plugs a device in: its USB device and interface directories, the class node and the /dev node (an empty file, or
   * with `fifo` a named pipe, so a reader blocks until the test writes reports into it, as on a real hidraw node).
   */
  plug(device: FakePlug, options: { fifo?: boolean } = {}): void {
    const usbDir = path.join(this.sysRoot, 'devices/pci0000:00/usb1', device.port);
    const ifDir = path.join(usbDir, `${device.port}:1.0`);
    fs.mkdirSync(ifDir, { recursive: true });
    const write = (file: string, value: string | Uint8Array) => fs.writeFileSync(file, value);
    write(path.join(usbDir, 'idVendor'), `${device.vendorId}\n`);
    write(path.join(usbDir, 'idProduct'), `${device.productId}\n`);
    if (device.serial) write(path.join(usbDir, 'serial'), `${device.serial}\n`);
    if (device.manufacturer) write(path.join(usbDir, 'manufacturer'), `${device.manufacturer}\n`);
    if (device.product) write(path.join(usbDir, 'product'), `${device.product}\n`);
    write(path.join(ifDir, 'bInterfaceNumber'), '00\n');
    let ownerDir: string;
    let className: string;
    let devPath: string;
    if (device.kind === 'printer') {
      write(path.join(ifDir, 'ieee1284_id'), device.ieee1284Id);
      ownerDir = ifDir;
      className = 'usbmisc';
      devPath = path.join(this.devRoot, 'usb', device.node);
    } else if (device.kind === 'scanner') {
      ownerDir = path.join(ifDir, `0003:${device.vendorId.toUpperCase()}:${device.productId.toUpperCase()}.0001`);
      fs.mkdirSync(ownerDir, { recursive: true });
      write(path.join(ownerDir, 'report_descriptor'), HID_POS_DESCRIPTOR);
      write(path.join(ownerDir, 'uevent'), `DRIVER=hid-generic\nHID_NAME=${device.hidName}\n`);
      className = 'hidraw';
      devPath = path.join(this.devRoot, device.node);
    } else {
      ownerDir = ifDir;
      className = 'tty';
      devPath = path.join(this.devRoot, device.node);
    }
    const nodeDir = path.join(ownerDir, className, device.node);
    fs.mkdirSync(nodeDir, { recursive: true });
    fs.symlinkSync(path.relative(nodeDir, ownerDir), path.join(nodeDir, 'device'));
    const classDir = path.join(this.sysRoot, 'class', className);
    fs.mkdirSync(classDir, { recursive: true });
    fs.symlinkSync(path.relative(classDir, nodeDir), path.join(classDir, device.node));
    if (options.fifo) execFileSync('mkfifo', [devPath]);
    else fs.writeFileSync(devPath, ''); // udev creates the node: inotify on /dev fires
  }

  /** Pulls the device on `port` out: its class nodes, sysfs directories and /dev nodes disappear. */
  unplug(port: string): void {
    const usbDir = path.join(this.sysRoot, 'devices/pci0000:00/usb1', port);
    for (const className of ['usbmisc', 'hidraw', 'tty']) {
      const classDir = path.join(this.sysRoot, 'class', className);
      for (const node of fs.existsSync(classDir) ? fs.readdirSync(classDir) : []) {
        const link = path.join(classDir, node);
        const target = path.resolve(classDir, fs.readlinkSync(link));
        if (target.startsWith(`${usbDir}/`)) {
          fs.rmSync(link);
          fs.rmSync(className === 'usbmisc' ? path.join(this.devRoot, 'usb', node) : path.join(this.devRoot, node), { force: true });
        }
      }
    }
    fs.rmSync(usbDir, { recursive: true, force: true });
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
