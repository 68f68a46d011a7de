// Reliability: SIGKILL the real box at random moments (many during WAL checkpoints) while 10 counters sell;
// every acknowledged sale survives exactly once, retries never double a sale, and `check` passes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection.ts';
import { createPairingCode } from '../domain/staff/index.ts';
import { systemClock } from '../shared/clock.ts';
import { spawnBox, type BoxProcess } from '../test/box-process.ts';
import { CounterClient, NoAnswer } from '../test/counter-client.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KILLS = process.env.RELIABILITY === 'full' ? 24 : 4;
const COUNTERS = 10;
const CASHIER = { code: '1004', pin: '4004' };

const dataDir = mkdtempSync(join(tmpdir(), 'box-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
}

function killHard(box: BoxProcess): Promise<void> {
  return new Promise((resolve) => {
    if (box.child.exitCode !== null || box.child.signalCode !== null) return resolve();
    box.child.once('exit', () => resolve());
    box.child.kill('SIGKILL');
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged sale exactly once across ${KILLS} SIGKILLs`, async () => {
    const seeded = cli('seed-demo', '--variants', '300', '--counters', String(COUNTERS), '--data-dir', dataDir);
    expect(seeded.status, seeded.stderr).toBe(0);
    // Checkpoints every 25 ms, so many kills land in the middle of one; stock may go below zero so no sale is refused.
    const configFile = join(dataDir, 'crash.json');
    writeFileSync(configFile, JSON.stringify({ walCheckpointMs: 25, allowNegativeStock: true }));
    const boxArgs = ['--config', configFile];

    const db = openDatabase(join(dataDir, 'box.sqlite'));
    const codes = Array.from({ length: COUNTERS }, (_, i) => {
      const made = createPairingCode(db, null, `C${i + 1}`, systemClock);
      if (!made.ok) throw new Error(made.error.message);
      return made.value.code;
    });
    const variantIds = (db.$client.prepare("select id from variants where unit = 'each' limit 25").all() as Array<{ id: string }>).map((r) => r.id);
    closeDatabase(db);

    let box = await spawnBox(dataDir, boxArgs);
    const clients = codes.map(() => new CounterClient(box.url));
    for (const [i, client] of clients.entries()) {
      await client.pair(codes[i]!);
      await client.signIn(CASHIER.code, CASHIER.pin);
      await client.openShift();
    }

    const acknowledged = new Map<string, string>(); // order id → receipt number the client was shown
    let retried = 0;
    let retriedAlreadyCommitted = 0;
    const unanswered = new Set<string>(); // sent, but the box died before answering: may or may not exist
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

    for (let kill = 0; kill < KILLS; kill++) {
      let selling = true;
      const loops = clients.map(async (client, c) => {
        while (selling) {
          const lines = [{ variantId: variantIds[Math.floor(random() * variantIds.length)]!, quantity: 1 + (c % 3) }];
          const orderId = uuidv7();
          try {
            const reply = await client.sell(lines, orderId);
            if (reply.status === 201) acknowledged.set(orderId, (reply.body as { receiptNumber: string }).receiptNumber);
            else throw new Error(`sale refused: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
          } catch (error) {
            if (!(error instanceof NoAnswer)) throw error;
            unanswered.add(orderId);
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 150 + random() * 600));
      await killHard(box);
      selling = false;
      await Promise.all(loops);

      box = await spawnBox(dataDir, boxArgs);
      for (const client of clients) client.baseUrl = box.url;

      // A kiosk retries a sale it got no answer for with the same order id: it must land once, never twice.
      for (const orderId of unanswered) {
        const client = clients[0]!;
        const reply = await client.request('GET', `/api/v1/orders/${orderId}`);
        const line = [{ variantId: variantIds[0]!, quantity: 1 }];
        const retry = await client.sell(line, orderId);
        expect([200, 201], JSON.stringify(retry.body)).toContain(retry.status);
        if (reply.status === 200) expect(retry.status).toBe(200); // it had committed: the retry returns it
        retried += 1;
        if (retry.status === 200) retriedAlreadyCommitted += 1;
        acknowledged.set(orderId, (retry.body as { receiptNumber: string }).receiptNumber);
      }
      unanswered.clear();
    }

    // Every acknowledged sale is there once, with the receipt number its customer was given, and one outbox row.
    const check = openDatabase(join(dataDir, 'box.sqlite'), { readonly: true });
    const rows = check.$client.prepare('select id, receipt_number as receiptNumber from orders').all() as Array<{ id: string; receiptNumber: string }>;
    const outboxCount = new Map((check.$client.prepare("select document_id as id, count(*) as n from outbox where document_type = 'sale' group by document_id").all() as Array<{ id: string; n: number }>).map((r) => [r.id, r.n]));
    closeDatabase(check);
    const stored = new Map(rows.map((r) => [r.id, r.receiptNumber]));
    const missing = [...acknowledged].filter(([id, receipt]) => stored.get(id) !== receipt);
    expect(missing).toEqual([]);
    expect(rows.length).toBe(acknowledged.size); // nothing the clients did not see acknowledged (after retries)
    expect([...acknowledged.keys()].filter((id) => outboxCount.get(id) !== 1)).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(KILLS * COUNTERS); // the counters really were selling

    console.log(`crash safety: ${KILLS} SIGKILLs, ${acknowledged.size} sales acknowledged and all present once; ${retried} unanswered sales retried with the same id (${retriedAlreadyCommitted} had committed before the kill, none doubled)`);
    await killHard(box);
    const checked = cli('check', '--data-dir', dataDir);
    expect(checked.status, checked.stdout).toBe(0);
  }, 300_000);
});
