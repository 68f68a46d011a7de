// Webhook subscriptions for a box with a public HTTPS URL (most boxes sit behind NAT and poll by updated_at instead).
import { err, ok, type Result } from '../../shared/result.ts';
import { requestPatiently, type ShopifyClient } from './client.ts';
import type { WebhookSubscriptionTopic } from './operations.generated.ts';

export const WEBHOOK_TOPICS = [
  'PRODUCTS_CREATE', 'PRODUCTS_UPDATE', 'PRODUCTS_DELETE', 'INVENTORY_LEVELS_UPDATE',
  'LOCATIONS_CREATE', 'LOCATIONS_UPDATE', 'LOCATIONS_ACTIVATE', 'LOCATIONS_DEACTIVATE', 'LOCATIONS_DELETE', 'APP_UNINSTALLED',
] as const satisfies readonly WebhookSubscriptionTopic[];

const TAKEN = /already been taken/i;

/** Subscribes `uri` (https://…/webhooks/shopify) to every topic the box handles; an existing subscription counts as done. */
export async function ensureWebhookSubscriptions(client: ShopifyClient, uri: string, sleep: (ms: number) => Promise<void>): Promise<Result<{ created: number; existing: number }>> {
  if (!/^https:\/\/[^/\s]+\/\S*webhooks\/shopify$/.test(uri)) return err('VALIDATION_FAILED', `the webhook address must be https://<public host>/webhooks/shopify, got ${uri}`);
  let created = 0;
  let existing = 0;
  for (const topic of WEBHOOK_TOPICS) {
    const r = await requestPatiently(
      client, 'WebhookSubscriptionCreate', { topic, uri }, { sleep, onlyUnexecuted: true });
    if (!r.ok) return err('SHOPIFY_UNREACHABLE', `subscribing ${topic} failed: ${r.failure.message}`);
    const errors = r.data.webhookSubscriptionCreate?.userErrors ?? [{ message: 'Shopify answered without a result' }];
    if (errors.length === 0) created++;
    else if (errors.every((e) => TAKEN.test(e.message))) existing++;
    else return err('SHOPIFY_REQUEST_FAILED', `subscribing ${topic} failed: ${errors.map((e) => e.message).join('; ')}`);
  }
  return ok({ created, existing });
}
