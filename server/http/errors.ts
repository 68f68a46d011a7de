// The one JSON error envelope {"error":{code,message,details,requestId}} and helpers that map results to responses.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpStatusOf, type AppError, type ErrorCode } from '../shared/errors.ts';
import type { Result } from '../shared/result.ts';
import type { BoxEnv } from './context.ts';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details: unknown; requestId: string | null };
}

export function errorBody(error: AppError, requestId: string | undefined): ErrorEnvelope {
  return { error: { code: error.code, message: error.message, details: error.details ?? null, requestId: requestId ?? null } };
}

/** Responds with the error envelope and the status the code maps to. */
export function errorResponse(c: Context<BoxEnv>, error: AppError): Response {
  return c.json(errorBody(error, c.get('requestId')), httpStatusOf(error.code) as ContentfulStatusCode);
}

/** Maps a service result to JSON: the value with `status`, or the error envelope. */
export function resultResponse<T>(c: Context<BoxEnv>, result: Result<T>, status: ContentfulStatusCode = 200): Response {
  return result.ok ? c.json(result.value as object, status) : errorResponse(c, result.error);
}
