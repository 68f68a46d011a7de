// POST /api/v1/shifts (open this counter's shift with its float) and GET /api/v1/shifts/current.
import { createRoute, z } from '@hono/zod-openapi';
import { guard, requireActor, requireDevice } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { errorResponse, resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { isUuidV7, type Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import { currentShift, openShift } from './shift.service.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export function shiftRoutes(deps: BoxDeps) {
  return createRouter()
    .openapi(createRoute({
      method: 'post', path: '/api/v1/shifts', tags: ['shifts'], summary: "Open this counter's shift with its opening float", ...guard('staff'),
      request: { body: json(z.object({ shiftId: z.string().refine(isUuidV7, 'a UUIDv7').optional(), openingFloat: z.number().int().min(0).max(1e12) })) },
      responses: { 201: { description: 'The open shift' }, 409: { description: 'SHIFT_ALREADY_OPEN' } },
    }), (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      if (!actor.counterId) return errorResponse(c, { code: 'VALIDATION_FAILED', message: 'shifts are opened from a paired counter' });
      return resultResponse(c, openShift(deps.db, actor, {
        counterId: actor.counterId, openingFloat: body.openingFloat as Money, ...(body.shiftId ? { shiftId: body.shiftId as Id<'Shift'> } : {}),
      }, deps.clock.now(), deps.config.timeZone), 201);
    })
    .openapi(createRoute({
      method: 'get', path: '/api/v1/shifts/current', tags: ['shifts'], summary: "This counter's open shift (null when none)", ...guard('device'),
      responses: { 200: { description: 'The shift or null' } },
    }), (c) => c.json({ shift: currentShift(deps.db, requireDevice(c).counterId) }, 200));
}
