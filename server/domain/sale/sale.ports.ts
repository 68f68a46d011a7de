// What happens after a sale commits, as ports the composition root fills: realtime events and the receipt printer.
import type { Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import type { OrderView } from './sale.service.ts';

export interface ReceiptPrintRequest {
  orderId: Id<'Order'>;
  receiptNumber: string;
  branchId: Id<'Branch'>;
  counterId: Id<'Counter'>;
  /** Kick the cash drawer (a cash tender was taken). */
  openDrawer: boolean;
  reprint: boolean;
  /** The caller's key for one reprint: the same key prints the copy once (absent: every request prints). */
  reprintKey?: string;
  /** The order as the sale just wrote it, so printing need not read it back (a reprint reads it). */
  order?: OrderView;
}

/** A quote for a parked draft: its content travels with the request (the draft may be resumed before it prints). */
export interface QuotePrintRequest {
  draftId: string;
  name: string;
  branchId: Id<'Branch'>;
  counterId: Id<'Counter'> | null;
  customerName: string | null;
  lines: Array<{ title: string; sku: string; quantity: number; unit: string; unitPrice: Money; discount: Money; total: Money }>;
  subtotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  total: Money;
  at: number;
}

/** Implemented by server/printing/sale-receipt-printer.ts (queues on the counter's printer); a recorder in tests. */
export interface ReceiptPrinter {
  requestReceipt(request: ReceiptPrintRequest): void;
  requestQuote(request: QuotePrintRequest): void;
}

export interface SaleCompleted {
  orderId: Id<'Order'>;
  receiptNumber: string;
  branchId: Id<'Branch'>;
  counterId: Id<'Counter'>;
  total: Money;
  at: number;
}

export interface StockLevel {
  variantId: Id<'Variant'>;
  onHand: number;
}

/** Realtime side of a sale (socket.io in the box; a recorder in tests). */
export interface SaleEvents {
  saleCompleted(event: SaleCompleted): void;
  stockChanged(branchId: Id<'Branch'>, levels: StockLevel[]): void;
}

export interface SaleEffects {
  events: SaleEvents;
  printer: ReceiptPrinter;
}

/** Effects that do nothing (scripts, benches). */
export const NO_SALE_EFFECTS: SaleEffects = {
  events: { saleCompleted: () => {}, stockChanged: () => {} },
  printer: { requestReceipt: () => {}, requestQuote: () => {} },
};
