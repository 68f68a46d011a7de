// Serial pole displays (2 × 20 VFD) per counter: the last line and the total on every cart change, the change after a sale.
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { findBranch, listCounters } from '../domain/branch/index.ts';
import type { CartView } from '../domain/cart/index.ts';
import type { Logger } from '../logger.ts';
import type { DisplaySale } from '../realtime/events.ts';
import { toDecimalString, type Money } from '../shared/money.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { PoleDisplay, poleLine, type CustomerDisplay } from '../../hardware/display/pole-display.ts';
import { parsePrinterAddress } from '../../hardware/transport/transport.address.ts';
import { createTransport } from '../../hardware/transport/transport.factory.ts';
import type { Transport } from '../../hardware/transport/transport.port.ts';

/** Parses `C1=serial:///dev/ttyUSB0?baud=9600,C2=tcp://10.0.0.9:9100` into counter code → address. */
export function parsePoleDisplays(spec: string): Result<Map<string, string>> {
  const map = new Map<string, string>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1) return err('VALIDATION_FAILED', `"${part}" is not COUNTER=ADDRESS`, { part });
    map.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return ok(map);
}

/** "1,234.50": pole displays have no currency symbol worth the columns. */
function amount(value: Money, exponent: number): string {
  const [whole = '0', fraction] = toDecimalString(value, exponent).replace('-', '').split('.');
  return `${value < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

/** The two lines for a cart: the line scanned last (quantity × price when more than one) and the total. */
export function poleLinesForCart(cart: CartView, exponent: number): [string, string] {
  const last = cart.lines.at(-1);
  if (!last) return ['WELCOME', ''];
  const first = last.unit === 'each' && last.quantity > 1 ? `${last.quantity}x ${last.title}` : last.title;
  return [poleLine(first.slice(0, 11), amount(last.total, exponent)), poleLine('TOTAL', amount(cart.total, exponent))];
}

/** The two lines after a sale: the total paid and the change (or a thank-you when there is none). */
export function poleLinesForSale(sale: DisplaySale, exponent: number): [string, string] {
  return [poleLine('TOTAL', amount(sale.amountDue, exponent)), sale.cash && sale.change > 0 ? poleLine('CHANGE', amount(sale.change, exponent)) : 'THANK YOU'];
}

/**
 * Writes to each counter's pole display without ever holding up the till: one write at a time per display, and
 * while one is under way only the newest text waits (older texts are dropped). Failures are logged, never thrown.
 */
export class PoleDisplayRelay {
  private readonly busy = new Set<string>();
  private readonly pending = new Map<string, [string, string]>();

  constructor(
    private readonly displays: ReadonlyMap<string, CustomerDisplay>,
    private readonly exponent: number,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  cartChanged(counterId: string, cart: CartView): void {
    // An emptied cart right after a sale keeps the change on screen; the next scan replaces it.
    if (cart.lines.length === 0) return;
    this.show(counterId, poleLinesForCart(cart, this.exponent));
  }

  saleCompleted(counterId: string, sale: DisplaySale): void {
    this.show(counterId, poleLinesForSale(sale, this.exponent));
  }

  /** Resolves when every display has written its newest text (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.busy.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private show(counterId: string, lines: [string, string]): void {
    const display = this.displays.get(counterId);
    if (!display) return;
    this.pending.set(counterId, lines);
    if (this.busy.has(counterId)) return;
    this.busy.add(counterId);
    void this.drain(counterId, display);
  }

  private async drain(counterId: string, display: CustomerDisplay): Promise<void> {
    try {
      for (let next = this.pending.get(counterId); next; next = this.pending.get(counterId)) {
        this.pending.delete(counterId);
        const shown = await display.show(next[0], next[1]).catch((error: unknown) => err('INTERNAL', String(error)));
        if (!shown.ok) this.logger.warn({ counterId, code: shown.error.code, message: shown.error.message }, 'pole display write failed');
      }
    } finally {
      this.busy.delete(counterId);
    }
  }
}

export interface PoleDisplays {
  relay: PoleDisplayRelay;
  close(): Promise<void>;
}

/**
 * The pole displays named in `poleDisplays` (counter code or name → address), each on its own transport; null when
 * none is configured. A counter or address that cannot be used is logged and skipped (the till sells without it).
 */
export function startPoleDisplays(db: Db, config: Pick<Config, 'poleDisplays' | 'currencyExponent'>, logger: Pick<Logger, 'warn' | 'info'>): PoleDisplays | null {
  const parsed = parsePoleDisplays(config.poleDisplays);
  if (!parsed.ok || parsed.value.size === 0) return null;
  const branch = findBranch(db);
  const counters = branch ? listCounters(db, branch.id) : [];
  const displays = new Map<string, CustomerDisplay>();
  const transports: Transport[] = [];
  for (const [ref, text] of parsed.value) {
    const counter = counters.find((c) => c.code.toLowerCase() === ref.toLowerCase() || c.name.toLowerCase() === ref.toLowerCase());
    const address = parsePrinterAddress(text);
    if (!counter || !address.ok) {
      logger.warn({ counter: ref, address: text, problem: counter ? address.ok ? null : address.error.message : 'no such counter' }, 'pole display skipped');
      continue;
    }
    const transport = createTransport(address.value, { connectMs: 2000, writeMs: 3000, readMs: 500 });
    transports.push(transport);
    displays.set(counter.id, new PoleDisplay(transport));
    logger.info({ counter: counter.code, address: text }, 'pole display for counter');
  }
  if (displays.size === 0) return null;
  const relay = new PoleDisplayRelay(displays, config.currencyExponent, logger);
  return {
    relay,
    close: async () => {
      await relay.idle();
      await Promise.all(transports.map((t) => t.close()));
    },
  };
}
