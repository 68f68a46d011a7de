// `doctor` checks for syncing: Shopify reachable with a valid token, and how far the outbox lags behind.
import { createShopifyClient } from '../sync/shopify/client.ts';
import { readConnection, type StoredConnection } from '../sync/shopify/connection.ts';
import type { DoctorCheck, DoctorFinding, DoctorStatus } from './doctor.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Short: the box sells offline, so a slow answer is only a warning and should not hold up the report. */
const SHOPIFY_TIMEOUT_MS = 5000;
const SYNC_PAGE = "open the terminal's Sync page to see why rows wait or failed, and retry them there";

function elapsed(ms: number): string {
  if (ms < 2 * HOUR) {
    const minutes = Math.max(0, Math.round(ms / MINUTE));
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  if (ms < 48 * HOUR) return `${Math.round(ms / HOUR)} hours`;
  return `${Math.round(ms / (24 * HOUR))} days`;
}

export const shopifyCheck: DoctorCheck = {
  name: 'shopify',
  async run({ dataDir, shopifyFetch }): Promise<DoctorFinding> {
    let connection: StoredConnection | null;
    try {
      connection = readConnection(dataDir);
    } catch (error) {
      return { name: 'shopify', status: 'fail', detail: `the saved connection cannot be read: ${(error as Error).message}`, fix: 'connect again: npm run cli -- shopify connect --shop <shop> --token <token>' };
    }
    if (!connection) {
      return { name: 'shopify', status: 'warn', detail: 'not connected: stock is not synced with Shopify', fix: 'connect it: npm run cli -- shopify connect --shop <shop>.myshopify.com --token <Admin API token>' };
    }
    const client = createShopifyClient({ connection, ...(shopifyFetch ? { fetch: shopifyFetch } : {}), timeoutMs: SHOPIFY_TIMEOUT_MS });
    const r = await client.request('ShopInfo');
    if (r.ok) return { name: 'shopify', status: 'ok', detail: `reachable, token accepted: ${r.data.shop.name} (${connection.shopDomain})` };
    if (r.failure.kind === 'auth') {
      return {
        name: 'shopify', status: 'fail', detail: `SHOPIFY_AUTH_FAILED: Shopify refused the access token for ${connection.shopDomain}; nothing syncs`,
        fix: 'make a new token in the shop\'s custom app, then: npm run cli -- shopify connect --shop <shop> --token <new token>',
      };
    }
    if (r.failure.kind === 'http' && r.failure.status === 404) {
      return {
        name: 'shopify', status: 'fail', detail: `SHOPIFY_INVALID_SHOP: no Shopify shop answers at ${connection.shopDomain} any more; nothing syncs`,
        fix: 'check the shop was not renamed or closed, then: npm run cli -- shopify connect --shop <shop> --token <token>',
      };
    }
    return {
      name: 'shopify', status: 'warn', detail: `cannot reach ${connection.shopDomain} (${r.failure.message}); the box keeps selling and syncs when it is back`,
      fix: 'check the internet connection of the box (router, cable, data package)',
    };
  },
};

export const outboxCheck: DoctorCheck = {
  name: 'sync outbox',
  run({ db, clock }): DoctorFinding | DoctorFinding[] {
    if (!db) return [];
    const now = clock.now();
    const pending = db.$client.prepare("select count(*) as n, min(created_at) as oldest from outbox where status = 'PENDING'").get() as { n: number; oldest: number | null };
    const failed = db.$client.prepare("select count(*) as n, min(created_at) as oldest from outbox where status = 'FAILED'").get() as { n: number; oldest: number | null };
    const lag = pending.oldest === null ? 0 : now - pending.oldest;
    const failedAge = failed.oldest === null ? 0 : now - failed.oldest;
    let status: DoctorStatus = 'ok';
    if (lag > 10 * MINUTE || failed.n > 0) status = 'warn';
    if (lag > 24 * HOUR || (failed.n > 0 && failedAge > 24 * HOUR)) status = 'fail';
    const parts = [pending.n === 0 ? 'nothing waiting' : `${pending.n} waiting, oldest ${elapsed(lag)} old`];
    if (failed.n > 0) parts.push(`${failed.n} failed (oldest ${elapsed(failedAge)} ago)`);
    return { name: 'sync outbox', status, detail: parts.join('; '), ...(status === 'ok' ? {} : { fix: SYNC_PAGE }) };
  },
};
