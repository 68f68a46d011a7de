// Sample receipts shared by the receipt, ESC/POS and virtual-printer tests.
import { minor, toDecimalString, type Money } from '../../server/shared/money.ts';
import type { FormatMoney, ReceiptDocument, ReceiptItem } from './receipt.document.ts';

/** PKR with two decimals and thousands separators, as the box's formatter would print it. */
export const formatPkr: FormatMoney = (amount: Money) => {
  const [whole = '0', fraction] = toDecimalString(amount, 2).replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount < 0 ? '-' : ''}${grouped}.${fraction}`;
};

/** A cash sale at Lahore counter 2: three lines, a line discount, an order discount, GST and change. */
export function sampleReceipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    header: {
      storeName: 'Chai Khana',
      branchName: 'Gulberg Lahore',
      counterName: 'Counter 2',
      lines: ['12 MM Alam Road, Lahore', 'NTN 1234567-8'],
    },
    receiptNumber: 'LHR1-C2-000123',
    issuedAt: Date.UTC(2026, 10, 23, 9, 5), // 14:05 in Karachi (UTC+5)
    timeZone: 'Asia/Karachi',
    staffName: 'Ayesha',
    customerName: 'Bilal Ahmed',
    items: [
      { name: 'Tapal Danedar 950g', quantity: 2, unitPrice: minor(120_000), total: minor(240_000), sku: 'TAP-950' },
      { name: 'Rooh Afza 800ml', quantity: 1, unitPrice: minor(45_000), discount: minor(5_000), discountLabel: 'Promo', total: minor(40_000) },
      { name: 'Loose sugar', quantity: 1250, quantityText: '1.250 kg', unitPrice: minor(16_000), total: minor(20_000) },
    ],
    subtotal: minor(300_000),
    discounts: [{ label: 'Loyalty 5%', amount: minor(15_000) }],
    taxes: [{ label: 'GST 17%', taxable: minor(243_590), amount: minor(41_410) }],
    taxInclusive: true,
    total: minor(285_000),
    tenders: [{ label: 'Cash', amount: minor(300_000) }],
    change: minor(15_000),
    footer: ['Thank you for shopping with us!', 'Exchange within 7 days with receipt.'],
    qr: 'https://verify.example.pk/r/LHR1-C2-000123',
    ...overrides,
  };
}

/** A receipt with `count` item lines, for long-receipt tests. */
export function longReceipt(count: number): ReceiptDocument {
  const items: ReceiptItem[] = Array.from({ length: count }, (_, i) => ({
    name: `Item ${String(i + 1).padStart(3, '0')} biscuits pack`,
    quantity: 1 + (i % 3),
    unitPrice: minor(1_000 + i),
    total: minor((1 + (i % 3)) * (1_000 + i)),
  }));
  const total = minor(items.reduce((sum, item) => sum + item.total, 0));
  return sampleReceipt({
    items,
    subtotal: total,
    discounts: [],
    taxes: [],
    total,
    tenders: [{ label: 'Card', amount: total }],
    change: minor(0),
  });
}
