// Edge middleware: request logging, JSON body checks, body size limit.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../logger.ts';
import type { BoxEnv } from './context.ts';
import { errorResponse } from './errors.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Logs one line per request with its id, status and duration. */
export function requestLogger(logger: Logger): MiddlewareHandler<BoxEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const entry = {
      requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (c.req.path === '/healthz' || c.req.path.startsWith('/assets/')) logger.debug(entry, 'request');
    else logger.info(entry, 'request');
  };
}

/** Refuses oversized bodies with 413 PAYLOAD_TOO_LARGE before anything reads them. */
export function limitBody(maxBytes: number): MiddlewareHandler<BoxEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => errorResponse(c as never, {
      code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${maxBytes} bytes`, details: { maxBytes },
    }),
  }) as MiddlewareHandler<BoxEnv>;
}

/**
 * API bodies are JSON: a body with another content type is 415 UNSUPPORTED_MEDIA_TYPE and unparseable JSON is
 * 400 INVALID_JSON, both before any handler runs. The parsed body is cached for the validators.
 */
export function requireJsonBody(): MiddlewareHandler<BoxEnv> {
  return async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    if (c.req.raw.body === null || c.req.header('content-length') === '0') return next();
    // Read first (Hono caches it for the validators): Chromium sends a bodiless DELETE without Content-Length, and the
    // Node adapter still hands over an empty stream, which is no body, whatever its type.
    const text = await c.req.text();
    if (text === '') return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_TYPE.test(type)) {
      return errorResponse(c, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json', details: { contentType: type || null } });
    }
    if (text.trim() !== '') {
      try {
        JSON.parse(text);
      } catch (error) {
        return errorResponse(c, { code: 'INVALID_JSON', message: 'the request body is not valid JSON', details: { reason: (error as Error).message } });
      }
    }
    return next();
  };
}
