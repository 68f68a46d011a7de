// Slow (~30 s): a 100,000-variant bulk import streams through the box with the box's RSS under 300 MB
// (the emulator runs in its own process on 127.0.0.1, as Shopify would be elsewhere).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/connection.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { aBranch } from '../../test/builders.ts';
import { FakeClock } from '../../test/fake-clock.ts';
import { createShopifyClient } from './client.ts';
import { loopbackFetch } from './emulator/serve.ts';
import { importCatalog } from './import.ts';
import { mapBranchToLocation, saveLocations } from './locations.ts';

const VARIANTS = 100_000;
const LIMIT_BYTES = 300 * 1024 * 1024;
const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('Shopify import at scale', () => {
  it(`imports ${VARIANTS.toLocaleString('en')} variants with the box's RSS under 300 MB`, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/sync/shopify/emulator/child.ts', '--variants', String(VARIANTS)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const dir = mkdtempSync(join(tmpdir(), 'import-100k-'));
    const db = openDatabase(join(dir, 'box.sqlite'));
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
      });
      const emu = JSON.parse(first) as { url: string; shopDomain: string; accessToken: string; location: { id: string; legacyResourceId: string; name: string } };
      migrateDatabase(db);
      const clock = new FakeClock();
      const branch = aBranch(db);
      saveLocations(db, [{ ...emu.location, isActive: true }], clock.now());
      mapBranchToLocation(db, branch.id, emu.location.id, clock.now());
      const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: loopbackFetch(emu.url, emu.shopDomain), timeoutMs: 120_000 });
      let peak = process.memoryUsage().rss;
      const r = await importCatalog({
        db, clock, client, branchId: branch.id, currencyExponent: 2, pollMs: 200,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); },
      });
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(r.ok && r.value).toMatchObject({ variants: VARIANTS, products: VARIANTS / 4, objectsRead: VARIANTS * 2 });
      expect(db.$client.prepare('select count(*) as n from variants where shopify_inventory_item_id is not null').get()).toEqual({ n: VARIANTS });
      console.log(`100k-variant import: peak RSS of the box ${(peak / 1024 / 1024).toFixed(0)} MB`);
      expect(peak).toBeLessThan(LIMIT_BYTES);
    } finally {
      child.kill('SIGTERM');
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
