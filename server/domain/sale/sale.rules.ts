// Pure sale rules: line pricing, discounts allocated across lines, tax per line, cash rounding, tender coverage.
import {
  allocate, minMoney, multiplyMoney, percentOf, roundToIncrement, scaleMoney, subtractMoney, sumMoney, taxIncludedIn,
  ZERO, addMoney, type Money, type Rounding,
} from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';

export type Unit = 'each' | 'g' | 'ml';
/** A discount as a share in basis points (1,000 = 10 %) or a fixed amount. */
export type Discount = { kind: 'percent'; bps: number } | { kind: 'amount'; amount: Money };

export const MAX_EACH_QUANTITY = 10_000;
/** Weighed and measured goods: 1,000 kg / litres in grams / millilitres. */
export const MAX_MEASURED_QUANTITY = 1_000_000;

export interface LineInput {
  key: string;
  unitPrice: Money;
  quantity: number;
  unit: Unit;
  taxRateBps: number;
  discount: Discount | null;
  /** A weighed-goods barcode's embedded price: the line's gross regardless of price × weight. */
  fixedGross?: Money | null;
}

export interface PricingSettings {
  pricesIncludeTax: boolean;
  taxRounding: Rounding;
}

export interface PricedLine {
  key: string;
  /** Price × quantity before any discount. */
  gross: Money;
  lineDiscount: Money;
  /** This line's share of the order discount. */
  orderDiscount: Money;
  /** gross − both discounts: the line's price after discounts (tax inside it when prices include tax). */
  net: Money;
  tax: Money;
  taxRateBps: number;
  /** What the customer pays for the line, tax included. */
  total: Money;
}

export interface PricedOrder {
  lines: PricedLine[];
  subtotal: Money;
  lineDiscountTotal: Money;
  orderDiscountTotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  /** Σ line totals. */
  total: Money;
}

/** INVALID_QUANTITY for 0, negative, fractional pieces, or more than a till would ever ring up. */
export function checkQuantity(quantity: number, unit: Unit): Result<number> {
  const max = unit === 'each' ? MAX_EACH_QUANTITY : MAX_MEASURED_QUANTITY;
  if (!Number.isSafeInteger(quantity) || quantity <= 0 || quantity > max) {
    const what = unit === 'each' ? 'a whole number of pieces' : `a whole number of ${unit === 'g' ? 'grams' : 'millilitres'}`;
    return err('INVALID_QUANTITY', `quantity must be ${what} from 1 to ${max.toLocaleString('en')}, got ${quantity}`, { quantity, unit, max });
  }
  return ok(quantity);
}

/** INVALID_DISCOUNT for a share outside 0–100 % or a negative or fractional amount. */
export function checkDiscount(discount: Discount): Result<Discount> {
  if (discount.kind === 'percent' && (!Number.isSafeInteger(discount.bps) || discount.bps < 0 || discount.bps > 10_000)) {
    return err('INVALID_DISCOUNT', 'a discount is 0 to 100 %', { bps: discount.bps });
  }
  if (discount.kind === 'amount' && (!Number.isSafeInteger(discount.amount) || discount.amount < 0)) {
    return err('INVALID_DISCOUNT', 'a discount amount cannot be negative', { amount: discount.amount });
  }
  return ok(discount);
}

/** Price × quantity; per-1,000 prices for grams and millilitres, rounded half-up to the minor unit. */
export function lineGross(line: Pick<LineInput, 'unitPrice' | 'quantity' | 'unit' | 'fixedGross'>): Money {
  if (line.fixedGross !== undefined && line.fixedGross !== null) return line.fixedGross;
  return line.unit === 'each' ? multiplyMoney(line.unitPrice, line.quantity) : scaleMoney(line.unitPrice, line.quantity, 1000, 'half-up');
}

/** The amount a discount takes off `base`, never more than `base`. */
export function discountAmount(base: Money, discount: Discount | null): Money {
  if (!discount) return ZERO;
  return discount.kind === 'percent' ? percentOf(base, discount.bps, 'half-up') : minMoney(discount.amount, base);
}

/**
 * Prices an order: line discounts first, then the order discount allocated across lines in proportion to what
 * is left of each (largest remainder, so the shares add up exactly), then tax per line at its rate.
 * Every total is the sum of its lines.
 */
export function priceOrder(lines: readonly LineInput[], orderDiscount: Discount | null, settings: PricingSettings): PricedOrder {
  const grosses = lines.map(lineGross);
  const lineDiscounts = lines.map((l, i) => discountAmount(grosses[i]!, l.discount));
  const afterLine = grosses.map((g, i) => subtractMoney(g, lineDiscounts[i]!));
  const orderDiscountTotal = discountAmount(sumMoney(afterLine), orderDiscount);
  const shares = allocate(orderDiscountTotal, afterLine);
  const priced = lines.map((line, i): PricedLine => {
    const net = subtractMoney(afterLine[i]!, shares[i]!);
    const tax = settings.pricesIncludeTax
      ? taxIncludedIn(net, line.taxRateBps, settings.taxRounding)
      : percentOf(net, line.taxRateBps, settings.taxRounding);
    return {
      key: line.key, gross: grosses[i]!, lineDiscount: lineDiscounts[i]!, orderDiscount: shares[i]!, net, tax,
      taxRateBps: line.taxRateBps, total: settings.pricesIncludeTax ? net : addMoney(net, tax),
    };
  });
  const lineDiscountTotal = sumMoney(priced.map((l) => l.lineDiscount));
  return {
    lines: priced,
    subtotal: sumMoney(priced.map((l) => l.gross)),
    lineDiscountTotal,
    orderDiscountTotal,
    discountTotal: addMoney(lineDiscountTotal, orderDiscountTotal),
    taxTotal: sumMoney(priced.map((l) => l.tax)),
    total: sumMoney(priced.map((l) => l.total)),
  };
}

export type TenderMethod = 'cash' | 'card' | 'bank_transfer' | 'wallet' | 'store_credit';
export const TENDER_METHODS: readonly TenderMethod[] = ['cash', 'card', 'bank_transfer', 'wallet', 'store_credit'];

export interface TenderInput {
  method: TenderMethod;
  /** For cash, the notes handed over; for every other tender, the amount charged. */
  amount: Money;
}

export interface CashRounding {
  /** Cash is settled in multiples of this many minor units (1 = exact). */
  increment: number;
  mode: Rounding;
}

export interface Settlement {
  /** What the customer owes: the total, adjusted by cash rounding when cash settles the rest. */
  amountDue: Money;
  /** amountDue − total (negative when rounded down). */
  rounding: Money;
  /** Per tender, what the till keeps (cash: tendered minus its share of the change). */
  applied: Money[];
  change: Money;
  tendered: Money;
}

/**
 * Checks tenders against a total. Non-cash tenders are charged exactly and may not exceed what is due; cash
 * covers the rest, rounded to the cash increment, and gives change. TENDER_SHORT when they do not cover it.
 */
export function settleTenders(total: Money, tenders: readonly TenderInput[], rounding: CashRounding): Result<Settlement> {
  for (const t of tenders) {
    if (!Number.isSafeInteger(t.amount) || t.amount <= 0) return err('INVALID_TENDER', 'every tender must be a positive amount', { method: t.method, amount: t.amount });
  }
  const nonCash = sumMoney(tenders.filter((t) => t.method !== 'cash').map((t) => t.amount));
  const cash = sumMoney(tenders.filter((t) => t.method === 'cash').map((t) => t.amount));
  const tendered = addMoney(nonCash, cash);
  if (nonCash > total) {
    return err('INVALID_TENDER', 'card, transfer, wallet and store credit cannot be more than the total: no change is given on them', { total, nonCash });
  }
  const rest = subtractMoney(total, nonCash);
  const hasCash = tenders.some((t) => t.method === 'cash');
  const cashDue = hasCash && rest > 0 ? roundToIncrement(rest, rounding.increment, rounding.mode) : rest;
  const amountDue = addMoney(nonCash, cashDue);
  if (cash < cashDue) {
    return err('TENDER_SHORT', `tenders cover ${tendered} of ${amountDue}`, { amountDue, tendered, short: subtractMoney(cashDue, cash) });
  }
  const change = subtractMoney(cash, cashDue);
  // Change comes out of the cash tenders, last first.
  let toGive = change as number;
  const applied = tenders.map((t) => t.amount as number);
  for (let i = tenders.length - 1; i >= 0 && toGive > 0; i--) {
    if (tenders[i]!.method !== 'cash') continue;
    const take = Math.min(applied[i]!, toGive);
    applied[i]! -= take;
    toGive -= take;
  }
  return ok({ amountDue, rounding: subtractMoney(amountDue, total), applied: applied as Money[], change, tendered });
}

/** Quick-cash suggestions for a cash amount due: the exact amount, then the next round notes above it. */
export function quickCash(due: Money, exponent: number): Money[] {
  const unit = 10 ** exponent;
  const notes = [10, 20, 50, 100, 500, 1000, 5000].map((n) => n * unit);
  const out = new Set<number>([due]);
  for (const note of notes) {
    const next = Math.ceil(due / note) * note;
    if (next > due) out.add(next);
    if (out.size >= 4) break;
  }
  return [...out].sort((a, b) => a - b) as Money[];
}
