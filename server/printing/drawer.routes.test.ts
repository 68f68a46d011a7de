// No-sale drawer openings and drawer calibration over HTTP: permissions, approvals, idempotency, audit, and the real queue.
import { afterEach, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../domain/audit/index.ts';
import { findPrinter, listPrintJobs, registerPrinter } from '../domain/printing/index.ts';
import { createApproval } from '../domain/staff/index.ts';
import { createApp } from '../http/app.ts';
import type { BoxDeps, PrintingRuntime } from '../http/context.ts';
import { silentLogger } from '../logger.ts';
import { systemClock } from '../shared/clock.ts';
import { newId, type Id } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch, testDeps } from '../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff, type BuiltStaff } from '../test/staff-builders.ts';
import type { PrinterQueueStatus } from '../../hardware/queue/print-queue.ts';
import { startVirtualPrinter } from '../../hardware/virtual-printer/virtual-printer.ts';
import { startPrintWorker } from './print-worker.ts';

const KICK = [0x1b, 0x70, 0x00, 0x32, 0xfa];

function status(printerId: string, patch: Partial<PrinterQueueStatus>, at: number): PrinterQueueStatus {
  return {
    printerId, state: 'ready', paperNearEnd: false, drawerPin3High: false, drawerOpen: false, drawerLeftOpen: false, queued: 0, message: 'ready', at, ...patch,
  };
}

/** A fake print runtime: the statuses a test sets, and a record of which queues were woken or reconfigured. */
function fakePrinting() {
  const runtime = { current: [] as PrinterQueueStatus[], notified: [] as string[], changed: [] as string[] };
  const printing: PrintingRuntime = {
    notify: (id) => void runtime.notified.push(id),
    statuses: () => runtime.current,
    printerChanged: (id) => void runtime.changed.push(id),
  };
  return { runtime, printing };
}

async function setup(options: { printer?: boolean; deps?: Partial<BoxDeps> } = {}) {
  const fake = fakePrinting();
  const deps = testDeps({ printing: fake.printing, ...options.deps });
  aBranch(deps.db, { name: 'Chai Khana Gulberg' });
  const printerId = newId<'Printer'>();
  if (options.printer !== false) {
    unwrap(registerPrinter(deps.db, { id: printerId, name: 'Printer 1', address: 'tcp://127.0.0.1:9', drawerOnMs: 100, drawerOffMs: 500 }, deps.clock.now()));
  }
  const app = createApp(deps);
  const paired = aPairedDevice(deps.db, deps.clock);
  const people = {
    cashier: aStaff(deps.db, { role: 'cashier' }),
    supervisor: aStaff(deps.db, { role: 'supervisor' }),
    manager: aStaff(deps.db, { role: 'manager', pin: '7777' }),
  };
  const cookieOf = (person: BuiltStaff) => aSignedInCookie(deps.db, deps.clock, paired, person);
  const post = async (person: BuiltStaff, url: string, body?: unknown, method = 'POST') => {
    const cookie = await cookieOf(person);
    const response = await app.request(url, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const drawerAudit = () => listAuditEntries(deps.db, { action: 'drawer.opened' }).entries;
  return { deps, printerId, paired, people, post, drawerAudit, ...fake };
}

describe('no-sale drawer opening', () => {
  it('queues one audited drawer kick on the counter printer, and a retried request kicks only once', async () => {
    const { deps, printerId, paired, people, post, drawerAudit, runtime } = await setup();
    const id = newId();
    const first = await post(people.supervisor, '/api/v1/drawers/open', { id, reason: 'Change for a customer' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id, printerId, printerName: 'Printer 1', status: 'queued' });
    const again = await post(people.supervisor, '/api/v1/drawers/open', { id, reason: 'Change for a customer' });
    expect(again).toEqual(first);

    const jobs = listPrintJobs(deps.db, { printerId });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'drawer', reason: 'no-sale', requestedBy: people.supervisor.id, byteCount: KICK.length });
    expect(runtime.notified).toEqual([printerId]);
    const audit = drawerAudit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      staffId: people.supervisor.id, counterId: paired.device.counterId, reason: 'Change for a customer', approverId: null, entityType: 'no_sale', entityId: id,
      details: { noSale: true, printerId, jobId: jobs[0]!.id },
    });
  });

  it('asks a cashier for a manager approval, then opens with it; the replay does not need it again', async () => {
    const { deps, printerId, people, post, drawerAudit } = await setup();
    const id = newId();
    const refused = await post(people.cashier, '/api/v1/drawers/open', { id, reason: 'Float check' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { permission: 'open_drawer_no_sale' } });
    expect(listPrintJobs(deps.db, { printerId })).toHaveLength(0);
    expect(drawerAudit()).toHaveLength(0);

    const approval = unwrap(await createApproval(deps.db, {
      approverStaffCode: people.manager.code, pin: '7777', permission: 'open_drawer_no_sale', requesterStaffId: people.cashier.id, counterId: null,
    }, deps.clock));
    const opened = await post(people.cashier, '/api/v1/drawers/open', { id, reason: 'Float check', approvalId: approval.approvalId });
    expect(opened.status).toBe(201);
    const replay = await post(people.cashier, '/api/v1/drawers/open', { id, reason: 'Float check', approvalId: approval.approvalId });
    expect(replay).toEqual(opened);
    expect(listPrintJobs(deps.db, { printerId })).toHaveLength(1);
    expect(drawerAudit()).toMatchObject([{ staffId: people.cashier.id, approverId: people.manager.id, reason: 'Float check' }]);

    const reused = await post(people.cashier, '/api/v1/drawers/open', { id: newId(), reason: 'Again', approvalId: approval.approvalId });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('APPROVAL_INVALID');
    expect(listPrintJobs(deps.db, { printerId })).toHaveLength(1);
  });

  it.each([
    ['no reason', { reason: undefined }],
    ['an empty reason', { reason: '' }],
    ['a blank reason', { reason: '    ' }],
    ['a reason too long', { reason: 'x'.repeat(201) }],
    ['an id that is not a UUIDv7', { id: 'abc' }],
  ])('refuses %s and changes nothing', async (_case, patch) => {
    const { deps, printerId, people, post, drawerAudit } = await setup();
    const result = await post(people.supervisor, '/api/v1/drawers/open', { id: newId(), reason: 'Change', ...patch });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('VALIDATION_FAILED');
    expect(listPrintJobs(deps.db, { printerId })).toHaveLength(0);
    expect(drawerAudit()).toHaveLength(0);
  });

  it('answers PRINTER_NOT_FOUND when the branch has no printer', async () => {
    const { people, post, drawerAudit } = await setup({ printer: false });
    const result = await post(people.supervisor, '/api/v1/drawers/open', { id: newId(), reason: 'Change' });
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('PRINTER_NOT_FOUND');
    expect(drawerAudit()).toHaveLength(0);
  });

  it('refuses a request id already used by someone else', async () => {
    const { people, post } = await setup();
    const id = newId();
    expect((await post(people.supervisor, '/api/v1/drawers/open', { id, reason: 'Change' })).status).toBe(201);
    const other = await post(people.manager, '/api/v1/drawers/open', { id, reason: 'Change' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('drawer calibration', () => {
  const calibrate = (printerId: string) => `/api/v1/printers/${printerId}/drawer/calibrate`;

  it('stores the opposite of the closed level, tells the running queue, and audits it once', async () => {
    const { deps, printerId, people, post, runtime } = await setup();
    runtime.current = [status(printerId, { drawerPin3High: true }, deps.clock.now())];
    const done = await post(people.manager, calibrate(printerId));
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ id: printerId, name: 'Printer 1', drawerOpenLevel: 'low', closedLevel: 'high' });
    expect(findPrinter(deps.db, printerId)?.drawerOpenLevel).toBe('low');
    expect(runtime.changed).toEqual([printerId]);
    expect((await post(people.manager, calibrate(printerId))).status).toBe(200);
    expect(listAuditEntries(deps.db, { action: 'printer.drawer_calibrated' }).entries).toMatchObject([
      { staffId: people.manager.id, entityId: printerId, details: { closedLevel: 'high', drawerOpenLevel: 'low', previous: 'high' } },
    ]);
  });

  it.each([
    ['the printer is unreachable', { state: 'unreachable' as const, drawerPin3High: null }, 0, 503, 'PRINTER_UNREACHABLE'],
    ['the last reading is stale', { drawerPin3High: true }, -60_000, 503, 'PRINTER_UNREACHABLE'],
    ['the printer does not report its drawer', { state: 'unknown' as const, drawerPin3High: null }, 0, 409, 'DRAWER_LEVEL_UNKNOWN'],
  ])('refuses when %s and changes nothing', async (_case, patch, age, httpStatus, code) => {
    const { deps, printerId, people, post, runtime } = await setup();
    runtime.current = [status(printerId, patch, deps.clock.now() + age)];
    const result = await post(people.manager, calibrate(printerId));
    expect(result.status).toBe(httpStatus);
    expect(result.body.error.code).toBe(code);
    expect(findPrinter(deps.db, printerId)?.drawerOpenLevel).toBe('high');
    expect(runtime.changed).toEqual([]);
  });

  it('is refused to a cashier and for an unknown printer', async () => {
    const { deps, printerId, people, post, runtime } = await setup();
    runtime.current = [status(printerId, { drawerPin3High: true }, deps.clock.now())];
    const cashier = await post(people.cashier, calibrate(printerId));
    expect(cashier.status).toBe(403);
    expect(cashier.body.error.code).toBe('PERMISSION_DENIED');
    expect(findPrinter(deps.db, printerId)?.drawerOpenLevel).toBe('high');
    expect((await post(people.manager, calibrate(newId()))).body.error.code).toBe('PRINTER_NOT_FOUND');
  });
});

describe('paper width', () => {
  it('a manager sets it and it is audited; a cashier and a width no printer has change nothing', async () => {
    const { deps, printerId, people, post } = await setup();
    const url = `/api/v1/printers/${printerId}/paper`;
    const set = await post(people.manager, url, { columns: 32 }, 'PUT');
    expect(set).toEqual({ status: 200, body: { id: printerId, name: 'Printer 1', columns: 32 } });
    expect(findPrinter(deps.db, printerId)?.columns).toBe(32);
    expect((await post(people.cashier, url, { columns: 48 }, 'PUT')).body.error.code).toBe('PERMISSION_DENIED');
    const odd = await post(people.manager, url, { columns: 40 }, 'PUT');
    expect(odd.status).toBe(400);
    expect(odd.body.error.code).toBe('VALIDATION_FAILED');
    expect(findPrinter(deps.db, printerId)?.columns).toBe(32);
    expect(listAuditEntries(deps.db, { action: 'printer.paper_changed' }).entries).toMatchObject([{ staffId: people.manager.id, details: { columns: 32, previous: 48 } }]);
  });
});

describe('with the real print queue and the virtual printer', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('a no-sale opening reaches the drawer as a real-time pulse while the paper is out; calibration flips the drawer state', async () => {
    // The virtual drawer reads pin 3 HIGH when closed here: a drawer wired the other way round.
    const vp = await startVirtualPrinter({ state: { paper: 'out', drawerOpen: true, drawerOpensOnPulse: false } });
    cleanups.push(() => vp.close());
    const deps = testDeps({ clock: systemClock as never });
    aBranch(deps.db);
    const printerId = newId<'Printer'>();
    unwrap(registerPrinter(deps.db, { id: printerId, name: 'Printer 1', address: vp.url }, Date.now()));
    const worker = startPrintWorker({
      db: deps.db, clock: systemClock, logger: silentLogger, timeouts: { connectMs: 500, writeMs: 500, readMs: 200 },
      queue: { statusTimeoutMs: 200, faultPollMs: 20, idlePollMs: 20, retryBaseMs: 20, retryMaxMs: 100 },
    });
    cleanups.push(() => worker.stop());
    const app = createApp({ ...deps, printing: worker });
    const paired = aPairedDevice(deps.db, deps.clock);
    const cookie = await aSignedInCookie(deps.db, deps.clock, paired, aStaff(deps.db, { role: 'manager' }));
    const post = (url: string, body?: unknown) => app.request(url, {
      method: 'POST', headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    });

    expect((await post('/api/v1/drawers/open', { id: newId(), reason: 'Change for a customer' })).status).toBe(201);
    const [pulse] = await vp.waitForPulses(1);
    expect(pulse).toMatchObject({ pin: 2, realtime: true });
    await until(() => listPrintJobs(deps.db, { printerId })[0]?.status === 'printed', 'the kick is marked printed');

    await until(() => worker.statuses()[0]?.drawerOpen === true, 'the uncalibrated drawer reads open');
    const calibrated = await post(`/api/v1/printers/${printerId}/drawer/calibrate`);
    expect(calibrated.status).toBe(200);
    expect(findPrinter(deps.db, printerId as Id<'Printer'>)?.drawerOpenLevel).toBe('low');
    await until(() => worker.statuses()[0]?.drawerOpen === false, 'the calibrated drawer reads closed');
  });
});
