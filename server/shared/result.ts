// Typed results: services return ok(value) or err({code, message, details}); only bugs throw.
import type { AppError, ErrorCode } from './errors.ts';

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly error: AppError };
export type Result<T> = Ok<T> | Err;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err(code: ErrorCode, message: string, details?: unknown): Err {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/** Unwraps a result in places where a failure is a bug (tests, seeders); throws with the code. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new Error(`${result.error.code}: ${result.error.message}`);
}
