// Fixed-window rate limits kept in memory (one box process): sign-in and pairing per IP and per counter.
import type { Clock } from '../shared/clock.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  /** Counts one hit on `key`; returns the ms to wait when over the limit, or 0 when allowed. */
  hit(key: string, limit: Limit): number {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= limit.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(now, limit.windowMs);
    }
    window.count += 1;
    return window.count > limit.max ? window.start + limit.windowMs - now : 0;
  }

  private prune(now: number, windowMs: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(key);
  }
}

export const LIMITS = {
  /** Pairing codes have 31^8 values; 10 guesses a minute per address makes guessing hopeless. */
  pairPerIp: { max: 10, windowMs: 60_000 },
  signInPerIp: { max: 30, windowMs: 60_000 },
  signInPerCounter: { max: 20, windowMs: 60_000 },
} as const satisfies Record<string, Limit>;
