// Shopify locations: refreshed from the shop, and the manager's branch ↔ location mapping.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { transaction } from '../../db/transaction.ts';
import type { Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { requestPatiently, type ShopifyClient, type ShopifyResult } from './client.ts';
import { shopifyBranchLocations, shopifyLocations } from './shopify.sql.ts';

export interface ShopifyLocation { id: string; legacyResourceId: string; name: string; isActive: boolean }

interface LocationsPage {
  locations: { nodes: ShopifyLocation[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Reads every location of the shop and stores them (locations that vanished are kept, marked inactive). */
export async function refreshLocations(db: Db, client: ShopifyClient, now: () => number, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<Result<ShopifyLocation[]>> {
  const all: ShopifyLocation[] = [];
  let after: string | null = null;
  do {
    const r: ShopifyResult<LocationsPage> = await requestPatiently<LocationsPage>(client, 'Locations', after ? { after } : {}, { sleep });
    if (!r.ok) return err(r.failure.kind === 'auth' ? 'SHOPIFY_AUTH_FAILED' : 'SHOPIFY_UNREACHABLE', `reading locations failed: ${r.failure.message}`);
    all.push(...r.data.locations.nodes);
    after = r.data.locations.pageInfo.hasNextPage ? r.data.locations.pageInfo.endCursor : null;
  } while (after);
  saveLocations(db, all, now());
  return ok(all);
}

export function saveLocations(db: Db, locations: readonly ShopifyLocation[], now: number): void {
  transaction(db, (tx) => {
    const seen = new Set(locations.map((l) => l.id));
    for (const l of tx.db.select({ id: shopifyLocations.id }).from(shopifyLocations).all()) {
      if (!seen.has(l.id)) tx.db.update(shopifyLocations).set({ isActive: false, updatedAt: now }).where(eq(shopifyLocations.id, l.id)).run();
    }
    for (const l of locations) {
      const values = { id: l.id, legacyResourceId: l.legacyResourceId, name: l.name, isActive: l.isActive, updatedAt: now };
      tx.db.insert(shopifyLocations).values(values).onConflictDoUpdate({ target: shopifyLocations.id, set: values }).run();
    }
  });
}

export function listLocations(db: Db): ShopifyLocation[] {
  return db.select({ id: shopifyLocations.id, legacyResourceId: shopifyLocations.legacyResourceId, name: shopifyLocations.name, isActive: shopifyLocations.isActive })
    .from(shopifyLocations).orderBy(shopifyLocations.name).all();
}

/** Maps a branch to a known location (several branches may share one). */
export function mapBranchToLocation(db: Db, branchId: Id<'Branch'>, locationId: string, now: number): Result<{ branchId: Id<'Branch'>; locationId: string }> {
  const location = db.select().from(shopifyLocations).where(eq(shopifyLocations.id, locationId)).get();
  if (!location) return err('SHOPIFY_LOCATION_UNKNOWN', `no Shopify location ${locationId}; refresh the locations first`);
  transaction(db, (tx) => {
    tx.db.insert(shopifyBranchLocations).values({ branchId, locationId, mappedAt: now })
      .onConflictDoUpdate({ target: shopifyBranchLocations.branchId, set: { locationId, mappedAt: now } }).run();
  });
  return ok({ branchId, locationId });
}

export function locationOfBranch(db: Db, branchId: string): string | null {
  return db.select({ locationId: shopifyBranchLocations.locationId }).from(shopifyBranchLocations)
    .where(eq(shopifyBranchLocations.branchId, branchId as Id<'Branch'>)).get()?.locationId ?? null;
}
