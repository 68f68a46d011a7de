// How the box reaches Shopify: the saved connection with global fetch, or the in-process emulator (demo mode, tests).
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../logger.ts';
import { createShopifyClient, type FetchLike, type ShopifyClient } from './client.ts';
import { readConnection, uninstallOf, type UninstallMark } from './connection.ts';
import type { Db } from '../../db/connection.ts';
import { EMULATOR_SHOP_DOMAIN, ShopifyEmulator } from './emulator/index.ts';

let sharedEmulator: ShopifyEmulator | undefined;

/** One emulator per process, so the CLI's and the box's calls in demo mode see the same shop. */
export function processEmulator(clock: Clock): ShopifyEmulator {
  sharedEmulator ??= new ShopifyEmulator({ clock });
  return sharedEmulator;
}

/** The fetch to use: the emulator's when asked for, else the platform's. */
export function shopifyFetch(options: { emulator?: boolean; clock: Clock }): FetchLike | undefined {
  return options.emulator ? processEmulator(options.clock).fetch : undefined;
}

/** A client for the saved connection, or null when the box is not connected. */
export function connectedClient(options: { dataDir: string; emulator?: boolean; clock: Clock; logger?: Logger }): ShopifyClient | null {
  const connection = readConnection(options.dataDir);
  if (!connection) return null;
  const fetchApi = shopifyFetch(options);
  return createShopifyClient({
    connection: { shopDomain: connection.shopDomain, accessToken: connection.accessToken },
    ...(fetchApi ? { fetch: fetchApi } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/**
 * The connection syncing works under: the saved one, else (demo mode) the in-process emulator's shop, connected since
 * the box started counting (0).
 */
export function activeConnection(options: { dataDir: string; emulator?: boolean }): { shopDomain: string; connectedAt: number } | null {
  const saved = readConnection(options.dataDir);
  if (saved) return { shopDomain: saved.shopDomain, connectedAt: saved.connectedAt ?? 0 };
  return options.emulator ? { shopDomain: EMULATOR_SHOP_DOMAIN, connectedAt: 0 } : null;
}

/** The uninstall that stops syncing now, or null. */
export function activeUninstall(db: Db, options: { dataDir: string; emulator?: boolean }): UninstallMark | null {
  return uninstallOf(db, activeConnection(options));
}
