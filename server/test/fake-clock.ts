// A clock tests move by hand.
import type { Clock } from '../shared/clock.ts';

export class FakeClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 23, 9, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
}
