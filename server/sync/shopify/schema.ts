// The pinned Shopify Admin 2026-10 schema, built once from the shared introspection file next to the repository.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

export const SHOPIFY_API_VERSION = '2026-10';

/** `../shared/shopify/…` relative to the repository root (this file is server/sync/shopify/schema.ts). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../../shared/shopify/admin-2026-10.introspection.json.gz', import.meta.url));

let cached: { schema: GraphQLSchema; sha256: string } | undefined;

/** The schema and the sha256 of the pinned file it was built from (read once per process). */
export function loadAdminSchema(): { schema: GraphQLSchema; sha256: string } {
  if (!cached) {
    const gz = readFileSync(SCHEMA_FILE);
    const json = JSON.parse(gunzipSync(gz).toString('utf8')) as { data?: IntrospectionQuery } & IntrospectionQuery;
    cached = { schema: buildClientSchema(json.data ?? json), sha256: createHash('sha256').update(gz).digest('hex') };
  }
  return cached;
}
