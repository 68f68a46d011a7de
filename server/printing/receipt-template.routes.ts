// The receipt template over HTTP: read, save, and a live PNG preview of a sample receipt while a manager edits.
import { guard } from '../http/auth.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { findBranch, findBranchProfile } from '../domain/branch/index.ts';
import { getReceiptTemplate, saveReceiptTemplate, validateTemplate, type ReceiptTemplate, type TemplateInput } from '../domain/printing/index.ts';
import type { BoxDeps } from '../http/context.ts';
import { errorResponse, resultResponse } from '../http/errors.ts';
import { createRouter } from '../http/router.ts';
import { toDecimalString, type Money } from '../shared/money.ts';
import { previewReceipt } from '../../hardware/escpos/escpos.raster.ts';
import { sampleReceipt } from '../../hardware/receipt/receipt.fixtures.ts';

const Blocks = z.object({
  logo: z.boolean(), customer: z.boolean(), sku: z.boolean(), taxes: z.boolean(), barcode: z.boolean(), qr: z.boolean(), footer: z.boolean(),
});
const Line = z.string().max(48);
const TemplateBody = z.object({
  headerLines: z.array(Line).max(6),
  footerLines: z.array(Line).max(6),
  /** PNG, base64. */
  logoPng: z.string().max(360_000).nullable(),
  blocks: Blocks.partial(),
}).openapi('ReceiptTemplateInput');
const Template = z.object({
  headerLines: z.array(z.string()),
  footerLines: z.array(z.string()),
  logoPng: z.string().nullable(),
  blocks: Blocks,
  updatedAt: z.number().int().nullable(),
}).openapi('ReceiptTemplate');
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown(), requestId: z.string().nullable() }) });
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const getRoute = createRoute({
  method: 'get', path: '/api/v1/receipt-template', tags: ['printing'], ...guard('device'), summary: "The branch's receipt template",
  responses: { 200: json(Template, 'Template'), 404: json(ErrorBody, 'No branch yet') },
});
const putRoute = createRoute({
  method: 'put', path: '/api/v1/receipt-template', tags: ['printing'], ...guard('permission', 'manage_settings'), summary: 'Save the receipt template',
  request: { body: { content: { 'application/json': { schema: TemplateBody } }, required: true } },
  responses: { 200: json(Template, 'Saved template'), 400: json(ErrorBody, 'Invalid'), 404: json(ErrorBody, 'No branch yet'), 413: json(ErrorBody, 'Logo too large') },
});
const previewRoute = createRoute({
  method: 'post', path: '/api/v1/receipt-template/preview', tags: ['printing'], ...guard('staff'), summary: 'A sample receipt printed with this (unsaved) template, as PNG',
  request: {
    query: z.object({ columns: z.enum(['32', '42', '48']).optional() }),
    body: { content: { 'application/json': { schema: TemplateBody } }, required: true },
  },
  responses: {
    200: { description: 'PNG', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
    400: json(ErrorBody, 'Invalid'), 404: json(ErrorBody, 'No branch yet'), 413: json(ErrorBody, 'Logo too large'),
  },
});

function toInput(body: z.infer<typeof TemplateBody>): TemplateInput {
  return { ...body, logoPng: body.logoPng ? new Uint8Array(Buffer.from(body.logoPng, 'base64')) : null };
}

function toJson(template: ReceiptTemplate) {
  return { ...template, logoPng: template.logoPng ? Buffer.from(template.logoPng).toString('base64') : null };
}

export function receiptTemplateRoutes(deps: BoxDeps) {
  const formatMoney = (amount: Money) => {
    const [whole = '0', fraction] = toDecimalString(amount, deps.config.currencyExponent).replace('-', '').split('.');
    return `${amount < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
  };
  const noBranch = { code: 'NOT_FOUND' as const, message: 'This box has no branch yet' };
  return createRouter()
    .openapi(getRoute, (c) => {
      const branch = findBranch(deps.db);
      if (!branch) return errorResponse(c, noBranch) as never;
      return c.json(toJson(getReceiptTemplate(deps.db, branch.id)), 200);
    })
    .openapi(putRoute, (c) => {
      const branch = findBranch(deps.db);
      if (!branch) return errorResponse(c, noBranch) as never;
      const saved = saveReceiptTemplate(deps.db, branch.id, toInput(c.req.valid('json')), deps.clock.now());
      return resultResponse(c, saved.ok ? { ok: true, value: toJson(saved.value) } : saved) as never;
    })
    .openapi(previewRoute, async (c) => {
      const branch = findBranch(deps.db);
      if (!branch) return errorResponse(c, noBranch) as never;
      const valid = validateTemplate(toInput(c.req.valid('json')));
      if (!valid.ok) return errorResponse(c, valid.error) as never;
      const sample = sampleReceipt();
      // The header as this branch's receipts print it: its name, this counter, its address above the template's lines.
      const address = findBranchProfile(deps.db, branch.id)?.address;
      const counterName = c.get('device')?.counterName;
      const document = {
        ...sample,
        header: {
          ...sample.header,
          storeName: branch.name,
          branchName: branch.name,
          ...(counterName ? { counterName } : {}),
          lines: [...(address ? [address] : []), ...valid.value.headerLines],
          logo: valid.value.logoPng ? { png: valid.value.logoPng } : undefined,
        },
        timeZone: deps.config.timeZone,
        footer: valid.value.footerLines,
      };
      const columns = Number(c.req.valid('query').columns ?? '48') as 32 | 42 | 48;
      const png = await previewReceipt(document, { columns, formatMoney, blocks: valid.value.blocks });
      return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' }) as never;
    });
}
