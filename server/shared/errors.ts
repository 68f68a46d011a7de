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
  // operations: backups and restores
  BACKUP_NOT_FOUND: 404,
  BOX_IS_RUNNING: 409,
  BACKUP_INVALID: 422,
  BACKUP_FAILED: 500,
  RESTORE_FAILED: 500,
  // staff, devices, sessions and approvals
  UNAUTHENTICATED: 401,
  PIN_INVALID: 401,
  DEVICE_REVOKED: 401,
  PAIRING_CODE_INVALID: 400,
  PERMISSION_DENIED: 403,
  APPROVER_NOT_ALLOWED: 403,
  APPROVAL_REQUIRED: 403,
  APPROVAL_INVALID: 409,
  ORIGIN_REFUSED: 403,
  DISPLAY_READ_ONLY: 403,
  STAFF_LOCKED: 423,
  STAFF_CODE_TAKEN: 409,
  ROLE_UNKNOWN: 400,
  ROLE_BUILT_IN: 409,
  ROLE_IN_USE: 409,
  // catalog, counter sessions, shifts and sales
  BARCODE_NOT_FOUND: 404,
  VARIANT_NOT_FOUND: 404,
  ITEM_INACTIVE: 409,
  LINE_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  DRAFT_NOT_FOUND: 404,
  COUNTER_NOT_FOUND: 404,
  INVALID_DISCOUNT: 400,
  INVALID_TENDER: 400,
  CART_EMPTY: 409,
  CART_NOT_EMPTY: 409,
  INSUFFICIENT_STOCK: 409,
  TENDER_SHORT: 422,
  SHIFT_NOT_OPEN: 409,
  SHIFT_ALREADY_OPEN: 409,
  ORDER_CONFLICT: 409,
  VARIANT_HAS_BARCODE: 409,
  INTERNAL_BARCODES_EXHAUSTED: 409,
  // Shopify sync
  SHOPIFY_INVALID_SHOP: 400,
  SHOPIFY_AUTH_FAILED: 422,
  SHOPIFY_NOT_CONNECTED: 409,
  SHOPIFY_UNREACHABLE: 502,
  SHOPIFY_REQUEST_FAILED: 502,
  SHOPIFY_LOCATION_UNKNOWN: 404,
  SHOPIFY_BRANCH_NOT_MAPPED: 409,
  SHOPIFY_IMPORT_FAILED: 502,
  SHOPIFY_LOCATION_INACTIVE: 409,
  SHOPIFY_APP_UNINSTALLED: 409,
  SYNC_ROW_NOT_FOUND: 404,
  WEBHOOK_SIGNATURE_INVALID: 401,
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
  DRAWER_LEVEL_UNKNOWN: 409,
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
