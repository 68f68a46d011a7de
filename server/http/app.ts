// Builds the Hono app: middleware, the error model, every room's routes, the OpenAPI document and the terminal.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { AppError } from '../shared/errors.ts';
import type { BoxApp, BoxDeps, BoxEnv } from './context.ts';
import { errorResponse } from './errors.ts';
import { healthRoutes } from './health.routes.ts';
import { createRouter } from './router.ts';
import { limitBody, requestLogger, requireJsonBody } from './middleware.ts';
import { boxRoutes } from '../domain/branch/index.ts';
import { catalogRoutes } from '../domain/catalog/index.ts';
import { cartRoutes } from '../domain/cart/index.ts';
import { customerRoutes } from '../domain/customer/index.ts';
import { saleRoutes } from '../domain/sale/index.ts';
import { shiftRoutes } from '../domain/shift/index.ts';
import { auditRoutes } from '../domain/audit/index.ts';
import { staffRoutes } from '../domain/staff/index.ts';
import { AppErrorException, authenticate } from './auth.ts';
import { RateLimiter } from './rate-limit.ts';
import { shopifyRoutes } from '../sync/shopify/shopify.routes.ts';
import { printingRoutes } from '../domain/printing/index.ts';
import { hardwareRoutes } from '../domain/hardware/index.ts';
import { demoPrinterRoutes } from '../demo/demo-printer.routes.ts';
import { receiptTemplateRoutes } from '../printing/receipt-template.routes.ts';
import { drawerRoutes } from '../printing/drawer.routes.ts';
import { labelRoutes } from '../printing/labels.routes.ts';
import type { DemoPrinter } from '../demo/demo-printer.ts';
import type { DemoScanner } from '../demo/demo-scanner.ts';
import { demoScannerRoutes } from '../demo/demo-scanner.routes.ts';

export interface AppOptions {
  /** Built terminal (Vite output) served at `/`; absent in API-only tests. */
  terminalDir?: string;
  /** Demo mode's virtual printer: mounts its read-out and fault switch under /api/v1/demo/. */
  demoPrinter?: DemoPrinter;
  /** Demo mode's virtual box scanner: mounts its "scan" route under /api/v1/demo/ (never in production). */
  demoScanner?: DemoScanner;
}

/**
 * The terminal's Content-Security-Policy: only the box's own scripts (no inline or eval), connections only back to
 * the box (socket.io included), no framing. Styles allow inline attributes, which Svelte's style bindings use.
 */
export const TERMINAL_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const PASSTHROUGH_PREFIXES = ['/api/', '/socket.io/', '/webhooks/'];

export function createApp(deps: BoxDeps, options: AppOptions = {}): BoxApp {
  const app = createRouter();
  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', requestLogger(deps.logger));
  app.use('*', limitBody(deps.config.bodyLimitKb * 1024));
  app.use('/api/*', requireJsonBody());
  app.use('/api/*', authenticate(deps));

  const roomRoutes = [
    healthRoutes(deps), boxRoutes(deps), catalogRoutes(deps), shiftRoutes(deps), customerRoutes(deps), cartRoutes(deps), saleRoutes(deps),
    staffRoutes(deps, new RateLimiter(deps.clock)), auditRoutes(deps), shopifyRoutes(deps), printingRoutes(deps), hardwareRoutes(deps),
    receiptTemplateRoutes(deps), drawerRoutes(deps), labelRoutes(deps),
    ...(options.demoPrinter ? [demoPrinterRoutes(options.demoPrinter)] : []),
    ...(options.demoScanner ? [demoScannerRoutes(options.demoScanner)] : []),
  ];
  for (const routes of roomRoutes) app.route('/', routes);

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'iSmartSync branch box API', version: deps.version, description: 'The branch box of iSmartSync: counters, sales, stock and sync.' },
  });

  if (options.terminalDir && existsSync(join(options.terminalDir, 'index.html'))) mountTerminal(app, options.terminalDir);

  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      c.header('Allow', allowed.join(', '));
      return errorResponse(c, { code: 'METHOD_NOT_ALLOWED', message: `${c.req.method} is not allowed on ${c.req.path}`, details: { allowed } });
    }
    return errorResponse(c, { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` });
  });

  app.onError((error, c) => {
    if (error instanceof AppErrorException) return errorResponse(c, error.appError);
    if (error instanceof HTTPException) return errorResponse(c, fromHttpException(error));
    deps.logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return errorResponse(c, { code: 'INTERNAL', message: 'the box hit an unexpected error; it has been logged' });
  });
  return app;
}

function fromHttpException(error: HTTPException): AppError {
  switch (error.status) {
    case 400: return /json/i.test(error.message)
      ? { code: 'INVALID_JSON', message: 'the request body is not valid JSON' }
      : { code: 'VALIDATION_FAILED', message: error.message };
    case 404: return { code: 'NOT_FOUND', message: error.message || 'not found' };
    case 413: return { code: 'PAYLOAD_TOO_LARGE', message: 'request body too large' };
    case 415: return { code: 'UNSUPPORTED_MEDIA_TYPE', message: error.message };
    case 429: return { code: 'RATE_LIMITED', message: error.message || 'too many requests' };
    default: return { code: 'INTERNAL', message: error.message || 'unexpected error' };
  }
}

const routePatterns = new WeakMap<BoxApp, Array<{ method: string; pattern: RegExp }>>();

/** Methods registered for a path (for 405 answers); computed once per app. */
function allowedMethods(app: BoxApp, path: string): string[] {
  let patterns = routePatterns.get(app);
  if (!patterns) {
    patterns = app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => ({ method: r.method, pattern: new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}/?$`) }));
    routePatterns.set(app, patterns);
  }
  return [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))];
}

/** Serves the built terminal; unknown non-API GETs get index.html so screen routes survive a reload. */
function mountTerminal(app: BoxApp, dir: string): void {
  const indexHtml = readFileSync(join(dir, 'index.html'), 'utf8');
  const assets = serveStatic<BoxEnv>({ root: dir });
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (PASSTHROUGH_PREFIXES.some((p) => c.req.path.startsWith(p)) || c.req.path === '/healthz') return next();
    if (c.req.path.startsWith('/assets/')) {
      c.header('Cache-Control', 'public, max-age=31536000, immutable'); // file names carry a content hash
      return assets(c, next);
    }
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return assets(c, next);
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', TERMINAL_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(indexHtml);
  });
}
