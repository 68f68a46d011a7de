// Shelf labels over HTTP: one label job per client id on the counter's printer, and PDF/PNG sheets a scanner can read.
import { describe, expect, it } from 'vitest';
import { listCounters } from '../domain/branch/index.ts';
import { registerPrinter } from '../domain/printing/index.ts';
import { createApp } from '../http/app.ts';
import type { PrintingRuntime } from '../http/context.ts';
import { completeEan13 } from '../shared/ean13.ts';
import { newId } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch, aVariant, testDeps } from '../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../test/staff-builders.ts';
import { EscPosParser } from '../../hardware/virtual-printer/escpos.parser.ts';
import { applyPrintEvent, emptyJob, type PrintedJob } from '../../hardware/virtual-printer/virtual-printer.jobs.ts';
import { zbar, zbarAvailable } from '../../hardware/labels/zbar.ts';

const EAN = completeEan13('896400012345');

async function setup(options: { printer?: boolean } = {}) {
  const woken: string[] = [];
  const printing: PrintingRuntime = { notify: (id) => woken.push(id), statuses: () => [] };
  const deps = testDeps({ printing });
  const branch = aBranch(deps.db);
  const [c1] = listCounters(deps.db, branch.id);
  const tea = aVariant(deps.db, { title: 'Tapal Danedar', sku: 'TAP-950', price: '1200.00', barcode: EAN });
  const shawl = aVariant(deps.db, { title: 'Ajrak Shawl', sku: 'AJ-1', price: '3500.00', barcode: null });
  const printerId = newId<'Printer'>();
  if (options.printer ?? true) unwrap(registerPrinter(deps.db, { id: printerId, name: 'Counter 1 printer', address: 'tcp://127.0.0.1:9100', columns: 42, counterId: c1!.id }, deps.clock.now()));
  const paired = aPairedDevice(deps.db, deps.clock);
  const supervisor = await aSignedInCookie(deps.db, deps.clock, paired, aStaff(deps.db, { role: 'supervisor', pin: '1357' }));
  const cashier = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock, 'C2'), aStaff(deps.db, { role: 'cashier', pin: '2468' }));
  const app = createApp(deps);
  const post = (path: string, body: unknown, cookie = supervisor) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  const jobs = () => deps.db.$client.prepare('select id, printer_id as printerId, kind, requested_by as requestedBy, bytes from print_jobs').all() as
    Array<{ id: string; printerId: string; kind: string; requestedBy: string | null; bytes: Buffer }>;
  return { deps, tea, shawl, printerId, woken, post, cashier, jobs };
}

function printed(bytes: Uint8Array): PrintedJob[] {
  const out: PrintedJob[] = [];
  let job = emptyJob();
  for (const event of new EscPosParser().push(bytes)) {
    if (applyPrintEvent(job, event)) {
      out.push(job);
      job = emptyJob();
    }
  }
  return out;
}

describe('POST /api/v1/labels/print', () => {
  it('queues one label job on the counter\'s printer, a retry with the same id prints nothing more, the id with other items is refused', async () => {
    const s = await setup();
    const id = newId<'PrintJob'>();
    const body = { id, items: [{ variantId: s.tea, copies: 2 }, { variantId: s.shawl, copies: 1 }] };
    const first = await s.post('/api/v1/labels/print', body);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ job: { id, printerId: s.printerId, kind: 'label', status: 'queued' }, printerName: 'Counter 1 printer', created: true });
    const again = await s.post('/api/v1/labels/print', body);
    expect([again.status, ((await again.json()) as { job: { id: string }; created: boolean })]).toMatchObject([200, { job: { id }, created: false }]);
    expect(s.jobs()).toHaveLength(1);
    expect(s.woken).toEqual([s.printerId]);
    const reused = await s.post('/api/v1/labels/print', { id, items: [{ variantId: s.tea, copies: 5 }] });
    expect([reused.status, ((await reused.json()) as { error: { code: string } }).error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(s.jobs()).toHaveLength(1);
    const labels = printed(s.jobs()[0]!.bytes);
    expect(labels.map((l) => l.barcodes[0])).toEqual([
      { symbology: 'ean13', value: EAN.slice(0, 12) }, { symbology: 'ean13', value: EAN.slice(0, 12) }, { symbology: 'code128', value: 'AJ-1' },
    ]);
    expect(labels[0]!.lines.map((l) => l.trim())).toEqual(expect.arrayContaining(['Tapal Danedar - M / Black', 'PKR 1,200.00']));
  });

  it.each([
    ['an unknown item', { items: [{ variantId: 'nope', copies: 1 }] }, {}, 404, 'VARIANT_NOT_FOUND'],
    ['zero copies', { items: [{ variantId: 'TEA', copies: 0 }] }, {}, 400, 'VALIDATION_FAILED'],
    ['no items', { items: [] }, {}, 400, 'VALIDATION_FAILED'],
    ['an id that is not a UUIDv7', { id: 'label-1', items: [{ variantId: 'TEA', copies: 1 }] }, {}, 400, 'VALIDATION_FAILED'],
    ['a counter without a printer', { items: [{ variantId: 'TEA', copies: 1 }] }, { printer: false }, 404, 'PRINTER_NOT_FOUND'],
    ['a cashier (no print_labels)', { items: [{ variantId: 'TEA', copies: 1 }] }, { cashier: true }, 403, 'PERMISSION_DENIED'],
  ] as const)('refuses %s and queues nothing', async (_what, input, options, status, code) => {
    const s = await setup({ printer: !('printer' in options) });
    const items = input.items.map((i) => ({ ...i, variantId: i.variantId === 'TEA' ? s.tea : i.variantId }));
    const response = await s.post('/api/v1/labels/print', { id: newId(), ...input, items }, 'cashier' in options ? s.cashier : undefined);
    expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([status, code]);
    expect(s.jobs()).toEqual([]);
  });
});

describe('POST /api/v1/labels/sheet', () => {
  it('answers an A4 PDF to download', async () => {
    const s = await setup();
    const response = await s.post('/api/v1/labels/sheet', { format: 'pdf', items: [{ variantId: s.tea, copies: 30 }] });
    expect([response.status, response.headers.get('content-type'), response.headers.get('content-disposition')]).toEqual([200, 'application/pdf', 'attachment; filename="labels.pdf"']);
    const pdf = Buffer.from(await response.arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(2); // 24 a page
  });

  it('answers a PNG whose barcodes a real decoder reads back', async () => {
    const s = await setup();
    const response = await s.post('/api/v1/labels/sheet', { format: 'png', items: [{ variantId: s.tea, copies: 1 }, { variantId: s.shawl, copies: 1 }] });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'image/png']);
    const png = new Uint8Array(await response.arrayBuffer());
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    if (zbarAvailable) expect(zbar(png)).toEqual(['CODE-128:AJ-1', `EAN-13:${EAN}`]);
  });

  it('refuses a PNG too long to open and an unknown format', async () => {
    const s = await setup();
    const tooMany = await s.post('/api/v1/labels/sheet', { format: 'png', items: [{ variantId: s.tea, copies: 61 }] });
    expect([tooMany.status, ((await tooMany.json()) as { error: { code: string } }).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const gif = await s.post('/api/v1/labels/sheet', { format: 'gif', items: [{ variantId: s.tea, copies: 1 }] });
    expect(gif.status).toBe(400);
  });
});

