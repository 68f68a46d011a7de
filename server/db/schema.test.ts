import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sqlFiles(path);
    return entry.name.endsWith('.sql.ts') ? [path] : [];
  });
}

describe('schema barrel', () => {
  it('collects every room table file that drizzle-kit finds by glob', () => {
    const barrel = readFileSync(join(serverDir, 'db', 'schema.ts'), 'utf8');
    for (const file of sqlFiles(serverDir)) {
      expect(barrel, `${relative(serverDir, file)} is missing from server/db/schema.ts`).toContain(`../${relative(serverDir, file)}`);
    }
  });
});
