// Sales through the service print on the virtual printer: receipt text, drawer pulse for cash only, once per sale.
import { afterEach, describe, expect, it } from 'vitest';
import { listPrintJobs, printerForCounter, registerPrinter } from '../domain/printing/index.ts';
import { completeSale, reprintReceipt, type SaleInput } from '../domain/sale/index.ts';
import { silentLogger } from '../logger.ts';
import { isUuidV7, newId } from '../shared/ids.ts';
import { minor } from '../shared/money.ts';
import { unwrap } from '../shared/result.ts';
import { aCheckoutWorld } from '../test/checkout-builders.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/virtual-printer/virtual-printer.ts';
import { startPrintWorker, type PrintWorker } from './print-worker.ts';
import { receiptMoneyFormatter, saleJobIds, saleReceiptPrinter } from './sale-receipt-printer.ts';

let printer: VirtualPrinter | undefined;
let worker: PrintWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  await printer?.close();
  worker = undefined;
  printer = undefined;
});

async function aPrintingWorld(state = {}) {
  const w = aCheckoutWorld();
  printer = await startVirtualPrinter({ state });
  unwrap(registerPrinter(w.db, { id: newId<'Printer'>(), name: 'Counter printer', address: printer.url, columns: 48 }, w.clock.now()));
  worker = startPrintWorker({
    db: w.db, clock: w.clock, logger: silentLogger, timeouts: { connectMs: 500, writeMs: 500, readMs: 200 },
    queue: { statusTimeoutMs: 200, faultPollMs: 20, idlePollMs: 20, retryBaseMs: 20, retryMaxMs: 100 },
  });
  const receipts = saleReceiptPrinter({
    db: w.db, clock: w.clock, logger: silentLogger, currency: 'PKR', currencyExponent: 2, timeZone: 'Asia/Karachi',
    notify: (id) => worker!.notify(id),
  });
  const ctx = () => w.ctx({ effects: { events: w.effects.events, printer: receipts } });
  return { w, receipts, ctx, virtual: printer };
}

const audits = (w: ReturnType<typeof aCheckoutWorld>) =>
  w.db.$client.prepare("select action, staff_id as staffId, entity_id as entityId from audit_log where action = 'drawer.opened'").all();

describe('saleReceiptPrinter', () => {
  it('prints a cash sale with its receipt number, total and change, kicks the drawer once and audits it', async () => {
    const { w, receipts, ctx, virtual } = await aPrintingWorld();
    const kurta = w.variant({ price: '1990.00', stock: 10 });
    const input: SaleInput = { orderId: newId<'Order'>(), lines: [{ variantId: kurta, quantity: 2 }], tenders: [{ method: 'cash', amount: minor(500000) }] };
    const order = unwrap(completeSale(w.db, w.cashier, input, ctx()));
    await receipts.idle();
    const [job] = await virtual.waitForJobs(1);
    expect(job!.lines.some((l) => l.includes(order.receiptNumber))).toBe(true);
    expect(job!.lines).toContain(`TOTAL${' '.repeat(48 - 'TOTAL'.length - 'Rs 3,980.00'.length)}Rs 3,980.00`);
    expect(job!.lines.some((l) => l.startsWith('Change') && l.endsWith('Rs 1,020.00'))).toBe(true);
    expect(job!.barcodes).toEqual([{ symbology: 'code128', value: order.receiptNumber }]);
    expect(job!.lines.some((l) => l.includes('Test Kurta - M / Black'))).toBe(true); // the em dash printed as text, not a bitmap
    expect(job!.cut).not.toBeNull();
    expect(await virtual.waitForPulses(1)).toHaveLength(1);
    expect(audits(w)).toEqual([{ action: 'drawer.opened', staffId: w.cashier.staffId, entityId: order.id }]);

    // A replayed sale (and a repeated after-commit) finds the same jobs: no second receipt, no second kick.
    unwrap(completeSale(w.db, w.cashier, input, ctx()));
    receipts.requestReceipt({ orderId: order.id, receiptNumber: order.receiptNumber, branchId: order.branchId, counterId: order.counterId, openDrawer: true, reprint: false });
    await receipts.idle();
    expect(listPrintJobs(w.db).map((j) => [j.kind, j.documentId, j.requestedBy]).sort()).toEqual([
      ['drawer', order.id, w.cashier.staffId],
      ['receipt', order.id, w.cashier.staffId],
    ]);
    expect(audits(w)).toHaveLength(1);
    expect(virtual.jobs).toHaveLength(1);
    expect(virtual.pulses).toHaveLength(1);
  });

  it('opens the drawer at once while the paper is out, and prints the receipt when paper is loaded', async () => {
    const { w, receipts, ctx, virtual } = await aPrintingWorld({ paper: 'out' });
    const order = unwrap(completeSale(w.db, w.cashier, {
      orderId: newId<'Order'>(), lines: [{ variantId: w.variant({ price: '250.00' }), quantity: 1 }], tenders: [{ method: 'cash', amount: minor(50000) }],
    }, ctx()));
    await receipts.idle();
    expect(await virtual.waitForPulses(1)).toEqual([expect.objectContaining({ realtime: true })]);
    expect(virtual.jobs).toEqual([]);
    virtual.setState({ paper: 'ok' });
    const [job] = await virtual.waitForJobs(1);
    expect(job!.lines.some((l) => l.includes(order.receiptNumber))).toBe(true);
  });

  it('reprints a copy marked as such, without opening the drawer again', async () => {
    const { w, receipts, ctx, virtual } = await aPrintingWorld();
    const order = unwrap(completeSale(w.db, w.cashier, {
      orderId: newId<'Order'>(), lines: [{ variantId: w.variant({ price: '250.00' }), quantity: 1 }], tenders: [{ method: 'cash', amount: minor(50000) }],
    }, ctx()));
    unwrap(reprintReceipt(w.db, w.cashier, order.id, ctx().effects, w.clock.now()));
    await receipts.idle();
    const jobs = await virtual.waitForJobs(2);
    expect(jobs.map((j) => j.lines.some((l) => l.includes('DUPLICATE COPY')))).toEqual([false, true]);
    expect(virtual.pulses).toHaveLength(1);
    expect(listPrintJobs(w.db).map((j) => j.reason).sort()).toEqual(['reprint', 'sale', 'sale']);
  });

  it('prints a card sale without opening the drawer', async () => {
    const { w, receipts, ctx, virtual } = await aPrintingWorld();
    const v = w.variant({ price: '250.00' });
    const order = unwrap(completeSale(w.db, w.cashier, {
      orderId: newId<'Order'>(), lines: [{ variantId: v, quantity: 1 }], tenders: [{ method: 'card', amount: minor(25000), last4: '4242' }],
    }, ctx()));
    await receipts.idle();
    const [job] = await virtual.waitForJobs(1);
    expect(job!.lines.some((l) => l.includes(order.receiptNumber))).toBe(true);
    expect(job!.lines.some((l) => l.startsWith('Card ****4242') && l.endsWith('Rs 250.00'))).toBe(true);
    expect(virtual.pulses).toEqual([]);
    expect(listPrintJobs(w.db).map((j) => j.kind)).toEqual(['receipt']);
    expect(audits(w)).toEqual([]);
  });

  it('prints a quote for a draft: marked as a quotation, no barcode, no drawer', async () => {
    const { w, receipts, virtual } = await aPrintingWorld();
    const request = {
      draftId: newId(), name: 'Bilal', branchId: w.branch.id, counterId: w.counters[0]!.id, customerName: null,
      lines: [{ title: 'Lawn suit', sku: 'LS-1', quantity: 1, unit: 'each', unitPrice: minor(450000), discount: minor(0), total: minor(450000) }],
      subtotal: minor(450000), discountTotal: minor(0), taxTotal: minor(0), total: minor(450000), at: w.clock.now(),
    };
    receipts.requestQuote(request);
    receipts.requestQuote(request);
    await receipts.idle();
    const [job] = await virtual.waitForJobs(1);
    expect(job!.lines.some((l) => l.includes('QUOTATION'))).toBe(true);
    expect(job!.lines.some((l) => l.startsWith('TOTAL') && l.endsWith('Rs 4,500.00'))).toBe(true);
    expect(job!.barcodes).toEqual([]);
    expect(virtual.pulses).toEqual([]);
    expect(listPrintJobs(w.db)).toHaveLength(1);
  });

  it('logs instead of throwing when the branch has no printer (the sale stands)', async () => {
    const w = aCheckoutWorld();
    const logged: string[] = [];
    const logger = { ...silentLogger, warn: (_o: unknown, message: string) => void logged.push(message) } as typeof silentLogger;
    const receipts = saleReceiptPrinter({ db: w.db, clock: w.clock, logger, currency: 'PKR', currencyExponent: 2, timeZone: 'Asia/Karachi', notify: () => {} });
    const order = unwrap(completeSale(w.db, w.cashier, {
      orderId: newId<'Order'>(), lines: [{ variantId: w.variant(), quantity: 1 }], tenders: [{ method: 'cash', amount: minor(9_999_900) }],
    }, w.ctx({ effects: { events: w.effects.events, printer: receipts } })));
    await receipts.idle();
    expect(order.receiptNumber).toBeTruthy();
    expect(logged).toEqual(['no receipt printer registered: receipt not printed']);
  });
});

describe('printerForCounter', () => {
  it('picks the counter\'s own printer, else the first shared one, else any', () => {
    const w = aCheckoutWorld();
    const [c1, c2] = w.counters;
    const add = (name: string, counterId: string | null) =>
      unwrap(registerPrinter(w.db, { id: newId<'Printer'>(), name, address: 'tcp://127.0.0.1:9', counterId }, w.clock.now())).name;
    expect(printerForCounter(w.db, c1!.id)).toBeNull();
    add('B counter 2', c2!.id);
    expect(printerForCounter(w.db, c1!.id)?.name).toBe('B counter 2');
    add('C shared', null);
    expect(printerForCounter(w.db, c1!.id)?.name).toBe('C shared');
    add('D counter 1', c1!.id);
    expect([printerForCounter(w.db, c1!.id)?.name, printerForCounter(w.db, c2!.id)?.name, printerForCounter(w.db, null)?.name])
      .toEqual(['D counter 1', 'B counter 2', 'C shared']);
  });
});

describe('saleJobIds', () => {
  it('derives stable UUIDv7-shaped ids per order', () => {
    const orderId = newId<'Order'>();
    const ids = saleJobIds(orderId);
    expect(saleJobIds(orderId)).toEqual(ids);
    expect(saleJobIds(newId()).receipt).not.toBe(ids.receipt);
    expect([isUuidV7(ids.receipt), isUuidV7(ids.drawer)]).toEqual([true, true]);
    expect(ids.drawer).not.toBe(ids.receipt);
  });
});

describe('receiptMoneyFormatter', () => {
  it.each([
    ['PKR', 2, 398000, 'Rs 3,980.00'],
    ['PKR', 2, -5, '-Rs 0.05'],
    ['USD', 2, 123456789, 'USD 1,234,567.89'],
    ['JPY', 0, 1500, 'JPY 1,500'],
  ] as const)('%s %d: %d → %s', (currency, exponent, amount, shown) => {
    expect(receiptMoneyFormatter(currency, exponent)(minor(amount))).toBe(shown);
  });
});
