// Ages on the sync page read like a person would say them.
import { describe, expect, it } from 'vitest';
import { formatAge } from './duration.ts';

describe('formatAge', () => {
  it.each([
    [0, '0 s'], [45_000, '45 s'], [12 * 60_000, '12 min'], [3 * 3600_000 + 5 * 60_000, '3 h 5 min'], [3600_000, '1 h'],
    [2 * 86_400_000 + 4 * 3600_000, '2 d 4 h'], [-5, '0 s'],
  ])('%i ms → %s', (ms, text) => expect(formatAge(ms)).toBe(text));
});
