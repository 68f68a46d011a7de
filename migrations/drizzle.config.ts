// drizzle-kit: generates forward-only SQL migrations here from every room's *.sql.ts tables.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  casing: 'snake_case',
  schema: ['./server/domain/*/*.sql.ts', './server/sync/**/*.sql.ts'],
  out: './migrations',
});
