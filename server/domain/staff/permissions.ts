// Named permissions that roles grant; services check them (the UI only hides what a person cannot do).

export const PERMISSIONS = [
  'sell',
  'discount',
  'price_override',
  'void_line',
  'delete_draft',
  'refund',
  'refund_without_receipt',
  'open_drawer_no_sale',
  'paid_in_out',
  'open_shift',
  'close_shift',
  'view_reports',
  'view_audit',
  'manage_staff',
  'manage_roles',
  'manage_settings',
  'manage_devices',
  'adjust_stock',
  /** Print shelf labels (counter printer) and download label sheets. */
  'print_labels',
  /** Change local catalog data, e.g. give a variant without a barcode an in-store one. */
  'manage_catalog',
  'manage_sync',
  'approve',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
