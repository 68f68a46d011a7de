import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../demo/demo-catalog.ts';
import { minor, sumMoney, type Money } from '../../shared/money.ts';
import { checkQuantity, priceOrder, quickCash, settleTenders, type Discount, type LineInput } from './sale.rules.ts';

const m = (n: number) => minor(n);
const line = (key: string, unitPrice: number, quantity: number, taxRateBps: number, discount: Discount | null = null, unit: LineInput['unit'] = 'each'): LineInput =>
  ({ key, unitPrice: m(unitPrice), quantity, unit, taxRateBps, discount });
const inclusive = { pricesIncludeTax: true, taxRounding: 'half-up' as const };
const exclusive = { pricesIncludeTax: false, taxRounding: 'half-up' as const };

describe('line pricing and tax', () => {
  it.each([
    ['one kurta at 1,990.00, 18 % included', [line('a', 199000, 1, 1800)], inclusive, { total: 199000, tax: 30356 }],
    ['three at 100.00, 18 % on top', [line('a', 10000, 3, 1800)], exclusive, { total: 35400, tax: 5400 }],
    ['exempt goods', [line('a', 42000, 2, 0)], inclusive, { total: 84000, tax: 0 }],
    ['1,250 g of sugar at 150.00/kg, 5 % included', [line('a', 15000, 1250, 500, null, 'g')], inclusive, { total: 18750, tax: 893 }],
    ['333 g at 100.00/kg rounds half-up to the paisa', [line('a', 10000, 333, 0, null, 'g')], inclusive, { total: 3330, tax: 0 }],
    ['10 % line discount before tax on top', [line('a', 10000, 1, 1800, { kind: 'percent', bps: 1000 })], exclusive, { total: 10620, tax: 1620 }],
    ['a line discount larger than the line stops at zero', [line('a', 5000, 1, 1800, { kind: 'amount', amount: m(9000) })], inclusive, { total: 0, tax: 0 }],
  ])('%s', (_name, lines, settings, expected) => {
    const order = priceOrder(lines, null, settings);
    expect({ total: order.total, tax: order.taxTotal }).toEqual(expected);
  });

  it('half-even tax rounding is named, not assumed', () => {
    // 0.5 paisa of tax: 10 % of 5 paisa on top.
    expect(priceOrder([line('a', 5, 1, 1000)], null, { pricesIncludeTax: false, taxRounding: 'half-even' }).taxTotal).toBe(0);
    expect(priceOrder([line('a', 5, 1, 1000)], null, { pricesIncludeTax: false, taxRounding: 'half-up' }).taxTotal).toBe(1);
  });
});

describe('order discount allocation', () => {
  it.each([
    ['100.00 off three equal lines', [line('a', 10000, 1, 0), line('b', 10000, 1, 0), line('c', 10000, 1, 0)], { kind: 'amount', amount: m(10000) }, [3334, 3333, 3333]],
    ['10 % off lines of different size', [line('a', 30000, 1, 1800), line('b', 10000, 1, 1800)], { kind: 'percent', bps: 1000 }, [3000, 1000]],
    ['allocated on what line discounts left', [line('a', 10000, 1, 0, { kind: 'amount', amount: m(10000) }), line('b', 10000, 1, 0)], { kind: 'amount', amount: m(500) }, [0, 500]],
    ['an amount above the order stops at the order', [line('a', 1000, 1, 0)], { kind: 'amount', amount: m(5000) }, [1000]],
  ] as const)('%s', (_name, lines, discount, shares) => {
    const order = priceOrder(lines, discount as Discount, inclusive);
    expect(order.lines.map((l) => l.orderDiscount)).toEqual(shares);
    expect(order.orderDiscountTotal).toBe(sumMoney(shares.map(m)));
  });

  it('keeps every total equal to the sum of its lines for 500 random orders', () => {
    const random = seededRandom(42);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const rates = [0, 500, 1600, 1700, 1800];
    for (let n = 0; n < 500; n++) {
      const lines = Array.from({ length: int(1, 8) }, (_, i) => {
        const unit = random() < 0.2 ? 'g' as const : 'each' as const;
        const discount: Discount | null = random() < 0.3 ? (random() < 0.5 ? { kind: 'percent', bps: int(0, 10000) } : { kind: 'amount', amount: m(int(0, 50000)) }) : null;
        return line(`l${i}`, int(1, 1_000_000), unit === 'g' ? int(1, 20000) : int(1, 50), rates[int(0, rates.length - 1)]!, discount, unit);
      });
      const orderDiscount: Discount | null = random() < 0.5 ? (random() < 0.5 ? { kind: 'percent', bps: int(0, 5000) } : { kind: 'amount', amount: m(int(0, 100000)) }) : null;
      const settings = { pricesIncludeTax: random() < 0.5, taxRounding: (['half-up', 'half-even', 'down'] as const)[int(0, 2)]! };
      const o = priceOrder(lines, orderDiscount, settings);
      const sum = (pick: (l: (typeof o.lines)[number]) => Money) => sumMoney(o.lines.map(pick));
      expect(o.total).toBe(sum((l) => l.total));
      expect(o.taxTotal).toBe(sum((l) => l.tax));
      expect(o.subtotal).toBe(sum((l) => l.gross));
      expect(o.discountTotal).toBe(sum((l) => (l.lineDiscount + l.orderDiscount) as Money));
      expect(o.subtotal - o.discountTotal).toBe(sum((l) => l.net));
      for (const l of o.lines) {
        expect(l.net).toBeGreaterThanOrEqual(0);
        expect(l.total).toBe(settings.pricesIncludeTax ? l.net : l.net + l.tax);
      }
    }
  });
});

describe('quantities', () => {
  it.each([
    [0, 'each', false], [-1, 'each', false], [1.5, 'each', false], [10_001, 'each', false], [1, 'each', true],
    [10_000, 'each', true], [1250, 'g', true], [12.5, 'g', false], [2_000_000, 'g', false],
  ] as const)('%d %s → valid %s', (q, unit, valid) => {
    const result = checkQuantity(q, unit);
    expect(result.ok).toBe(valid);
    if (!result.ok) expect(result.error.code).toBe('INVALID_QUANTITY');
  });
});

describe('tenders, change and cash rounding', () => {
  const exact = { increment: 1, mode: 'half-up' as const };
  const rupee = { increment: 100, mode: 'half-up' as const };
  it.each([
    ['exact cash', 99950, [['cash', 99950]], exact, { amountDue: 99950, change: 0, rounding: 0 }],
    ['cash with change', 99950, [['cash', 100000]], exact, { amountDue: 99950, change: 50, rounding: 0 }],
    ['cash rounded to the rupee, down', 99940, [['cash', 100000]], rupee, { amountDue: 99900, change: 100, rounding: -40 }],
    ['cash rounded to the rupee, up', 99950, [['cash', 100000]], rupee, { amountDue: 100000, change: 0, rounding: 50 }],
    ['card only is never rounded', 99950, [['card', 99950]], rupee, { amountDue: 99950, change: 0, rounding: 0 }],
    ['split card + cash, change from the cash', 250000, [['card', 150000], ['cash', 110000]], exact, { amountDue: 250000, change: 10000, rounding: 0 }],
    ['split wallet + store credit', 5000, [['wallet', 3000], ['store_credit', 2000]], exact, { amountDue: 5000, change: 0, rounding: 0 }],
  ] as const)('%s', (_name, total, tenders, rounding, expected) => {
    const result = settleTenders(m(total), tenders.map(([method, amount]) => ({ method, amount: m(amount) })), rounding);
    expect(result.ok && { amountDue: result.value.amountDue, change: result.value.change, rounding: result.value.rounding }).toEqual(expected);
    if (result.ok) expect(sumMoney(result.value.applied)).toBe(result.value.amountDue);
  });

  it.each([
    ['cash short by a rupee', 10000, [['cash', 9900]], 'TENDER_SHORT'],
    ['card short, no cash', 10000, [['card', 5000]], 'TENDER_SHORT'],
    ['no tender at all', 10000, [], 'TENDER_SHORT'],
    ['card above the total', 10000, [['card', 12000]], 'INVALID_TENDER'],
    ['a zero tender', 10000, [['cash', 0], ['card', 10000]], 'INVALID_TENDER'],
  ] as const)('%s → %s', (_name, total, tenders, code) => {
    const result = settleTenders(m(total), tenders.map(([method, amount]) => ({ method, amount: m(amount) })), exact);
    expect(!result.ok && result.error.code).toBe(code);
  });

  it('suggests the exact amount and the next round notes', () => {
    expect(quickCash(m(123450), 2)).toEqual([123450, 124000, 125000, 130000]);
  });
});
