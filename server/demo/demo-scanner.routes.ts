// Demo mode only: "scan" a barcode on the box's virtual scanner, as if a HID scanner plugged into the box read it.
import { createRoute, z } from '@hono/zod-openapi';
import { guard } from '../http/auth.ts';
import { createRouter } from '../http/router.ts';
import type { DemoScanner } from './demo-scanner.ts';

const scanRoute = createRoute({
  method: 'post', path: '/api/v1/demo/box-scanner/scan', tags: ['demo'], ...guard('staff'),
  summary: 'The demo box scanner reads a barcode (it goes to the counter the scanner is assigned to)',
  request: { body: { content: { 'application/json': { schema: z.strictObject({ code: z.string().min(1).max(64) }) } }, required: true } },
  responses: { 202: { description: 'Handed to the scanner', content: { 'application/json': { schema: z.object({ accepted: z.literal(true) }) } } } },
});

export function demoScannerRoutes(scanner: DemoScanner) {
  return createRouter().openapi(scanRoute, (c) => {
    scanner.source.scan(c.req.valid('json').code);
    return c.json({ accepted: true as const }, 202);
  });
}
