// Reliability: thousands of malformed requests at every /api route get clear 4xx errors and change nothing.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.ts';
import { createApp } from '../http/app.ts';
import { ERROR_STATUS } from '../shared/errors.ts';
import { testDeps } from '../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff } from '../test/staff-builders.ts';
import { badRequests, databaseFingerprint } from './bad-input.ts';

/** Tables that legitimately record refused attempts: failed sign-ins are audited and count toward a counter lockout. */
const RECORDING_TABLES = ['audit_log', 'counter_lockouts'];

describe('bad input', () => {
  it('gets a stable error code, never a 5xx, and leaves the database unchanged', async () => {
    const deps = testDeps();
    seedDemo(deps.db, deps.config, deps.clock, { variants: 200 });
    const app = createApp(deps);
    // Malformed requests from an owner signed in on a paired counter reach validation, not just the 401 of the edge.
    const owner = aStaff(deps.db, { role: 'owner' });
    const cookie = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock), owner);
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as Parameters<typeof badRequests>[0];
    const requests = badRequests(doc, { bodyLimitBytes: deps.config.bodyLimitKb * 1024, minimum: 5000 });
    expect(requests.length).toBeGreaterThanOrEqual(5000);

    const before = databaseFingerprint(deps.db.$client, RECORDING_TABLES);
    const failures: string[] = [];
    for (const r of requests) {
      const response = await app.request(r.path, { method: r.method, headers: { ...r.headers, cookie }, body: r.body as never });
      if (response.status >= 500) failures.push(`${r.label}: HTTP ${response.status}`);
      if (response.status === 401) failures.push(`${r.label}: refused as unauthenticated, so never reached validation`);
      if (response.status >= 400) {
        const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
        const code = body?.error?.code;
        if (!code || !(code in ERROR_STATUS)) failures.push(`${r.label}: no stable error code (${JSON.stringify(body)?.slice(0, 80)})`);
      } else {
        await response.arrayBuffer();
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(databaseFingerprint(deps.db.$client, RECORDING_TABLES)).toEqual(before);
  });
});
