import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './date.ts';
import { formatMoney } from './money.ts';

const pkr = { currency: 'PKR', exponent: 2, locale: 'en-PK' };

describe('formatMoney', () => {
  it.each([
    [125050, 'Rs 1,250.50'],
    [1, 'Rs 0.01'],
    [0, 'Rs 0.00'],
    [123456789012, 'Rs 1,234,567,890.12'],
    [-99950, '-Rs 999.50'],
  ])('formats %i paisa as %s', (units, expected) => {
    expect(formatMoney(units, pkr).replace(/\s/g, ' ')).toBe(expected);
  });

  it('keeps every digit of amounts a float would blur', () => {
    expect(formatMoney(900719925474099, pkr).replace(/\s/g, ' ')).toBe('Rs 9,007,199,254,740.99');
  });

  it('follows the currency exponent and locale', () => {
    expect(formatMoney(1500, { currency: 'KWD', exponent: 3, locale: 'en-US' }).replace(/\s/g, ' ')).toBe('KWD 1.500');
    expect(formatMoney(250, { currency: 'USD', exponent: 2, locale: 'en-US' }, { sign: true })).toBe('+$2.50');
  });
});

describe('dates in the branch zone', () => {
  // 2026-11-23 20:30 UTC is already 24 Nov in Karachi (UTC+5).
  const instant = Date.UTC(2026, 10, 23, 20, 30);
  it('shows the branch day, not the machine day', () => {
    expect(formatDate(instant, 'en-PK', 'Asia/Karachi')).toMatch(/^24.Nov.2026$/);
    expect(formatDate(instant, 'en-PK', 'UTC')).toMatch(/^23.Nov.2026$/);
    expect(formatDateTime(instant, 'en-PK', 'Asia/Karachi')).toMatch(/24.Nov.2026.*1:30/);
  });
});
