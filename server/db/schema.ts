// Every room's tables, collected for drizzle (drizzle-kit finds the same files by glob; a test keeps both in step).
export * from '../domain/branch/branch.sql.ts';
export * from '../domain/catalog/catalog.sql.ts';
export * from '../domain/inventory/inventory.sql.ts';
export * from '../domain/printing/printing.sql.ts';
