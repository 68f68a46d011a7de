// Table of the hardware room: every device the box has found on its USB ports, kept across unplugs and replugs.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn } from '../../db/columns.ts';

/** printer: usblp receipt printer; scanner: HID POS scanner; display: a serial port a manager marked as pole display. */
export type HardwareKind = 'printer' | 'scanner' | 'display' | 'serial';

export const hardwareDevices = sqliteTable(
  'hardware_devices',
  {
    id: idColumn<'HardwareDevice'>().primaryKey(),
    /** Identity across replugs: USB vendor:product:serial, else the IEEE-1284 id, else the USB port (see hardware.rules.ts). */
    key: text().notNull(),
    kind: text().$type<HardwareKind>().notNull(),
    /** The /dev node it has now (or had when last seen), e.g. /dev/usb/lp0, /dev/hidraw3. */
    path: text().notNull(),
    /** What staff call it; starts as the model the device reports. */
    name: text().notNull(),
    /** What the device says it is ("EPSON TM-T20II", the HID name), for techs. */
    model: text(),
    vendorId: text(),
    productId: text(),
    serial: text(),
    /** The USB port path when last seen (e.g. 1-1.2). */
    usbPort: text(),
    ieee1284Id: text(),
    /** The counter it serves: a scanner's scans go to this counter's cart. */
    counterId: text(),
    /** A USB printer's row in the printers table (the print queue's), matched by its /dev address. */
    printerId: text(),
    connected: integer({ mode: 'boolean' }).notNull(),
    firstSeenAt: instantColumn().notNull(),
    /** Last plug-in or unplug noticed. */
    lastSeenAt: instantColumn().notNull(),
    lastError: text(),
    lastErrorAt: instantColumn(),
    lastScanAt: instantColumn(),
    updatedAt: instantColumn().notNull(),
  },
  (t) => [uniqueIndex('hardware_devices_key').on(t.key), index('hardware_devices_path').on(t.path)],
);

export type HardwareDeviceRow = typeof hardwareDevices.$inferSelect;
