import { describe, expect, it } from 'vitest';
import {
  allocate, divideRounded, minor, multiplyMoney, parseMoney, percentOf, roundToIncrement, scaleMoney,
  subtractMoney, sumMoney, taxIncludedIn, toDecimalString, type Money, type Rounding,
} from './money.ts';

const m = (units: number) => minor(units);

describe('parseMoney', () => {
  it.each([
    ['1250.50', 2, 125050],
    ['1250.5', 2, 125050],
    ['1250', 2, 125000],
    ['0.01', 2, 1],
    ['.5', 2, 50],
    ['7.', 2, 700],
    ['-3.25', 2, -325],
    ['+3', 2, 300],
    ['  42.10 ', 2, 4210],
    ['12.500', 2, 1250],
    ['0.1', 3, 100],
    ['15', 0, 15],
    ['90071992547409.91', 2, 9007199254740991],
  ])('parses %s with exponent %i into %i minor units', (text, exponent, expected) => {
    expect(parseMoney(text, exponent)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '.', '-', 'abc', '1,250.00', '1.2.3', '12.345', '1e3', '0x10', 'NaN', '90071992547409.92', '12 .5'])(
    'refuses %j with INVALID_AMOUNT',
    (text) => {
      const result = parseMoney(text, 2);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INVALID_AMOUNT');
    },
  );

  it('never goes through a float: 0.29 is 29 paisa, not 28.999…', () => {
    expect(parseMoney('0.29', 2)).toEqual({ ok: true, value: 29 });
    expect(parseMoney('1.005', 3)).toEqual({ ok: true, value: 1005 });
  });
});

describe('toDecimalString', () => {
  it.each([
    [125050, 2, '1250.50'], [1, 2, '0.01'], [-5, 2, '-0.05'], [0, 2, '0.00'], [15, 0, '15'], [-125000, 3, '-125.000'],
  ])('formats %i (exp %i) as %s', (units, exponent, expected) => {
    expect(toDecimalString(m(units), exponent)).toBe(expected);
  });

  it('round-trips through parseMoney', () => {
    for (const units of [0, 1, 99, 100, 123456789, -42, -100001]) {
      expect(parseMoney(toDecimalString(m(units), 2), 2)).toEqual({ ok: true, value: units });
    }
  });
});

describe('divideRounded', () => {
  // numerator / denominator → expected per rounding mode
  const cases: Array<[bigint, bigint, Record<Rounding, bigint>]> = [
    [25n, 10n, { 'half-up': 3n, 'half-even': 2n, 'half-down': 2n, up: 3n, down: 2n }],
    [35n, 10n, { 'half-up': 4n, 'half-even': 4n, 'half-down': 3n, up: 4n, down: 3n }],
    [-25n, 10n, { 'half-up': -3n, 'half-even': -2n, 'half-down': -2n, up: -3n, down: -2n }],
    [26n, 10n, { 'half-up': 3n, 'half-even': 3n, 'half-down': 3n, up: 3n, down: 2n }],
    [24n, 10n, { 'half-up': 2n, 'half-even': 2n, 'half-down': 2n, up: 3n, down: 2n }],
    [30n, 10n, { 'half-up': 3n, 'half-even': 3n, 'half-down': 3n, up: 3n, down: 3n }],
    [-1n, 3n, { 'half-up': 0n, 'half-even': 0n, 'half-down': 0n, up: -1n, down: 0n }],
  ];
  for (const [n, d, expected] of cases) {
    for (const [mode, value] of Object.entries(expected)) {
      it(`${n}/${d} rounded ${mode} is ${value}`, () => {
        expect(divideRounded(n, d, mode as Rounding)).toBe(value);
      });
    }
  }
});

describe('arithmetic', () => {
  it('adds, subtracts and multiplies by quantity exactly', () => {
    expect(sumMoney([m(10), m(20), m(-5)])).toBe(25);
    expect(subtractMoney(m(100), m(250))).toBe(-150);
    expect(multiplyMoney(m(129999), 3)).toBe(389997);
  });

  it('refuses fractional quantities and unsafe amounts as bugs', () => {
    expect(() => multiplyMoney(m(100), 1.5)).toThrow(RangeError);
    expect(() => minor(0.5)).toThrow(RangeError);
    expect(() => multiplyMoney(m(Number.MAX_SAFE_INTEGER), 2)).toThrow(RangeError);
  });

  it.each([
    // amount, basis points, rounding, expected
    [10000, 1700, 'half-up', 1700],
    [999, 1700, 'half-up', 170], // 169.83
    [150, 1000, 'half-up', 15],
    [155, 1000, 'half-up', 16], // 15.5 → 16
    [155, 1000, 'half-even', 16], // 15.5 → 16 (16 is even)
    [145, 1000, 'half-even', 14], // 14.5 → 14
    [145, 1000, 'half-down', 14],
    [-155, 1000, 'half-up', -16],
    [199, 50, 'down', 0],
    [199, 50, 'up', 1],
  ] as Array<[number, number, Rounding, number]>)('%i × %i bp rounded %s = %i', (amount, bps, rounding, expected) => {
    expect(percentOf(m(amount), bps, rounding)).toBe(expected);
  });

  it.each([
    // gross, rate, expected tax: 1,170 incl. 17 % holds 170
    [117000, 1700, 17000],
    [100000, 1700, 14530], // 14529.91…
    [50000, 1800, 7627], // 7627.11…
    [0, 1700, 0],
  ])('tax included in %i at %i bp is %i', (gross, bps, expected) => {
    expect(taxIncludedIn(m(gross), bps, 'half-up')).toBe(expected);
  });

  it('prices weighed goods: 1,250 g at Rs 480.00/kg is Rs 600.00', () => {
    expect(scaleMoney(m(48000), 1250, 1000, 'half-up')).toBe(60000);
    expect(scaleMoney(m(48099), 333, 1000, 'half-up')).toBe(16017); // 16016.967
  });

  it.each([
    [12345, 100, 'half-up', 12300],
    [12350, 100, 'half-up', 12400],
    [12350, 500, 'down', 12000],
    [12351, 500, 'half-up', 12500],
    [-12350, 100, 'half-up', -12400],
  ] as Array<[number, number, Rounding, number]>)('cash-rounds %i to steps of %i (%s) = %i', (amount, step, rounding, expected) => {
    expect(roundToIncrement(m(amount), step, rounding)).toBe(expected);
  });
});

describe('allocate', () => {
  const sum = (parts: Money[]) => parts.reduce((a, b) => a + b, 0);

  it.each([
    // amount, weights, expected parts
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [1000, [5000, 3000, 2000], [500, 300, 200]],
    [1, [1, 1], [1, 0]],
    [7, [0, 0, 0], [3, 2, 2]],
    [500, [0, 1000], [0, 500]],
    [0, [3, 4], [0, 0]],
    [101, [1, 2], [34, 67]], // 33.67, 67.33 → remainders .67 > .33
    [250, [33333, 33333, 33334], [83, 83, 84]],
  ])('splits %i across weights %j as %j', (amount, weights, expected) => {
    const parts = allocate(m(amount), weights);
    expect(parts).toEqual(expected);
    expect(sum(parts)).toBe(amount);
  });

  it('never loses or creates a unit across thousands of random splits', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 5000; round++) {
      const amount = Math.floor((random() - 0.3) * 10_000_000);
      const weights = Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 1_000_000));
      const parts = allocate(m(amount), weights);
      expect(parts).toHaveLength(weights.length);
      expect(sum(parts)).toBe(amount);
      const total = weights.reduce((a, b) => a + b, 0);
      parts.forEach((part, i) => {
        const exact = total === 0 ? amount / weights.length : (amount * weights[i]!) / total;
        expect(Math.abs(part - exact)).toBeLessThan(1 + 1e-9); // each part within one unit of its exact share
      });
    }
  });

  it('refuses negative or fractional weights as bugs', () => {
    expect(() => allocate(m(10), [1, -1])).toThrow(RangeError);
    expect(() => allocate(m(10), [0.5, 1])).toThrow(RangeError);
    expect(() => allocate(m(10), [])).toThrow(RangeError);
  });
});
