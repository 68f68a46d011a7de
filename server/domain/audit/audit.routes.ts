// GET /api/v1/audit: managers browse the audit log, filtered by action, person and date, newest first.
import { createRoute, z } from '@hono/zod-openapi';
import { guard, requirePermission } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { createRouter } from '../../http/router.ts';
import { listAuditEntries } from './audit.service.ts';

const Query = z.object({
  action: z.string().max(64).optional(),
  staffId: z.string().max(64).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});

export function auditRoutes(deps: BoxDeps) {
  return createRouter().openapi(createRoute({
    method: 'get', path: '/api/v1/audit', tags: ['audit'], summary: 'The audit log, newest first', ...guard('permission', 'view_audit'),
    request: { query: Query },
    responses: { 200: { description: 'A page of entries, newest first' } },
  }), (c) => {
    requirePermission(c, 'view_audit');
    const q = c.req.valid('query');
    const filter = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));
    return c.json(listAuditEntries(deps.db, filter), 200);
  });
}
