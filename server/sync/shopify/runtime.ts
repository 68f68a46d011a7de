// How the box reaches Shopify: the saved connection with global fetch, or the in-process emulator (demo mode, tests).
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../logger.ts';
import { createShopifyClient, type FetchLike, type ShopifyClient } from './client.ts';
import { readConnection } from './connection.ts';
import { ShopifyEmulator } from './emulator/index.ts';

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
