// Edge middleware: request logging, JSON body checks, body size limit.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../logger.ts';
import type { BoxEnv } from './context.ts';
import { errorResponse } from './errors.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Logs one line per request with its id, status and duration: at info for commands (POST, PUT, PATCH, DELETE) and
 * for every failure, at debug for successful reads (scans, searches, /healthz, assets), which a till makes many
 * times a second. The line is only built when its level is enabled.
 */
export function requestLogger(logger: Logger): MiddlewareHandler<BoxEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const level = status >= 400 || BODY_METHODS.has(c.req.method) ? 'info' : 'debug';
    if (!logger.isLevelEnabled(level)) return;
    logger[level]({
      requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status, ms: Math.round((performance.now() - started) * 10) / 10,
    }, 'request');
  };
}

/**
 * Refuses oversized bodies with 413 PAYLOAD_TOO_LARGE before anything reads them. Reads (GET, HEAD) carry no body
 * and pass straight on; a declared Content-Length is judged as it stands; only a body without one (chunked) is
 * counted as it streams in. Touching the request's body stream here would make the Node adapter build a full
 * fetch Request for every call, which costs more than most handlers.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<BoxEnv> {
  const tooLarge = (c: Context<BoxEnv>) => errorResponse(c, {
    code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${maxBytes} bytes`, details: { maxBytes },
  });
  const streamed = bodyLimit({ maxSize: maxBytes, onError: (c) => tooLarge(c as never) }) as MiddlewareHandler<BoxEnv>;
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length || '0', 10) > maxBytes ? tooLarge(c) : next();
    }
    return streamed(c, next);
  };
}

/**
 * API bodies are JSON: a body with another content type is 415 UNSUPPORTED_MEDIA_TYPE and unparseable JSON is
 * 400 INVALID_JSON, both before any handler runs. The parsed body is cached for the validators.
 */
export function requireJsonBody(): MiddlewareHandler<BoxEnv> {
  return async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    if (c.req.header('content-length') === '0') return next();
    // c.req.text() takes the Node adapter's fast path (no fetch Request is built) and caches the text for the validators.
    // An empty text is no body whatever its type: Chromium sends a bodiless DELETE without Content-Length.
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
