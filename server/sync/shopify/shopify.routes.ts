// Shopify HTTP edges: the webhook receiver, the sync overview for managers, and retry of an order's sync.
import { createRoute, z } from '@hono/zod-openapi';
import { guard, requireActor } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { errorResponse, resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { connectShopAsManager, getShopifyStatus, getSyncOverview, mapBranchAsManager, retryDocumentSync } from './sync.service.ts';
import { findBranch } from '../../domain/branch/index.ts';
import { shopifyFetch } from './runtime.ts';
import { importJobState, startImportJob } from './import.job.ts';
import { storeWebhook, verifyShopifyHmac } from './webhooks.ts';

const SyncRow = z.object({
  outboxId: z.string(), documentType: z.string(), documentId: z.string(), documentRef: z.string().nullable(),
  status: z.enum(['PENDING', 'FAILED']), attempts: z.number().int(), lastError: z.string().nullable(), createdAt: z.number().int(), ageMs: z.number().int(),
}).openapi('SyncRow');
const ShopifyWarnings = z.object({
  uninstalled: z.object({ shopDomain: z.string(), at: z.number().int(), message: z.string() }).nullable(),
  location: z.object({ locationId: z.string(), name: z.string(), state: z.enum(['inactive', 'deleted']), message: z.string() }).nullable(),
}).openapi('ShopifyWarnings');
const SyncOverview = z.object({ pending: z.number().int(), failed: z.number().int(), oldestPendingLagMs: z.number().int(), rows: z.array(SyncRow), warnings: ShopifyWarnings.optional() }).openapi('SyncOverview');

const overviewRoute = createRoute({
  method: 'get', path: '/api/v1/sync/shopify', tags: ['sync'], ...guard('permission', 'manage_sync'), summary: 'Pending and failed Shopify rows by age, with the lag of the oldest',
  responses: { 200: { description: 'Sync overview', content: { 'application/json': { schema: SyncOverview } } } },
});

const retryRoute = createRoute({
  method: 'post', path: '/api/v1/orders/{id}/sync/retry', tags: ['sync'], ...guard('permission', 'manage_sync'), summary: "Re-queue an order's failed Shopify sync (same key unless it is spent)",
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: 'Re-queued', content: { 'application/json': { schema: z.object({ requeued: z.number().int(), freshKeys: z.number().int() }) } } },
    401: { description: 'Not signed in' }, 403: { description: 'Needs manage_sync' }, 404: { description: 'No failed sync for this order' },
  },
});

const ShopifyStatus = z.object({
  connected: z.boolean(), shopDomain: z.string().nullable(), shopName: z.string().nullable(),
  locations: z.array(z.object({ id: z.string(), name: z.string(), isActive: z.boolean() })), branchLocationId: z.string().nullable(), lastImportAt: z.number().int().nullable(),
  warnings: ShopifyWarnings,
}).openapi('ShopifyStatus');

const statusRoute = createRoute({
  method: 'get', path: '/api/v1/shopify', tags: ['sync'], ...guard('permission', 'manage_settings'), summary: 'The connected shop (never the token), its locations and this branch\'s mapping',
  responses: { 200: { description: 'Status', content: { 'application/json': { schema: ShopifyStatus } } } },
});
const connectRoute = createRoute({
  method: 'post', path: '/api/v1/shopify/connection', tags: ['sync'], ...guard('permission', 'manage_settings'), summary: 'Check a shop domain and Admin API token with Shopify, then save them (manage_settings)',
  request: { body: { content: { 'application/json': { schema: z.object({ shop: z.string().min(1).max(255), token: z.string().min(1).max(255) }) } } } },
  responses: { 200: { description: 'Connected', content: { 'application/json': { schema: z.object({ shopDomain: z.string(), shopName: z.string() }) } } }, 422: { description: 'SHOPIFY_AUTH_FAILED' } },
});
const mapRoute = createRoute({
  method: 'put', path: '/api/v1/shopify/branch-location', tags: ['sync'], ...guard('permission', 'manage_settings'), summary: "Map the manager's branch to a Shopify location (manage_settings)",
  request: { body: { content: { 'application/json': { schema: z.object({ locationId: z.string().min(1).max(255) }) } } } },
  responses: { 200: { description: 'Mapped', content: { 'application/json': { schema: z.object({ branchId: z.string(), locationId: z.string(), requeued: z.number().int() }) } } }, 409: { description: 'SHOPIFY_LOCATION_INACTIVE' } },
});

const ImportState = z.object({
  running: z.boolean(), startedAt: z.number().int().nullable(),
  progress: z.object({ phase: z.string(), objectsRead: z.number().int(), objectsTotal: z.number().int().nullable(), perSecond: z.number(), etaSeconds: z.number().nullable() }).nullable(),
  summary: z.object({ objectsRead: z.number().int(), products: z.number().int(), variants: z.number().int(), baselineMovements: z.number().int(), deactivated: z.number().int(), locationId: z.string().nullable() }).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).passthrough().nullable(),
}).openapi('ShopifyImportState');
const importStateRoute = createRoute({
  method: 'get', path: '/api/v1/shopify/import', tags: ['sync'], ...guard('permission', 'manage_settings'), summary: 'Progress of the catalogue import (objects read, rate, ETA)',
  responses: { 200: { description: 'State', content: { 'application/json': { schema: ImportState } } } },
});
const importStartRoute = createRoute({
  method: 'post', path: '/api/v1/shopify/import', tags: ['sync'], ...guard('permission', 'manage_settings'), summary: 'Start the catalogue import for the manager\'s branch (manage_settings)',
  responses: { 202: { description: 'Started (or already running)', content: { 'application/json': { schema: ImportState } } } },
});

export function shopifyRoutes(deps: BoxDeps) {
  const router = createRouter();
  router.openapi(overviewRoute, (c) => c.json(getSyncOverview(deps.db, deps.clock.now(), 200, { dataDir: deps.config.dataDir, emulator: deps.config.shopifyEmulator || deps.config.demo, branchId: findBranch(deps.db)?.id ?? null }), 200));
  router.openapi(statusRoute, (c) => c.json(getShopifyStatus(deps.db, deps.config.dataDir, findBranch(deps.db)?.id ?? null, deps.config.shopifyEmulator || deps.config.demo), 200));
  router.openapi(connectRoute, async (c) => {
    const actor = requireActor(c);
    const { shop, token } = c.req.valid('json');
    const fetchApi = shopifyFetch({ emulator: deps.config.shopifyEmulator || deps.config.demo, clock: deps.clock });
    return resultResponse(c, await connectShopAsManager(actor, { dataDir: deps.config.dataDir, shop, token, now: deps.clock.now() }, fetchApi)) as never;
  });
  router.openapi(mapRoute, (c) => {
    const actor = requireActor(c);
    return resultResponse(c, mapBranchAsManager(deps.db, actor, c.req.valid('json').locationId, deps.clock.now())) as never;
  });
  router.openapi(importStateRoute, (c) => c.json(importJobState(deps.db) as never, 200));
  router.openapi(importStartRoute, (c) => {
    const actor = requireActor(c);
    return resultResponse(c, startImportJob(deps, actor), 202) as never;
  });
  router.openapi(retryRoute, (c) => {
    const actor = requireActor(c);
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
