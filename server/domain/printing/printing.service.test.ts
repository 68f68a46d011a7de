// Printing room: printers and persisted jobs on a real in-memory database.
import { describe, expect, it } from 'vitest';
import { testDb } from '../../test/db.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { unwrap } from '../../shared/result.ts';
import {
  countQueuedJobs, enqueuePrintJob, listPrinters, listPrintJobs, markPrintJobAttemptFailed, markPrintJobDropped, markPrintJobPrinted,
  movePrintJob, nextQueuedJob, registerPrinter, reprintPrintJob,
} from './index.ts';

const T0 = Date.UTC(2026, 10, 23, 9, 0);

function setup() {
  const db = testDb();
  const front = unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Front counter', address: 'tcp://127.0.0.1:9100' }, T0));
  const back = unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Back office', address: '/dev/usb/lp0', columns: 32 }, T0));
  return { db, front, back };
}

const job = (printerId: Id<'Printer'>, bytes = [0x1b, 0x40, 0x41, 0x0a]) => ({ id: newId<'PrintJob'>(), printerId, kind: 'receipt' as const, bytes: Uint8Array.from(bytes) });

describe('registerPrinter', () => {
  it('lists printers by name with their paper width and drawer defaults', () => {
    const { db } = setup();
    expect(listPrinters(db).map((p) => [p.name, p.address, p.columns, p.drawerPin, p.drawerOnMs, p.drawerOffMs])).toEqual([
      ['Back office', '/dev/usb/lp0', 32, 2, 100, 500],
      ['Front counter', 'tcp://127.0.0.1:9100', 48, 2, 100, 500],
    ]);
  });

  it('returns the same printer when the same id is registered again', () => {
    const { db, front } = setup();
    expect(unwrap(registerPrinter(db, { id: front.id, name: 'Front counter', address: front.address }, T0 + 1))).toEqual(front);
    expect(listPrinters(db)).toHaveLength(2);
  });

  it.each([
    [{ name: ' ', address: 'tcp://x:9100' }, 'VALIDATION_FAILED'],
    [{ name: 'P', address: 'printer on the shelf' }, 'INVALID_PRINTER_ADDRESS'],
    [{ name: 'P', address: 'tcp://x:9100', columns: 40 }, 'VALIDATION_FAILED'],
  ])('refuses %j with %s and adds nothing', (input, code) => {
    const { db } = setup();
    const result = registerPrinter(db, { id: newId<'Printer'>(), ...input }, T0);
    expect(result.ok ? null : result.error.code).toBe(code);
    expect(listPrinters(db)).toHaveLength(2);
  });
});

describe('print jobs', () => {
  it('persists a queued job once, waking the worker after commit, even when the request is retried', () => {
    const { db, front } = setup();
    const woken: string[] = [];
    const input = job(front.id);
    const first = unwrap(enqueuePrintJob(db, input, T0, { jobQueued: (id) => woken.push(id) }));
    const again = unwrap(enqueuePrintJob(db, input, T0 + 5, { jobQueued: (id) => woken.push(id) }));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'queued', kind: 'receipt', byteCount: 4, attempts: 0, printedAt: null });
    expect(woken).toEqual([front.id]);
    expect(nextQueuedJob(db, front.id)).toMatchObject({ id: input.id, bytes: input.bytes });
  });

  it.each([
    ['an unknown printer', { printerId: newId<'Printer'>() }, 'PRINTER_NOT_FOUND'],
    ['no bytes', { bytes: new Uint8Array() }, 'VALIDATION_FAILED'],
  ])('refuses a job for %s', (_name, overrides, code) => {
    const { db, front } = setup();
    const result = enqueuePrintJob(db, { ...job(front.id), ...overrides }, T0);
    expect(result.ok ? null : result.error.code).toBe(code);
    expect(listPrintJobs(db)).toEqual([]);
  });

  it('hands the queue its oldest job first and records attempts, prints and drops', () => {
    const { db, front } = setup();
    const a = unwrap(enqueuePrintJob(db, job(front.id), T0));
    const b = unwrap(enqueuePrintJob(db, job(front.id), T0 + 1));
    const kick = unwrap(enqueuePrintJob(db, { ...job(front.id), kind: 'drawer' }, T0 + 2));
    expect(countQueuedJobs(db, front.id)).toBe(3);
    markPrintJobAttemptFailed(db, a.id, 'paper out', 1, T0 + 10);
    expect(nextQueuedJob(db, front.id)).toMatchObject({ id: a.id, attempts: 1 });
    markPrintJobPrinted(db, a.id, T0 + 20);
    expect(nextQueuedJob(db, front.id)?.id).toBe(b.id);
    markPrintJobDropped(db, kick.id, 'too old', T0 + 30);
    expect(listPrintJobs(db, { printerId: front.id }).map((j) => [j.id, j.status, j.lastError])).toEqual([
      [kick.id, 'dropped', 'too old'],
      [b.id, 'queued', null],
      [a.id, 'printed', null],
    ]);
    expect(listPrintJobs(db, { status: 'printed' })).toMatchObject([{ id: a.id, printedAt: T0 + 20 }]);
    expect(countQueuedJobs(db, front.id)).toBe(1);
  });

  it('moves a waiting job to another printer, and refuses to move one already printed', () => {
    const { db, front, back } = setup();
    const waiting = unwrap(enqueuePrintJob(db, job(front.id), T0));
    markPrintJobAttemptFailed(db, waiting.id, 'not reachable', 3, T0 + 1);
    const woken: string[] = [];
    const moved = unwrap(movePrintJob(db, waiting.id, back.id, T0 + 2, { jobQueued: (id) => woken.push(id) }));
    expect(moved).toMatchObject({ printerId: back.id, status: 'queued', attempts: 0, lastError: null });
    expect(woken).toEqual([back.id]);
    expect(nextQueuedJob(db, front.id)).toBeNull();

    markPrintJobPrinted(db, waiting.id, T0 + 3);
    const again = movePrintJob(db, waiting.id, front.id, T0 + 4);
    expect(again.ok ? null : again.error.code).toBe('PRINT_JOB_NOT_MOVABLE');
    const missing = movePrintJob(db, newId<'PrintJob'>(), front.id, T0 + 4);
    expect(missing.ok ? null : missing.error.code).toBe('PRINT_JOB_NOT_FOUND');
  });

  it('reprints a printed job as a new queued copy, once per reprint id', () => {
    const { db, front, back } = setup();
    const original = unwrap(enqueuePrintJob(db, job(front.id, [1, 2, 3]), T0));
    markPrintJobPrinted(db, original.id, T0 + 1);
    const reprintId = newId<'PrintJob'>();
    const copy = unwrap(reprintPrintJob(db, { id: reprintId, jobId: original.id, printerId: back.id }, T0 + 2));
    expect(unwrap(reprintPrintJob(db, { id: reprintId, jobId: original.id }, T0 + 3))).toEqual(copy);
    expect(copy).toMatchObject({ printerId: back.id, status: 'queued', reprintOf: original.id, byteCount: 3 });
    expect(nextQueuedJob(db, back.id)?.bytes).toEqual(Uint8Array.of(1, 2, 3));
  });
});
