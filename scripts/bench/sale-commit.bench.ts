// sale-commit: POST /api/v1/orders from 1, 10 and 20 paired counters with signed-in cashiers on a large catalog,
// against the same rows written by plain better-sqlite3 transactions in this process (ratio = API / raw).
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { closeDatabase, openDatabase } from '../../server/db/connection.ts';
import { spawnBox } from '../../server/test/box-process.ts';
import { CounterClient } from '../../server/test/counter-client.ts';
import { round, summarize, type Benchmark, type BenchResult } from './harness.ts';
import { rawSaleWriter } from './raw-sale.ts';
import { pairDevices, seededDataDir } from './seeded.ts';

const CONCURRENCY = [1, 10, 20];

interface Sold {
  status: number;
  orderId: string;
  body: string;
  /** The checkout handler's own time from its Server-Timing header, ms. */
  handlerMs: number | null;
}

/**
 * A lean kiosk for the timed loop: one keep-alive connection and plain node:http, as the /healthz and lookup loads
 * use, so the client's own CPU (on the same two cores as the box) weighs as little as it can on the figure. The
 * body is the one CounterClient.sell sends: two lines, cash, an order id made by the kiosk.
 */
function leanSeller(baseUrl: string, cookie: string) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    sell(lines: Array<{ variantId: string; quantity: number }>): Promise<Sold> {
      const orderId = uuidv7();
      const body = JSON.stringify({ orderId, lines, tenders: [{ method: 'cash', amount: 100_000_000 }] });
      return new Promise((resolve, reject) => {
        const req = request({
          host: url.hostname, port: url.port, path: '/api/v1/orders', method: 'POST', agent,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), cookie },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const timing = /handler;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''))?.[1];
            resolve({ status: res.statusCode ?? 0, orderId, body: Buffer.concat(chunks).toString(), handlerMs: timing ? Number(timing) : null });
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

export const saleCommit: Benchmark = {
  name: 'sale-commit',
  async run(ctx) {
    const variants = ctx.quick ? 50_000 : 200_000;
    const seconds = ctx.quick ? 3 : 8;
    const dataDir = seededDataDir(ctx, variants, 20, 'sale-commit');
    const configFile = join(dataDir, 'bench.json');
    writeFileSync(configFile, JSON.stringify({ allowNegativeStock: true }));
    const credentials = pairDevices(dataDir, 20);
    const db = openDatabase(join(dataDir, 'box.sqlite'));
    const variantIds = (db.$client.prepare("select id from variants where unit = 'each' order by random() limit 2000").all() as Array<{ id: string }>).map((r) => r.id);
    closeDatabase(db);

    // Two in-server figures: the checkout handler's own time (auth and validation done → transaction → response built),
    // from its Server-Timing header, which is what the budget names; and the whole request inside the box, from the
    // request log (body read, auth, validation, handler, plus any wait behind other counters' requests).
    const requestMs: number[] = [];
    const box = await spawnBox(dataDir, ['--config', configFile], (line) => {
      if (!line.includes('"path":"/api/v1/orders"')) return;
      const ms = /"ms":([\d.]+)/.exec(line)?.[1];
      if (ms) requestMs.push(Number(ms));
    });
    const clients = credentials.map((credential) => {
      const client = new CounterClient(box.url);
      client.setCookie('box_device', credential);
      return client;
    });
    for (const client of clients) {
      await client.signIn('1004', '4004');
      await client.openShift();
    }
    const sellers = clients.map((client) => leanSeller(box.url, client.cookieHeader()));
    let templateOrderId = '';
    type Summary = { p50: number; p99: number; n: number };
    const api = new Map<number, { rate: number; p50: number; p99: number; n: number; server: Summary; request: Summary }>();
    for (const concurrency of CONCURRENCY) {
      requestMs.length = 0;
      const handlerMs: number[] = [];
      const latencies: number[] = [];
      const deadline = performance.now() + seconds * 1000;
      const started = performance.now();
      await Promise.all(sellers.slice(0, concurrency).map(async (client, c) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const t0 = performance.now();
          const reply = await client.sell([{ variantId: variantIds[(c * 97 + i) % variantIds.length]!, quantity: 1 }, { variantId: variantIds[(c * 31 + i * 7 + 1) % variantIds.length]!, quantity: 2 }]);
          latencies.push(performance.now() - t0);
          if (reply.status !== 201) throw new Error(`sale refused: ${reply.status} ${reply.body}`);
          if (reply.handlerMs !== null) handlerMs.push(reply.handlerMs);
          templateOrderId = reply.orderId;
        }
      }));
      const elapsed = (performance.now() - started) / 1000;
      api.set(concurrency, { rate: latencies.length / elapsed, ...summarize(latencies), server: summarize(handlerMs), request: summarize(requestMs) });
      ctx.log(`${concurrency} counter(s): ${round(latencies.length / elapsed, 1)} sales/s`);
    }
    for (const seller of sellers) seller.close();
    await box.stop();

    // The same rows, in the same sync mode (WAL, synchronous=FULL), by plain transactions in this process.
    const raw = openDatabase(join(dataDir, 'box.sqlite'));
    const write = rawSaleWriter(raw.$client, templateOrderId, variantIds);
    const rawLatencies: number[] = [];
    const rawDeadline = performance.now() + seconds * 1000;
    const rawStarted = performance.now();
    while (performance.now() < rawDeadline) {
      const t0 = performance.now();
      write();
      rawLatencies.push(performance.now() - t0);
    }
    const rawRate = rawLatencies.length / ((performance.now() - rawStarted) / 1000);
    const rawSummary = summarize(rawLatencies);
    closeDatabase(raw);

    const results: BenchResult[] = [{
      name: 'sale-commit.raw-sqlite', unit: 'sales/s', value: round(rawRate, 1), baseline: null, ratio: null, ...rawSummary,
    }];
    for (const [concurrency, a] of api) {
      const ratio = round(a.rate / rawRate, 3);
      results.push({
        name: `sale-commit.api-${concurrency}-counters`, unit: 'sales/s', value: round(a.rate, 1), baseline: round(rawRate, 1), ratio,
        p50: a.p50, p99: a.p99, n: a.n, budget: concurrency <= 10 ? '≥ 60 % of raw' : undefined, withinBudget: concurrency <= 10 ? ratio >= 0.6 : null,
      });
      results.push({
        name: `sale-commit.in-server-${concurrency}-counters`, unit: 'ms', value: a.server.p99, baseline: null, ratio: null,
        p50: a.server.p50, p99: a.server.p99, n: a.server.n, budget: 'p99 ≤ 3 ms', withinBudget: a.server.p99 <= 3,
      });
      results.push({
        name: `sale-commit.in-server-request-${concurrency}-counters`, unit: 'ms', value: a.request.p99, baseline: null, ratio: null,
        p50: a.request.p50, p99: a.request.p99, n: a.request.n,
      });
    }
    return results;
  },
};
