// A box with Shopify-linked items, the emulator on a fake clock and the push worker: shared by push tests, chaos and the drain bench.
import type { Db } from '../db/connection.ts';
import { transaction } from '../db/transaction.ts';
import { recordMovements } from '../domain/inventory/index.ts';
import type { Id } from '../shared/ids.ts';
import { enqueueOutbox } from '../sync/outbox/index.ts';
import { createShopifyClient } from '../sync/shopify/client.ts';
import { ShopifyEmulator } from '../sync/shopify/emulator/index.ts';
import { mapBranchToLocation, saveLocations } from '../sync/shopify/locations.ts';
import { ShopifyPushWorker } from '../sync/shopify/push.ts';
import { aBranch, aVariant } from './builders.ts';
import { testDb } from './db.ts';
import { FakeClock } from './fake-clock.ts';

export interface PushWorld {
  db: Db; clock: FakeClock; emu: ShopifyEmulator; worker: ShopifyPushWorker; branchId: Id<'Branch'>; locationId: string;
  items: Array<{ variantId: Id<'Variant'>; itemId: string }>;
  /** Records one sale (ledger movements + its outbox row) as checkout does; returns the order id. */
  sell(ref: string, lines: Array<[number, number]>): string;
  /** Runs passes, jumping the fake clock to the next due time, until nothing waits; throws after `maxPasses`. */
  drain(maxPasses?: number): Promise<void>;
}

export interface PushWorldOptions {
  items?: number;
  stock?: number;
  stocked?: boolean;
  bucket?: { maximumAvailable: number; restoreRate: number };
  maxChanges?: number;
}

export function pushWorld(options: PushWorldOptions = {}): PushWorld {
  const db = testDb();
  const clock = new FakeClock();
  const emu = new ShopifyEmulator({ clock, ...(options.bucket ? { bucketPreset: options.bucket } : {}) });
  const branch = aBranch(db);
  const loc = emu.store.addLocation({ name: 'Lahore' });
  saveLocations(db, [{ id: loc.id, legacyResourceId: loc.legacyResourceId, name: loc.name, isActive: true }], clock.now());
  mapBranchToLocation(db, branch.id, loc.id, clock.now());
  const link = db.$client.prepare('update variants set shopify_variant_id = ?, shopify_inventory_item_id = ? where id = ?');
  const items = Array.from({ length: options.items ?? 3 }, (_, i) => {
    const { variants } = emu.store.addProduct({ title: `Item ${i}`, variants: [{ sku: `SKU-${i}`, price: '100.00', levels: options.stocked === false ? {} : { [loc.id]: options.stock ?? 1000 } }] });
    const variantId = aVariant(db, { sku: `SKU-${i}`, barcode: String(2_100_000_000_000 + i), stock: options.stock ?? 1000, branchId: branch.id });
    link.run(variants[0]!.id, variants[0]!.inventoryItemId, variantId);
    return { variantId, itemId: variants[0]!.inventoryItemId };
  });
  const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
  const sleep = (ms: number) => { clock.advance(ms); return Promise.resolve(); };
  const worker = new ShopifyPushWorker(db, clock, client, { sleep, ...(options.maxChanges ? { maxChanges: options.maxChanges } : {}) });
  let n = 0;
  const variantIds = items.map((i) => i.variantId);
  const sell = (ref: string, lines: Array<[number, number]>) => recordBoxSale(db, clock, branch.id, variantIds, `order-${++n}`, ref, lines);
  const drain = (maxPasses = 500) => drainOutbox(worker, clock, maxPasses);
  return { db, clock, emu, worker, branchId: branch.id, locationId: loc.id, items, sell, drain };
}

/** The box's on-hand level of item `i` at the world's branch. */
export function localOnHand(w: PushWorld, i: number): number {
  return (w.db.$client.prepare('select on_hand as n from stock_levels where variant_id = ? and branch_id = ?').get(w.items[i]!.variantId, w.branchId) as { n: number }).n;
}

/** A sale at the box as checkout writes it: stock movements and one outbox row in one transaction; lines are [item index, quantity]. */
export function recordBoxSale(
  db: Db, clock: FakeClock, branchId: Id<'Branch'>, variantIds: readonly Id<'Variant'>[], orderId: string, ref: string, lines: Array<[item: number, quantity: number]>,
): string {
  transaction(db, (tx) => {
    recordMovements(tx, lines.map(([i, qty]) => ({ variantId: variantIds[i]!, branchId, delta: -qty, reason: 'sale' as const, documentType: 'sale', documentId: orderId })), clock.now());
    enqueueOutbox(tx, {
      target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: orderId,
      payload: { reason: 'other', documentType: 'sale', documentRef: ref, branchId, changes: lines.map(([i, qty]) => ({ variantId: variantIds[i]!, delta: -qty })) },
    }, clock.now());
  });
  return orderId;
}

/** Push passes until nothing is due, the fake clock jumping to each due time; throws after `maxPasses`. */
export async function drainOutbox(worker: ShopifyPushWorker, clock: FakeClock, maxPasses: number): Promise<void> {
  for (let i = 0; i < maxPasses; i++) {
    await worker.runPass();
    const due = worker.nextDueAt();
    if (due === null) return;
    if (due > clock.now()) clock.set(due);
  }
  throw new Error('the outbox did not drain');
}
