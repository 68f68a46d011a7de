// Receipt template over HTTP: saved per branch, validated, and previewed live as a PNG whose codes scan.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../http/app.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../test/staff-builders.ts';
import { aBranch, testDeps } from '../test/builders.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function setup(withBranch = true) {
  const deps = testDeps();
  const app = createApp(deps);
  let cookie = '';
  if (withBranch) {
    aBranch(deps.db, { name: 'Chai Khana Gulberg' });
    cookie = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock), aStaff(deps.db, { role: 'manager' }));
  }
  const request = (url: string, init: RequestInit = {}) => app.request(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie } });
  const send = (method: string, url: string, body: unknown) =>
    request(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { request, send };
}

function zbar(png: Buffer): string[] {
  const file = path.join(dir, `p-${Math.random().toString(36).slice(2)}.png`);
  fs.writeFileSync(file, png);
  const run = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
  return run.stdout.trim() ? run.stdout.trim().split('\n').sort() : [];
}

function logo(): string {
  const png = new PNG({ width: 64, height: 64 });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  return PNG.sync.write(png).toString('base64');
}

const template = { headerLines: ['12 MM Alam Road, Lahore'], footerLines: ['Shukriya!'], logoPng: null, blocks: {} };

describe('receipt template', () => {
  it('starts from a default, saves what the manager sends and reads it back', async () => {
    const { request, send } = await setup();
    const initial = (await (await request('/api/v1/receipt-template')).json()) as { blocks: Record<string, boolean>; updatedAt: null };
    expect(initial).toMatchObject({ headerLines: [], updatedAt: null });
    expect(Object.values(initial.blocks).every(Boolean)).toBe(true);
    const saved = await send('PUT', '/api/v1/receipt-template', { ...template, logoPng: logo(), blocks: { qr: false } });
    expect(saved.status).toBe(200);
    const read = (await (await request('/api/v1/receipt-template')).json()) as { headerLines: string[]; blocks: Record<string, boolean>; logoPng: string };
    expect(read).toMatchObject({ headerLines: ['12 MM Alam Road, Lahore'], footerLines: ['Shukriya!'], blocks: { qr: false, barcode: true } });
    expect(read.logoPng).toBe(logo());
  });

  it.each([
    [{ ...template, logoPng: Buffer.from('GIF89a').toString('base64') }, 'VALIDATION_FAILED'],
    [{ ...template, headerLines: ['x'.repeat(49)] }, 'VALIDATION_FAILED'],
    [{ ...template, logoPng: Buffer.concat([Buffer.from(logo(), 'base64').subarray(0, 40), Buffer.alloc(20)]).toString('base64') }, 'VALIDATION_FAILED'],
    [{ ...template, footerLines: Array(7).fill('x') }, 'VALIDATION_FAILED'],
  ])('refuses a bad template and keeps the old one', async (body, code) => {
    const { request, send } = await setup();
    const response = await send('PUT', '/api/v1/receipt-template', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(((await (await request('/api/v1/receipt-template')).json()) as { updatedAt: unknown }).updatedAt).toBeNull();
  });

  it('previews the sample receipt with the edited template, live, without saving it', async () => {
    const { request, send } = await setup();
    const full = await send('POST', '/api/v1/receipt-template/preview', template);
    expect(full.headers.get('content-type')).toBe('image/png');
    const fullPng = Buffer.from(await full.arrayBuffer());
    expect(PNG.sync.read(fullPng).width).toBe(576);
    expect(zbar(fullPng)).toEqual(['LHR1-C2-000123', 'https://verify.example.pk/r/LHR1-C2-000123']);

    const bare = Buffer.from(await (await send('POST', '/api/v1/receipt-template/preview?columns=32', { ...template, blocks: { barcode: false, qr: false } })).arrayBuffer());
    expect(PNG.sync.read(bare).width).toBe(384);
    expect(zbar(bare)).toEqual([]);

    const withLogo = Buffer.from(await (await send('POST', '/api/v1/receipt-template/preview', { ...template, logoPng: logo() })).arrayBuffer());
    expect(PNG.sync.read(withLogo).height).toBeGreaterThan(PNG.sync.read(fullPng).height + 60);
    expect(((await (await request('/api/v1/receipt-template')).json()) as { updatedAt: unknown }).updatedAt).toBeNull();
  });

  it('has no template to give before the box has a branch (nothing can pair yet)', async () => {
    const { request } = await setup(false);
    expect((await request('/api/v1/receipt-template')).status).toBe(401);
  });
});
