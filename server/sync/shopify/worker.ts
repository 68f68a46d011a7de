// The Shopify sync loop started by the box: push pending stock deltas, process stored webhooks; the emulator in demo mode.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { transaction } from '../../db/transaction.ts';
import { findBranch } from '../../domain/branch/index.ts';
import type { Logger } from '../../logger.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Id } from '../../shared/ids.ts';
import { toDecimalString, type Money } from '../../shared/money.ts';
import { createShopifyClient, type ShopifyClient } from './client.ts';
import type { ShopifyEmulator } from './emulator/index.ts';
import { mapBranchToLocation, saveLocations } from './locations.ts';
import { ShopifyPushWorker } from './push.ts';
import { activeUninstall, connectedClient, processEmulator } from './runtime.ts';
import { readConnection } from './connection.ts';
import { processWebhookEvents } from './webhooks.ts';
import { refreshCatalogSince } from './import.ts';
import { diskSpaceOf, tooFullToSync, type DiskSpace } from '../../ops/disk-space.ts';

export interface ShopifySync {
  /** Run a pass soon (after a sale commits). */
  wake(): void;
  stop(): Promise<void>;
  readonly emulator: ShopifyEmulator | null;
}

const IDLE_MS = 2000;
const NOT_CONNECTED_MS = 60_000;
/** While the disk is nearly full: look again this often (a wake after a sale looks at once). */
const DISK_FULL_MS = 30_000;
/** Polling by updated_at: the fallback for boxes behind NAT that receive no webhooks. */
const REFRESH_EVERY_MS = 15 * 60_000;

/**
 * Demo mode: a shop in the in-process emulator mirroring the demo catalog and its stock, with the branch mapped to
 * its one location, so sales made on the terminal turn SYNCED.
 */
export function linkDemoShop(db: Db, emu: ShopifyEmulator, config: Config, now: number): void {
  const branch = findBranch(db);
  if (!branch) return;
  const location = emu.store.addLocation({ name: `${branch.name} (demo)` });
  saveLocations(db, [{ id: location.id, legacyResourceId: location.legacyResourceId, name: location.name, isActive: true }], now);
  mapBranchToLocation(db, branch.id as Id<'Branch'>, location.id, now);
  const rows = db.$client.prepare(`select v.id, v.product_id as productId, p.title as productTitle, v.title, v.sku, v.price, v.compare_at_price as cap,
      (select min(barcode) from variant_barcodes b where b.variant_id = v.id) as barcode,
      coalesce((select on_hand from stock_levels s where s.variant_id = v.id and s.branch_id = ?), 0) as onHand
    from variants v join products p on p.id = v.product_id where v.active = 1 order by v.product_id, v.id`).all(branch.id) as Array<{
      id: string; productId: string; productTitle: string; title: string; sku: string; price: number; cap: number | null; barcode: string | null; onHand: number }>;
  transaction(db, (tx) => {
    const update = tx.db.$client.prepare('update variants set shopify_variant_id = ?, shopify_inventory_item_id = ? where id = ?');
    const updateProduct = tx.db.$client.prepare('update products set shopify_product_id = ? where id = ?');
    tx.db.$client.prepare('update variants set shopify_variant_id = null, shopify_inventory_item_id = null').run();
    tx.db.$client.prepare('update products set shopify_product_id = null').run();
    for (let i = 0; i < rows.length;) {
      const productId = rows[i]!.productId;
      const group: typeof rows = [];
      while (i < rows.length && rows[i]!.productId === productId) group.push(rows[i++]!);
      const { product, variants } = emu.store.addProduct({
        title: group[0]!.productTitle,
        variants: group.map((v) => ({
          title: v.title, sku: v.sku, barcode: v.barcode, price: toDecimalString(v.price as Money, config.currencyExponent),
          compareAtPrice: v.cap === null ? null : toDecimalString(v.cap as Money, config.currencyExponent), levels: { [location.id]: v.onHand },
        })),
      });
      updateProduct.run(product.id, productId);
      variants.forEach((sv, k) => update.run(sv.id, sv.inventoryItemId, group[k]!.id));
    }
  });
}

/**
 * Starts the loop; without a connection (and outside demo mode) it idles and checks again every minute. While the data
 * folder is nearly full (doctor's disk FAIL level) it sends nothing and rows stay PENDING, so the last space goes to
 * sales, which keep committing.
 */
export function startShopifySync(deps: { db: Db; clock: Clock; logger: Logger; config: Config; diskSpace?: (dir: string) => DiskSpace }): ShopifySync {
  const { db, clock, logger, config } = deps;
  const diskSpace = deps.diskSpace ?? diskSpaceOf;
  let diskFull = false;
  const useEmulator = config.shopifyEmulator || config.demo;
  let emulator: ShopifyEmulator | null = null;
  let client: ShopifyClient | null = null;
  if (useEmulator) {
    emulator = processEmulator(clock);
    linkDemoShop(db, emulator, config, clock.now());
    client = createShopifyClient({ connection: { shopDomain: emulator.shopDomain, accessToken: emulator.accessToken }, fetch: emulator.fetch, logger });
    logger.info('Shopify sync runs against the in-process emulator (demo)');
  }
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wakeUp: (() => void) | null = null;
  /** A wake that came during a pass: the next sleep is skipped, so a sale committed mid-pass is not left for the poll. */
  let woken = false;
  let worker: ShopifyPushWorker | null = null;
  /** The app was uninstalled from the shop: nothing is sent until the box is reconnected. */
  let paused = false;
  let clientConnectedAt: number | null = null;

  const sleep = (ms: number) => woken ? Promise.resolve() : new Promise<void>((resolve) => {
    wakeUp = resolve;
    timer = setTimeout(resolve, ms);
    timer.unref();
  }).finally(() => { wakeUp = null; if (timer) clearTimeout(timer); });

  const loop = (async () => {
    while (!stopped) {
      woken = false;
      let waitMs = IDLE_MS;
      try {
        const full = tooFullToSync(config.dataDir, diskSpace);
        if (full !== diskFull) {
          diskFull = full;
          if (full) logger.warn({ dataDir: config.dataDir }, 'disk nearly full: Shopify sync paused (sales continue); free space, see: npm run cli -- doctor');
          else logger.info('disk space back: Shopify sync resumes');
        }
        if (full) {
          if (!stopped) await sleep(DISK_FULL_MS);
          continue;
        }
        processWebhookEvents(db, clock.now());
        const uninstalled = activeUninstall(db, { dataDir: config.dataDir, emulator: useEmulator });
        if ((uninstalled !== null) !== paused) {
          paused = uninstalled !== null;
          if (uninstalled) logger.warn({ shop: uninstalled.shopDomain }, 'the Shopify app was uninstalled: syncing stopped (sales continue, rows stay PENDING) until the shop is reconnected');
          else logger.info('Shopify reconnected after an uninstall: syncing resumes');
        }
        if (!useEmulator) {
          // A reconnect (new token after a reinstall) replaces the client and its worker.
          const savedAt = readConnection(config.dataDir)?.connectedAt ?? null;
          if (savedAt !== clientConnectedAt) {
            client = null;
            worker = null;
            clientConnectedAt = savedAt;
          }
        }
        client ??= connectedClient({ dataDir: config.dataDir, clock, logger });
        if (paused || !client) {
          waitMs = NOT_CONNECTED_MS;
        } else {
          worker ??= new ShopifyPushWorker(db, clock, client, { logger });
          const summary = await worker.runPass();
          if (summary.sent > 0 || summary.localOnly > 0) logger.debug({ ...summary }, 'Shopify push pass');
          await refreshIfDue(db, clock, client, config, logger);
          const due = worker.nextDueAt();
          if (due !== null) waitMs = Math.max(50, Math.min(IDLE_MS, due - clock.now()));
        }
      } catch (error) {
        logger.error({ err: error }, 'Shopify sync pass failed');
      }
      if (!stopped) await sleep(waitMs);
    }
  })();

  return {
    emulator,
    wake: () => {
      woken = true;
      wakeUp?.();
    },
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await loop;
      emulator?.dispose();
    },
  };
}

let lastRefreshAt = 0;
/** Refreshes the catalogue when a products/* webhook asked for it, or every 15 minutes (exported for tests). */
export async function refreshIfDue(db: Db, clock: Clock, client: ShopifyClient, config: Config, logger: Logger): Promise<void> {
  const state = (key: string) => (db.$client.prepare('select value from shopify_sync_state where key = ?').get(key) as { value: string } | undefined)?.value;
  if (state('catalog.importedAt') === undefined) return; // never before the first full import
  if (state('catalog.refreshNeeded') !== '1' && clock.now() - lastRefreshAt < REFRESH_EVERY_MS) return;
  lastRefreshAt = clock.now();
  const r = await refreshCatalogSince({ db, clock, client, currencyExponent: config.currencyExponent });
  if (!r.ok) logger.warn({ code: r.error.code }, r.error.message);
  else if (r.value.variants > 0) logger.info({ variants: r.value.variants }, 'catalogue refreshed from Shopify');
}
