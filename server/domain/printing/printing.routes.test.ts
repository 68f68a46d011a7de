// Printing over HTTP: register printers, list them with live state, list, move and reprint jobs.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../http/app.ts';
import type { PrintingRuntime } from '../../http/context.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { unwrap } from '../../shared/result.ts';
import { testDeps } from '../../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../../test/staff-builders.ts';
import { enqueuePrintJob, markPrintJobPrinted } from './index.ts';

async function setup() {
  const woken: string[] = [];
  const printing: PrintingRuntime = {
    notify: (id) => woken.push(id),
    statuses: () => [],
  };
  const deps = testDeps({ printing });
  const app = createApp(deps);
  const cookie = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock), aStaff(deps.db, { role: 'manager' }));
  const request = (path: string, init: RequestInit = {}) => app.request(path, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie } });
  const post = (path: string, body: unknown) => request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { deps, app, request, post, woken, printing };
}

describe('printing routes', () => {
  it('registers a printer once per id, wakes the worker, and lists it with its live state', async () => {
    const { request, post, woken, deps } = await setup();
    const id = newId<'Printer'>();
    const body = { id, name: 'Printer 1', address: 'tcp://192.168.1.50:9100', columns: 42 };
    const first = await post('/api/v1/printers', body);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ id, name: 'Printer 1', columns: 42, drawerPin: 2 });
    expect((await post('/api/v1/printers', body)).status).toBe(201);
    expect(woken).toEqual([id]);
    (deps.printing as { statuses: PrintingRuntime['statuses'] }).statuses = () => [
      { printerId: id, state: 'paper-out', message: 'paper out', paperNearEnd: false, drawerPin3High: false, drawerOpen: false, drawerLeftOpen: false, queued: 2, at: 5 },
    ];
    const list = (await (await request('/api/v1/printers')).json()) as { printers: Array<{ id: string; status: unknown }> };
    expect(list.printers).toMatchObject([{ id, status: { state: 'paper-out', message: 'paper out', queued: 2 } }]);
  });

  it.each([
    [{ name: 'P', address: 'the shelf' }, 400, 'INVALID_PRINTER_ADDRESS'],
    [{ name: '', address: 'tcp://x:9100' }, 400, 'VALIDATION_FAILED'],
    [{ name: 'P', address: 'tcp://x:9100', columns: 40 }, 400, 'VALIDATION_FAILED'],
  ])('refuses %j', async (input, status, code) => {
    const { post, request } = await setup();
    const response = await post('/api/v1/printers', { id: newId(), ...input });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(((await (await request('/api/v1/printers')).json()) as { printers: unknown[] }).printers).toEqual([]);
  });

  it('lists jobs, moves a waiting one to another printer and reprints a printed one', async () => {
    const { post, request, deps, woken } = await setup();
    const a = newId<'Printer'>();
    const b = newId<'Printer'>();
    await post('/api/v1/printers', { id: a, name: 'A', address: 'tcp://127.0.0.1:9100' });
    await post('/api/v1/printers', { id: b, name: 'B', address: '/dev/usb/lp0' });
    const job = unwrap(enqueuePrintJob(deps.db, { id: newId<'PrintJob'>(), printerId: a, kind: 'receipt', bytes: Uint8Array.of(1, 2) }, 1));
    const listed = (await (await request(`/api/v1/print-jobs?printerId=${a}&status=queued`)).json()) as { jobs: Array<{ id: string }> };
    expect(listed.jobs.map((j) => j.id)).toEqual([job.id]);

    const moved = await post(`/api/v1/print-jobs/${job.id}/move`, { printerId: b });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ id: job.id, printerId: b, status: 'queued' });
    expect(woken.at(-1)).toBe(b);

    markPrintJobPrinted(deps.db, job.id as Id<'PrintJob'>, 2);
    const notMovable = await post(`/api/v1/print-jobs/${job.id}/move`, { printerId: a });
    expect(notMovable.status).toBe(409);
    const reprintId = newId<'PrintJob'>();
    const reprint = await post(`/api/v1/print-jobs/${job.id}/reprint`, { id: reprintId, printerId: a });
    expect(reprint.status).toBe(201);
    expect(await reprint.json()).toMatchObject({ id: reprintId, printerId: a, status: 'queued', reprintOf: job.id });
    const missing = await post(`/api/v1/print-jobs/${newId()}/reprint`, { id: newId() });
    expect(missing.status).toBe(404);
  });
});
