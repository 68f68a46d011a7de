// Box hardware at run time on a fake sysfs: hot-plug into the registry, and box scans into the assigned counter's cart only.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSysfs } from '../../hardware/devices/fake-sysfs.ts';
import { loadNodeHid } from '../../hardware/scanner/node-hid-source.ts';
import { FakeScannerSource, HidrawScannerSource, type ScannerSource } from '../../hardware/scanner/scanner-source.ts';
import { listCounters } from '../domain/branch/index.ts';
import { getCart, type CartView } from '../domain/cart/index.ts';
import { findHardware, listHardware, updateHardware, type HardwareDeviceView } from '../domain/hardware/index.ts';
import { NO_SALE_EFFECTS } from '../domain/sale/index.ts';
import { cartContext } from '../realtime/cart.socket.ts';
import type { BoxScanEvent } from '../realtime/events.ts';
import type { Id } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { silentLogger } from '../logger.ts';
import { aBranch, aConfig, aVariant } from '../test/builders.ts';
import { testDb } from '../test/db.ts';
import { FakeClock } from '../test/fake-clock.ts';
import { aPairedDevice, aSignedInCookie, aStaff, anActor } from '../test/staff-builders.ts';
import { startHardwareRuntime, type HardwareRuntime, type HardwareRuntimeOptions } from './hardware.runtime.ts';

let sysfs: FakeSysfs | undefined;
let runtime: HardwareRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  sysfs?.remove();
  sysfs = undefined;
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

const SCANNER = { kind: 'scanner' as const, node: 'hidraw2', port: '1-2', vendorId: '0c2e', productId: '0b61', serial: 'HW42', hidName: 'Honeywell 1950g' };

/** A HID POS scanned-data report as /dev/hidrawN delivers it (64 bytes, report id 2, AIM ]E0). */
function hidPosReport(code: string): Buffer {
  const report = Buffer.alloc(64);
  report[0] = 0x02;
  report[1] = code.length;
  report.write(']E0', 2, 'latin1');
  report.write(code, 5, 'latin1');
  return report;
}

async function aBox(options: Partial<HardwareRuntimeOptions> = {}) {
  const db = testDb();
  const clock = new FakeClock();
  const branch = aBranch(db);
  const counters = listCounters(db, branch.id);
  const config = aConfig();
  const manager = anActor(db, { role: 'manager', counterId: counters[0]!.id });
  aVariant(db, { branchId: branch.id, title: 'Lawn Kurta', barcode: '8960000000019', stock: 5 });
  const cartChanges: Array<[string, CartView]> = [];
  const deviceChanges: HardwareDeviceView[] = [];
  const toCounter: Array<[string, BoxScanEvent]> = [];
  const sources = new Map<string, FakeScannerSource>();
  const effects = { ...NO_SALE_EFFECTS, cart: { cartChanged: (counterId: Id<'Counter'>, cart: CartView) => cartChanges.push([counterId, cart]) } };
  sysfs = new FakeSysfs();
  runtime = startHardwareRuntime({
    db, config, clock, logger: silentLogger, effects, policy: { idleLockMs: 300_000 },
    hardwareEffects: { deviceChanged: (d) => deviceChanges.push(d) },
    toCounter: (counterId, event) => toCounter.push([counterId, event]),
    watch: { sysRoot: sysfs.sysRoot, devRoot: sysfs.devRoot, pollMs: 40 },
    sourceFor: (path) => {
      const source = new FakeScannerSource(path);
      sources.set(path, source);
      return source;
    },
    ...options,
  });
  const signInOn = async (counterCode: string) => {
    await aSignedInCookie(db, clock, aPairedDevice(db, clock, counterCode), aStaff(db, { role: 'cashier' }));
  };
  const cartLines = (counterId: Id<'Counter'>) => unwrap(getCart(db, counterId, cartContext({ config, clock, effects }))).lines.map((l) => [l.title, l.quantity]);
  const scannerRow = () => listHardware(db).find((d) => d.kind === 'scanner');
  return { db, clock, counters, manager, cartChanges, deviceChanges, toCounter, sources, signInOn, cartLines, scannerRow, runtime: runtime!, sysfs: sysfs! };
}

describe('hot-plug into the registry', () => {
  it('finds a scanner when plugged in, marks it unplugged when pulled, and knows it again on another port', async () => {
    const box = await aBox();
    expect(listHardware(box.db)).toEqual([]);
    box.sysfs.plug(SCANNER);
    await until(() => box.scannerRow()?.connected === true);
    const id = box.scannerRow()!.id;
    await box.runtime.settled();
    expect([...box.runtime.scanners.keys()]).toEqual([id]);
    unwrap(updateHardware(box.db, box.manager, id, { name: 'Till 2 scanner', counterId: box.counters[1]!.id }, box.clock.now()));

    box.sysfs.unplug('1-2');
    await until(() => box.scannerRow()?.connected === false);
    await box.runtime.settled();
    expect(box.runtime.scanners.size).toBe(0);

    box.sysfs.plug({ ...SCANNER, node: 'hidraw5', port: '1-4' });
    await until(() => box.scannerRow()?.connected === true);
    expect(listHardware(box.db).map((d) => [d.id, d.name, d.path.slice(box.sysfs.devRoot.length), d.counterName])).toEqual([[id, 'Till 2 scanner', '/hidraw5', 'Counter 2']]);
    await box.runtime.settled();
    expect([...box.runtime.scanners.values()].map((s) => s.id.slice(box.sysfs.devRoot.length))).toEqual(['/hidraw5']);
    expect(box.deviceChanges.map((d) => d.connected)).toEqual([true, false, true]);
  });
});

describe('box scanners feed their counter', () => {
  async function pluggedScanner(options: Partial<HardwareRuntimeOptions> = {}) {
    const box = await aBox(options);
    box.sysfs.plug(SCANNER);
    await until(() => box.scannerRow()?.connected === true);
    await box.runtime.settled();
    const device = box.scannerRow()!;
    return { ...box, device, scan: (code: string) => box.sources.get(device.path)!.scan(code) };
  }

  it('puts a scan into the assigned counter\'s cart, as a kiosk scan would, and nowhere else', async () => {
    const box = await pluggedScanner();
    await box.signInOn('C1');
    await box.signInOn('C2');
    unwrap(updateHardware(box.db, box.manager, box.device.id, { counterId: box.counters[1]!.id }, box.clock.now()));
    box.scan('8960000000019');
    box.scan('8960000000019');
    expect(box.cartLines(box.counters[1]!.id)).toEqual([['Lawn Kurta — M / Black', 2]]);
    expect(box.cartLines(box.counters[0]!.id)).toEqual([]);
    expect(box.cartChanges.map(([counterId, cart]) => [counterId, cart.itemCount])).toEqual([[box.counters[1]!.id, 1], [box.counters[1]!.id, 2]]);
    expect(box.toCounter.map(([counterId, event]) => [counterId, event.ok, event.code])).toEqual([
      [box.counters[1]!.id, true, '8960000000019'], [box.counters[1]!.id, true, '8960000000019'],
    ]);
    expect(unwrap(findHardware(box.db, box.device.id))).toMatchObject({ lastScanAt: box.clock.now(), lastError: null });
  });

  it('drops a scan from a scanner assigned to no counter, and shows why on the health page', async () => {
    const box = await pluggedScanner();
    await box.signInOn('C1');
    box.scan('8960000000019');
    expect(box.cartLines(box.counters[0]!.id)).toEqual([]);
    expect(box.cartChanges).toEqual([]);
    expect(box.toCounter).toEqual([]);
    expect(unwrap(findHardware(box.db, box.device.id))).toMatchObject({ counterId: null, lastError: 'scan dropped: not assigned to a counter' });
  });

  it.each([
    ['an unknown barcode', true, '0000000000000', 'BARCODE_NOT_FOUND', null],
    ['a counter nobody is signed in on', false, '8960000000019', 'UNAUTHENTICATED', 'scan refused: Nobody is signed in on Counter 1: sign in to sell with Honeywell 1950g'],
  ])('shows the counter the kiosk\'s own error for %s and leaves the cart alone', async (_case, signedIn, code, errorCode, deviceError) => {
    const box = await pluggedScanner();
    if (signedIn) await box.signInOn('C1');
    unwrap(updateHardware(box.db, box.manager, box.device.id, { counterId: box.counters[0]!.id }, box.clock.now()));
    box.scan(code);
    expect(box.cartLines(box.counters[0]!.id)).toEqual([]);
    expect(box.toCounter.map(([counterId, event]) => [counterId, event.ok ? null : event.error.code])).toEqual([[box.counters[0]!.id, errorCode]]);
    expect(unwrap(findHardware(box.db, box.device.id)).lastError).toBe(deviceError);
  });
});

describe('without node-hid', () => {
  it('reports why node-hid cannot load instead of throwing', async () => {
    const load = await loadNodeHid(() => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory')));
    expect(load).toEqual({ ok: false, reason: 'libusb-1.0.so.0: cannot open shared object file: No such file or directory' });
    const broken = await loadNodeHid(() => Promise.resolve({ getHidapiVersion: () => { throw new Error('binding missing'); } }));
    expect(broken).toEqual({ ok: false, reason: 'binding missing' });
  });

  it('reads the scanner from /dev/hidrawN with fs when node-hid is unavailable, and the scan reaches the cart', async () => {
    const box = await aBox({ sourceFor: undefined, loadNodeHid: async () => ({ ok: false, reason: 'libusb-1.0.so.0: cannot open shared object file' }) });
    await box.signInOn('C1');
    box.sysfs.plug(SCANNER, { fifo: true });
    await until(() => box.scannerRow()?.connected === true);
    const device = box.scannerRow()!;
    unwrap(updateHardware(box.db, box.manager, device.id, { counterId: box.counters[0]!.id }, box.clock.now()));
    await box.runtime.settled();
    fs.writeFileSync(device.path, hidPosReport('8960000000019')); // the scanner sends one report through the node
    const sources: ScannerSource[] = [...box.runtime.scanners.values()];
    expect(sources.map((s) => s instanceof HidrawScannerSource)).toEqual([true]);
    expect(box.runtime.nodeHidUnavailable()).toBe('libusb-1.0.so.0: cannot open shared object file');
    await until(() => box.cartLines(box.counters[0]!.id).length > 0);
    expect(box.cartLines(box.counters[0]!.id)).toEqual([['Lawn Kurta — M / Black', 1]]);
  });
});
