// Hardware registry commands and queries: record what discovery found, name devices, assign them to counters, health view.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { transaction, transactionResult, type Tx } from '../../db/transaction.ts';
import { isUuidV7, newId, type Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { findBranch, listCounters } from '../branch/index.ts';
import { findPrinter, listPrinters, setPrinterAddress, updatePrinter, type PrinterSummary } from '../printing/index.ts';
import { can, type Actor } from '../staff/index.ts';
import { cleanDeviceName, defaultDeviceName, deviceKeys, type SeenDevice } from './hardware.rules.ts';
import { hardwareDevices, type HardwareDeviceRow, type HardwareKind } from './hardware.sql.ts';

/** A printer's live state as the print queue reports it (structurally the queue's status record). */
export interface PrinterLiveStatus {
  printerId: string;
  state: string;
  message: string;
  queued: number;
  detail?: string | undefined;
  at: number;
}

/** One row of the device health page: a found USB/serial device, or a network printer from the printers table. */
export interface HardwareDeviceView {
  /** The registry id; for a network printer, its printer id. */
  id: string;
  kind: HardwareKind;
  /** found: on the box's own ports (the registry); address: a printer added by address (tcp://…, or a /dev node not found). */
  source: 'found' | 'address';
  name: string;
  model: string | null;
  /** /dev node or network address. */
  path: string;
  counterId: string | null;
  counterName: string | null;
  /** Plugged in now; for a network printer, whether its queue reaches it (null until it has tried). */
  connected: boolean | null;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  lastScanAt: number | null;
  /** The printers-table row a printer prints through (receipts, test pages). */
  printerId: string | null;
  usb: { vendorId: string | null; productId: string | null; serial: string | null; port: string | null } | null;
  /** The print queue's state: "paper out", jobs waiting; null when unknown or not a printer. */
  printer: { state: string; message: string; queued: number; at: number } | null;
}

/** After-commit hooks: the health page repaints a device when it changes. */
export interface HardwareEffects {
  deviceChanged?: (device: HardwareDeviceView) => void;
}

export interface DiscoveryChange {
  /** Devices that appeared (first time or replugged). */
  connected: HardwareDeviceView[];
  disconnected: HardwareDeviceView[];
  /** Connected devices whose /dev node changed (replugged elsewhere between two scans). */
  moved: HardwareDeviceView[];
}

function counterNames(db: Db): Map<string, string> {
  const branch = findBranch(db);
  return new Map(branch ? listCounters(db, branch.id).map((c) => [c.id as string, c.name]) : []);
}

/**
 * The printers-table row a registry printer prints through: the one linked at discovery, else (a printer registered by
 * its node after the device was found) the active one whose address is the node the device is plugged into now.
 */
function linkedPrinterId(row: HardwareDeviceRow, printers: readonly PrinterSummary[], taken: ReadonlySet<string | null>): string | null {
  if (row.kind !== 'printer') return null;
  if (row.printerId && printers.some((p) => p.id === row.printerId)) return row.printerId;
  return row.connected ? (printers.find((p) => deviceNodeOf(p.address) === row.path && !taken.has(p.id))?.id ?? null) : null;
}

/** Print queues a device is linked to for good (at discovery or by a change). */
function takenPrinterIds(db: Db): Set<string | null> {
  return new Set(db.select({ printerId: hardwareDevices.printerId }).from(hardwareDevices).all().map((r) => r.printerId));
}

function viewOf(row: HardwareDeviceRow, counters: Map<string, string>, status: PrinterLiveStatus | undefined): HardwareDeviceView {
  return {
    id: row.id, kind: row.kind, source: 'found', name: row.name, model: row.model, path: row.path, counterId: row.counterId,
    counterName: row.counterId ? (counters.get(row.counterId) ?? null) : null, connected: row.connected, firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt, lastError: row.lastError, lastErrorAt: row.lastErrorAt, lastScanAt: row.lastScanAt, printerId: row.printerId,
    usb: row.vendorId || row.usbPort ? { vendorId: row.vendorId, productId: row.productId, serial: row.serial, port: row.usbPort } : null,
    printer: status ? { state: status.state, message: status.message, queued: status.queued, at: status.at } : null,
  };
}

function networkPrinterView(printer: PrinterSummary, counters: Map<string, string>, status: PrinterLiveStatus | undefined): HardwareDeviceView {
  return {
    id: printer.id, kind: 'printer', source: 'address', name: printer.name, model: null, path: printer.address, counterId: printer.counterId,
    counterName: printer.counterId ? (counters.get(printer.counterId) ?? null) : null,
    connected: status ? status.state !== 'unreachable' : null, firstSeenAt: null, lastSeenAt: status && status.state !== 'unreachable' ? status.at : null,
    lastError: status?.state === 'unreachable' ? (status.detail ?? status.message) : null, lastErrorAt: status?.state === 'unreachable' ? status.at : null,
    lastScanAt: null, printerId: printer.id, usb: null,
    printer: status ? { state: status.state, message: status.message, queued: status.queued, at: status.at } : null,
  };
}

/** The /dev node a printers-table address points at (`/dev/usb/lp0`, `usb:///dev/usb/lp0`), else null (network, serial). */
function deviceNodeOf(address: string): string | null {
  if (address.startsWith('usb://')) return address.slice('usb://'.length);
  return address.startsWith('/dev/') ? address : null;
}

const ORDER: Record<HardwareKind, number> = { printer: 0, scanner: 1, display: 2, serial: 3 };

/**
 * Every device for the health page: registry devices (printers linked to their print queue), then network printers
 * from the printers table that no registry device prints through. Connected first, then by kind and name.
 */
export function listHardware(db: Db, statuses: readonly PrinterLiveStatus[] = []): HardwareDeviceView[] {
  const counters = counterNames(db);
  const byPrinter = new Map(statuses.map((s) => [s.printerId, s]));
  const printers = listPrinters(db);
  const stored = db.select().from(hardwareDevices).orderBy(asc(hardwareDevices.name)).all();
  const taken = new Set(stored.map((r) => r.printerId));
  const rows = stored.map((row) => ({ ...row, printerId: linkedPrinterId(row, printers, taken) }));
  const linked = new Set(rows.map((r) => r.printerId).filter((id): id is string => id !== null));
  const views = [
    ...rows.map((row) => viewOf(row, counters, row.printerId ? byPrinter.get(row.printerId) : undefined)),
    ...printers.filter((p) => !linked.has(p.id)).map((p) => networkPrinterView(p, counters, byPrinter.get(p.id))),
  ];
  return views.sort((a, b) => Number(b.connected === true) - Number(a.connected === true) || ORDER[a.kind] - ORDER[b.kind] || a.name.localeCompare(b.name));
}

function findRow(db: Db, ref: string): HardwareDeviceRow | undefined {
  const row = isUuidV7(ref)
    ? db.select().from(hardwareDevices).where(eq(hardwareDevices.id, ref as Id<'HardwareDevice'>)).get()
    // A /dev path: the device on it now, else the last one seen there.
    : db.select().from(hardwareDevices).where(eq(hardwareDevices.path, ref)).all().sort((a, b) => Number(b.connected) - Number(a.connected) || b.lastSeenAt - a.lastSeenAt)[0];
  return row && row.kind === 'printer' ? { ...row, printerId: linkedPrinterId(row, listPrinters(db), takenPrinterIds(db)) } : row;
}

/** One device by registry id, network printer id or /dev path; DEVICE_NOT_FOUND otherwise. */
export function findHardware(db: Db, ref: string, statuses: readonly PrinterLiveStatus[] = []): Result<HardwareDeviceView> {
  const status = (printerId: string | null) => (printerId ? statuses.find((s) => s.printerId === printerId) : undefined);
  const row = findRow(db, ref);
  if (row) return ok(viewOf(row, counterNames(db), status(row.printerId)));
  const printer = isUuidV7(ref) ? findPrinter(db, ref as Id<'Printer'>) : null;
  if (printer && printer.active) return ok(networkPrinterView(printer, counterNames(db), status(printer.id)));
  return err('DEVICE_NOT_FOUND', 'No such device on this box', { device: ref });
}

/**
 * Records one discovery scan (boot, hot-plug, poll): new devices are added with a default name, known ones (same key,
 * whatever their port) get their current node and come back connected, devices no longer found are marked unplugged.
 * USB printers are linked to the printers-table row at their node; when one comes back at another node, that printer's
 * address follows it. A scan that changes nothing writes nothing.
 */
export function recordDiscovery(db: Db, seen: readonly SeenDevice[], now: number, effects: HardwareEffects = {}): DiscoveryChange {
  const keys = deviceKeys(seen);
  return transaction(db, (tx) => {
    const change: DiscoveryChange = { connected: [], disconnected: [], moved: [] };
    const touched: HardwareDeviceRow[] = [];
    const counters = counterNames(tx.db);
    const printers = listPrinters(tx.db);
    const existing = new Map(tx.db.select().from(hardwareDevices).all().map((row) => [row.key, row]));
    const present = new Set<string>();
    seen.forEach((device, i) => {
      const key = keys[i]!;
      if (present.has(key)) return; // the same device twice in one scan (a second interface): keep the first
      present.add(key);
      const row = existing.get(key);
      const identity = {
        path: device.path, model: device.model, vendorId: device.usb?.vendorId ?? null, productId: device.usb?.productId ?? null,
        serial: device.usb?.serial ?? null, usbPort: device.usb?.port ?? null, ieee1284Id: device.ieee1284Id,
      };
      if (!row) {
        // A print queue already linked to another device (unplugged from this node) stays that device's.
        const taken = new Set([...existing.values()].map((r) => r.printerId));
        const printerId = device.kind === 'printer' ? (printers.find((p) => deviceNodeOf(p.address) === device.path && !taken.has(p.id))?.id ?? null) : null;
        const linkedPrinter = printerId ? printers.find((p) => p.id === printerId) : undefined;
        const added: HardwareDeviceRow = {
          id: newId<'HardwareDevice'>(), key, kind: device.kind, ...identity, name: linkedPrinter?.name ?? defaultDeviceName(device),
          counterId: linkedPrinter?.counterId ?? null, printerId, connected: true, firstSeenAt: now, lastSeenAt: now,
          lastError: null, lastErrorAt: null, lastScanAt: null, updatedAt: now,
        };
        tx.db.insert(hardwareDevices).values(added).run();
        touched.push(added);
        change.connected.push(viewOf(added, counters, undefined));
        return;
      }
      const moved = row.path !== device.path;
      if (row.connected && !moved) return;
      // Plugged back in: a read error from before (the unplug itself usually causes one) no longer applies.
      const fresh = row.connected ? {} : { lastError: null, lastErrorAt: null };
      const next: HardwareDeviceRow = { ...row, ...identity, ...fresh, connected: true, lastSeenAt: now, updatedAt: now };
      if (row.kind === 'printer' && moved) {
        // Linked at discovery, else registered later by the node it had (its old address), else at its new node.
        const printer = (row.printerId ? printers.find((p) => p.id === row.printerId) : undefined)
          ?? printers.find((p) => deviceNodeOf(p.address) === row.path) ?? printers.find((p) => deviceNodeOf(p.address) === device.path);
        if (printer) {
          next.printerId = printer.id;
          const address = printer.address.startsWith('usb://') ? `usb://${device.path}` : device.path;
          if (printer.address !== address) setPrinterAddress(tx.db, printer.id, address, now);
        }
      }
      tx.db.update(hardwareDevices).set(next).where(eq(hardwareDevices.id, row.id)).run();
      touched.push(next);
      (row.connected ? change.moved : change.connected).push(viewOf(next, counters, undefined));
    });
    const gone = [...existing.values()].filter((row) => row.connected && !present.has(row.key));
    if (gone.length > 0) {
      tx.db.update(hardwareDevices).set({ connected: false, lastSeenAt: now, updatedAt: now }).where(inArray(hardwareDevices.id, gone.map((r) => r.id))).run();
      for (const row of gone) {
        const next = { ...row, connected: false, lastSeenAt: now, updatedAt: now };
        touched.push(next);
        change.disconnected.push(viewOf(next, counters, undefined));
      }
    }
    if (touched.length > 0 && effects.deviceChanged) {
      const views = touched.map((row) => viewOf(row, counters, undefined));
      tx.afterCommit(() => views.forEach((view) => effects.deviceChanged!(view)));
    }
    return change;
  });
}

export interface HardwareChanges {
  name?: string;
  /** The counter it serves; null = not assigned. */
  counterId?: string | null;
  /** A serial port's use: a pole display, or a plain serial device. */
  kind?: 'display' | 'serial';
}

/**
 * Renames a device, assigns it to a counter (or none) and/or marks a serial port as a customer display. Setting what is
 * already set changes nothing and records nothing (a retried request is harmless); each real change is audited. A
 * printer's name and counter are also its print queue's (receipts of that counter print on it). `actor` null is a tech
 * at the box's console (the CLI).
 */
export function updateHardware(db: Db, actor: Actor | null, ref: string, changes: HardwareChanges, now: number, effects: HardwareEffects = {}): Result<HardwareDeviceView> {
  if (actor && !can(actor, 'manage_devices')) return err('PERMISSION_DENIED', `${actor.name} may not manage devices`, { permission: 'manage_devices' });
  if (changes.name === undefined && changes.counterId === undefined && changes.kind === undefined) {
    return err('VALIDATION_FAILED', 'Nothing to change: give a name, a counter or a kind', { fields: ['name', 'counterId', 'kind'] });
  }
  const name = changes.name === undefined ? undefined : cleanDeviceName(changes.name);
  if (name === null) return err('VALIDATION_FAILED', 'A device name is 1 to 60 characters', { field: 'name' });
  const counters = counterNames(db);
  if (changes.counterId !== undefined && changes.counterId !== null && !counters.has(changes.counterId)) {
    return err('COUNTER_NOT_FOUND', 'No such counter in this branch', { counterId: changes.counterId });
  }
  return transactionResult(db, (tx): Result<HardwareDeviceView> => {
    const row = findRow(tx.db, ref);
    if (!row) return updateNetworkPrinter(tx, actor, ref, { name, counterId: changes.counterId, kind: changes.kind }, counters, now, effects);
    if (changes.kind !== undefined && changes.kind !== row.kind && !(row.kind === 'serial' || row.kind === 'display')) {
      return err('VALIDATION_FAILED', 'Only a serial port can be marked as a customer display', { field: 'kind', kind: row.kind });
    }
    const next: HardwareDeviceRow = {
      ...row, ...(name !== undefined ? { name } : {}), ...(changes.counterId !== undefined ? { counterId: changes.counterId } : {}),
      ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
    };
    const diff = differences(row, next);
    if (Object.keys(diff).length === 0) return ok(viewOf(row, counters, undefined));
    next.updatedAt = now;
    tx.db.update(hardwareDevices).set({ name: next.name, counterId: next.counterId, kind: next.kind, printerId: row.printerId, updatedAt: now }).where(eq(hardwareDevices.id, row.id)).run();
    if (row.printerId) {
      const synced = updatePrinter(tx.db, row.printerId as Id<'Printer'>, { name: next.name, counterId: next.counterId }, now);
      if (!synced.ok && synced.error.code !== 'PRINTER_NOT_FOUND') return synced;
    }
    audit(tx, actor, row.id, next.name, diff, now);
    const view = viewOf(next, counters, undefined);
    tx.afterCommit(() => effects.deviceChanged?.(view));
    return ok(view);
  });
}

function updateNetworkPrinter(
  tx: Tx, actor: Actor | null, ref: string, changes: { name: string | undefined; counterId: string | null | undefined; kind: string | undefined }, counters: Map<string, string>,
  now: number, effects: HardwareEffects,
): Result<HardwareDeviceView> {
  const printer = isUuidV7(ref) ? findPrinter(tx.db, ref as Id<'Printer'>) : null;
  if (!printer || !printer.active) return err('DEVICE_NOT_FOUND', 'No such device on this box', { device: ref });
  if (changes.kind !== undefined) return err('VALIDATION_FAILED', 'Only a serial port can be marked as a customer display', { field: 'kind', kind: 'printer' });
  const next = { ...printer, ...(changes.name !== undefined ? { name: changes.name } : {}), ...(changes.counterId !== undefined ? { counterId: changes.counterId } : {}) };
  const diff = differences(printer, next);
  if (Object.keys(diff).length === 0) return ok(networkPrinterView(printer, counters, undefined));
  const updated = updatePrinter(tx.db, printer.id, { name: next.name, counterId: next.counterId }, now);
  if (!updated.ok) return updated;
  audit(tx, actor, printer.id, next.name, diff, now);
  const view = networkPrinterView(updated.value, counters, undefined);
  tx.afterCommit(() => effects.deviceChanged?.(view));
  return ok(view);
}

type Diff = Record<string, { from: unknown; to: unknown }>;

function differences(before: { name: string; counterId: string | null; kind?: string }, after: { name: string; counterId: string | null; kind?: string }): Diff {
  const diff: Diff = {};
  for (const field of ['name', 'counterId', 'kind'] as const) {
    if (before[field] !== after[field]) diff[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  return diff;
}

function audit(tx: Tx, actor: Actor | null, deviceId: string, name: string, diff: Diff, now: number): void {
  const action = diff.counterId && !diff.name && !diff.kind ? 'hardware.assigned' : diff.name && !diff.counterId && !diff.kind ? 'hardware.renamed' : 'hardware.updated';
  appendAudit(tx, {
    action, branchId: actor?.branchId ?? findBranch(tx.db)?.id ?? null, counterId: actor?.counterId ?? null, deviceId: actor?.deviceId ?? null,
    staffId: actor?.staffId ?? null, entityType: 'hardware_device', entityId: deviceId, details: { name, changes: diff, ...(actor ? {} : { by: 'box console' }) },
  }, now);
}

/** The counter a scanner's scans go to (null: not assigned), or DEVICE_NOT_FOUND. */
export function scannerCounter(db: Db, deviceId: string): Result<{ device: HardwareDeviceView; counterId: Id<'Counter'> | null }> {
  const row = db.select().from(hardwareDevices).where(and(eq(hardwareDevices.id, deviceId as Id<'HardwareDevice'>))).get();
  if (!row) return err('DEVICE_NOT_FOUND', 'No such device on this box', { device: deviceId });
  return ok({ device: viewOf(row, counterNames(db), undefined), counterId: (row.counterId as Id<'Counter'> | null) ?? null });
}

/**
 * Notes what happened to a device's last input or attempt (a scan delivered, dropped or refused; a read error): the
 * health page shows the last error and when the scanner last worked. `error: null` clears the error.
 */
export function recordDeviceActivity(db: Db, deviceId: string, activity: { scanned?: boolean; error: string | null }, now: number, effects: HardwareEffects = {}): void {
  transaction(db, (tx) => {
    const row = tx.db.select().from(hardwareDevices).where(eq(hardwareDevices.id, deviceId as Id<'HardwareDevice'>)).get();
    if (!row) return;
    const next: HardwareDeviceRow = {
      ...row, ...(activity.scanned ? { lastScanAt: now } : {}),
      ...(activity.error !== null ? { lastError: activity.error, lastErrorAt: now } : { lastError: null, lastErrorAt: null }),
    };
    if (next.lastScanAt === row.lastScanAt && next.lastError === row.lastError && next.lastErrorAt === row.lastErrorAt) return;
    tx.db.update(hardwareDevices).set({ lastScanAt: next.lastScanAt, lastError: next.lastError, lastErrorAt: next.lastErrorAt }).where(eq(hardwareDevices.id, row.id)).run();
    const view = viewOf(next, counterNames(tx.db), undefined);
    tx.afterCommit(() => effects.deviceChanged?.(view));
  });
}

/** Registry devices of one kind that are plugged in now (the scanner runtime opens these). */
export function connectedDevices(db: Db, kind: HardwareKind): HardwareDeviceView[] {
  const counters = counterNames(db);
  return db.select().from(hardwareDevices).where(and(eq(hardwareDevices.kind, kind), eq(hardwareDevices.connected, true))).all().map((row) => viewOf(row, counters, undefined));
}
