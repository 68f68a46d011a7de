// GET /api/v1/box: the terminal's first call (branch, counters, currency, locale, demo flag).
import { createRoute, z } from '@hono/zod-openapi';
import type { BoxDeps } from '../../http/context.ts';
import { createRouter } from '../../http/router.ts';
import { getBoxInfo } from './branch.service.ts';

const Counter = z.object({ id: z.string(), code: z.string(), name: z.string() });
const BoxInfo = z.object({
  version: z.string(),
  demo: z.boolean(),
  branch: z.object({ id: z.string(), code: z.string(), name: z.string(), demo: z.boolean() }).nullable(),
  counters: z.array(Counter),
  currency: z.string(),
  currencyExponent: z.number().int(),
  locale: z.string(),
  timeZone: z.string(),
}).openapi('BoxInfo');

const route = createRoute({
  method: 'get',
  path: '/api/v1/box',
  tags: ['box'],
  summary: 'Who this box is and how the terminal formats money and dates',
  responses: { 200: { description: 'Box information', content: { 'application/json': { schema: BoxInfo } } } },
});

export function boxRoutes(deps: BoxDeps) {
  return createRouter().openapi(route, (c) => c.json(getBoxInfo(deps.db, deps.config, deps.version), 200));
}
