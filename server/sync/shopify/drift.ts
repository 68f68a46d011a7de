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

/** Lines whose Shopify on hand differs from the expectation (or that Shopify does not stock), for one branch. */
export async function buildDriftReport(db: Db, client: ShopifyClient, branchId: string, sleep: (ms: number) => Promise<void>): Promise<Result<{ locationId: string; checked: number; lines: DriftLine[] }>> {
  const locationId = locationOfBranch(db, branchId);
  if (!locationId) return err('SHOPIFY_BRANCH_NOT_MAPPED', 'map this branch to a Shopify location first');
  const items = db.$client.prepare(`select v.id as variantId, v.sku, v.shopify_inventory_item_id as item, coalesce(s.on_hand, 0) as onHand
    from variants v left join stock_levels s on s.variant_id = v.id and s.branch_id = ?
    where v.shopify_inventory_item_id is not null order by v.id`).all(branchId) as Array<{ variantId: string; sku: string; item: string; onHand: number }>;
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
        : 'changed outside the box (Shopify admin, Shopify POS, another app, or a refund restocked in Shopify)';
      lines.push({ variantId: c.variantId, sku: c.sku, inventoryItemId: c.item, expectedOnHand: expected, shopifyOnHand: onHand, shopifyAvailable: q('available'), shopifyCommitted: committed, difference, likelyCause });
    });
  }
  return ok({ locationId, checked: items.length, lines });
}
