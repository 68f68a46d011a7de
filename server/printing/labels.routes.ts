// Shelf labels over HTTP: print them on the counter's printer through the print queue, or download a PDF/PNG sheet.
import { createRoute, z } from '@hono/zod-openapi';
import { guard, requireActor } from '../http/auth.ts';
import type { BoxDeps } from '../http/context.ts';
import { errorResponse, resultResponse } from '../http/errors.ts';
import { createRouter } from '../http/router.ts';
import { isUuidV7, type Id } from '../shared/ids.ts';
import type { PrintingEffects } from '../domain/printing/index.ts';
import { labelSheet, printLabels } from './labels.service.ts';

const Items = z.array(z.object({ variantId: z.string().min(1).max(64), copies: z.number().int().min(1).max(100) })).min(1).max(100);
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown(), requestId: z.string().nullable() }) });
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = { 400: json(ErrorBody, 'Invalid request'), 403: json(ErrorBody, 'Not allowed'), 404: json(ErrorBody, 'Unknown item or printer'), 422: json(ErrorBody, 'Id reused') };

const LabelJob = z.object({
  job: z.object({ id: z.string(), printerId: z.string(), kind: z.string(), status: z.string(), byteCount: z.number().int(), createdAt: z.number().int() }).passthrough(),
  printerName: z.string(),
  created: z.boolean(),
}).openapi('LabelJob');

const printRoute = createRoute({
  method: 'post', path: '/api/v1/labels/print', tags: ['printing'], ...guard('permission', 'print_labels'),
  summary: 'Queue shelf labels on a printer (the counter\'s by default); idempotent on the id the terminal chose',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ id: z.string().refine(isUuidV7, 'must be a UUIDv7'), printerId: z.string().max(64).nullish(), items: Items }) } },
      required: true,
    },
  },
  responses: { 200: json(LabelJob, 'Already queued (a retried request)'), 201: json(LabelJob, 'Queued'), ...errors },
});

const sheetRoute = createRoute({
  method: 'post', path: '/api/v1/labels/sheet', tags: ['printing'], ...guard('permission', 'print_labels'),
  summary: 'A sheet of shelf labels to download: A4 PDF (3 × 8 stickers a page) or PNG',
  request: { body: { content: { 'application/json': { schema: z.object({ format: z.enum(['pdf', 'png']), items: Items }) } }, required: true } },
  responses: {
    200: {
      description: 'The sheet',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) }, 'image/png': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errors,
  },
});

export function labelRoutes(deps: BoxDeps) {
  const effects: PrintingEffects = { jobQueued: (printerId) => deps.printing?.notify(printerId) };
  return createRouter()
    .openapi(printRoute, (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const queued = printLabels(
        { db: deps.db, config: deps.config, now: deps.clock.now() },
        { id: body.id as Id<'PrintJob'>, printerId: body.printerId ?? null, counterId: actor.counterId, items: body.items, requestedBy: actor.staffId },
        effects,
      );
      return resultResponse(c, queued, queued.ok && queued.value.created ? 201 : 200) as never;
    })
    .openapi(sheetRoute, async (c) => {
      const { format, items } = c.req.valid('json');
      const sheet = await labelSheet(deps.db, deps.config, format, items);
      if (!sheet.ok) return errorResponse(c, sheet.error) as never;
      return c.body(new Uint8Array(sheet.value), 200, {
        'content-type': format === 'pdf' ? 'application/pdf' : 'image/png',
        'content-disposition': `attachment; filename="labels.${format}"`,
        'cache-control': 'no-store',
      }) as never;
    });
}
