// Connecting to Shopify: a wrong token changes nothing; a good one is saved in a 0600 file, outside the database.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/fake-clock.ts';
import { normalizeShopDomain } from './client.ts';
import { connectShopify, connectionFile, readConnection } from './connection.ts';
import { ShopifyEmulator } from './emulator/index.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('Shopify connection', () => {
  it.each([
    ['my-shop', 'my-shop.myshopify.com'],
    ['https://My-Shop.myshopify.com/admin', 'my-shop.myshopify.com'],
    ['evil.example.com', null],
    ['', null],
  ])('reads the shop "%s" as %s', (input, expected) => {
    expect(normalizeShopDomain(input)).toBe(expected);
  });

  it('refuses a wrong token with SHOPIFY_AUTH_FAILED and saves nothing', async () => {
    const emu = new ShopifyEmulator({ clock: new FakeClock() });
    const dataDir = mkdtempSync(join(tmpdir(), 'shopify-conn-'));
    const r = await connectShopify({ dataDir, shop: 'emulated', token: 'shpat_wrong', now: 0 }, emu.fetch);
    expect(!r.ok && r.error.code).toBe('SHOPIFY_AUTH_FAILED');
    expect(existsSync(connectionFile(dataDir))).toBe(false);
  });

  it('says no shop answers at a misspelt shop domain (SHOPIFY_INVALID_SHOP) and saves nothing', async () => {
    const emu = new ShopifyEmulator({ clock: new FakeClock() });
    const dataDir = mkdtempSync(join(tmpdir(), 'shopify-conn-'));
    const r = await connectShopify({ dataDir, shop: 'emulatde', token: emu.accessToken, now: 0 }, emu.fetch);
    expect(!r.ok && [r.error.code, r.error.message]).toEqual(['SHOPIFY_INVALID_SHOP', 'no Shopify shop answers at emulatde.myshopify.com; check the shop name']);
    expect(existsSync(connectionFile(dataDir))).toBe(false);
  });

  it('saves a good token in a file only the box user can read', async () => {
    const emu = new ShopifyEmulator({ clock: new FakeClock() });
    const dataDir = mkdtempSync(join(tmpdir(), 'shopify-conn-'));
    const r = await connectShopify({ dataDir, shop: 'emulated.myshopify.com', token: emu.accessToken, now: 0 }, emu.fetch);
    expect(r.ok && r.value).toEqual({ shopDomain: 'emulated.myshopify.com', shopName: 'Emulated Shop' });
    expect(statSync(connectionFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(readConnection(dataDir)).toMatchObject({ shopDomain: 'emulated.myshopify.com', accessToken: emu.accessToken });
  });

  it('`shopify connect` on the CLI says the token is wrong, never prints it, and exits 1', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shopify-cli-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'shopify', 'connect', '--shop', 'emulated', '--token', 'shpat_secret_wrong', '--emulator', '--data-dir', dataDir],
      { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/SHOPIFY_AUTH_FAILED/);
    expect(run.stdout + run.stderr).not.toContain('shpat_secret_wrong');
    expect(existsSync(join(dataDir, 'shopify-connection.json'))).toBe(false);
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'shopify', 'connect', '--shop', 'emulated', '--token', 'shpat_emulator', '--emulator', '--data-dir', dataDir],
      { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
    expect(ok.stdout).toContain('connected to Emulated Shop (emulated.myshopify.com)');
    expect(readFileSync(join(dataDir, 'shopify-connection.json'), 'utf8')).toContain('shpat_emulator');
  });
});
