// GET /healthz: liveness for systemd, kiosks waiting for the box, and techs.
import { createRoute, z } from '@hono/zod-openapi';
import type { BoxDeps } from './context.ts';
import { createRouter } from './router.ts';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeS: z.number().int(),
  db: z.enum(['ok', 'error']),
}).openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['box'],
  summary: 'Liveness and database reachability',
  responses: {
    200: { description: 'The box is serving', content: { 'application/json': { schema: Health } } },
    503: { description: 'The database cannot be read', content: { 'application/json': { schema: Health } } },
  },
});

export function healthRoutes(deps: BoxDeps) {
  return createRouter().openapi(route, (c) => {
    let db: 'ok' | 'error' = 'ok';
    try {
      deps.db.$client.prepare('select 1').get();
    } catch {
      db = 'error';
    }
    const body = {
      status: db === 'ok' ? ('ok' as const) : ('degraded' as const),
      version: deps.version,
      uptimeS: Math.floor((deps.clock.now() - deps.startedAt) / 1000),
      db,
    };
    return db === 'ok' ? c.json(body, 200) : c.json(body, 503);
  });
}
