import { describe, expect, it } from 'vitest';
import { isUuidV7, newId } from './ids.ts';

describe('newId', () => {
  it('makes valid, unique UUIDv7s that sort in the order they were made', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(ids.every(isUuidV7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('tells a UUIDv7 from other strings', () => {
    expect(isUuidV7('0190d5a0-0000-7000-8000-000000000000')).toBe(true);
    expect(isUuidV7('0190d5a0-0000-4000-8000-000000000000')).toBe(false); // v4
    expect(isUuidV7('not-an-id')).toBe(false);
  });
});
