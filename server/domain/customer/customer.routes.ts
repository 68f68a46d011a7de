// GET /api/v1/customers?q= (by phone digits or name) and POST /api/v1/customers.
import { createRoute, z } from '@hono/zod-openapi';
import { guard } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { isUuidV7, type Id } from '../../shared/ids.ts';
import { createCustomer, searchCustomers } from './customer.service.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export function customerRoutes(deps: BoxDeps) {
  return createRouter()
    .openapi(createRoute({
      method: 'get', path: '/api/v1/customers', tags: ['customers'], summary: 'Customers by phone digits or name', ...guard('staff'),
      request: { query: z.object({ q: z.string().max(100) }) }, responses: { 200: { description: 'Matches' } },
    }), (c) => c.json({ items: searchCustomers(deps.db, c.req.valid('query').q) }, 200))
    .openapi(createRoute({
      method: 'post', path: '/api/v1/customers', tags: ['customers'], summary: 'Create a customer (same id again → the same customer)', ...guard('staff'),
      request: { body: json(z.object({ id: z.string().refine(isUuidV7).optional(), name: z.string().min(1).max(120), phone: z.string().max(30).optional(), email: z.string().max(120).optional() })) },
      responses: { 201: { description: 'The customer' } },
    }), (c) => {
      const body = c.req.valid('json');
      return resultResponse(c, createCustomer(deps.db, { name: body.name, ...(body.phone ? { phone: body.phone } : {}), ...(body.email ? { email: body.email } : {}), ...(body.id ? { id: body.id as Id<'Customer'> } : {}) }, deps.clock.now()), 201);
    });
}
