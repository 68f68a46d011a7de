// Demo mode only: what the virtual printer printed (text, codes, drawer pulses) and a switch for its faults.
import { createHash } from 'node:crypto';
import { guard } from '../http/auth.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.ts';
import { previewPrintedJob } from '../../hardware/virtual-printer/virtual-printer.preview.ts';
import type { PrintedJob } from '../../hardware/virtual-printer/virtual-printer.jobs.ts';
import { errorResponse } from '../http/errors.ts';
import type { DemoPrinter } from './demo-printer.ts';

const Job = z.object({
  /** Changes when the job kept at this index changes (jobs shift once more than 50 are kept): a cache key for its preview. */
  key: z.string(),
  transcript: z.array(z.string()),
  barcodes: z.array(z.object({ symbology: z.string(), value: z.string() })),
  qrcodes: z.array(z.string()),
  images: z.number().int(),
  cut: z.string().nullable(),
});
const Pulse = z.object({ pin: z.number().int(), onMs: z.number().int(), offMs: z.number().int(), realtime: z.boolean() });
const State = z.object({
  paper: z.enum(['ok', 'near-end', 'out']),
  coverOpen: z.boolean(),
  drawerOpen: z.boolean(),
  offline: z.boolean(),
  error: z.boolean(),
  answersStatus: z.boolean(),
  stalled: z.boolean(),
});
const Snapshot = z.object({ printerId: z.string(), url: z.string(), state: State, jobs: z.array(Job), pulses: z.array(Pulse) }).openapi('VirtualPrinter');

const getRoute = createRoute({
  method: 'get', path: '/api/v1/demo/virtual-printer', tags: ['demo'], ...guard('device'), summary: 'What the demo virtual printer printed (last 50 jobs)',
  responses: { 200: { description: 'Virtual printer', content: { 'application/json': { schema: Snapshot } } } },
});
const setRoute = createRoute({
  method: 'post', path: '/api/v1/demo/virtual-printer/state', tags: ['demo'], ...guard('staff'), summary: 'Simulate a fault (paper out, cover open, drawer open…)',
  request: { body: { content: { 'application/json': { schema: State.partial() } }, required: true } },
  responses: { 200: { description: 'Virtual printer', content: { 'application/json': { schema: Snapshot } } } },
});

const previewRoute = createRoute({
  method: 'get', path: '/api/v1/demo/virtual-printer/jobs/{index}/preview.png', tags: ['demo'], ...guard('device'),
  summary: 'A printed job as a PNG (0 = oldest kept; -1 = the latest)',
  request: { params: z.object({ index: z.coerce.number().int() }) },
  responses: {
    200: { description: 'PNG', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
    404: { description: 'No such job', content: { 'application/json': { schema: z.object({ error: z.unknown() }) } } },
  },
});

function jobKey(job: PrintedJob): string {
  const hash = createHash('sha256').update(JSON.stringify(job.transcript));
  for (const image of job.images) hash.update(image.png);
  return hash.digest('hex').slice(0, 16);
}

export function demoPrinterRoutes(demo: DemoPrinter) {
  const snapshot = () => {
    const { printer } = demo;
    const { refusesSecondConnection: _refuses, drawerOpensOnPulse: _opens, ...state } = printer.state;
    return {
      printerId: demo.printerId,
      url: printer.url,
      state,
      jobs: printer.jobs.map((job) => ({ key: jobKey(job), transcript: job.transcript, barcodes: job.barcodes, qrcodes: job.qrcodes, images: job.images.length, cut: job.cut })),
      pulses: [...printer.pulses],
    };
  };
  return createRouter()
    .openapi(getRoute, (c) => c.json(snapshot(), 200))
    .openapi(setRoute, (c) => {
      demo.printer.setState(c.req.valid('json'));
      return c.json(snapshot(), 200);
    })
    .openapi(previewRoute, async (c) => {
      const { index } = c.req.valid('param');
      const jobs = demo.printer.jobs;
      const job = jobs[index < 0 ? jobs.length + index : index];
      if (!job) return errorResponse(c, { code: 'PRINT_JOB_NOT_FOUND', message: `the virtual printer has no job ${index}`, details: { index } }) as never;
      const png = await previewPrintedJob(job);
      return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' }) as never;
    });
}
