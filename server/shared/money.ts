// Money as a branded integer number of minor units (paisa for PKR); all arithmetic on money goes through here.
import { err, ok, type Result } from './result.ts';

declare const moneyBrand: unique symbol;
/** An integer amount of the currency's minor unit. Never a float, never a decimal string. */
export type Money = number & { readonly [moneyBrand]: 'Money' };

/**
 * How a division that does not come out even is rounded:
 * `half-up` ties away from zero (commercial rounding), `half-even` ties to the even neighbour (banker's),
 * `half-down` ties toward zero, `up` always away from zero, `down` always toward zero (truncation).
 */
export type Rounding = 'half-up' | 'half-even' | 'half-down' | 'up' | 'down';
export const ROUNDING_MODES: readonly Rounding[] = ['half-up', 'half-even', 'half-down', 'up', 'down'];

export const ZERO = 0 as Money;
const BASIS_POINTS = 10_000n;

/** Wraps an integer count of minor units; a fraction or an unsafe integer is a bug and throws. */
export function minor(units: number): Money {
  if (!Number.isSafeInteger(units)) throw new RangeError(`money must be a safe integer of minor units, got ${units}`);
  return (units === 0 ? 0 : units) as Money; // no negative zero
}

function fromBig(value: bigint): Money {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`money overflow: ${value}`);
  }
  return minor(Number(value));
}

/** Integer division with an explicit rounding mode; the denominator must be positive. */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  if (remainder === 0n) return negative ? -quotient : quotient;
  const twice = 2n * remainder;
  let awayFromZero: boolean;
  switch (rounding) {
    case 'down': awayFromZero = false; break;
    case 'up': awayFromZero = true; break;
    case 'half-up': awayFromZero = twice >= denominator; break;
    case 'half-down': awayFromZero = twice > denominator; break;
    case 'half-even': awayFromZero = twice > denominator || (twice === denominator && quotient % 2n === 1n); break;
  }
  const rounded = awayFromZero ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Parses a decimal string ("1250.50", "-3", ".5") exactly into minor units, never through a float.
 * Digits beyond the currency's exponent are accepted only when they are zeros ("12.500" for PKR).
 */
export function parseMoney(text: string, exponent: number): Result<Money> {
  const match = DECIMAL.exec(text.trim());
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (!match || (whole === '' && fraction === '')) {
    return err('INVALID_AMOUNT', `"${text}" is not an amount`, { value: text });
  }
  if (/[1-9]/.test(fraction.slice(exponent))) {
    return err('INVALID_AMOUNT', `"${text}" has more than ${exponent} decimal places`, { value: text, exponent });
  }
  const digits = (whole || '0') + fraction.slice(0, exponent).padEnd(exponent, '0');
  const units = BigInt(digits) * (match[1] === '-' ? -1n : 1n);
  if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < BigInt(Number.MIN_SAFE_INTEGER)) {
    return err('INVALID_AMOUNT', `"${text}" is too large`, { value: text });
  }
  return ok(minor(Number(units)));
}

/** The exact decimal string of an amount ("1250.50"), for payloads such as Shopify's and FBR's; not for display. */
export function toDecimalString(amount: Money, exponent: number): string {
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export function addMoney(...amounts: Money[]): Money {
  return sumMoney(amounts);
}

export function sumMoney(amounts: Iterable<Money>): Money {
  let total = 0n;
  for (const amount of amounts) total += BigInt(amount);
  return fromBig(total);
}

export function subtractMoney(from: Money, amount: Money): Money {
  return fromBig(BigInt(from) - BigInt(amount));
}

export function negateMoney(amount: Money): Money {
  return minor(-amount);
}

/** Price × an integer quantity. */
export function multiplyMoney(amount: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  return fromBig(BigInt(amount) * BigInt(quantity));
}

/** amount × numerator / denominator, rounded: a price per kilogram for 1,250 g is `scaleMoney(p, 1250, 1000, …)`. */
export function scaleMoney(amount: Money, numerator: number, denominator: number, rounding: Rounding): Money {
  return fromBig(divideRounded(BigInt(amount) * BigInt(numerator), BigInt(denominator), rounding));
}

/** The given share of an amount, in basis points (1,700 bp = 17 %), rounded as named. */
export function percentOf(amount: Money, basisPoints: number, rounding: Rounding): Money {
  return scaleMoney(amount, basisPoints, Number(BASIS_POINTS), rounding);
}

/** The tax contained in a tax-inclusive amount at a rate in basis points: gross × rate / (10,000 + rate). */
export function taxIncludedIn(gross: Money, basisPoints: number, rounding: Rounding): Money {
  return scaleMoney(gross, basisPoints, 10_000 + basisPoints, rounding);
}

/** Rounds an amount to a multiple of `increment` minor units (cash rounding, e.g. to the nearest rupee = 100). */
export function roundToIncrement(amount: Money, increment: number, rounding: Rounding): Money {
  if (!Number.isSafeInteger(increment) || increment <= 0) throw new RangeError('increment must be a positive integer');
  return fromBig(divideRounded(BigInt(amount), BigInt(increment), rounding) * BigInt(increment));
}

/**
 * Splits `amount` across parts in proportion to non-negative integer `weights` (largest-remainder method).
 * The parts always add up to `amount` exactly: no unit is lost or created. Leftover units go to the parts
 * with the largest remainders, ties to the earlier part. All-zero weights split evenly.
 */
export function allocate(amount: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) {
    if (amount !== 0) throw new RangeError('cannot allocate a non-zero amount across no parts');
    return [];
  }
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weights must be non-negative integers, got ${weight}`);
  }
  const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights;
  const total = effective.reduce((sum, w) => sum + BigInt(w), 0n);
  const negative = amount < 0;
  const magnitude = BigInt(Math.abs(amount));
  const shares = effective.map((w, index) => {
    const product = magnitude * BigInt(w);
    return { index, base: product / total, remainder: product % total };
  });
  let leftover = magnitude - shares.reduce((sum, s) => sum + s.base, 0n);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.base += 1n;
    leftover -= 1n;
  }
  return shares.map((s) => fromBig(negative ? -s.base : s.base));
}

export function isNegative(amount: Money): boolean {
  return amount < 0;
}

export function maxMoney(a: Money, b: Money): Money {
  return (a > b ? a : b);
}

export function minMoney(a: Money, b: Money): Money {
  return (a < b ? a : b);
}
