// Every room's tables, collected for drizzle (drizzle-kit finds the same files by glob; a test keeps both in step).
export * from '../domain/branch/branch.sql.ts';
export * from '../domain/catalog/catalog.sql.ts';
export * from '../domain/inventory/inventory.sql.ts';
export * from '../domain/audit/audit.sql.ts';
export * from '../domain/staff/staff.sql.ts';
export * from '../sync/outbox/outbox.sql.ts';
export * from '../domain/shift/shift.sql.ts';
export * from '../domain/customer/customer.sql.ts';
export * from '../domain/cart/cart.sql.ts';
export * from '../domain/sale/sale.sql.ts';
export * from '../sync/shopify/shopify.sql.ts';
export * from '../domain/printing/printing.sql.ts';
export * from '../domain/hardware/hardware.sql.ts';
