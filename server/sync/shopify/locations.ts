// Shopify locations: refreshed from the shop, and the manager's branch ↔ location mapping.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { transaction, type Tx } from '../../db/transaction.ts';
import type { Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { requestPatiently, type ShopifyClient, type ShopifyResult } from './client.ts';
import type { LocationsData } from './operations.generated.ts';
import { shopifyBranchLocations, shopifyLocations } from './shopify.sql.ts';

export interface ShopifyLocation { id: string; legacyResourceId: string; name: string; isActive: boolean }

/** Reads every location of the shop and stores them (locations that vanished are kept, marked inactive). */
export async function refreshLocations(db: Db, client: ShopifyClient, now: () => number, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<Result<ShopifyLocation[]>> {
  const all: ShopifyLocation[] = [];
  let after: string | null = null;
  do {
    const r: ShopifyResult<LocationsData> = await requestPatiently(client, 'Locations', after ? { after } : {}, { sleep });
    if (!r.ok) return err(r.failure.kind === 'auth' ? 'SHOPIFY_AUTH_FAILED' : 'SHOPIFY_UNREACHABLE', `reading locations failed: ${r.failure.message}`);
    all.push(...r.data.locations.nodes.map(({ id, legacyResourceId, name, isActive }) => ({ id, legacyResourceId, name, isActive })));
    after = r.data.locations.pageInfo.hasNextPage ? r.data.locations.pageInfo.endCursor : null;
  } while (after);
  saveLocations(db, all, now());
  return ok(all);
}

export function saveLocations(db: Db, locations: readonly ShopifyLocation[], now: number): void {
  transaction(db, (tx) => {
    const seen = new Set(locations.map((l) => l.id));
    for (const l of tx.db.select({ id: shopifyLocations.id, deletedAt: shopifyLocations.deletedAt }).from(shopifyLocations).all()) {
      // The listing includes inactive locations: one missing from it was deleted in Shopify.
      if (!seen.has(l.id)) tx.db.update(shopifyLocations).set({ isActive: false, deletedAt: l.deletedAt ?? now, updatedAt: now }).where(eq(shopifyLocations.id, l.id)).run();
    }
    for (const l of locations) {
      const values = { id: l.id, legacyResourceId: l.legacyResourceId, name: l.name, isActive: l.isActive, deletedAt: null, updatedAt: now };
      tx.db.insert(shopifyLocations).values(values).onConflictDoUpdate({ target: shopifyLocations.id, set: values }).run();
    }
  });
}

/** The REST-shaped body of locations/create|update|activate|deactivate|delete webhooks (only the fields the box reads). */
export interface LocationWebhookPayload { id?: number | string; name?: string; active?: boolean; admin_graphql_api_id?: string }

/**
 * Keeps the local location list in step with a locations/* webhook (inside the caller's transaction). Deliveries are
 * unordered: a deleted location stays deleted whatever update arrives after (only a full listing brings it back).
 * Returns the note stored with the event.
 */
export function applyLocationWebhook(tx: Tx, topic: string, payload: LocationWebhookPayload, now: number): string {
  if (payload.id === undefined || payload.id === null) return `${topic} without a location id: nothing changed`;
  const legacyResourceId = String(payload.id);
  const id = payload.admin_graphql_api_id ?? `gid://shopify/Location/${legacyResourceId}`;
  const existing = tx.db.select().from(shopifyLocations).where(eq(shopifyLocations.id, id)).get();
  if (topic === 'locations/delete') {
    if (!existing) return `${id} was not known: nothing to delete`;
    tx.db.update(shopifyLocations).set({ isActive: false, deletedAt: existing.deletedAt ?? now, updatedAt: now }).where(eq(shopifyLocations.id, id)).run();
    const mapped = branchesMappedTo(tx, id);
    return `${existing.name} (${id}) deleted in Shopify${mapped ? `; ${mapped} branch(es) mapped to it must be mapped again` : ''}`;
  }
  if (existing?.deletedAt !== null && existing?.deletedAt !== undefined) return `${id} was deleted earlier: ${topic} ignored (a full location refresh restores it if it exists)`;
  const isActive = topic === 'locations/deactivate' ? false : topic === 'locations/activate' ? true : payload.active ?? existing?.isActive ?? true;
  const name = payload.name ?? existing?.name ?? `Location ${legacyResourceId}`;
  const values = { id, legacyResourceId, name, isActive, deletedAt: null, updatedAt: now };
  tx.db.insert(shopifyLocations).values(values).onConflictDoUpdate({ target: shopifyLocations.id, set: values }).run();
  return `${existing ? 'updated' : 'added'} ${name} (${id}), ${isActive ? 'active' : 'inactive'}`;
}

function branchesMappedTo(tx: Tx, locationId: string): number {
  return (tx.db.$client.prepare('select count(*) as n from shopify_branch_locations where location_id = ?').get(locationId) as { n: number }).n;
}

/** Known locations by name; deleted ones only when asked (the CLI lists everything, screens hide what Shopify deleted). */
export function listLocations(db: Db, options: { includeDeleted?: boolean } = {}): Array<ShopifyLocation & { deleted: boolean }> {
  return db.select({ id: shopifyLocations.id, legacyResourceId: shopifyLocations.legacyResourceId, name: shopifyLocations.name, isActive: shopifyLocations.isActive, deletedAt: shopifyLocations.deletedAt })
    .from(shopifyLocations).orderBy(shopifyLocations.name).all()
    .filter((l) => options.includeDeleted || l.deletedAt === null)
    .map(({ deletedAt, ...l }) => ({ ...l, deleted: deletedAt !== null }));
}

/**
 * Maps a branch to a known, active location (several branches may share one). Stock changes that failed only because the
 * old location was deleted or deactivated never reached Shopify: they go back to PENDING, to be pushed to the new one.
 */
export function mapBranchToLocation(db: Db, branchId: Id<'Branch'>, locationId: string, now: number): Result<{ branchId: Id<'Branch'>; locationId: string; requeued: number }> {
  const location = db.select().from(shopifyLocations).where(eq(shopifyLocations.id, locationId)).get();
  if (!location) return err('SHOPIFY_LOCATION_UNKNOWN', `no Shopify location ${locationId}; refresh the locations first`);
  if (location.deletedAt !== null || !location.isActive) {
    return err('SHOPIFY_LOCATION_INACTIVE', `the Shopify location ${location.name} is ${location.deletedAt !== null ? 'deleted' : 'deactivated'} in Shopify; choose an active location`, { locationId });
  }
  const requeued = transaction(db, (tx) => {
    tx.db.insert(shopifyBranchLocations).values({ branchId, locationId, mappedAt: now })
      .onConflictDoUpdate({ target: shopifyBranchLocations.branchId, set: { locationId, mappedAt: now } }).run();
    return tx.db.$client.prepare(`update outbox set status = 'PENDING', next_attempt_at = ?, updated_at = ?
      where target = 'shopify' and status = 'FAILED' and last_error like '${LOCATION_GONE_CODE}:%' and json_extract(payload, '$.branchId') = ?`).run(now, now, branchId).changes;
  });
  return ok({ branchId, locationId, requeued });
}

/** Code in the outbox error of rows held back because the branch's location is deleted or deactivated in Shopify. */
export const LOCATION_GONE_CODE = 'SHOPIFY_LOCATION_INACTIVE';

export interface BranchLocationState { locationId: string; name: string; state: 'active' | 'inactive' | 'deleted' }

/** The branch's mapped location and whether Shopify still has it active; null when the branch is not mapped. */
export function branchLocationState(db: Db, branchId: string): BranchLocationState | null {
  const row = db.$client.prepare(`select m.location_id as locationId, l.name, l.is_active as isActive, l.deleted_at as deletedAt
    from shopify_branch_locations m join shopify_locations l on l.id = m.location_id where m.branch_id = ?`).get(branchId) as { locationId: string; name: string; isActive: number; deletedAt: number | null } | undefined;
  if (!row) return null;
  return { locationId: row.locationId, name: row.name, state: row.deletedAt !== null ? 'deleted' : row.isActive ? 'active' : 'inactive' };
}

/** What a person reads when a branch's location is gone: what happened, what waits, what to do. */
export function locationGoneMessage(name: string, state: 'inactive' | 'deleted'): string {
  return `the Shopify location "${name}" this branch is mapped to was ${state === 'deleted' ? 'deleted' : 'deactivated'} in Shopify; `
    + 'map the branch to an active location on the Shopify screen (stock changes held back for it are then sent there)';
}

export function locationOfBranch(db: Db, branchId: string): string | null {
  return db.select({ locationId: shopifyBranchLocations.locationId }).from(shopifyBranchLocations)
    .where(eq(shopifyBranchLocations.branchId, branchId as Id<'Branch'>)).get()?.locationId ?? null;
}
