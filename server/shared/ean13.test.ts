import { describe, expect, it } from 'vitest';
import { completeEan13, ean13CheckDigit, isValidEan13 } from './ean13.ts';

describe('EAN-13', () => {
  it.each([
    ['400638133393', 1], // 4006381333931, a well-known valid code
    ['896000000001', 6],
    ['590123412345', 7], // 5901234123457
    ['000000000000', 0],
  ])('check digit of %s is %i', (body, digit) => {
    expect(ean13CheckDigit(body)).toBe(digit);
  });

  it('accepts valid codes and refuses a changed digit, a wrong length or letters', () => {
    expect(isValidEan13(completeEan13('896123456789'))).toBe(true);
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidEan13('40063813339A1')).toBe(false);
  });
});
