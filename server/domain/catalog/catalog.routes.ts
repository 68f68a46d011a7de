// GET /api/v1/catalog/lookup?barcode= and /api/v1/catalog/search?q=: the till's two ways to find an item.
import { createRoute, z } from '@hono/zod-openapi';
import { guard } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { findBranch } from '../branch/index.ts';
import { scaleSettings } from './catalog.settings.ts';
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

export function catalogRoutes(deps: BoxDeps) {
  const scale = scaleSettings(deps.config);
  const branchId = () => findBranch(deps.db)?.id ?? null;
  return createRouter()
    .openapi(lookupRoute, (c) => resultResponse(c, lookupBarcode(deps.db, c.req.valid('query').barcode, scale, branchId())) as never)
    .openapi(searchRoute, (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json(searchCatalog(deps.db, q, { branchId: branchId(), ...(limit ? { limit } : {}) }), 200);
    });
}
