// Drift report: Shopify's quantities at the branch's location against what the box expects (local on hand minus pending deltas).
import type { Db } from '../../db/connection.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { requestPatiently, type ShopifyClient } from './client.ts';
import { locationOfBranch } from './locations.ts';
import type { InventoryDeltaPayload } from './push.ts';

export interface DriftLine {
  variantId: string;
  sku: string;
  inventoryItemId: string;
  /** Local on hand minus deltas not yet confirmed by Shopify. */
  expectedOnHand: number;
  shopifyOnHand: number | null;
  shopifyAvailable: number | null;
  shopifyCommitted: number | null;
  difference: number | null;
  likelyCause: string;
}

const legacy = (gid: string | null) => (gid ? Number(gid.slice(gid.lastIndexOf('/') + 1)) : null);

/**
 * A sharper cause from the webhooks Shopify sent (stored, deduplicated): a Shopify POS order for the variant at the
 * location, else a stock update at the location the box's own pushes do not explain (their answers are stored).
 */
function shopifySideCause(db: Db, itemGid: string, variantGid: string | null, locationGid: string): string | null {
  const c = db.$client;
  const location = legacy(locationGid);
  const variant = legacy(variantGid);
  if (variant !== null) {
    const pos = c.prepare(`select json_extract(body, '$.name') as name from shopify_webhook_events e
      where topic = 'orders/create' and json_extract(body, '$.source_name') = 'pos' and json_extract(body, '$.location_id') = ?
        and exists (select 1 from json_each(e.body, '$.line_items') l where json_extract(l.value, '$.variant_id') = ?)
      order by received_at desc limit 3`).all(location, variant) as Array<{ name: string }>;
    if (pos.length > 0) {
      return `likely a Shopify POS sale at this location (order ${pos.map((p) => p.name).join(', ')}): Shopify moved that stock itself, the box did not see it`;
    }
  }
  const own = new Set((c.prepare(`select result from shopify_push_batches where status = 'SYNCED' and result like ?`).all(`%${itemGid}"%`) as Array<{ result: string }>)
    .flatMap((b) => (JSON.parse(b.result) as Array<{ inventoryItemId: string | null; locationId: string | null; quantityAfterChange: number | null }>)
      .filter((q) => q.inventoryItemId === itemGid && q.locationId === locationGid).map((q) => q.quantityAfterChange)));
  const hints = c.prepare(`select json_extract(body, '$.available') as available, json_extract(body, '$.updated_at') as at from shopify_webhook_events
    where topic = 'inventory_levels/update' and json_extract(body, '$.inventory_item_id') = ? and json_extract(body, '$.location_id') = ?
    order by received_at desc limit 20`).all(legacy(itemGid), location) as Array<{ available: number; at: string | null }>;
  const foreign = hints.find((h) => !own.has(h.available));
  if (foreign) return `changed in Shopify without an order or a push from the box (admin edit or another app); Shopify reported available ${foreign.available}${foreign.at ? ` at ${foreign.at}` : ''}`;
  return null;
}

/** Lines whose Shopify on hand differs from the expectation (or that Shopify does not stock), for one branch. */
export async function buildDriftReport(db: Db, client: ShopifyClient, branchId: string, sleep: (ms: number) => Promise<void>): Promise<Result<{ locationId: string; checked: number; lines: DriftLine[] }>> {
  const locationId = locationOfBranch(db, branchId);
  if (!locationId) return err('SHOPIFY_BRANCH_NOT_MAPPED', 'map this branch to a Shopify location first');
  const items = db.$client.prepare(`select v.id as variantId, v.sku, v.shopify_inventory_item_id as item, v.shopify_variant_id as shopifyVariant, coalesce(s.on_hand, 0) as onHand
    from variants v left join stock_levels s on s.variant_id = v.id and s.branch_id = ?
    where v.shopify_inventory_item_id is not null order by v.id`).all(branchId) as Array<{ variantId: string; sku: string; item: string; shopifyVariant: string | null; onHand: number }>;
  const pending = new Map<string, number>();
  for (const row of db.$client.prepare(`select payload from outbox where target = 'shopify' and kind = 'inventory_delta' and status = 'PENDING'`).all() as Array<{ payload: string }>) {
    const p = JSON.parse(row.payload) as InventoryDeltaPayload;
    if (p.branchId !== branchId) continue;
    for (const c of p.changes) pending.set(c.variantId, (pending.get(c.variantId) ?? 0) + c.delta);
  }
  const lines: DriftLine[] = [];
  for (let i = 0; i < items.length; i += 250) {
    const chunk = items.slice(i, i + 250);
    const r = await requestPatiently(client, 'InventoryLevelsByItems', { ids: chunk.map((c) => c.item), locationId }, { sleep });
    if (!r.ok) return err('SHOPIFY_UNREACHABLE', `reading Shopify levels failed: ${r.failure.message}`);
    chunk.forEach((c, k) => {
      const node = r.data.nodes[k];
      const q = (name: string) => node?.inventoryLevel?.quantities.find((x) => x.name === name)?.quantity ?? null;
      const pendingDelta = pending.get(c.variantId) ?? 0;
      const expected = c.onHand - pendingDelta;
      const onHand = q('on_hand');
      const committed = q('committed');
      const difference = onHand === null ? null : onHand - expected;
      if (difference === 0) return;
      const likelyCause = !node ? 'the item no longer exists in Shopify'
        : !node.inventoryLevel ? 'the item is not stocked at this location in Shopify'
        : pendingDelta !== 0 ? 'pushes are still pending for this item; compare again after they sync'
        : shopifySideCause(db, c.item, c.shopifyVariant, locationId)
          ?? 'changed outside the box (Shopify admin, Shopify POS, another app, or a refund restocked in Shopify)';
      lines.push({ variantId: c.variantId, sku: c.sku, inventoryItemId: c.item, expectedOnHand: expected, shopifyOnHand: onHand, shopifyAvailable: q('available'), shopifyCommitted: committed, difference, likelyCause });
    });
  }
  return ok({ locationId, checked: items.length, lines });
}
