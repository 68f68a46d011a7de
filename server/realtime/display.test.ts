// Customer display sockets: they see the counter's cart live and the change after a cash sale, and can change nothing.
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { listCounters } from '../domain/branch/index.ts';
import { getCart } from '../domain/cart/index.ts';
import { saleSettings } from '../domain/sale/index.ts';
import { openShift } from '../domain/shift/index.ts';
import { actorForStaff, createPairingCode, findStaffById, pairDevice, revokeDevice } from '../domain/staff/index.ts';
import { createApp } from '../http/app.ts';
import { newId } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch, aVariant, testDeps } from '../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../test/staff-builders.ts';
import { RealtimeEffects } from './effects.ts';
import type { CartAck, CheckoutAck, DisplayAck, DisplaySale } from './events.ts';
import { attachRealtime, type RealtimeServer } from './realtime.ts';

const open: Array<{ io: RealtimeServer; sockets: Socket[] }> = [];
afterEach(async () => {
  for (const box of open.splice(0)) {
    for (const s of box.sockets) s.close();
    await box.io.close();
  }
});

async function world() {
  const effects = new RealtimeEffects({ requestReceipt: () => {}, requestQuote: () => {} });
  const deps = { ...testDeps(), effects };
  const branch = aBranch(deps.db, { name: 'Johar Town' });
  const counter = listCounters(deps.db, branch.id)[0]!;
  aVariant(deps.db, { title: 'Lawn Kurta', price: '250.00', barcode: '8960000000019', stock: 30, branchId: branch.id });
  const paired = aPairedDevice(deps.db, deps.clock);
  const cashier = aStaff(deps.db, { role: 'cashier', pin: '2468' });
  const cookie = await aSignedInCookie(deps.db, deps.clock, paired, cashier);
  const actor = actorForStaff(deps.db, findStaffById(deps.db, cashier.id)!, { counterId: counter.id, deviceId: paired.device.deviceId, branchId: branch.id })!;
  unwrap(openShift(deps.db, actor, { counterId: counter.id, openingFloat: 0 as never }, deps.clock.now(), 'Asia/Karachi'));
  const server = await new Promise<HttpServer>((resolve) => {
    const s = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as HttpServer));
  });
  const io = attachRealtime(server, deps);
  effects.attach(io);
  const box = { io, sockets: [] as Socket[] };
  open.push(box);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp(deps);
  const client = async (display: boolean, as = cookie) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: as }, ...(display ? { auth: { display: true } } : {}) });
    box.sockets.push(socket);
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
    return socket;
  };
  const emit = <T>(socket: Socket, event: string, payload?: unknown) => new Promise<T>((resolve) => (payload === undefined ? socket.emit(event, resolve) : socket.emit(event, payload, resolve)));
  return { deps, io, app, counter, paired, cashier, client, emit };
}

describe('customer display socket', () => {
  it('gets a snapshot, follows the cart live, and is thanked with the change after a cash sale', async () => {
    const w = await world();
    const till = await w.client(false);
    const display = await w.client(true);

    const first = await w.emit<DisplayAck>(display, 'display:get');
    expect(first.ok && { ...first.display, cart: first.display.cart.lines }).toEqual({
      counter: { id: w.counter.id, code: 'C1', name: 'Counter 1' }, branchName: 'Johar Town', logo: null, currency: 'PKR', currencyExponent: 2,
      locale: 'en-PK', demo: false, cart: [],
    });

    const shown = new Promise<unknown>((resolve) => display.once('cart:updated', resolve));
    const scanned = await w.emit<CartAck>(till, 'cart:scan', { opId: newId(), code: '8960000000019' });
    expect(scanned.ok).toBe(true);
    expect(await shown).toMatchObject({ lines: [{ title: 'Lawn Kurta — M / Black', quantity: 1, total: 25000 }], total: 25000 });

    const thanked = new Promise<DisplaySale>((resolve) => display.once('display:sale-completed', resolve));
    const paid = await w.emit<CheckoutAck>(till, 'cart:checkout', { opId: newId(), orderId: scanned.ok ? scanned.cart.orderId : '', tenders: [{ method: 'cash', amount: 30000 }] });
    expect(paid.ok).toBe(true);
    expect(await thanked).toMatchObject({ receiptNumber: 'TST1-C1-000001', total: 25000, tendered: 30000, change: 5000, cash: true });
  });

  it('refuses every cart intent with DISPLAY_READ_ONLY and the cart stays as it was', async () => {
    const w = await world();
    const till = await w.client(false);
    const display = await w.client(true);
    expect((await w.emit<CartAck>(till, 'cart:scan', { opId: newId(), code: '8960000000019' })).ok).toBe(true);
    const ctx = { settings: saleSettings(w.deps.config), currencyExponent: 2 };
    const before = unwrap(getCart(w.deps.db, w.counter.id, ctx));
    for (const [event, payload] of [
      ['cart:scan', { opId: newId(), code: '8960000000019' }],
      ['cart:clear', { opId: newId() }],
      ['cart:checkout', { opId: newId(), orderId: before.orderId, tenders: [{ method: 'cash', amount: 30000 }] }],
    ] as const) {
      const reply = await w.emit<CartAck>(display, event, payload);
      expect([event, !reply.ok && reply.error.code]).toEqual([event, 'DISPLAY_READ_ONLY']);
    }
    const cartGet = await w.emit<CartAck>(display, 'cart:get');
    expect(!cartGet.ok && cartGet.error.code).toBe('DISPLAY_READ_ONLY');
    expect(unwrap(getCart(w.deps.db, w.counter.id, ctx))).toEqual(before);
    expect(before.lines).toHaveLength(1);
    const [server] = (await w.io.fetchSockets()).filter((s) => s.data.display);
    expect(server!.data.actor).toBeUndefined();
    expect([...server!.rooms].filter((r) => r !== server!.id).sort()).toEqual([`counter:${w.counter.id}`, `display-device:${w.paired.device.deviceId}`]);
  });

  it('is dropped the moment its device is unpaired', async () => {
    const w = await world();
    const display = await w.client(true);
    const dropped = new Promise<string>((resolve) => display.once('disconnect', resolve));
    unwrap(revokeDevice(w.deps.db, null, w.paired.device.deviceId, w.deps.clock));
    expect(await dropped).toBe('io server disconnect');
  });

  it('a display-only pairing is a display whatever it asks: no sign-in, no API, no cart intents', async () => {
    const w = await world();
    const code = unwrap(createPairingCode(w.deps.db, null, 'C1', w.deps.clock, undefined, 'display'));
    const paired = unwrap(pairDevice(w.deps.db, { code: code.code }, w.deps.clock));
    expect(paired.device.kind).toBe('display');
    const cookie = `box_device=${paired.credential}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await w.app.request(path, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return [response.status, ((await response.json()) as { error?: { code: string } }).error?.code ?? 'ok'];
    };
    expect(await call('GET', '/api/v1/session')).toEqual([403, 'DISPLAY_READ_ONLY']);
    expect(await call('POST', '/api/v1/session', { staffCode: w.cashier.code, pin: '2468' })).toEqual([403, 'DISPLAY_READ_ONLY']);
    expect(await call('GET', '/api/v1/cart')).toEqual([403, 'DISPLAY_READ_ONLY']);
    expect(await call('GET', '/api/v1/box')).toEqual([200, 'ok']);

    const socket = await w.client(false, cookie); // it does not even ask to be a display
    const reply = await w.emit<CartAck>(socket, 'cart:scan', { opId: newId(), code: '8960000000019' });
    expect(!reply.ok && reply.error.code).toBe('DISPLAY_READ_ONLY');
    const snapshot = await w.emit<DisplayAck>(socket, 'display:get');
    expect(snapshot.ok && snapshot.display.counter.code).toBe('C1');
  });
});
