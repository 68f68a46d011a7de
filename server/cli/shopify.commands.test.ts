// The import progress line a technician watches on the console.
import { describe, expect, it } from 'vitest';
import { renderProgress } from './shopify.commands.ts';

describe('shopify import progress', () => {
  it.each([
    [{ phase: 'reading', objectsRead: 50_000, objectsTotal: 200_000, perSecond: 10_000, etaSeconds: 15 }, /^\[#{8}-{22}\] 25% 50,000\/200,000 objects · 10,000\/s · ETA 15 s/],
    [{ phase: 'done', objectsRead: 8, objectsTotal: 8, perSecond: 0, etaSeconds: 0 }, /^\[#{30}\] 100% 8\/8 objects/],
    [{ phase: 'waiting', objectsRead: 0, objectsTotal: null, perSecond: 0, etaSeconds: null }, /^waiting for Shopify/],
  ] as const)('renders %o', (progress, expected) => {
    expect(renderProgress(progress)).toMatch(expected);
  });
});
