// Reliability: thousands of malformed requests at every /api route, and malformed payloads to every cart intent over
// socket.io, get clear errors with stable codes and change nothing.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.ts';
import { createApp } from '../http/app.ts';
import { attachRealtime } from '../realtime/realtime.ts';
import { ERROR_STATUS } from '../shared/errors.ts';
import { testDeps } from '../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../test/staff-builders.ts';
import { badRequests, databaseFingerprint } from './bad-input.ts';
import { badIntents } from './bad-intents.ts';

/** Tables that legitimately record refused attempts: failed sign-ins are audited and count toward a counter lockout. */
const RECORDING_TABLES = ['audit_log', 'counter_lockouts'];

describe('bad input', () => {
  it('gets a stable error code, never a 5xx, and leaves the database unchanged', async () => {
    const deps = testDeps();
    seedDemo(deps.db, deps.config, deps.clock, { variants: 200 });
    const app = createApp(deps);
    // Malformed requests from an owner signed in on a paired counter reach validation, not just the 401 of the edge.
    const owner = aStaff(deps.db, { role: 'owner' });
    const cookie = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock), owner);
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as Parameters<typeof badRequests>[0];
    const requests = badRequests(doc, { bodyLimitBytes: deps.config.bodyLimitKb * 1024, minimum: 5000 });
    expect(requests.length).toBeGreaterThanOrEqual(5000);

    const before = databaseFingerprint(deps.db.$client, RECORDING_TABLES);
    const failures: string[] = [];
    for (const r of requests) {
      const response = await app.request(r.path, { method: r.method, headers: { ...r.headers, cookie }, body: r.body as never });
      if (response.status >= 500) failures.push(`${r.label}: HTTP ${response.status}`);
      if (response.status === 401) failures.push(`${r.label}: refused as unauthenticated, so never reached validation`);
      if (response.status >= 400) {
        const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
        const code = body?.error?.code;
        if (!code || !(code in ERROR_STATUS)) failures.push(`${r.label}: no stable error code (${JSON.stringify(body)?.slice(0, 80)})`);
      } else {
        await response.arrayBuffer();
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(databaseFingerprint(deps.db.$client, RECORDING_TABLES)).toEqual(before);
  });
});

describe('bad cart intents over socket.io', () => {
  it('get an ack with a stable error code from a signed-in counter, never crash the box, and change nothing', async () => {
    const deps = testDeps();
    seedDemo(deps.db, deps.config, deps.clock, { variants: 200 });
    const app = createApp(deps);
    const server = await new Promise<HttpServer>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as HttpServer));
    });
    const io = attachRealtime(server, deps);
    const paired = aPairedDevice(deps.db, deps.clock);
    const cashier = aStaff(deps.db, { role: 'cashier' });
    await aSignedInCookie(deps.db, deps.clock, paired, cashier);
    const socket = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: paired.cookie },
    });
    try {
      await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
      let disconnected = false;
      socket.on('disconnect', () => { disconnected = true; });
      // A real line in the cart, so one-bad-field payloads aim at it.
      const target = deps.db.$client.prepare(`select v.id as variantId, b.barcode from variants v join variant_barcodes b on b.variant_id = v.id
        where v.unit = 'each' and v.active = 1 limit 1`).get() as { variantId: string; barcode: string };
      const added = await socket.timeout(5000).emitWithAck('cart:add', { opId: 'fuzz-setup-0001', variantId: target.variantId });
      expect(added).toMatchObject({ ok: true });
      const cartBefore = (added as { cart: { lines: Array<{ lineId: string }>; version: number } }).cart;
      const intents = badIntents({ lineId: cartBefore.lines[0]!.lineId, variantId: target.variantId, barcode: target.barcode });
      expect(intents.length).toBeGreaterThan(300);

      const before = databaseFingerprint(deps.db.$client, RECORDING_TABLES);
      const failures: string[] = [];
      for (const intent of intents) {
        // Without an ack the intent is ignored; with one it must be refused with a stable code (INTERNAL would be a caught bug).
        (socket.emit as (event: string, payload: unknown) => void)(intent.event, intent.payload);
        const reply = await (socket.timeout(5000).emitWithAck as (event: string, payload: unknown) => Promise<unknown>)(intent.event, intent.payload)
          .catch((error: Error) => ({ noAck: error.message }));
        const error = (reply as { ok?: boolean; error?: { code?: string } }).error;
        if ((reply as { ok?: boolean }).ok !== false) failures.push(`${intent.label}: ${JSON.stringify(reply).slice(0, 100)}`);
        else if (!error?.code || !(error.code in ERROR_STATUS) || error.code === 'INTERNAL') failures.push(`${intent.label}: unstable error ${JSON.stringify(error).slice(0, 100)}`);
      }
      expect(failures.slice(0, 20)).toEqual([]);
      expect(databaseFingerprint(deps.db.$client, RECORDING_TABLES)).toEqual(before);
      // The box still answers on the same socket and the cart is as it was.
      expect(disconnected).toBe(false);
      expect(await socket.timeout(5000).emitWithAck('box:ping')).toEqual({ now: deps.clock.now() });
      const after = await socket.timeout(5000).emitWithAck('cart:get');
      expect(after).toMatchObject({ ok: true, cart: { version: cartBefore.version, lines: cartBefore.lines } });
    } finally {
      socket.close();
      await io.close();
    }
  });
});
