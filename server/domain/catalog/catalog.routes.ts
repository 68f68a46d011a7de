// GET /api/v1/catalog/lookup?barcode= and /api/v1/catalog/search?q=: the till's two ways to find an item.
import { createRoute, z } from '@hono/zod-openapi';
import { guard } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { findBranch } from '../branch/index.ts';
import { internalBarcodeSettings, scaleSettings } from './catalog.settings.ts';
import { assignInternalBarcode } from './catalog.barcodes.ts';
import { AppErrorException } from '../../http/auth.ts';
import { lookupBarcode } from './catalog.lookup.ts';
import { searchCatalog } from './catalog.search.ts';

const Variant = z.object({
  variantId: z.string(), productId: z.string(), productTitle: z.string(), variantTitle: z.string(), title: z.string(),
  sku: z.string(), barcode: z.string().nullable(), vendor: z.string(), price: z.number().int(), compareAtPrice: z.number().int().nullable(),
  unit: z.enum(['each', 'g', 'ml']), taxRateBps: z.number().int(), active: z.boolean(), stock: z.number().int().nullable(),
}).openapi('CatalogVariant');

const lookupRoute = createRoute({
  method: 'get',
  path: '/api/v1/catalog/lookup',
  tags: ['catalog'],
  ...guard('device'),
  summary: 'The item a scanned barcode names (exact barcode, SKU, or a weighed-goods scale barcode)',
  request: { query: z.object({ barcode: z.string().min(1).max(64) }) },
  responses: {
    200: { description: 'The item', content: { 'application/json': { schema: z.object({ variant: Variant, quantity: z.number().int().nullable(), embeddedPrice: z.number().int().nullable() }) } } },
    404: { description: 'BARCODE_NOT_FOUND' },
  },
});

const searchRoute = createRoute({
  method: 'get',
  path: '/api/v1/catalog/search',
  tags: ['catalog'],
  ...guard('device'),
  summary: 'Search as you type by name, SKU or barcode (prefixes, several words, one typo per word)',
  request: { query: z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(100).optional() }) },
  responses: { 200: { description: 'Best matches first', content: { 'application/json': { schema: z.object({ items: z.array(Variant), corrected: z.boolean() }) } } } },
});

const assignBarcodeRoute = createRoute({
  method: 'post',
  path: '/api/v1/catalog/variants/{id}/internal-barcode',
  tags: ['catalog'],
  ...guard('permission', 'manage_catalog'),
  summary: 'Give a variant without a barcode an in-store EAN-13 (idempotent; audited; local only, not pushed to Shopify)',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: { description: 'The variant already had this in-store barcode', content: { 'application/json': { schema: z.object({ variantId: z.string(), barcode: z.string(), created: z.boolean() }) } } },
    201: { description: 'The new barcode', content: { 'application/json': { schema: z.object({ variantId: z.string(), barcode: z.string(), created: z.boolean() }) } } },
    404: { description: 'VARIANT_NOT_FOUND' },
    409: { description: 'VARIANT_HAS_BARCODE' },
  },
});

export function catalogRoutes(deps: BoxDeps) {
  const scale = scaleSettings(deps.config);
  const branchId = () => findBranch(deps.db)?.id ?? null;
  return createRouter()
    .openapi(lookupRoute, (c) => resultResponse(c, lookupBarcode(deps.db, c.req.valid('query').barcode, scale, branchId())) as never)
    .openapi(searchRoute, (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json(searchCatalog(deps.db, q, { branchId: branchId(), ...(limit ? { limit } : {}) }), 200);
    })
    .openapi(assignBarcodeRoute, (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppErrorException({ code: 'UNAUTHENTICATED', message: 'sign in with your PIN first' });
      const result = assignInternalBarcode(deps.db, actor, c.req.valid('param').id, internalBarcodeSettings(deps.config), deps.clock.now());
      return resultResponse(c, result, result.ok && result.value.created ? 201 : 200) as never;
    });
}
