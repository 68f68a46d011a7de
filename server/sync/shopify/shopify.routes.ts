// Shopify HTTP edges: the webhook receiver, the sync overview for managers, and retry of an order's sync.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BoxDeps, BoxEnv } from '../../http/context.ts';
import { errorResponse, resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import type { Actor } from '../../domain/staff/index.ts';
import { getSyncOverview, retryDocumentSync } from './sync.service.ts';
import { storeWebhook, verifyShopifyHmac } from './webhooks.ts';

const SyncRow = z.object({
  outboxId: z.string(), documentType: z.string(), documentId: z.string(), documentRef: z.string().nullable(),
  status: z.enum(['PENDING', 'FAILED']), attempts: z.number().int(), lastError: z.string().nullable(), createdAt: z.number().int(), ageMs: z.number().int(),
}).openapi('SyncRow');
const SyncOverview = z.object({ pending: z.number().int(), failed: z.number().int(), oldestPendingLagMs: z.number().int(), rows: z.array(SyncRow) }).openapi('SyncOverview');

const overviewRoute = createRoute({
  method: 'get', path: '/api/v1/sync/shopify', tags: ['sync'], summary: 'Pending and failed Shopify rows by age, with the lag of the oldest',
  responses: { 200: { description: 'Sync overview', content: { 'application/json': { schema: SyncOverview } } } },
});

const retryRoute = createRoute({
  method: 'post', path: '/api/v1/orders/{id}/sync/retry', tags: ['sync'], summary: "Re-queue an order's failed Shopify sync (same key unless it is spent)",
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: 'Re-queued', content: { 'application/json': { schema: z.object({ requeued: z.number().int(), freshKeys: z.number().int() }) } } },
    401: { description: 'Not signed in' }, 403: { description: 'Needs manage_sync' }, 404: { description: 'No failed sync for this order' },
  },
});

// Until the auth helper's requireActor lands: the actor the auth middleware set, or 401.
function actorOr401(c: Context<BoxEnv>): Actor | Response {
  const actor = c.get('actor');
  return actor ?? errorResponse(c, { code: 'UNAUTHENTICATED', message: 'sign in first' });
}

export function shopifyRoutes(deps: BoxDeps) {
  const router = createRouter();
  router.openapi(overviewRoute, (c) => c.json(getSyncOverview(deps.db, deps.clock.now()), 200));
  router.openapi(retryRoute, (c) => {
    const actor = actorOr401(c);
    if (actor instanceof Response) return actor as never;
    return resultResponse(c, retryDocumentSync(deps.db, actor, 'sale', c.req.valid('param').id, deps.clock.now())) as never;
  });

  // Raw body first: the HMAC is over the exact bytes, checked before any JSON parsing.
  router.post('/webhooks/shopify', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const secrets = [deps.config.shopifyWebhookSecret, deps.config.shopifyWebhookSecretPrevious];
    if (!verifyShopifyHmac(raw, c.req.header('x-shopify-hmac-sha256'), secrets)) {
      return errorResponse(c, { code: 'WEBHOOK_SIGNATURE_INVALID', message: 'the webhook signature does not match' });
    }
    const eventId = c.req.header('x-shopify-event-id') ?? c.req.header('x-shopify-webhook-id');
    const topic = c.req.header('x-shopify-topic');
    if (!eventId || !topic) return errorResponse(c, { code: 'VALIDATION_FAILED', message: 'X-Shopify-Topic and X-Shopify-Event-Id are required' });
    const fresh = storeWebhook(deps.db, {
      eventId, topic, shopDomain: c.req.header('x-shopify-shop-domain') ?? '', webhookId: c.req.header('x-shopify-webhook-id') ?? null,
      triggeredAt: c.req.header('x-shopify-triggered-at') ?? null, body: new TextDecoder().decode(raw),
    }, deps.clock.now());
    return c.json({ received: true, duplicate: !fresh }, 200);
  });
  return router;
}
