// Shopify webhooks: HMAC over the raw body checked before parsing, stored once per event id, then processed from the table.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/connection.ts';
import { transaction } from '../../db/transaction.ts';
import { deactivateShopifyProduct } from '../../domain/catalog/index.ts';
import { markUninstalled } from './connection.ts';
import { applyLocationWebhook, type LocationWebhookPayload } from './locations.ts';

/** True when `hmacHeader` is base64(HMAC-SHA256(body, secret)) for any of the secrets (current and, during a rotation, previous). */
export function verifyShopifyHmac(rawBody: Uint8Array, hmacHeader: string | undefined, secrets: readonly string[]): boolean {
  if (!hmacHeader) return false;
  let given: Buffer;
  try {
    given = Buffer.from(hmacHeader, 'base64');
  } catch {
    return false;
  }
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}

export interface WebhookDelivery {
  eventId: string;
  topic: string;
  shopDomain: string;
  webhookId: string | null;
  triggeredAt: string | null;
  body: string;
}

/** Stores a verified delivery; a duplicate (same event id) is acknowledged and dropped. Returns whether it was new. */
export function storeWebhook(db: Db, delivery: WebhookDelivery, now: number): boolean {
  return transaction(db, (tx) => tx.db.$client.prepare(`insert or ignore into shopify_webhook_events (event_id, topic, shop_domain, webhook_id, triggered_at, body, status, received_at)
    values (?, ?, ?, ?, ?, ?, 'RECEIVED', ?)`).run(delivery.eventId, delivery.topic, delivery.shopDomain, delivery.webhookId, delivery.triggeredAt, delivery.body, now).changes === 1);
}

const LOCATION_TOPICS = new Set(['locations/create', 'locations/update', 'locations/activate', 'locations/deactivate', 'locations/delete']);

/** Milliseconds of an ISO time, or null. */
function instantOf(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Processes stored deliveries in arrival order. Stock updates from Shopify are only drift hints: they are never written
 * into the ledger and never pushed back (the box's own pushes fire them too). Products deleted in Shopify are deactivated;
 * product creates and updates mark the catalogue for the next incremental refresh. Location changes keep the local list
 * in step (a branch mapped to a deleted or deactivated location gets a warning, and its pushes are held with a reason).
 * app/uninstalled marks the connection uninstalled: syncing stops, selling goes on, nothing local is removed.
 */
export function processWebhookEvents(db: Db, now: number, limit = 100): { processed: number } {
  const events = db.$client.prepare(`select event_id as eventId, topic, shop_domain as shopDomain, triggered_at as triggeredAt, received_at as receivedAt, body
    from shopify_webhook_events where status = 'RECEIVED' order by received_at, event_id limit ?`)
    .all(limit) as Array<{ eventId: string; topic: string; shopDomain: string; triggeredAt: string | null; receivedAt: number; body: string }>;
  for (const e of events) {
    transaction(db, (tx) => {
      let status: 'PROCESSED' | 'IGNORED' = 'PROCESSED';
      let note: string;
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(e.body) as Record<string, unknown>;
      } catch {
        // Signed by Shopify yet not JSON: kept for a person to read, never retried (it would block the queue).
        tx.db.$client.prepare(`update shopify_webhook_events set status = 'IGNORED', note = 'the body is not JSON', processed_at = ? where event_id = ?`).run(now, e.eventId);
        return;
      }
      switch (e.topic) {
        case 'inventory_levels/update':
          note = `drift hint: Shopify available ${String(payload.available)} for item ${String(payload.inventory_item_id)} at location ${String(payload.location_id)}; not written back`;
          break;
        case 'products/delete': {
          const id = `gid://shopify/Product/${String(payload.id)}`;
          note = deactivateShopifyProduct(tx, id, now) ? `deactivated ${id}` : `${id} was not imported`;
          break;
        }
        case 'products/create':
        case 'products/update':
          tx.db.$client.prepare(`insert into shopify_sync_state (key, value, updated_at) values ('catalog.refreshNeeded', '1', ?)
            on conflict (key) do update set value = '1', updated_at = excluded.updated_at`).run(now);
          note = 'catalogue marked for an incremental refresh';
          break;
        case 'orders/create':
          // Shopify already moved the stock of its own orders (online: available → committed; POS: sold): never push for them.
          status = 'IGNORED';
          note = `Shopify order ${String(payload.name ?? payload.id)} (${String(payload.source_name ?? 'unknown source')}): Shopify moved its own stock; nothing pushed (no order mirror yet)`;
          break;
        case 'app/uninstalled': {
          const shopDomain = e.shopDomain || String(payload.myshopify_domain ?? payload.domain ?? '');
          markUninstalled(tx, { shopDomain, at: instantOf(e.triggeredAt) ?? e.receivedAt, eventId: e.eventId }, now);
          note = `app uninstalled from ${shopDomain}: syncing stops until the box is reconnected; nothing local removed`;
          break;
        }
        default:
          if (LOCATION_TOPICS.has(e.topic)) {
            note = applyLocationWebhook(tx, e.topic, payload as LocationWebhookPayload, now);
            break;
          }
          status = 'IGNORED';
          note = `no handler for ${e.topic}`;
      }
      tx.db.$client.prepare('update shopify_webhook_events set status = ?, note = ?, processed_at = ? where event_id = ?').run(status, note, now, e.eventId);
    });
  }
  return { processed: events.length };
}
