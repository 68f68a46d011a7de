// The Shopify connection (shop domain + Admin API token): checked with a shop query, kept in a 0600 file, never in the DB or logs.
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../../db/connection.ts';
import type { Tx } from '../../db/transaction.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { createShopifyClient, normalizeShopDomain, type FetchLike, type ShopifyConnection } from './client.ts';

const FILE = 'shopify-connection.json';

export interface StoredConnection extends ShopifyConnection {
  shopName: string;
  connectedAt: number;
}

export function connectionFile(dataDir: string): string {
  return join(resolve(dataDir), FILE);
}

/** The saved connection, or null when the box is not connected. */
export function readConnection(dataDir: string): StoredConnection | null {
  const file = connectionFile(dataDir);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as StoredConnection;
  return parsed.shopDomain && parsed.accessToken ? parsed : null;
}

/** Writes atomically with mode 0600 (readable only by the box's user). */
export function writeConnection(dataDir: string, connection: StoredConnection): void {
  const file = connectionFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(connection), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function removeConnection(dataDir: string): void {
  rmSync(connectionFile(dataDir), { force: true });
}

/** Checks the token with a shop query and saves it only when Shopify accepts it; a wrong token changes nothing. */
export async function connectShopify(
  input: { dataDir: string; shop: string; token: string; now: number },
  fetchApi?: FetchLike,
): Promise<Result<{ shopDomain: string; shopName: string }>> {
  const shopDomain = normalizeShopDomain(input.shop);
  if (!shopDomain) return err('SHOPIFY_INVALID_SHOP', `"${input.shop}" is not a shop domain like my-shop.myshopify.com`);
  const token = input.token.trim();
  if (token === '') return err('SHOPIFY_AUTH_FAILED', 'the access token is empty');
  const client = createShopifyClient({ connection: { shopDomain, accessToken: token }, ...(fetchApi ? { fetch: fetchApi } : {}), timeoutMs: 15_000 });
  const r = await client.request('ShopInfo');
  if (!r.ok) {
    if (r.failure.kind === 'auth') return err('SHOPIFY_AUTH_FAILED', `Shopify refused the access token for ${shopDomain}; check the token of the custom app`);
    if (r.failure.kind === 'http' && r.failure.status === 404) return err('SHOPIFY_INVALID_SHOP', `no Shopify shop answers at ${shopDomain}; check the shop name`);
    if (r.failure.retryable) return err('SHOPIFY_UNREACHABLE', `cannot reach ${shopDomain}: ${r.failure.message}`);
    return err('SHOPIFY_REQUEST_FAILED', `the shop query failed: ${r.failure.message}`);
  }
  writeConnection(input.dataDir, { shopDomain, accessToken: token, shopName: r.data.shop.name, connectedAt: input.now });
  return ok({ shopDomain, shopName: r.data.shop.name });
}

/** Shopify said the app was uninstalled from this shop (app/uninstalled webhook): the token is revoked. */
export interface UninstallMark {
  shopDomain: string;
  /** When it happened in Shopify (X-Shopify-Triggered-At), else when the box received it. */
  at: number;
  eventId: string;
}

const UNINSTALL_KEY = 'app.uninstalled';

/** Records an uninstall (inside the caller's transaction); a later one replaces an earlier one. Removes nothing local. */
export function markUninstalled(tx: Tx, mark: UninstallMark, now: number): void {
  const previous = readUninstallMark(tx.db);
  if (previous && previous.at > mark.at) return;
  tx.db.$client.prepare(`insert into shopify_sync_state (key, value, updated_at) values (?, ?, ?)
    on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`).run(UNINSTALL_KEY, JSON.stringify(mark), now);
}

export function readUninstallMark(db: Db): UninstallMark | null {
  const row = db.$client.prepare('select value from shopify_sync_state where key = ?').get(UNINSTALL_KEY) as { value: string } | undefined;
  return row ? JSON.parse(row.value) as UninstallMark : null;
}

/**
 * The uninstall that applies to this connection, or null. An uninstall older than the connection (the app was
 * installed again and the box reconnected with the new token) or of another shop does not count, so reconnecting is
 * all it takes to resume, even when the webhook arrives late.
 */
export function uninstallOf(db: Db, connection: { shopDomain: string; connectedAt: number } | null): UninstallMark | null {
  if (!connection) return null;
  const mark = readUninstallMark(db);
  return mark && mark.shopDomain === connection.shopDomain && mark.at >= connection.connectedAt ? mark : null;
}
