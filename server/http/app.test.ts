import { createRoute, z } from '@hono/zod-openapi';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { aBranch, testDeps } from '../test/builders.ts';
import { aPairedDevice } from '../test/staff-builders.ts';
import { createApp } from './app.ts';
import { createRouter } from './router.ts';

function app(overrides: Parameters<typeof testDeps>[0] = {}) {
  const deps = testDeps(overrides);
  return { deps, app: createApp(deps) };
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; details: unknown; requestId: string } };
  return body.error;
}

describe('GET /healthz', () => {
  it('says ok with the version, uptime and database state', async () => {
    const { deps, app: a } = app();
    deps.clock.advance(42_500);
    const response = await a.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '0.0.0-test', uptimeS: 42, db: 'ok' });
  });

  it('answers 503 degraded when the database is gone', async () => {
    const { deps, app: a } = app();
    deps.db.$client.close();
    const response = await a.request('/healthz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', db: 'error' });
  });
});

describe('the error envelope', () => {
  it('answers an unknown route with JSON 404 and a request id', async () => {
    const { deps, app: a } = app();
    const { cookie } = aPairedDevice(deps.db, deps.clock);
    const response = await a.request('/api/v1/nope', { headers: { cookie } });
    expect(response.status).toBe(404);
    const error = await errorOf(response);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
    expect(error.requestId).toBeTruthy();
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await app().app.request('/healthz', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await errorOf(response)).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses malformed JSON with 400 INVALID_JSON', async () => {
    const response = await app().app.request('/api/v1/box', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lines": [1, 2,',
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('INVALID_JSON');
  });

  it('refuses a non-JSON body with 415', async () => {
    const response = await app().app.request('/api/v1/box', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    const { app: a } = app({ config: { ...testDeps().config, bodyLimitKb: 1 } });
    const response = await a.request('/api/v1/box', {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000' }, body: JSON.stringify({ pad: 'x'.repeat(4000) }),
    });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses an oversized body sent without a Content-Length (chunked) with 413', async () => {
    const { app: a } = app({ config: { ...testDeps().config, bodyLimitKb: 1 } });
    const bytes = new TextEncoder().encode(JSON.stringify({ pad: 'x'.repeat(4000) }));
    const body = new ReadableStream<Uint8Array>({ start(controller) { controller.enqueue(bytes); controller.close(); } });
    const response = await a.request('/api/v1/box', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('logs commands and failures at info, successful reads only at debug', async () => {
    const lines: Array<{ level: number; method: string; path: string; status: number }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const { app: a } = app({ logger });
    await a.request('/healthz');
    await a.request('/api/v1/box');
    await a.request('/api/v1/nope');
    await a.request('/api/v1/box', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(lines.filter((l) => 'status' in l).map((l) => [l.method, l.path, l.status])).toEqual([['GET', '/api/v1/nope', 401], ['POST', '/api/v1/box', 415]]);
  });

  it('turns zod failures into 400 VALIDATION_FAILED with field paths', async () => {
    const router = createRouter().openapi(
      createRoute({
        method: 'post', path: '/things',
        request: { body: { content: { 'application/json': { schema: z.object({ lines: z.array(z.object({ qty: z.number().int().positive() })) }) } } } },
        responses: { 200: { description: 'ok' } },
      }),
      (c) => c.json({ ok: true }, 200),
    );
    const response = await router.request('/things', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines: [{ qty: 1 }, { qty: -2 }] }),
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toMatchObject({ fields: [{ path: 'lines.1.qty' }] });
  });
});

describe('GET /api/v1/box', () => {
  it('tells the terminal its branch, counters and money format', async () => {
    const { deps, app: a } = app();
    aBranch(deps.db, { code: 'LHR1', name: 'Johar Town', counters: ['C1', 'C2', 'C3'] });
    const response = await a.request('/api/v1/box');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      demo: false, branch: { code: 'LHR1', name: 'Johar Town' }, currency: 'PKR', currencyExponent: 2, locale: 'en-PK', timeZone: 'Asia/Karachi',
      counters: [{ code: 'C1' }, { code: 'C2' }, { code: 'C3' }],
    });
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing the routes', async () => {
    const doc = (await (await app().app.request('/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/api/v1/box']));
  });
});
