// POST /api/v1/orders (the checkout command for integrations, with Idempotency-Key) and GET /api/v1/orders/:id.
import { createRoute, z } from '@hono/zod-openapi';
import { guard, requireActor, requireDevice } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { errorResponse, resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { isUuidV7, type Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import { checkoutCart } from '../cart/index.ts';
import { scaleSettings } from '../catalog/index.ts';
import { completeSaleWithKey, getOrder, listShiftOrders, orderExists, reprintReceipt } from './sale.service.ts';
import { currentShift } from '../shift/index.ts';
import { NO_SALE_EFFECTS } from './sale.ports.ts';
import { TENDER_METHODS } from './sale.rules.ts';
import { saleSettings } from './sale.settings.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const Money = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Discount = z.union([
  z.object({ kind: z.literal('percent'), bps: z.number().int().min(0).max(10_000) }),
  z.object({ kind: z.literal('amount'), amount: Money }),
]).nullable().optional();
const Uuid7 = z.string().refine(isUuidV7, 'a UUIDv7 made by the caller');

const Tender = z.object({
  id: Uuid7.optional(),
  method: z.enum(TENDER_METHODS as unknown as [string, ...string[]]),
  amount: Money.openapi({ description: 'Cash: notes handed over. Others: the amount charged. Minor units.' }),
  reference: z.string().max(80).nullish(),
  last4: z.string().regex(/^\d{4}$/).nullish(),
  provider: z.string().max(40).nullish(),
});

const OrderBody = z.object({
  orderId: Uuid7,
  counterId: z.string().max(64).nullish(),
  shiftId: z.string().max(64).nullish(),
  customerId: z.string().max(64).nullish(),
  salespersonId: z.string().max(64).nullish(),
  note: z.string().max(500).optional(),
  lines: z.array(z.object({
    variantId: z.string().min(1).max(64), quantity: z.number(), unitPrice: Money.nullish(), discount: Discount, salespersonId: z.string().max(64).nullish(),
  })).max(500).optional(),
  orderDiscount: Discount,
  approvalId: z.string().max(64).nullish(),
  tenders: z.array(Tender).min(1).max(20),
  /** Complete the counter's open cart instead of sending lines. */
  session: z.object({ counterId: z.string().max(64) }).optional(),
}).openapi('OrderRequest');

const createOrder = createRoute({
  method: 'post', path: '/api/v1/orders', tags: ['orders'], ...guard('staff'),
  summary: 'Complete a sale: lines (or the counter cart), tenders, customer. Same orderId or Idempotency-Key → the same order',
  request: { body: json(OrderBody), headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }) },
  responses: { 201: { description: 'The order (200 when it already existed)' }, 422: { description: 'TENDER_SHORT, IDEMPOTENCY_KEY_REUSED' } },
});

const readOrder = createRoute({
  method: 'get', path: '/api/v1/orders/{id}', tags: ['orders'], ...guard('device'),
  summary: 'An order with lines, payments, totals, receipt number and sync status',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 200: { description: 'The order' }, 404: { description: 'NOT_FOUND' } },
});

/**
 * `Server-Timing: handler;dur=…`: milliseconds from the checkout handler's start (auth and body validation done) to its
 * response built, the commit transaction included; what the in-server commit budget of ARCHITECTURE.md §6 measures.
 */
function withHandlerTiming(response: Response, started: number): Response {
  response.headers.set('Server-Timing', `handler;dur=${(performance.now() - started).toFixed(3)}`);
  return response;
}

export function saleRoutes(deps: BoxDeps) {
  const effects = deps.effects ?? { ...NO_SALE_EFFECTS, cart: { cartChanged: () => {} } };
  return createRouter()
    .openapi(createOrder, (c) => {
      const started = performance.now();
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'] ?? null;
      const settings = saleSettings(deps.config);
      const now = deps.clock.now();
      const existed = orderExists(deps.db, body.orderId);
      if (body.session) {
        if (actor.counterId !== body.session.counterId) {
          return errorResponse(c, { code: 'PERMISSION_DENIED', message: 'a counter cart can only be checked out from that counter', details: { counterId: body.session.counterId } });
        }
        const done = checkoutCart(deps.db, actor, key ?? `http:${body.orderId}`, { orderId: body.orderId, tenders: body.tenders as never }, {
          settings, scale: scaleSettings(deps.config), currencyExponent: deps.config.currencyExponent, effects, now,
        });
        return withHandlerTiming(done.ok ? c.json(done.value.order, existed ? 200 : 201) : errorResponse(c, done.error), started);
      }
      const result = completeSaleWithKey(deps.db, actor, key, {
        orderId: body.orderId as Id<'Order'>, counterId: (body.counterId ?? null) as Id<'Counter'> | null, shiftId: body.shiftId ?? null,
        customerId: body.customerId ?? null, salespersonId: body.salespersonId ?? null, note: body.note ?? '',
        lines: (body.lines ?? []).map((l) => ({ ...l, unitPrice: (l.unitPrice ?? null) as Money | null })) as never,
        orderDiscount: (body.orderDiscount ?? null) as never, approvalId: body.approvalId ?? null, tenders: body.tenders as never,
      }, { settings, effects, now, source: 'api' });
      return withHandlerTiming(resultResponse(c, result, existed ? 200 : 201), started);
    })
    .openapi(createRoute({
      method: 'get', path: '/api/v1/orders', tags: ['orders'], ...guard('staff'), summary: "Sales of this counter's open shift (or of a given shift), newest first",
      request: { query: z.object({ shiftId: z.string().max(64).optional() }) }, responses: { 200: { description: 'Orders' } },
    }), (c) => {
      const shiftId = c.req.valid('query').shiftId ?? currentShift(deps.db, requireDevice(c).counterId)?.id ?? null;
      return c.json({ items: shiftId ? listShiftOrders(deps.db, shiftId) : [] }, 200);
    })
    .openapi(createRoute({
      method: 'post', path: '/api/v1/orders/{id}/reprint', tags: ['orders'], ...guard('staff'), summary: 'Print a receipt again (a copy; audited)',
      request: { params: z.object({ id: z.string().min(1).max(64) }), headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }) },
      responses: { 200: { description: 'Sent to the printer (once per Idempotency-Key)' } },
    }), (c) => resultResponse(c, reprintReceipt(deps.db, requireActor(c), c.req.valid('param').id, effects, deps.clock.now(), c.req.valid('header')['idempotency-key'])))
    .openapi(readOrder, (c) => {
      const order = getOrder(deps.db, c.req.valid('param').id);
      return order ? c.json(order, 200) : errorResponse(c, { code: 'NOT_FOUND', message: 'no order with that id' });
    });
}
