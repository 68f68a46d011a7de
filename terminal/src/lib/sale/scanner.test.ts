import { describe, expect, it } from 'vitest';
import { charOfCode } from './scanner.ts';

describe('scanner key decoding', () => {
  it.each([
    ['Digit8', false, '8'], ['Numpad0', false, '0'], ['KeyA', false, 'a'], ['KeyA', true, 'A'], ['Minus', false, '-'], ['NumpadSubtract', false, '-'],
    ['Period', false, '.'], ['ShiftLeft', false, null], ['F9', false, null], ['Enter', false, null],
  ] as const)('%s (shift %s) is %s, whatever the layout says the key is', (code, shift, expected) => {
    expect(charOfCode(code, shift)).toBe(expected);
  });
});
