// Pole displays per counter: what the two lines say for a cart and after a sale, newest-text-wins writes, real bytes over TCP.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CartView } from '../domain/cart/index.ts';
import { listCounters } from '../domain/branch/index.ts';
import { minor } from '../shared/money.ts';
import { ok, type Result } from '../shared/result.ts';
import { aBranch } from '../test/builders.ts';
import { testDb } from '../test/db.ts';
import { poleDisplayBytes, type CustomerDisplay } from '../../hardware/display/pole-display.ts';
import { parsePoleDisplays, PoleDisplayRelay, poleLinesForCart, poleLinesForSale, startPoleDisplays } from './pole-display.relay.ts';

const silent = { warn: () => {}, info: () => {} };

function aCart(lines: Array<{ title: string; quantity: number; total: number }>, total: number): CartView {
  return { lines: lines.map((l) => ({ ...l, unit: 'each', total: minor(l.total) })), total: minor(total) } as unknown as CartView;
}

const sale = (change: number, cash = true) => ({ orderId: 'o', receiptNumber: 'TST1-C1-000001', total: minor(13470_00), amountDue: minor(13470_00), tendered: minor(14000_00), change: minor(change), cash, at: 0 });

describe('pole display lines', () => {
  it.each([
    ['the last line scanned and the total', aCart([{ title: 'Lawn Kurta', quantity: 1, total: 4490_00 }, { title: 'Ajrak Shawl', quantity: 2, total: 7000_00 }], 11490_00),
      ['2x Ajrak Sh 7,000.00', 'TOTAL      11,490.00']],
    ['a single piece without a count', aCart([{ title: 'Lawn Kurta', quantity: 1, total: 4490_00 }], 4490_00), ['Lawn Kurta  4,490.00', 'TOTAL       4,490.00']],
  ])('shows %s', (_what, cart, expected) => {
    expect(poleLinesForCart(cart, 2)).toEqual(expected);
  });

  it.each([
    [53000, true, ['TOTAL      13,470.00', 'CHANGE        530.00']],
    [0, true, ['TOTAL      13,470.00', 'THANK YOU']],
    [0, false, ['TOTAL      13,470.00', 'THANK YOU']],
  ])('after a sale with change %i (cash %s) shows %j', (change, cash, expected) => {
    expect(poleLinesForSale(sale(change, cash), 2)).toEqual(expected);
  });

  it.each([
    ['', []],
    ['C1=serial:///dev/ttyUSB0?baud=9600', [['C1', 'serial:///dev/ttyUSB0?baud=9600']]],
    ['C1=tcp://10.0.0.9:9100, C2=/dev/ttyACM0', [['C1', 'tcp://10.0.0.9:9100'], ['C2', '/dev/ttyACM0']]],
  ])('parses the poleDisplays setting %j', (spec, expected) => {
    const parsed = parsePoleDisplays(spec);
    expect(parsed.ok && [...parsed.value]).toEqual(expected);
  });
});

describe('PoleDisplayRelay', () => {
  it('writes one text at a time and skips to the newest, leaving the change up when the cart empties after a sale', async () => {
    const shown: string[][] = [];
    const gate = { release: () => {} };
    const slow: CustomerDisplay = {
      show: (a, b) => new Promise<Result<void>>((resolve) => {
        shown.push([a.trim(), b.trim()]);
        gate.release = () => resolve(ok(undefined));
      }),
    };
    const relay = new PoleDisplayRelay(new Map([['c1', slow]]), 2, silent);
    relay.cartChanged('c1', aCart([{ title: 'A', quantity: 1, total: 100 }], 100));
    relay.cartChanged('c1', aCart([{ title: 'B', quantity: 1, total: 200 }], 300));
    relay.cartChanged('c1', aCart([{ title: 'C', quantity: 1, total: 300 }], 600));
    relay.cartChanged('other', aCart([{ title: 'X', quantity: 1, total: 1 }], 1)); // no display there: nothing
    while (shown.length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      gate.release();
    }
    gate.release();
    await relay.idle();
    expect(shown.map((s) => s[0]!.split(' ')[0])).toEqual(['A', 'C']);
    relay.saleCompleted('c1', sale(53000));
    relay.cartChanged('c1', aCart([], 0));
    await new Promise((resolve) => setTimeout(resolve, 1));
    gate.release();
    await relay.idle();
    expect(shown.at(-1)).toEqual(['TOTAL      13,470.00', 'CHANGE        530.00'].map((l) => l.trim()));
  });

  it('sends the display bytes to the counter\'s pole display address and skips an unknown counter', async () => {
    const received: Buffer[] = [];
    const server = net.createServer((socket) => socket.on('data', (chunk) => received.push(chunk)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const db = testDb();
    const branch = aBranch(db);
    const c1 = listCounters(db, branch.id)[0]!;
    const warned: unknown[] = [];
    const displays = startPoleDisplays(db, { poleDisplays: `C1=tcp://127.0.0.1:${port},C9=tcp://127.0.0.1:${port}`, currencyExponent: 2 }, { ...silent, warn: (o: unknown) => warned.push(o) });
    try {
      expect(warned).toMatchObject([{ counter: 'C9', problem: 'no such counter' }]);
      const cart = aCart([{ title: 'Lawn Kurta', quantity: 1, total: 4490_00 }], 4490_00);
      displays!.relay.cartChanged(c1.id, cart);
      await displays!.relay.idle();
      const [a, b] = poleLinesForCart(cart, 2);
      const expected = Buffer.from(poleDisplayBytes(a, b));
      await expect.poll(() => Buffer.concat(received).equals(expected)).toBe(true);
    } finally {
      await displays?.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
