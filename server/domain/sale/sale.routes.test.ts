import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks } from '../../checks.ts';
import { createApp } from '../../http/app.ts';
import { attachRealtime, type RealtimeServer } from '../../realtime/realtime.ts';
import { RealtimeEffects } from '../../realtime/effects.ts';
import type { CartAck, CheckoutAck } from '../../realtime/events.ts';
import { newId } from '../../shared/ids.ts';
import { unwrap } from '../../shared/result.ts';
import { aBranch, aVariant, testDeps } from '../../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../../test/staff-builders.ts';
import { listCounters } from '../branch/index.ts';
import { openShift } from '../shift/index.ts';
import { actorForStaff, findStaffById } from '../staff/index.ts';
import type { ReceiptPrintRequest } from './sale.ports.ts';

async function world() {
  const prints: ReceiptPrintRequest[] = [];
  const effects = new RealtimeEffects({ requestReceipt: (r) => prints.push(r), requestQuote: () => {} });
  const deps = { ...testDeps(), effects };
  const branch = aBranch(deps.db);
  const counter = listCounters(deps.db, branch.id)[0]!;
  const variant = aVariant(deps.db, { price: '250.00', barcode: '8960000000019', stock: 30, branchId: branch.id });
  const paired = aPairedDevice(deps.db, deps.clock);
  const cashier = aStaff(deps.db, { role: 'cashier', pin: '2468' });
  const cookie = await aSignedInCookie(deps.db, deps.clock, paired, cashier);
  const actor = actorForStaff(deps.db, findStaffById(deps.db, cashier.id)!, { counterId: counter.id, deviceId: paired.device.deviceId, branchId: branch.id })!;
  const app = createApp(deps);
  const post = (body: unknown, headers: Record<string, string> = {}) => app.request('/api/v1/orders', {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify(body),
  });
  return { deps, app, branch, counter, variant, cookie, actor, post, effects, prints };
}

const body = (variantId: string, orderId = newId()) => ({ orderId, lines: [{ variantId, quantity: 2 }], tenders: [{ method: 'cash', amount: 60000 }] });

describe('POST /api/v1/orders', () => {
  it('answers SHIFT_NOT_OPEN, then completes the sale once a shift is open, and GET returns it with its sync status', async () => {
    const w = await world();
    const first = await w.post(body(w.variant));
    expect([first.status, ((await first.json()) as { error: { code: string } }).error.code]).toEqual([409, 'SHIFT_NOT_OPEN']);
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const request = body(w.variant);
    const created = await w.post(request);
    expect(created.status).toBe(201);
    const order = (await created.json()) as { id: string; receiptNumber: string; change: number };
    expect(order).toMatchObject({ id: request.orderId, receiptNumber: 'TST1-C1-000001', change: 10000 });
    const read = await w.app.request(`/api/v1/orders/${order.id}`, { headers: { cookie: w.cookie } });
    expect(await read.json()).toMatchObject({ receiptNumber: 'TST1-C1-000001', lines: [{ quantity: 2, total: 50000 }], payments: [{ method: 'cash', amount: 50000, change: 10000 }], sync: { shopify: 'PENDING' } });
    expect(w.prints).toHaveLength(1);
  });

  it("tells how long the checkout handler took in Server-Timing, on a new sale and on a replay", async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const request = body(w.variant);
    const created = await w.post(request);
    const replayed = await w.post(request);
    expect([created.status, replayed.status]).toEqual([201, 200]);
    for (const response of [created, replayed]) expect(response.headers.get('server-timing')).toMatch(/^handler;dur=\d+\.\d{3}$/);
  });

  it('returns the first order for a replayed Idempotency-Key and refuses the key with another body', async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const request = body(w.variant);
    const a = await w.post(request, { 'idempotency-key': 'key-000001' });
    const b = await w.post(request, { 'idempotency-key': 'key-000001' });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(await b.json()).toEqual(await a.json());
    const c = await w.post(body(w.variant), { 'idempotency-key': 'key-000001' });
    expect([c.status, ((await c.json()) as { error: { code: string } }).error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(w.deps.db.$client.prepare('select count(*) as n from orders').get()).toEqual({ n: 1 });
  });

  it('20 concurrent checkouts through the API leave the stock level equal to its movements', async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const responses = await Promise.all(Array.from({ length: 20 }, () => w.post({ ...body(w.variant), lines: [{ variantId: w.variant, quantity: 1 }] })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(w.deps.db.$client.prepare('select on_hand from stock_levels where variant_id = ?').get(w.variant)).toEqual({ on_hand: 10 });
    expect(runChecks(w.deps.db).filter((c) => !c.ok)).toEqual([]);
  });

  it("lists the shift's sales and reprints one as an audited copy without a drawer kick", async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    for (let i = 0; i < 2; i++) expect((await w.post(body(w.variant))).status).toBe(201);
    const list = (await (await w.app.request('/api/v1/orders', { headers: { cookie: w.cookie } })).json()) as { items: Array<{ id: string; receiptNumber: string; methods: string }> };
    expect(list.items.map((o) => [o.receiptNumber, o.methods])).toEqual([['TST1-C1-000002', 'cash'], ['TST1-C1-000001', 'cash']]);
    const reprint = await w.app.request(`/api/v1/orders/${list.items[1]!.id}/reprint`, { method: 'POST', headers: { cookie: w.cookie } });
    expect(await reprint.json()).toEqual({ receiptNumber: 'TST1-C1-000001' });
    expect(w.prints.at(-1)).toMatchObject({ receiptNumber: 'TST1-C1-000001', reprint: true, openDrawer: false });
    expect(w.deps.db.$client.prepare("select count(*) as n from audit_log where action = 'sale.receipt_reprinted'").get()).toEqual({ n: 1 });
  });

  it('prints one copy per Idempotency-Key however often the reprint is retried; a new key prints another', async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const sold = (await (await w.post(body(w.variant))).json()) as { id: string };
    const reprint = (key: string) => w.app.request(`/api/v1/orders/${sold.id}/reprint`, { method: 'POST', headers: { cookie: w.cookie, 'idempotency-key': key } });
    const printsBefore = w.prints.length;
    for (let i = 0; i < 3; i++) expect((await reprint('reprint-key-0001')).status).toBe(200);
    expect(w.prints.length - printsBefore).toBe(1);
    expect((await reprint('reprint-key-0002')).status).toBe(200);
    expect(w.prints.slice(printsBefore).map((p) => p.reprintKey)).toEqual(['reprint-key-0001', 'reprint-key-0002']);
    expect(w.deps.db.$client.prepare("select count(*) as n from audit_log where action = 'sale.receipt_reprinted'").get()).toEqual({ n: 2 });
  });

  it("shows each sale's Shopify sync status in the shift's list and the order, with the last error of a failed one", async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    for (let i = 0; i < 3; i++) expect((await w.post(body(w.variant))).status).toBe(201);
    type Row = { id: string; receiptNumber: string; sync: { shopify: string | null; shopifyError: string | null } };
    const list = async () => ((await (await w.app.request('/api/v1/orders', { headers: { cookie: w.cookie } })).json()) as { items: Row[] }).items;
    expect((await list()).map((o) => [o.receiptNumber, o.sync])).toEqual([
      ['TST1-C1-000003', { shopify: 'PENDING', shopifyError: null }],
      ['TST1-C1-000002', { shopify: 'PENDING', shopifyError: null }],
      ['TST1-C1-000001', { shopify: 'PENDING', shopifyError: null }],
    ]);
    const [third, second, first] = await list();
    const mark = w.deps.db.$client.prepare('update outbox set status = ?, last_error = ? where document_id = ?');
    mark.run('SYNCED', null, first!.id);
    mark.run('FAILED', 'INVALID_INVENTORY_ITEM: the inventory item does not exist', second!.id);
    mark.run('PENDING', 'SHOPIFY_UNREACHABLE: fetch failed', third!.id);
    expect((await list()).map((o) => [o.receiptNumber, o.sync])).toEqual([
      ['TST1-C1-000003', { shopify: 'PENDING', shopifyError: 'SHOPIFY_UNREACHABLE: fetch failed' }],
      ['TST1-C1-000002', { shopify: 'FAILED', shopifyError: 'INVALID_INVENTORY_ITEM: the inventory item does not exist' }],
      ['TST1-C1-000001', { shopify: 'SYNCED', shopifyError: null }],
    ]);
    const read = await w.app.request(`/api/v1/orders/${second!.id}`, { headers: { cookie: w.cookie } });
    expect(((await read.json()) as Row).sync).toEqual({ shopify: 'FAILED', shopifyError: 'INVALID_INVENTORY_ITEM: the inventory item does not exist' });
  });

  it('wakes the Shopify worker once per committed sale, not for a replayed key or a refused sale', async () => {
    const w = await world();
    let wakes = 0;
    w.effects.syncWake = () => { wakes++; };
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const request = body(w.variant);
    expect((await w.post(request, { 'idempotency-key': 'key-000002' })).status).toBe(201);
    expect(wakes).toBe(1);
    expect((await w.post(request, { 'idempotency-key': 'key-000002' })).status).toBe(200);
    expect((await w.post({ ...body(w.variant), tenders: [{ method: 'cash', amount: 100 }] })).status).toBe(422);
    expect(wakes).toBe(1);
    expect((await w.post(body(w.variant))).status).toBe(201);
    expect(wakes).toBe(2);
  });

  it('refuses a tender short of the total with TENDER_SHORT (422)', async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const r = await w.post({ ...body(w.variant), tenders: [{ method: 'cash', amount: 100 }] });
    expect([r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([422, 'TENDER_SHORT']);
  });
});

describe('cart intents over socket.io', () => {
  const open: Array<{ io: RealtimeServer; sockets: Socket[] }> = [];
  afterEach(async () => {
    for (const box of open.splice(0)) {
      for (const s of box.sockets) s.close();
      await box.io.close();
    }
  });

  it('scans, acks the cart, pushes cart:updated to the counter and sale:completed to the branch', async () => {
    const w = await world();
    unwrap(openShift(w.deps.db, w.actor, { counterId: w.counter.id, openingFloat: 0 as never }, w.deps.clock.now(), 'Asia/Karachi'));
    const server = await new Promise<HttpServer>((resolve) => {
      const s = serve({ fetch: w.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as HttpServer));
    });
    const io = attachRealtime(server, w.deps);
    w.effects.attach(io);
    const socket = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: w.cookie } });
    open.push({ io, sockets: [socket] });
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
    const emit = <T>(event: string, payload: unknown) => new Promise<T>((resolve) => socket.emit(event, payload, resolve));

    const updated = new Promise((resolve) => socket.once('cart:updated', resolve));
    const scanned = await emit<CartAck>('cart:scan', { opId: newId(), code: '8960000000019' });
    expect(scanned.ok && scanned.cart.lines.map((l) => [l.quantity, l.total])).toEqual([[1, 25000]]);
    expect(await updated).toEqual(scanned.ok && scanned.cart);
    const unknown = await emit<CartAck>('cart:scan', { opId: newId(), code: '123' });
    expect(!unknown.ok && unknown.error.code).toBe('BARCODE_NOT_FOUND');
    const bad = await emit<CartAck>('cart:setQty', { opId: newId(), lineId: 'x', quantity: 'two' });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION_FAILED');

    const completed = new Promise((resolve) => socket.once('sale:completed', resolve));
    const paid = await emit<CheckoutAck>('cart:checkout', { opId: newId(), orderId: scanned.ok ? scanned.cart.orderId : '', tenders: [{ method: 'cash', amount: 30000 }] });
    expect(paid.ok && [paid.order.receiptNumber, paid.order.change, paid.cart.lines.length]).toEqual(['TST1-C1-000001', 5000, 0]);
    expect(await completed).toMatchObject({ receiptNumber: 'TST1-C1-000001' });
  });
});
