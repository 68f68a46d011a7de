// The Admin GraphQL documents the box sends, read once from operations/*.graphql.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ShopifyOperationName } from './operations.generated.ts';

export const OPERATIONS_DIR = fileURLToPath(new URL('./operations/', import.meta.url));

/** Operations the client sends (generated from the files: a new file is a new name after `npm run shopify:types`). */
export type OperationName = ShopifyOperationName;

/** Every `.graphql` file: name (file name without extensions) → source. Bulk inner queries end in `.bulk.graphql`. */
export function listOperationFiles(): Array<{ file: string; name: string; bulk: boolean; source: string }> {
  return readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql')).sort().map((file) => ({
    file, name: file.replace(/(\.bulk)?\.graphql$/, ''), bulk: file.endsWith('.bulk.graphql'),
    source: readFileSync(OPERATIONS_DIR + file, 'utf8'),
  }));
}

const cache = new Map<string, string>();

/** The source of one operation. */
export function operation(name: OperationName | 'CatalogExport'): string {
  let source = cache.get(name);
  if (source === undefined) {
    const file = listOperationFiles().find((f) => f.name === name);
    if (!file) throw new Error(`no operation file for ${name}`);
    source = file.source;
    cache.set(name, source);
  }
  return source;
}
