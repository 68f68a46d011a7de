// The receipt as a document: what a sale receipt says, independent of paper width and printer language.
import type { Money } from '../../server/shared/money.ts';

/** A PNG logo printed at the top (raster), already sized for the paper or scaled down by the encoder. */
export interface ReceiptLogo {
  png: Uint8Array;
}

export interface ReceiptHeader {
  logo?: ReceiptLogo | undefined;
  /** The store's trading name, printed tall and bold. */
  storeName: string;
  branchName: string;
  counterName: string;
  /** Address, phone, NTN/STRN lines, printed centred under the name. */
  lines?: readonly string[] | undefined;
}

export interface ReceiptItem {
  name: string;
  sku?: string | undefined;
  /** Integer quantity (units, or grams for weighed goods with `quantityText`). */
  quantity: number;
  /** How the quantity is shown when it is not a plain count, e.g. "1.250 kg". */
  quantityText?: string | undefined;
  unitPrice: Money;
  /** Line discount, a positive amount taken off the line. */
  discount?: Money | undefined;
  discountLabel?: string | undefined;
  /** The line total after its discount. */
  total: Money;
}

export interface ReceiptAmount {
  label: string;
  amount: Money;
}

export interface ReceiptTax {
  /** e.g. "GST 17%". */
  label: string;
  taxable: Money;
  amount: Money;
}

export type ReceiptBarcodeSymbology = 'code128' | 'ean13';

export interface ReceiptBarcode {
  symbology: ReceiptBarcodeSymbology;
  value: string;
}

export interface ReceiptDocument {
  header: ReceiptHeader;
  /** Human receipt number, e.g. "LHR1-C2-000123"; also the default barcode. */
  receiptNumber: string;
  /** The instant of the sale, UTC epoch milliseconds. */
  issuedAt: number;
  /** IANA zone of the branch, e.g. "Asia/Karachi"; the receipt shows local time there. */
  timeZone: string;
  staffName: string;
  customerName?: string | undefined;
  items: readonly ReceiptItem[];
  subtotal: Money;
  /** Order-level discounts (each a positive amount taken off). */
  discounts?: readonly ReceiptAmount[] | undefined;
  taxes?: readonly ReceiptTax[] | undefined;
  /** Whether prices include the taxes listed (shown as "incl." lines rather than added). */
  taxInclusive?: boolean | undefined;
  total: Money;
  tenders: readonly ReceiptAmount[];
  change: Money;
  /** Barcode printed under the totals; defaults to the receipt number in CODE128. `null` hides it. */
  barcode?: ReceiptBarcode | null | undefined;
  footer?: readonly string[] | undefined;
  /** Contents of an optional QR code (e.g. an FBR verification link). */
  qr?: string | undefined;
}

/** Formats an amount of minor units for the receipt (the box passes its currency formatter). */
export type FormatMoney = (amount: Money) => string;

/** Paper widths in characters of font A: 58 mm printers print 32 (or 42 with font B), 80 mm print 48. */
export const RECEIPT_COLUMNS = [32, 42, 48] as const;
export type ReceiptColumns = (typeof RECEIPT_COLUMNS)[number];

/** The barcode a document prints, or null. */
export function barcodeOf(document: ReceiptDocument): ReceiptBarcode | null {
  if (document.barcode === null) return null;
  return document.barcode ?? { symbology: 'code128', value: document.receiptNumber };
}
