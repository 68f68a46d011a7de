// Reliability under load: 20 counters of the real box process doing mixed work (scan, search, park/resume a draft,
// checkout, reprint) at ten times a cashier's pace; 5 minutes in the long form, 15 s in `npm test`. Asserted:
// no socket dropped, every intent and request answered without a box error, every acknowledged sale present exactly
// once, `check` passes (and in the long form RSS grows ≤ 10 % from minute 2 to the end). Speed is printed, not asserted.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection.ts';
import { createPairingCode, pairDevice } from '../domain/staff/index.ts';
import { systemClock } from '../shared/clock.ts';
import { rssMiB, spawnBox } from '../test/box-process.ts';
import { CounterClient } from '../test/counter-client.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FULL = process.env.RELIABILITY === 'full';
const COUNTERS = 20;
const SECONDS = FULL ? 300 : 15;
const RSS_EVERY_MS = FULL ? 10_000 : 2_000;
const CASHIER = { code: '1004', pin: '4004' };
/** A cashier scans about every 2 s and thinks a few seconds between steps; ten times that pace. */
const PACE = { scanMs: 200, stepMs: 300 };
const SEARCHES = ['kur', 'lawn', 'dupat', 'chappal', 'shal', 'kurta lawn'];

const dataDir = mkdtempSync(join(tmpdir(), 'box-load-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
}

type Ack = { ok: boolean; error?: { code: string; message: string }; cart?: unknown; draft?: unknown; order?: unknown };

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10 : Number.NaN;
}

describe('load', () => {
  it(`serves ${COUNTERS} counters doing mixed work for ${SECONDS} s without dropping a socket or a sale`, async () => {
    const seeded = cli('seed-demo', '--variants', '1000', '--counters', String(COUNTERS), '--data-dir', dataDir);
    expect(seeded.status, seeded.stderr).toBe(0);
    const configFile = join(dataDir, 'load.json');
    writeFileSync(configFile, JSON.stringify({ allowNegativeStock: true }));
    const db = openDatabase(join(dataDir, 'box.sqlite'));
    // Devices paired as a tech would (straight in the database: pairing over HTTP is rate-limited per address).
    const credentials = Array.from({ length: COUNTERS }, (_, i) => {
      const made = createPairingCode(db, null, `C${i + 1}`, systemClock);
      if (!made.ok) throw new Error(made.error.message);
      const paired = pairDevice(db, { code: made.value.code, userAgent: 'load test' }, systemClock);
      if (!paired.ok) throw new Error(paired.error.message);
      return paired.value.credential;
    });
    const barcodes = (db.$client.prepare(`select min(b.barcode) as barcode from variant_barcodes b join variants v on v.id = b.variant_id
      where v.unit = 'each' and v.active = 1 group by v.id limit 500`).all() as Array<{ barcode: string }>).map((r) => r.barcode);
    closeDatabase(db);

    // --demo on a seeded folder: no new seed, but the virtual receipt printer and the in-process Shopify emulator run too.
    const box = await spawnBox(dataDir, ['--config', configFile, '--demo']);
    const sockets: Socket[] = [];
    const acknowledged = new Map<string, string>(); // order id → receipt number shown
    try {
      const clients = credentials.map(() => new CounterClient(box.url));
      await Promise.all(clients.map(async (client, i) => {
        client.setCookie('box_device', credentials[i]!);
        await client.signIn(CASHIER.code, CASHIER.pin);
        await client.openShift();
      }));
      let dropped = 0;
      for (const client of clients) {
        const socket = connect(box.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: client.cookieHeader() } });
        await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
        socket.on('disconnect', () => { dropped++; });
        sockets.push(socket);
      }

      const failures: string[] = [];
      const latency = { scan: [] as number[], search: [] as number[], checkout: [] as number[], park: [] as number[], reprint: [] as number[] };
      const counts = { scans: 0, searches: 0, drafts: 0, reprints: 0 };
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const think = (ms: number) => new Promise((r) => setTimeout(r, ms * (0.5 + random())));
      const intent = async (socket: Socket, event: string, payload: object, samples: number[]): Promise<Ack | null> => {
        const t0 = performance.now();
        const reply = await (socket.timeout(10_000).emitWithAck as (e: string, p: object) => Promise<Ack>)(event, payload).catch((e: Error) => {
          failures.push(`${event}: no ack (${e.message})`);
          return null;
        });
        samples.push(performance.now() - t0);
        if (reply && !reply.ok) failures.push(`${event}: ${reply.error?.code} ${reply.error?.message}`);
        return reply?.ok ? reply : null;
      };
      const http = async (client: CounterClient, method: string, path: string, samples: number[]) => {
        const t0 = performance.now();
        const reply = await client.request(method, path).catch((e: Error) => ({ status: 0, body: e.message }));
        samples.push(performance.now() - t0);
        if (reply.status >= 300 || reply.status === 0) failures.push(`${method} ${path}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 120)}`);
        return reply;
      };

      const rss: Array<{ atS: number; mib: number }> = [];
      const started = performance.now();
      const sampler = setInterval(() => rss.push({ atS: Math.round((performance.now() - started) / 1000), mib: rssMiB(box.child.pid!) }), RSS_EVERY_MS);
      const deadline = started + SECONDS * 1000;
      await Promise.all(clients.map(async (client, c) => {
        const socket = sockets[c]!;
        while (performance.now() < deadline && failures.length < 20) {
          let cart: { orderId: string } | null = null;
          for (let k = 0; k < 1 + Math.floor(random() * 5); k++) {
            await think(PACE.scanMs);
            const reply = await intent(socket, 'cart:scan', { opId: uuidv7(), code: barcodes[Math.floor(random() * barcodes.length)]! }, latency.scan);
            counts.scans++;
            if (reply) cart = reply.cart as { orderId: string };
          }
          if (random() < 0.3) {
            await think(PACE.stepMs);
            await http(client, 'GET', `/api/v1/catalog/search?q=${encodeURIComponent(SEARCHES[Math.floor(random() * SEARCHES.length)]!)}`, latency.search);
            counts.searches++;
          }
          if (cart && random() < 0.15) {
            // Park the sale as a draft, then bring it back (a customer who went to fetch one more thing).
            await think(PACE.stepMs);
            const parked = await intent(socket, 'cart:park', { opId: uuidv7(), name: `Customer ${c}` }, latency.park);
            await think(PACE.stepMs);
            const resumed = parked && await intent(socket, 'cart:resume', { opId: uuidv7(), draftId: (parked.draft as { id: string }).id }, latency.park);
            cart = resumed ? resumed.cart as { orderId: string } : null;
            counts.drafts++;
          }
          if (!cart) continue;
          await think(PACE.stepMs);
          const paid = await intent(socket, 'cart:checkout', { opId: uuidv7(), orderId: cart.orderId, tenders: [{ method: 'cash', amount: 100_000_000 }] }, latency.checkout);
          if (!paid) continue;
          const order = paid.order as { id: string; receiptNumber: string };
          acknowledged.set(order.id, order.receiptNumber);
          if (random() < 0.2) {
            await http(client, 'POST', `/api/v1/orders/${order.id}/reprint`, latency.reprint);
            counts.reprints++;
          }
        }
      }));
      clearInterval(sampler);
      const elapsedS = (performance.now() - started) / 1000;
      expect(failures.slice(0, 20)).toEqual([]);
      expect(dropped).toBe(0);
      expect(sockets.every((s) => s.connected)).toBe(true);
      expect(acknowledged.size).toBeGreaterThan(COUNTERS); // the counters really were selling

      // RSS from minute 2 to the end (long form): the last third of samples against the samples around minute 2.
      const at2 = rss.filter((s) => s.atS >= 110 && s.atS <= 130);
      const end = rss.slice(-3);
      const growth = at2.length && end.length ? (Math.max(...end.map((s) => s.mib)) / Math.max(...at2.map((s) => s.mib))) - 1 : null;
      const figures = {
        mode: FULL ? 'full' : 'short', counters: COUNTERS, seconds: Math.round(elapsedS), sales: acknowledged.size, ...counts,
        salesPerSecond: Math.round((acknowledged.size / elapsedS) * 10) / 10,
        p50Ms: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, percentile(v, 50)])),
        p99Ms: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, percentile(v, 99)])),
        rssMiB: { first: rss[0]?.mib ?? null, max: Math.max(...rss.map((s) => s.mib)), last: rss.at(-1)?.mib ?? null, growthFromMinute2: growth === null ? null : Math.round(growth * 1000) / 10 },
        droppedSockets: dropped,
      };
      console.log(`load: ${JSON.stringify(figures)}`);
      mkdirSync(join(root, 'data', 'reliability'), { recursive: true });
      writeFileSync(join(root, 'data', 'reliability', `load-${figures.mode}.json`), JSON.stringify({ at: new Date().toISOString(), ...figures, rssSamples: rss }, null, 2));
      if (FULL) {
        expect(growth).not.toBeNull();
        expect(growth!).toBeLessThanOrEqual(0.1);
      }
    } finally {
      for (const s of sockets) s.close();
      await box.stop();
    }

    // Every acknowledged sale is there exactly once with the receipt number shown, and `check` passes.
    const after = openDatabase(join(dataDir, 'box.sqlite'), { readonly: true });
    const rows = after.$client.prepare('select id, receipt_number as receiptNumber from orders').all() as Array<{ id: string; receiptNumber: string }>;
    closeDatabase(after);
    expect(rows.length).toBe(new Set(rows.map((r) => r.id)).size);
    const stored = new Map(rows.map((r) => [r.id, r.receiptNumber]));
    expect([...acknowledged].filter(([id, receipt]) => stored.get(id) !== receipt)).toEqual([]);
    expect(rows.length).toBe(acknowledged.size);
    const checked = cli('check', '--data-dir', dataDir);
    expect(checked.status, checked.stdout).toBe(0);
  }, (SECONDS + 120) * 1000);
});
