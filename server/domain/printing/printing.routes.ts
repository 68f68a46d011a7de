// Printers and print jobs over HTTP: list printers with their live state, register one, list/move/reprint jobs.
import { guard } from '../../http/auth.ts';
import { createRoute, z } from '@hono/zod-openapi';
import type { BoxDeps } from '../../http/context.ts';
import { resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { isUuidV7, type Id } from '../../shared/ids.ts';
import { listPrinters, listPrintJobs, movePrintJob, registerPrinter, reprintPrintJob, type PrintingEffects } from './printing.service.ts';

const Uuid7 = z.string().refine(isUuidV7, 'must be a UUIDv7');
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown(), requestId: z.string().nullable() }) });

const PrinterState = z.object({
  state: z.string(),
  message: z.string(),
  paperNearEnd: z.boolean(),
  drawerPin3High: z.boolean().nullable(),
  drawerOpen: z.boolean().nullable(),
  drawerLeftOpen: z.boolean(),
  queued: z.number().int(),
  at: z.number().int(),
}).nullable();

const Printer = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  columns: z.number().int(),
  codepage: z.string(),
  drawerPin: z.number().int(),
  drawerOnMs: z.number().int(),
  drawerOffMs: z.number().int(),
  drawerOpenLevel: z.enum(['high', 'low']),
  counterId: z.string().nullable(),
  active: z.boolean(),
  status: PrinterState,
}).openapi('Printer');

const NewPrinter = z.object({
  id: Uuid7,
  name: z.string().min(1).max(100),
  address: z.string().min(1).max(300),
  columns: z.union([z.literal(32), z.literal(42), z.literal(48)]).optional(),
  codepage: z.string().max(40).optional(),
  drawerPin: z.union([z.literal(2), z.literal(5)]).optional(),
  drawerOnMs: z.number().int().min(2).max(510).optional(),
  drawerOffMs: z.number().int().min(2).max(510).optional(),
  drawerOpenLevel: z.enum(['high', 'low']).optional(),
  counterId: z.string().nullable().optional(),
}).openapi('NewPrinter');

const PrintJob = z.object({
  id: z.string(),
  printerId: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'printed', 'dropped', 'cancelled']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  reprintOf: z.string().nullable(),
  requestedBy: z.string().nullable(),
  reason: z.string().nullable(),
  documentId: z.string().nullable(),
  byteCount: z.number().int(),
  createdAt: z.number().int(),
  printedAt: z.number().int().nullable(),
}).openapi('PrintJob');

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = { 400: json(ErrorBody, 'Invalid request'), 404: json(ErrorBody, 'Not found'), 409: json(ErrorBody, 'Conflict'), 422: json(ErrorBody, 'Id reused') };

const listPrintersRoute = createRoute({
  method: 'get', path: '/api/v1/printers', tags: ['printing'], ...guard('device'), summary: 'Printers with their live state ("paper out", "ready")',
  responses: { 200: json(z.object({ printers: z.array(Printer) }), 'Printers') },
});
const registerPrinterRoute = createRoute({
  method: 'post', path: '/api/v1/printers', tags: ['printing'], ...guard('permission', 'manage_devices'), summary: 'Register a printer (idempotent on its id)',
  request: { body: { content: { 'application/json': { schema: NewPrinter } }, required: true } },
  responses: { 201: json(Printer.omit({ status: true }), 'The printer'), ...errors },
});
const listJobsRoute = createRoute({
  method: 'get', path: '/api/v1/print-jobs', tags: ['printing'], ...guard('device'), summary: 'Print jobs, newest first',
  request: {
    query: z.object({
      printerId: z.string().optional(),
      status: z.enum(['queued', 'printed', 'dropped', 'cancelled']).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: { 200: json(z.object({ jobs: z.array(PrintJob) }), 'Jobs') },
});
const moveJobRoute = createRoute({
  method: 'post', path: '/api/v1/print-jobs/{id}/move', tags: ['printing'], ...guard('staff'), summary: 'Move a waiting job to another printer',
  request: { params: z.object({ id: z.string() }), body: { content: { 'application/json': { schema: z.object({ printerId: z.string() }) } }, required: true } },
  responses: { 200: json(PrintJob, 'The moved job'), ...errors },
});
const reprintJobRoute = createRoute({
  method: 'post', path: '/api/v1/print-jobs/{id}/reprint', tags: ['printing'], ...guard('staff'), summary: 'Queue a copy of a job (idempotent on the new id)',
  request: {
    params: z.object({ id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({ id: Uuid7, printerId: z.string().optional() }) } }, required: true },
  },
  responses: { 201: json(PrintJob, 'The new job'), ...errors },
});

export function printingRoutes(deps: BoxDeps) {
  const effects: PrintingEffects = {
    jobQueued: (printerId) => deps.printing?.notify(printerId),
    printerRegistered: (printerId) => deps.printing?.notify(printerId),
  };
  return createRouter()
    .openapi(listPrintersRoute, (c) => {
      const statuses = new Map((deps.printing?.statuses() ?? []).map((status) => [status.printerId, status]));
      const printers = listPrinters(deps.db).map((printer) => {
        const status = statuses.get(printer.id);
        return {
          ...printer,
          status: status
            ? { state: status.state, message: status.message, paperNearEnd: status.paperNearEnd, drawerPin3High: status.drawerPin3High, drawerOpen: status.drawerOpen, drawerLeftOpen: status.drawerLeftOpen, queued: status.queued, at: status.at }
            : null,
        };
      });
      return c.json({ printers }, 200);
    })
    .openapi(registerPrinterRoute, (c) => {
      const body = c.req.valid('json');
      return resultResponse(c, registerPrinter(deps.db, { ...body, id: body.id as Id<'Printer'> }, deps.clock.now(), effects), 201) as never;
    })
    .openapi(listJobsRoute, (c) => {
      const query = c.req.valid('query');
      return c.json({ jobs: listPrintJobs(deps.db, { ...query, printerId: query.printerId as Id<'Printer'> | undefined }) }, 200);
    })
    .openapi(moveJobRoute, (c) => {
      const { id } = c.req.valid('param');
      const { printerId } = c.req.valid('json');
      return resultResponse(c, movePrintJob(deps.db, id as Id<'PrintJob'>, printerId as Id<'Printer'>, deps.clock.now(), effects)) as never;
    })
    .openapi(reprintJobRoute, (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      return resultResponse(
        c,
        reprintPrintJob(deps.db, { id: body.id as Id<'PrintJob'>, jobId: id as Id<'PrintJob'>, printerId: body.printerId as Id<'Printer'> | undefined }, deps.clock.now(), effects),
        201,
      ) as never;
    });
}
