// The sale room's ReceiptPrinter port, for real: builds the receipt (or quote) document and queues it on the counter's printer.
import type { Db } from '../db/connection.ts';
import { findBranchProfile, listCounters, type BranchProfile } from '../domain/branch/index.ts';
import { getReceiptTemplate, printerForCounter } from '../domain/printing/index.ts';
import type { OrderView, QuotePrintRequest, ReceiptPrinter, ReceiptPrintRequest } from '../domain/sale/index.ts';
import { getOrder } from '../domain/sale/index.ts';
import { findStaffById } from '../domain/staff/index.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../shared/clock.ts';
import { derivedId, newId, type Id } from '../shared/ids.ts';
import { subtractMoney, sumMoney, toDecimalString, type Money } from '../shared/money.ts';
import type { FormatMoney, ReceiptAmount, ReceiptDocument, ReceiptItem, ReceiptTax } from '../../hardware/receipt/receipt.document.ts';
import { queueReceipt } from './print-receipt.ts';

export interface SaleReceiptPrinterDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The box's currency and its minor-unit digits (config), and the zone used when the branch has none. */
  currency: string;
  currencyExponent: number;
  timeZone: string;
  /** Wakes the printer's queue once a job is persisted (the print worker's notify). */
  notify: (printerId: Id<'Printer'>) => void;
}

export interface SaleReceiptPrinter extends ReceiptPrinter {
  /** Resolves once every receipt asked for so far is queued (or has failed and been logged). */
  idle(): Promise<void>;
}

const CURRENCY_PREFIX: Record<string, string> = { PKR: 'Rs' };

/** "Rs 1,990.00": the exact decimal (never a float), grouped by thousands, with the currency's ASCII prefix. */
export function receiptMoneyFormatter(currency: string, exponent: number): FormatMoney {
  const prefix = CURRENCY_PREFIX[currency] ?? currency;
  return (amount: Money) => {
    const [whole = '0', fraction] = toDecimalString(amount, exponent).replace('-', '').split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${amount < 0 ? '-' : ''}${prefix} ${grouped}${fraction ? `.${fraction}` : ''}`;
  };
}

/** Job ids derived from the order: the same sale asks for the same jobs, so it never prints (or opens the drawer) twice. */
export function saleJobIds(orderId: string): { receipt: Id<'PrintJob'>; drawer: Id<'PrintJob'> } {
  return { receipt: derivedId(`${orderId}:receipt`), drawer: derivedId(`${orderId}:drawer`) };
}

const TENDER_LABELS: Record<string, string> = {
  cash: 'Cash', card: 'Card', bank_transfer: 'Bank transfer', transfer: 'Bank transfer', wallet: 'Wallet', store_credit: 'Store credit',
};

const TYPOGRAPHY: Array<[RegExp, string]> = [[/[\u2012-\u2015]/g, '-'], [/[\u2018\u2019]/g, "'"], [/[\u201c\u201d]/g, '"'], [/\u2026/g, '...'], [/\u00a0/g, ' ']];

/** Typographic dashes, quotes and ellipses as ASCII, so a title like "Kurta — M / Black" prints as text, not a bitmap. */
export function plainText(text: string): string {
  return TYPOGRAPHY.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function quantityText(quantity: number, unit: string): string | undefined {
  if (unit === 'g') return `${(quantity / 1000).toFixed(3)} kg`;
  if (unit === 'ml') return `${(quantity / 1000).toFixed(3)} L`;
  return undefined;
}

function tenderLabel(payment: OrderView['payments'][number]): string {
  const label = TENDER_LABELS[payment.method] ?? payment.method;
  const detail = payment.last4 ? ` ****${payment.last4}` : payment.provider ? ` ${payment.provider}` : '';
  return `${label}${detail}`;
}

function percent(bps: number): string {
  return `${bps / 100}%`;
}

/** One printed line: name, SKU, quantity × price, its discount and what it comes to. */
function receiptItem(line: { title: string; sku: string; quantity: number; unit: string; unitPrice: Money }, discount: Money, total: Money): ReceiptItem {
  return {
    name: plainText(line.title),
    sku: line.sku || undefined,
    quantity: line.quantity,
    quantityText: quantityText(line.quantity, line.unit),
    unitPrice: line.unitPrice,
    discount: discount > 0 ? discount : undefined,
    total,
  };
}

/** The header every receipt and quote carries: logo, store, counter, branch address, template lines, then `extra`. */
function receiptHeader(branch: BranchProfile | null, template: ReturnType<typeof getReceiptTemplate>, counterName: string, extra: string[]): ReceiptDocument['header'] {
  return {
    logo: template.logoPng ? { png: template.logoPng } : undefined,
    storeName: branch?.name ?? '',
    branchName: branch?.name ?? '',
    counterName,
    lines: [...(branch?.address ? [branch.address] : []), ...template.headerLines, ...extra],
  };
}

/** The receipt of a completed order, as printed: header from the branch and template, lines, totals, tenders. */
export function receiptDocumentFor(
  order: OrderView,
  context: { branch: BranchProfile | null; counterName: string; staffName: string; template: ReturnType<typeof getReceiptTemplate>; timeZone: string; reprint: boolean },
): ReceiptDocument {
  const items = order.lines.map((line) => receiptItem(line, line.lineDiscount, subtractMoney(line.gross, line.lineDiscount)));
  const discounts: ReceiptAmount[] = [];
  const orderDiscount = sumMoney(order.lines.map((l) => l.orderDiscount));
  if (orderDiscount > 0) discounts.push({ label: 'Discount', amount: orderDiscount });
  // Cash rounding down shows as a deduction; rounding up is folded into the total due.
  if (order.rounding < 0) discounts.push({ label: 'Cash rounding', amount: subtractMoney(0 as Money, order.rounding) });
  const byRate = new Map<number, { taxable: Money[]; tax: Money[] }>();
  for (const line of order.lines) {
    if (line.taxRateBps <= 0) continue;
    const group = byRate.get(line.taxRateBps) ?? { taxable: [], tax: [] };
    group.taxable.push(subtractMoney(line.total, line.tax));
    group.tax.push(line.tax);
    byRate.set(line.taxRateBps, group);
  }
  const taxes: ReceiptTax[] = [...byRate].sort(([a], [b]) => a - b)
    .map(([bps, group]) => ({ label: `GST ${percent(bps)}`, taxable: sumMoney(group.taxable), amount: sumMoney(group.tax) }));
  const { branch, template } = context;
  return {
    header: receiptHeader(branch, template, context.counterName, context.reprint ? ['*** DUPLICATE COPY ***'] : []),
    receiptNumber: order.receiptNumber,
    issuedAt: order.createdAt,
    timeZone: context.timeZone,
    staffName: plainText(context.staffName),
    customerName: order.customerName ? plainText(order.customerName) : undefined,
    items,
    subtotal: sumMoney(items.map((i) => i.total)),
    discounts,
    taxes,
    taxInclusive: order.pricesIncludeTax,
    total: order.amountDue,
    tenders: order.payments.map((p) => ({ label: tenderLabel(p), amount: p.method === 'cash' ? p.tendered : p.amount })),
    change: order.change,
    barcode: { symbology: 'code128', value: order.receiptNumber },
    footer: template.footerLines,
  };
}

/** A parked draft's quote: the same layout, marked as a quotation, with no tenders, barcode or drawer. */
export function quoteDocumentFor(
  request: QuotePrintRequest,
  context: { branch: BranchProfile | null; counterName: string; template: ReturnType<typeof getReceiptTemplate>; timeZone: string },
): ReceiptDocument {
  const { branch, template } = context;
  const items = request.lines.map((line) => receiptItem(line, line.discount, line.total));
  return {
    header: receiptHeader(branch, template, context.counterName, ['QUOTATION - NOT A RECEIPT']),
    receiptNumber: `QUOTE ${request.name}`.trim(),
    issuedAt: request.at,
    timeZone: context.timeZone,
    staffName: '',
    customerName: request.customerName ? plainText(request.customerName) : undefined,
    items,
    subtotal: sumMoney(items.map((i) => i.total)),
    discounts: [],
    taxes: request.taxTotal > 0 ? [{ label: 'Tax', taxable: subtractMoney(request.total, request.taxTotal), amount: request.taxTotal }] : [],
    total: request.total,
    tenders: [],
    change: 0 as Money,
    barcode: null,
    footer: ['Prices valid today only', ...template.footerLines],
  };
}

/**
 * The ReceiptPrinter the box uses: after a sale commits, builds its receipt and queues it (with a drawer kick for
 * cash) on the counter's printer, then wakes the printer's queue. Never throws: the sale is already committed, so
 * a failure (no printer, encoding) is logged and the cashier can reprint.
 */
export function saleReceiptPrinter(deps: SaleReceiptPrinterDeps): SaleReceiptPrinter {
  const formatMoney = receiptMoneyFormatter(deps.currency, deps.currencyExponent);
  const pending = new Set<Promise<void>>();
  const track = (work: () => Promise<void>, what: Record<string, unknown>) => {
    const run = (async () => {
      try {
        await work();
      } catch (error) {
        deps.logger.error({ ...what, err: error }, 'printing failed');
      }
    })();
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };
  const counterName = (branchId: Id<'Branch'>, counterId: string | null) =>
    (counterId ? listCounters(deps.db, branchId).find((c) => c.id === counterId)?.name : undefined) ?? '';
  const effects = { jobQueued: (printerId: Id<'Printer'>) => deps.notify(printerId) };

  /** The counter's printer with the branch's profile and receipt template; null (logged) when the counter has no printer. */
  const printingFor = (branchId: Id<'Branch'>, counterId: string | null, what: 'receipt' | 'quote', context: Record<string, unknown>) => {
    const printer = printerForCounter(deps.db, counterId);
    if (!printer) {
      deps.logger.warn(context, `no receipt printer registered: ${what} not printed`);
      return null;
    }
    return { printer, branch: findBranchProfile(deps.db, branchId), template: getReceiptTemplate(deps.db, branchId) };
  };

  const printReceipt = async (request: ReceiptPrintRequest) => {
    const order = request.order ?? getOrder(deps.db, request.orderId);
    if (!order) {
      deps.logger.error({ orderId: request.orderId }, 'receipt asked for an order that does not exist');
      return;
    }
    const target = printingFor(order.branchId, request.counterId, 'receipt', { orderId: request.orderId, receiptNumber: request.receiptNumber });
    if (!target) return;
    const { printer, branch, template } = target;
    const document = receiptDocumentFor(order, {
      branch, template, reprint: request.reprint,
      counterName: counterName(order.branchId, request.counterId),
      staffName: (order.staffId ? findStaffById(deps.db, order.staffId)?.name : undefined) ?? '',
      timeZone: branch?.timeZone ?? deps.timeZone,
    });
    const ids = saleJobIds(order.id);
    const openDrawer = request.openDrawer && !request.reprint;
    const queued = await queueReceipt(deps, {
      // The sale's own receipt is derived from the order, a keyed reprint from its key; an unkeyed reprint prints each time.
      receiptJobId: request.reprint ? (request.reprintKey ? derivedId(`${order.id}:reprint:${request.reprintKey}`) : newId<'PrintJob'>()) : ids.receipt,
      drawerJobId: openDrawer ? ids.drawer : undefined,
      printerId: printer.id,
      document,
      formatMoney,
      openDrawer,
      staffId: order.staffId,
      orderId: order.id,
      branchId: order.branchId,
      counterId: request.counterId,
      reason: request.reprint ? 'reprint' : 'sale',
      blocks: template.blocks,
    }, effects);
    if (!queued.ok) {
      deps.logger.error({ orderId: order.id, receiptNumber: order.receiptNumber, printerId: printer.id, error: queued.error }, 'receipt could not be queued');
      return;
    }
    deps.logger.info({ orderId: order.id, receiptNumber: order.receiptNumber, printer: printer.name, drawer: queued.value.drawer !== null, mode: queued.value.mode },
      'receipt queued');
  };

  const printQuote = async (request: QuotePrintRequest) => {
    const target = printingFor(request.branchId, request.counterId, 'quote', { draftId: request.draftId });
    if (!target) return;
    const { printer, branch, template } = target;
    const document = quoteDocumentFor(request, {
      branch, template, counterName: counterName(request.branchId, request.counterId), timeZone: branch?.timeZone ?? deps.timeZone,
    });
    const queued = await queueReceipt(deps, {
      receiptJobId: derivedId(`${request.draftId}:quote:${request.at}`),
      printerId: printer.id,
      document,
      formatMoney,
      orderId: request.draftId,
      branchId: request.branchId,
      counterId: request.counterId,
      reason: 'quote',
      blocks: template.blocks,
    }, effects);
    if (!queued.ok) deps.logger.error({ draftId: request.draftId, printerId: printer.id, error: queued.error }, 'quote could not be queued');
  };

  return {
    requestReceipt: (request) => track(() => printReceipt(request), { orderId: request.orderId, receiptNumber: request.receiptNumber }),
    requestQuote: (request) => track(() => printQuote(request), { draftId: request.draftId }),
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
