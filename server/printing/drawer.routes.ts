// Counter printer settings and drawers over HTTP: a no-sale opening, calibrating a drawer's polarity, a printer's paper width.
import { guard, requireActor, requirePermission } from '../http/auth.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { calibrateDrawerPolarity, findPrinter, setPrinterColumns, type PrintingEffects } from '../domain/printing/index.ts';
import type { BoxDeps } from '../http/context.ts';
import { errorResponse, resultResponse } from '../http/errors.ts';
import { createRouter } from '../http/router.ts';
import { isUuidV7, type Id } from '../shared/ids.ts';
import { NO_SALE_REASON_MAX, openDrawerNoSale } from './no-sale-drawer.ts';

/** A pin 3 reading older than this is not "live": the queue polls every 1–2 s while it can reach the printer. */
export const LIVE_LEVEL_MAX_AGE_MS = 10_000;

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown(), requestId: z.string().nullable() }) });
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const NoSaleBody = z.object({
  id: z.string().refine(isUuidV7, 'must be a UUIDv7'),
  reason: z.string().min(1, 'say why the drawer is opened').max(NO_SALE_REASON_MAX),
  approvalId: z.string().optional(),
}).openapi('NoSaleRequest');
const NoSaleOpening = z.object({
  id: z.string(), jobId: z.string(), printerId: z.string(), printerName: z.string(), status: z.string(), createdAt: z.number().int(),
}).openapi('NoSaleOpening');

const openRoute = createRoute({
  method: 'post', path: '/api/v1/drawers/open', tags: ['printing'], ...guard('approvable', 'open_drawer_no_sale'),
  summary: "Open the counter's cash drawer without a sale (reason required; idempotent on the id; approvable)",
  request: { body: { content: { 'application/json': { schema: NoSaleBody } }, required: true } },
  responses: {
    201: json(NoSaleOpening, 'The drawer kick is queued'), 400: json(ErrorBody, 'Invalid'), 403: json(ErrorBody, 'Approval needed'),
    404: json(ErrorBody, 'No printer for this counter'), 409: json(ErrorBody, 'Approval invalid'), 422: json(ErrorBody, 'Id reused'),
  },
});

const CalibratedPrinter = z.object({ id: z.string(), name: z.string(), drawerOpenLevel: z.enum(['high', 'low']), closedLevel: z.enum(['high', 'low']) })
  .openapi('DrawerCalibration');
const calibrateRoute = createRoute({
  method: 'post', path: '/api/v1/printers/{id}/drawer/calibrate', tags: ['printing'], ...guard('permission', 'manage_devices'),
  summary: "With the drawer CLOSED: read the printer's pin 3 level now and store the opposite as \"open\"",
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: json(CalibratedPrinter, 'Polarity stored'), 404: json(ErrorBody, 'No such printer'),
    409: json(ErrorBody, 'The printer does not report its drawer'), 503: json(ErrorBody, 'Printer unreachable'),
  },
});

const paperRoute = createRoute({
  method: 'put', path: '/api/v1/printers/{id}/paper', tags: ['printing'], ...guard('permission', 'manage_devices'),
  summary: "A printer's paper width: 32 or 42 characters (58 mm), 48 (80 mm)",
  request: {
    params: z.object({ id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({ columns: z.union([z.literal(32), z.literal(42), z.literal(48)]) }) } }, required: true },
  },
  responses: { 200: json(z.object({ id: z.string(), name: z.string(), columns: z.number().int() }), 'Saved'), 400: json(ErrorBody, 'Invalid'), 404: json(ErrorBody, 'No such printer') },
});

export function drawerRoutes(deps: BoxDeps) {
  const effects: PrintingEffects = {
    jobQueued: (printerId) => deps.printing?.notify(printerId),
    printerChanged: (printerId) => deps.printing?.printerChanged?.(printerId),
  };
  return createRouter()
    .openapi(openRoute, (c) => {
      const actor = requireActor(c);
      return resultResponse(c, openDrawerNoSale(deps.db, actor, c.req.valid('json'), deps.clock.now(), effects), 201) as never;
    })
    .openapi(calibrateRoute, (c) => {
      const actor = requirePermission(c, 'manage_devices');
      const printerId = c.req.valid('param').id as Id<'Printer'>;
      const printer = findPrinter(deps.db, printerId);
      if (!printer) return errorResponse(c, { code: 'PRINTER_NOT_FOUND', message: 'No such printer', details: { printerId } }) as never;
      const now = deps.clock.now();
      const status = deps.printing?.statuses().find((s) => s.printerId === printerId);
      if (!status || status.state === 'unreachable' || now - status.at > LIVE_LEVEL_MAX_AGE_MS) {
        return errorResponse(c, {
          code: 'PRINTER_UNREACHABLE',
          message: `${printer.name} cannot be reached, so its drawer cannot be read; check its cable and power, then try again`,
          details: { printerId, state: status?.state ?? 'unknown' },
        }) as never;
      }
      if (status.drawerPin3High === null) {
        return errorResponse(c, {
          code: 'DRAWER_LEVEL_UNKNOWN',
          message: `${printer.name} does not report its drawer sensor, so the drawer cannot be calibrated`,
          details: { printerId, state: status.state },
        }) as never;
      }
      const closedLevelHigh = status.drawerPin3High;
      const calibrated = calibrateDrawerPolarity(deps.db, {
        printerId, closedLevelHigh, staffId: actor.staffId, branchId: actor.branchId, counterId: actor.counterId,
      }, now, effects);
      if (!calibrated.ok) return errorResponse(c, calibrated.error) as never;
      const { id, name, drawerOpenLevel } = calibrated.value;
      return c.json({ id, name, drawerOpenLevel, closedLevel: closedLevelHigh ? 'high' as const : 'low' as const }, 200);
    })
    .openapi(paperRoute, (c) => {
      const actor = requirePermission(c, 'manage_devices');
      const saved = setPrinterColumns(deps.db, {
        printerId: c.req.valid('param').id as Id<'Printer'>, columns: c.req.valid('json').columns, staffId: actor.staffId, branchId: actor.branchId, counterId: actor.counterId,
      }, deps.clock.now());
      return resultResponse(c, saved.ok ? { ok: true, value: { id: saved.value.id, name: saved.value.name, columns: saved.value.columns } } : saved) as never;
    });
}
