// The hardware registry: identity across replugs, naming and counter assignment (idempotent, audited), printers linked not copied.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../http/app.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { unwrap } from '../../shared/result.ts';
import { aBranch, testDeps } from '../../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff, anActor } from '../../test/staff-builders.ts';
import { listCounters } from '../branch/index.ts';
import { findPrinter, registerPrinter } from '../printing/index.ts';
import { deviceKeys, type SeenDevice } from './hardware.rules.ts';
import { findHardware, listHardware, recordDeviceActivity, recordDiscovery, updateHardware, type HardwareDeviceView } from './hardware.service.ts';

const T0 = Date.UTC(2026, 10, 23, 9);

const printerAt = (path: string, port: string, serial: string | null = 'TM123'): SeenDevice => ({
  kind: 'printer', path, model: 'EPSON TM-T20II', ieee1284Id: 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;',
  usb: { vendorId: '04b8', productId: '0202', serial, port, interfaceNumber: 0 },
});
const scannerAt = (path: string, port: string, serial: string | null = null): SeenDevice => ({
  kind: 'scanner', path, model: 'Honeywell 1950g', ieee1284Id: null, usb: { vendorId: '0c2e', productId: '0b61', serial, port, interfaceNumber: 0 },
});

function world() {
  const deps = testDeps();
  aBranch(deps.db);
  const counters = listCounters(deps.db, anActor(deps.db, { role: 'manager' }).branchId);
  const manager = anActor(deps.db, { role: 'manager', counterId: counters[0]!.id });
  const cashier = anActor(deps.db, { role: 'cashier', counterId: counters[0]!.id });
  const changed: HardwareDeviceView[] = [];
  const effects = { deviceChanged: (d: HardwareDeviceView) => changed.push(d) };
  return { ...deps, counters, manager, cashier, changed, hardwareEffects: effects, effects: undefined };
}

const summary = (views: HardwareDeviceView[]) => views.map((v) => [v.kind, v.name, v.path, v.connected]);

describe('device identity', () => {
  it.each([
    ['a USB serial number, wherever it is plugged', [printerAt('/dev/usb/lp0', '1-1')], ['printer:usb:04b8:0202:TM123:if0']],
    ['the IEEE-1284 id of a printer without a USB serial', [printerAt('/dev/usb/lp0', '1-1', null)], ['printer:1284:EPSON:TM-T20II:MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;']],
    ['the port for identical printers without any serial', [printerAt('/dev/usb/lp0', '1-1', null), printerAt('/dev/usb/lp1', '1-2', null)], [
      'printer:port:1-1:04b8:0202:if0', 'printer:port:1-2:04b8:0202:if0',
    ]],
    ['the port for a scanner without a serial', [scannerAt('/dev/hidraw0', '1-3')], ['scanner:port:1-3:0c2e:0b61:if0']],
    ['the node for a device not on USB', [{ kind: 'serial', path: '/dev/ttyUSB0', model: null, ieee1284Id: null, usb: null } as SeenDevice], ['serial:path:/dev/ttyUSB0']],
  ])('keys a device by %s', (_why, devices, keys) => {
    expect(deviceKeys(devices)).toEqual(keys);
  });
});

describe('hardware registry', () => {
  it('adds what discovery finds, marks unplugged devices, and knows a replugged printer on another port as the same device', () => {
    const w = world();
    const first = recordDiscovery(w.db, [printerAt('/dev/usb/lp0', '1-1'), scannerAt('/dev/hidraw0', '1-2', 'S1')], T0, w.hardwareEffects);
    expect(summary(first.connected)).toEqual([['printer', 'EPSON TM-T20II', '/dev/usb/lp0', true], ['scanner', 'Honeywell 1950g', '/dev/hidraw0', true]]);
    const printerId = first.connected[0]!.id;
    unwrap(updateHardware(w.db, w.manager, printerId, { name: 'Front till printer', counterId: w.counters[1]!.id }, T0 + 1));

    // The same scan again (the poll backstop) changes nothing and announces nothing.
    w.changed.length = 0;
    expect(recordDiscovery(w.db, [printerAt('/dev/usb/lp0', '1-1'), scannerAt('/dev/hidraw0', '1-2', 'S1')], T0 + 2, w.hardwareEffects)).toEqual({ connected: [], disconnected: [], moved: [] });
    expect(w.changed).toEqual([]);

    const unplugged = recordDiscovery(w.db, [scannerAt('/dev/hidraw0', '1-2', 'S1')], T0 + 3, w.hardwareEffects);
    expect(summary(unplugged.disconnected)).toEqual([['printer', 'Front till printer', '/dev/usb/lp0', false]]);
    expect(w.changed.map((d) => [d.name, d.connected, d.lastSeenAt])).toEqual([['Front till printer', false, T0 + 3]]);

    const replugged = recordDiscovery(w.db, [printerAt('/dev/usb/lp1', '1-4'), scannerAt('/dev/hidraw0', '1-2', 'S1')], T0 + 4, w.hardwareEffects);
    expect(replugged.connected.map((d) => [d.id, d.name, d.path, d.counterName, d.usb?.port])).toEqual([[printerId, 'Front till printer', '/dev/usb/lp1', 'Counter 2', '1-4']]);
    expect(listHardware(w.db)).toHaveLength(2);
    expect(unwrap(findHardware(w.db, '/dev/usb/lp1')).id).toBe(printerId);
    expect(unwrap(findHardware(w.db, printerId))).toMatchObject({ firstSeenAt: T0, lastSeenAt: T0 + 4, connected: true });
  });

  it('forgets a read error from before when the device is plugged back in', () => {
    const w = world();
    const [scanner] = recordDiscovery(w.db, [scannerAt('/dev/hidraw0', '1-2', 'S1')], T0).connected;
    recordDeviceActivity(w.db, scanner!.id, { error: 'cannot read /dev/hidraw0: EIO' }, T0 + 1);
    recordDiscovery(w.db, [], T0 + 2);
    expect(unwrap(findHardware(w.db, scanner!.id))).toMatchObject({ connected: false, lastError: 'cannot read /dev/hidraw0: EIO' });
    recordDiscovery(w.db, [scannerAt('/dev/hidraw1', '1-3', 'S1')], T0 + 3);
    expect(unwrap(findHardware(w.db, scanner!.id))).toMatchObject({ connected: true, lastError: null, lastErrorAt: null });
  });

  it('names and assigns a device once however often the request is retried, auditing the change', () => {
    const w = world();
    const [scanner] = recordDiscovery(w.db, [scannerAt('/dev/hidraw3', '1-2')], T0).connected;
    const assign = () => updateHardware(w.db, w.manager, scanner!.id, { name: '  Till 2 scanner ', counterId: w.counters[1]!.id }, T0 + 10, w.hardwareEffects);
    const once = unwrap(assign());
    const twice = unwrap(assign());
    expect([once.name, once.counterId, once.counterName]).toEqual(['Till 2 scanner', w.counters[1]!.id, 'Counter 2']);
    expect(twice).toEqual(once);
    expect(w.changed).toHaveLength(1);
    const entries = w.db.$client.prepare("select action, entity_id as entityId, details from audit_log where action like 'hardware.%'").all() as Array<{ action: string; entityId: string; details: string }>;
    expect(entries.map((e) => [e.action, e.entityId, JSON.parse(e.details).changes])).toEqual([
      ['hardware.updated', scanner!.id, { counterId: { from: null, to: w.counters[1]!.id }, name: { from: 'Honeywell 1950g', to: 'Till 2 scanner' } }],
    ]);
    unwrap(updateHardware(w.db, w.manager, scanner!.id, { counterId: null }, T0 + 20));
    expect(unwrap(findHardware(w.db, scanner!.id)).counterId).toBeNull();
    expect((w.db.$client.prepare("select action from audit_log where action like 'hardware.%' order by seq").all() as Array<{ action: string }>).map((e) => e.action)).toEqual(['hardware.updated', 'hardware.assigned']);
  });

  it.each([
    ['an unknown id', () => newId(), { name: 'X' }, 'DEVICE_NOT_FOUND'],
    ['an unknown path', () => '/dev/hidraw9', { name: 'X' }, 'DEVICE_NOT_FOUND'],
    ['an empty name', null, { name: '   ' }, 'VALIDATION_FAILED'],
    ['a 61-character name', null, { name: 'x'.repeat(61) }, 'VALIDATION_FAILED'],
    ['a counter of no branch', null, { counterId: newId() }, 'COUNTER_NOT_FOUND'],
    ['nothing to change', null, {}, 'VALIDATION_FAILED'],
    ['a scanner marked as display', null, { kind: 'display' as const }, 'VALIDATION_FAILED'],
  ])('refuses %s and changes nothing', (_what, ref, changes, code) => {
    const w = world();
    const [scanner] = recordDiscovery(w.db, [scannerAt('/dev/hidraw3', '1-2')], T0).connected;
    const before = listHardware(w.db);
    const result = updateHardware(w.db, w.manager, ref ? ref() : scanner!.id, changes, T0 + 1, w.hardwareEffects);
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
    expect(listHardware(w.db)).toEqual(before);
    expect(w.changed).toEqual([]);
    expect(w.db.$client.prepare("select count(*) as n from audit_log where action like 'hardware.%'").get()).toEqual({ n: 0 });
  });

  it('lets only staff who manage devices rename or assign', () => {
    const w = world();
    const [scanner] = recordDiscovery(w.db, [scannerAt('/dev/hidraw3', '1-2')], T0).connected;
    const result = updateHardware(w.db, w.cashier, scanner!.id, { name: 'Mine' }, T0 + 1);
    expect(result.ok ? 'ok' : result.error.code).toBe('PERMISSION_DENIED');
    expect(unwrap(findHardware(w.db, scanner!.id)).name).toBe('Honeywell 1950g');
  });

  it('marks a serial port as a customer display, and back', () => {
    const w = world();
    const [port] = recordDiscovery(w.db, [{ kind: 'serial', path: '/dev/ttyUSB0', model: 'CP2102', ieee1284Id: null, usb: { vendorId: '10c4', productId: 'ea60', serial: 'P1', port: '1-5', interfaceNumber: 0 } }], T0).connected;
    expect(unwrap(updateHardware(w.db, w.manager, port!.id, { kind: 'display' }, T0 + 1)).kind).toBe('display');
    // Replugging keeps the manager's choice.
    recordDiscovery(w.db, [], T0 + 2);
    recordDiscovery(w.db, [{ kind: 'serial', path: '/dev/ttyUSB1', model: 'CP2102', ieee1284Id: null, usb: { vendorId: '10c4', productId: 'ea60', serial: 'P1', port: '1-6', interfaceNumber: 0 } }], T0 + 3);
    expect(unwrap(findHardware(w.db, port!.id))).toMatchObject({ kind: 'display', path: '/dev/ttyUSB1', connected: true });
  });
});

describe('printers in the registry and the printers table', () => {
  it('links a USB printer to its print queue, follows it to a new node, and lists network printers once', () => {
    const w = world();
    const usbPrinter = unwrap(registerPrinter(w.db, { id: newId<'Printer'>(), name: 'Till printer', address: '/dev/usb/lp0', counterId: w.counters[0]!.id }, T0));
    const network = unwrap(registerPrinter(w.db, { id: newId<'Printer'>(), name: 'Kitchen', address: 'tcp://192.168.1.50:9100' }, T0));
    const [found] = recordDiscovery(w.db, [printerAt('/dev/usb/lp0', '1-1')], T0 + 1).connected;
    expect([found!.printerId, found!.name, found!.counterId]).toEqual([usbPrinter.id, 'Till printer', w.counters[0]!.id]);

    const statuses = [{ printerId: network.id, state: 'paper-out', message: 'paper out', queued: 3, at: T0 + 2 }];
    const list = listHardware(w.db, statuses);
    expect(list.map((d) => [d.source, d.name, d.path, d.printer?.message ?? null, d.printer?.queued ?? null])).toEqual([
      ['address', 'Kitchen', 'tcp://192.168.1.50:9100', 'paper out', 3],
      ['found', 'Till printer', '/dev/usb/lp0', null, null],
    ]);

    // Replugged into another port: the print queue's address follows, so receipts keep printing.
    recordDiscovery(w.db, [], T0 + 3);
    recordDiscovery(w.db, [printerAt('/dev/usb/lp1', '1-3')], T0 + 4);
    expect(findPrinter(w.db, usbPrinter.id)?.address).toBe('/dev/usb/lp1');

    // Renaming or assigning either kind of printer is the print queue's too (the counter's receipts print there).
    unwrap(updateHardware(w.db, w.manager, found!.id, { counterId: w.counters[1]!.id }, T0 + 5));
    unwrap(updateHardware(w.db, w.manager, network.id, { name: 'Kitchen printer', counterId: w.counters[0]!.id }, T0 + 6));
    expect([findPrinter(w.db, usbPrinter.id)?.counterId, findPrinter(w.db, network.id)?.name, findPrinter(w.db, network.id)?.counterId]).toEqual([
      w.counters[1]!.id, 'Kitchen printer', w.counters[0]!.id,
    ]);
    expect(listHardware(w.db)).toHaveLength(2);
  });
});

describe('a USB printer registered after it was found', () => {
  it('is one device on the health page, and its address follows a replug', () => {
    const w = world();
    const [found] = recordDiscovery(w.db, [printerAt('/dev/usb/lp0', '1-1')], T0).connected;
    const printer = unwrap(registerPrinter(w.db, { id: newId<'Printer'>(), name: 'Till printer', address: 'usb:///dev/usb/lp0' }, T0 + 1));
    expect(listHardware(w.db).map((d) => [d.id, d.source, d.printerId])).toEqual([[found!.id, 'found', printer.id]]);
    unwrap(updateHardware(w.db, w.manager, found!.id, { counterId: w.counters[0]!.id }, T0 + 2));
    expect(findPrinter(w.db, printer.id)?.counterId).toBe(w.counters[0]!.id);
    recordDiscovery(w.db, [], T0 + 3);
    recordDiscovery(w.db, [printerAt('/dev/usb/lp2', '1-2')], T0 + 4);
    expect(findPrinter(w.db, printer.id)?.address).toBe('usb:///dev/usb/lp2');
    expect(listHardware(w.db)).toHaveLength(1);
  });
});

describe('another printer on an unplugged printer\'s node', () => {
  it('does not take over the first printer\'s print queue, name or counter', () => {
    const w = world();
    const queue = unwrap(registerPrinter(w.db, { id: newId<'Printer'>(), name: 'Till printer', address: '/dev/usb/lp0', counterId: w.counters[0]!.id }, T0));
    const [first] = recordDiscovery(w.db, [printerAt('/dev/usb/lp0', '1-1', 'A1')], T0 + 1).connected;
    recordDiscovery(w.db, [], T0 + 2);
    const [second] = recordDiscovery(w.db, [printerAt('/dev/usb/lp0', '1-1', 'B2')], T0 + 3).connected;
    expect([first!.printerId, second!.printerId, second!.name, second!.counterId]).toEqual([queue.id, null, 'EPSON TM-T20II', null]);
    expect(listHardware(w.db).filter((d) => d.printerId === queue.id).map((d) => d.id)).toEqual([first!.id]);
  });
});

describe('hardware routes', () => {
  async function managerApp() {
    const w = world();
    const { effects: _none, ...deps } = w;
    const app = createApp(deps);
    const person = aStaff(w.db, { role: 'manager' });
    const cookie = await aSignedInCookie(w.db, w.clock, aPairedDevice(w.db, w.clock, 'C1'), person);
    const cashierCookie = await aSignedInCookie(w.db, w.clock, aPairedDevice(w.db, w.clock, 'C2'), aStaff(w.db, { role: 'cashier' }));
    const call = (method: string, path: string, body?: unknown, as = cookie) => app.request(path, {
      method, headers: { Cookie: as, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), Origin: 'http://localhost', Host: 'localhost' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }, undefined);
    return { ...w, call, cashierCookie };
  }

  it('lists devices, assigns one, and answers DEVICE_NOT_FOUND / VALIDATION_FAILED / PERMISSION_DENIED with nothing changed', async () => {
    const w = await managerApp();
    const [scanner] = recordDiscovery(w.db, [scannerAt('/dev/hidraw3', '1-2')], T0).connected;
    const list = await w.call('GET', '/api/v1/devices/hardware');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { devices: HardwareDeviceView[] }).devices.map((d) => d.name)).toEqual(['Honeywell 1950g']);

    const patched = await w.call('PATCH', `/api/v1/devices/hardware/${scanner!.id}`, { name: 'Till 1 scanner', counterId: w.counters[0]!.id });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: 'Till 1 scanner', counterName: 'Counter 1' });

    // A tech may name the device by its node instead of its id.
    const byPath = await w.call('GET', `/api/v1/devices/hardware/${encodeURIComponent('/dev/hidraw3')}`);
    expect([byPath.status, ((await byPath.json()) as HardwareDeviceView).id]).toEqual([200, scanner!.id]);

    const cases: Array<[string, string, unknown, string, number, string?]> = [
      ['GET', `/api/v1/devices/hardware/${encodeURIComponent('/dev/hidraw9')}`, undefined, 'DEVICE_NOT_FOUND', 404],
      ['PATCH', `/api/v1/devices/hardware/${newId()}`, { name: 'X' }, 'DEVICE_NOT_FOUND', 404],
      ['GET', `/api/v1/devices/hardware/${newId()}`, undefined, 'DEVICE_NOT_FOUND', 404],
      ['PATCH', `/api/v1/devices/hardware/${scanner!.id}`, { name: 'X', colour: 'red' }, 'VALIDATION_FAILED', 400],
      ['PATCH', `/api/v1/devices/hardware/${scanner!.id}`, { counterId: 42 }, 'VALIDATION_FAILED', 400],
      ['PATCH', `/api/v1/devices/hardware/${scanner!.id}`, { name: 'Mine' }, 'PERMISSION_DENIED', 403, w.cashierCookie],
    ];
    for (const [method, path, body, code, status, as] of cases) {
      const response = await w.call(method, path, body, as);
      expect([response.status, ((await response.json()) as { error: { code: string } }).error.code], `${method} ${JSON.stringify(body)}`).toEqual([status, code]);
    }
    expect(unwrap(findHardware(w.db, scanner!.id as Id<'HardwareDevice'>))).toMatchObject({ name: 'Till 1 scanner', counterId: w.counters[0]!.id });
  });
});
