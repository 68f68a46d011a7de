// GET /api/v1/cart (this counter's cart), GET /api/v1/drafts, DELETE /api/v1/drafts/:id (delete_draft, audited).
import { createRoute, z } from '@hono/zod-openapi';
import { guard, requireActor, requireDevice } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { saleSettings } from '../sale/index.ts';
import { deleteDraft, listDrafts, printQuote } from './cart.drafts.ts';
import { NO_SALE_EFFECTS } from '../sale/index.ts';
import { getCart } from './cart.service.ts';

export function cartRoutes(deps: BoxDeps) {
  const ctx = () => ({ settings: saleSettings(deps.config), currencyExponent: deps.config.currencyExponent });
  return createRouter()
    .openapi(createRoute({
      method: 'get', path: '/api/v1/cart', tags: ['cart'], summary: "This counter's open cart (intents go over socket.io)", ...guard('device'),
      responses: { 200: { description: 'The cart' } },
    }), (c) => resultResponse(c, getCart(deps.db, requireDevice(c).counterId, ctx())))
    .openapi(createRoute({
      method: 'get', path: '/api/v1/drafts', tags: ['cart'], summary: "The branch's parked drafts, newest first", ...guard('staff'),
      responses: { 200: { description: 'Drafts' } },
    }), (c) => c.json({ items: listDrafts(deps.db, requireActor(c).branchId) }, 200))
    .openapi(createRoute({
      method: 'post', path: '/api/v1/drafts/{id}/quote', tags: ['cart'], summary: 'Print a quote for a draft', ...guard('staff'),
      request: { params: z.object({ id: z.string().min(1).max(64) }) }, responses: { 200: { description: 'Sent to the printer' } },
    }), (c) => resultResponse(c, printQuote(deps.db, requireActor(c), c.req.valid('param').id, {
      ...ctx(), effects: deps.effects ?? { ...NO_SALE_EFFECTS, cart: { cartChanged: () => {} } }, now: deps.clock.now(),
    })))
    .openapi(createRoute({
      method: 'delete', path: '/api/v1/drafts/{id}', tags: ['cart'], summary: 'Delete a draft (audited)', ...guard('permission', 'delete_draft'),
      request: { params: z.object({ id: z.string().min(1).max(64) }), query: z.object({ reason: z.string().max(200).optional() }) },
      responses: { 200: { description: 'Deleted' } },
    }), (c) => {
      const reason = c.req.valid('query').reason;
      return resultResponse(c, deleteDraft(deps.db, requireActor(c), { draftId: c.req.valid('param').id, ...(reason ? { reason } : {}) }, deps.clock.now()));
    });
}
