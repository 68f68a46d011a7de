// The one table of stable error codes and the HTTP status each maps to.

/** Every expected failure the box can report. Rooms add their codes here, never elsewhere. */
export const ERROR_STATUS = {
  // edge and request shape
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  // money and quantities
  INVALID_AMOUNT: 400,
  INVALID_QUANTITY: 400,
  // hardware: printers, drawers, devices
  DEVICE_NOT_FOUND: 404,
  INVALID_PRINTER_ADDRESS: 400,
  PRINTER_NOT_FOUND: 404,
  PRINT_JOB_NOT_FOUND: 404,
  PRINT_JOB_NOT_MOVABLE: 409,
  UNSUPPORTED_CHARACTERS: 422,
  PRINTER_UNREACHABLE: 503,
  PRINTER_TIMEOUT: 504,
  PRINTER_NOT_READY: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure: a stable code, a message a cashier can read, and optional details. */
export interface AppError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value);
}
