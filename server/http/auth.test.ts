import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApiToken, createPairingCode, createRole, revokeApiToken, revokeDevice } from '../domain/staff/index.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch, aConfig, testDeps } from '../test/builders.ts';
import { aPairedDevice, aSignedInCookie, aStaff, anActor } from '../test/staff-builders.ts';
import { createApp, TERMINAL_CSP } from './app.ts';
import { PUBLIC_API } from './auth.ts';

function box(overrides: Parameters<typeof testDeps>[0] = {}) {
  const deps = testDeps(overrides);
  aBranch(deps.db, { counters: ['C1', 'C2'] });
  return { deps, app: createApp(deps) };
}

type Doc = { paths: Record<string, Record<string, { 'x-auth'?: string; 'x-permission'?: string; 'x-approvable'?: boolean }>> };
const SOME_ID = '01936f00-0000-7000-8000-000000000001';

async function protectedRoutes(app: ReturnType<typeof createApp>) {
  const doc = (await (await app.request('/api/v1/openapi.json')).json()) as Doc;
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({
    method: method.toUpperCase(), path, url: path.replace(/\{[^}]+\}/g, SOME_ID), auth: op['x-auth'], permission: op['x-permission'], approvable: op['x-approvable'] === true,
  }))).filter((r) => r.path.startsWith('/api/') && r.auth !== 'public' && !PUBLIC_API.has(`${r.method} ${r.path}`));
}

async function call(app: ReturnType<typeof createApp>, method: string, url: string, headers: Record<string, string> = {}, body: unknown = {}) {
  const response = await app.request(url, {
    method, headers: { ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => null)) as { error?: { code: string; details: { permission?: string } } } | null;
  return { status: response.status, code: json?.error?.code, details: json?.error?.details, response, json };
}

describe('every protected API route (walked from the OpenAPI document)', () => {
  it('lists the routes it walks', async () => {
    const routes = await protectedRoutes(box().app);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/v1/audit', 'POST /api/v1/approvals', 'GET /api/v1/staff']));
  });

  it('refuses an unpaired browser with 401 UNAUTHENTICATED', async () => {
    const { app } = box();
    for (const route of await protectedRoutes(app)) {
      const r = await call(app, route.method, route.url);
      expect([route.method, route.path, r.status, r.code]).toEqual([route.method, route.path, 401, 'UNAUTHENTICATED']);
    }
  });

  it('refuses a forged device credential with 401', async () => {
    const { app } = box();
    for (const route of await protectedRoutes(app)) {
      const r = await call(app, route.method, route.url, { cookie: 'box_device=dev_forged' });
      expect([route.path, r.status]).toEqual([route.path, 401]);
    }
  });

  it('refuses a revoked device with 401 DEVICE_REVOKED, even with a session that was valid', async () => {
    const { deps, app } = box();
    const paired = aPairedDevice(deps.db, deps.clock);
    const cookie = await aSignedInCookie(deps.db, deps.clock, paired, aStaff(deps.db, { role: 'owner' }));
    unwrap(revokeDevice(deps.db, null, paired.device.deviceId, deps.clock));
    for (const route of await protectedRoutes(app)) {
      const r = await call(app, route.method, route.url, { cookie });
      expect([route.path, r.status, r.code]).toEqual([route.path, 401, 'DEVICE_REVOKED']);
    }
  });

  it('refuses a signed-in person without the permission with 403 PERMISSION_DENIED naming it', async () => {
    const { deps, app } = box();
    const owner = anActor(deps.db, { role: 'owner' });
    const nothing = unwrap(createRole(deps.db, owner, { name: 'Trainee', permissions: [], maxDiscountBps: 0 }, deps.clock));
    const cookie = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock), aStaff(deps.db, { role: nothing.id }));
    const guarded = (await protectedRoutes(app)).filter((r) => r.permission);
    expect(guarded.length).toBeGreaterThanOrEqual(10);
    for (const route of guarded) {
      const r = await call(app, route.method, route.url, { cookie });
      expect([route.path, r.status, r.code, r.details?.permission]).toEqual([route.path, 403, route.approvable ? 'APPROVAL_REQUIRED' : 'PERMISSION_DENIED', route.permission]);
    }
  });

  it('refuses a paired counter with nobody signed in on routes that need a person', async () => {
    const { deps, app } = box();
    const { cookie } = aPairedDevice(deps.db, deps.clock);
    for (const route of (await protectedRoutes(app)).filter((r) => r.auth === 'staff')) {
      const r = await call(app, route.method, route.url, { cookie });
      expect([route.path, r.status, r.code]).toEqual([route.path, 401, 'UNAUTHENTICATED']);
    }
  });

  it('refuses an API token without the permission, and a revoked token', async () => {
    const { deps, app } = box();
    const cashierToken = unwrap(createApiToken(deps.db, { name: 'script', roleId: 'cashier' }, deps.clock));
    for (const route of (await protectedRoutes(app)).filter((r) => r.permission)) {
      const r = await call(app, route.method, route.url, { authorization: `Bearer ${cashierToken.token}` });
      expect([route.path, r.status, r.code]).toEqual([route.path, 403, route.approvable ? 'APPROVAL_REQUIRED' : 'PERMISSION_DENIED']);
    }
    unwrap(revokeApiToken(deps.db, cashierToken.listing.id, deps.clock));
    const r = await call(app, 'GET', '/api/v1/staff', { authorization: `Bearer ${cashierToken.token}` });
    expect([r.status, r.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('pairing', () => {
  it('pairs with a code once, sets an httpOnly SameSite=Strict cookie, and stores only a hash', async () => {
    const { deps, app } = box();
    const code = unwrap(createPairingCode(deps.db, null, 'Counter 2', deps.clock));
    expect(code.code).toMatch(/^[2-9]{10}$/);
    const paired = await call(app, 'POST', '/api/v1/pair', {}, { code: `${code.code.slice(0, 5)} ${code.code.slice(5)}` });
    expect(paired.status).toBe(200);
    expect(paired.json).toMatchObject({ counter: { code: 'C2', name: 'Counter 2' } });
    const setCookie = paired.response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/box_device=dev_[\w-]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const credential = /box_device=([^;]+)/.exec(setCookie)![1]!;
    const dump = JSON.stringify(deps.db.$client.prepare('select * from devices').all()) + JSON.stringify(deps.db.$client.prepare('select * from pairing_codes').all());
    expect(dump).not.toContain(credential);
    expect(dump).not.toContain(code.code);
    const session = await call(app, 'GET', '/api/v1/session', { cookie: `box_device=${credential}` });
    expect(session.json).toMatchObject({ counter: { code: 'C2' }, staff: null });

    const again = await call(app, 'POST', '/api/v1/pair', {}, { code: code.code });
    expect([again.status, again.code]).toEqual([400, 'PAIRING_CODE_INVALID']);
  });

  it('refuses an expired code', async () => {
    const { deps, app } = box();
    const code = unwrap(createPairingCode(deps.db, null, 'C1', deps.clock));
    deps.clock.advance(10 * 60_000);
    const r = await call(app, 'POST', '/api/v1/pair', {}, { code: code.code });
    expect([r.status, r.code]).toEqual([400, 'PAIRING_CODE_INVALID']);
  });

  it('rate-limits pairing attempts per address with 429 RATE_LIMITED', async () => {
    const { app } = box();
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 11; i++) codes.push((await call(app, 'POST', '/api/v1/pair', {}, { code: `WRONG${i}XX` })).code);
    expect(codes.slice(0, 10).every((c) => c === 'PAIRING_CODE_INVALID')).toBe(true);
    expect(codes[10]).toBe('RATE_LIMITED');
  });

  it('lets a manager create a code and list and revoke devices', async () => {
    const { deps, app } = box();
    const paired = aPairedDevice(deps.db, deps.clock);
    const cookie = await aSignedInCookie(deps.db, deps.clock, paired, aStaff(deps.db, { role: 'manager' }));
    const code = await call(app, 'POST', '/api/v1/pairing-codes', { cookie }, { counter: 'C2' });
    expect(code.json).toMatchObject({ counter: { code: 'C2' }, expiresAt: deps.clock.now() + 600_000 });
    const other = (await call(app, 'POST', '/api/v1/pair', {}, { code: (code.json as { code: string }).code })).response.headers.get('set-cookie')!;
    const otherCookie = /box_device=[^;]+/.exec(other)![0];
    const list = await call(app, 'GET', '/api/v1/devices', { cookie });
    expect((list.json as { devices: unknown[] }).devices).toHaveLength(2);
    const otherId = ((await call(app, 'GET', '/api/v1/session', { cookie: otherCookie })).json as { device: { id: string } }).device.id;
    expect((await call(app, 'POST', `/api/v1/devices/${otherId}/revoke`, { cookie })).status).toBe(200);
    expect((await call(app, 'GET', '/api/v1/session', { cookie: otherCookie })).code).toBe('DEVICE_REVOKED');
    const actions = (deps.db.$client.prepare('select action from audit_log').all() as Array<{ action: string }>).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['device.pairing_code_created', 'device.paired', 'device.revoked']));
  });
});

describe('sessions', () => {
  it('signs in with code + PIN, answers a wrong PIN with the attempts left, and binds the session to the device', async () => {
    const { deps, app } = box();
    const paired = aPairedDevice(deps.db, deps.clock);
    const cashier = aStaff(deps.db, { pin: '2468', name: 'Bilal' });
    const wrong = await call(app, 'POST', '/api/v1/session', { cookie: paired.cookie }, { staffCode: cashier.code, pin: '1111' });
    expect([wrong.status, wrong.code, wrong.details]).toEqual([401, 'PIN_INVALID', { remainingAttempts: 4 }]);
    const right = await call(app, 'POST', '/api/v1/session', { cookie: paired.cookie }, { staffCode: cashier.code, pin: '2468' });
    expect(right.json).toMatchObject({ staff: { name: 'Bilal', roleId: 'cashier' }, locked: null });
    const session = /box_session=[^;]+/.exec(right.response.headers.get('set-cookie')!)![0];
    expect((await call(app, 'GET', '/api/v1/session', { cookie: `${paired.cookie}; ${session}` })).json).toMatchObject({ staff: { name: 'Bilal' } });
    // the same session token on another device is worth nothing
    const other = aPairedDevice(deps.db, deps.clock, 'C2');
    expect((await call(app, 'GET', '/api/v1/session', { cookie: `${other.cookie}; ${session}` })).json).toMatchObject({ staff: null });
  });

  it('answers STAFF_LOCKED (423) with the unlock time after five wrong PINs', async () => {
    const { deps, app } = box();
    const paired = aPairedDevice(deps.db, deps.clock);
    const cashier = aStaff(deps.db, { pin: '2468' });
    let last;
    for (let i = 0; i < 5; i++) last = await call(app, 'POST', '/api/v1/session', { cookie: paired.cookie }, { staffCode: cashier.code, pin: '0000' });
    expect([last!.status, last!.code]).toEqual([423, 'STAFF_LOCKED']);
    expect(last!.details).toMatchObject({ lockedUntil: deps.clock.now() + 5 * 60_000 });
  });

  it('locks when idle, unlocks with the PIN, switches staff, and signs out', async () => {
    const { deps, app } = box({ config: aConfig({ lockAfterIdleS: 60 }) });
    const paired = aPairedDevice(deps.db, deps.clock);
    const manager = aStaff(deps.db, { role: 'manager', pin: '7777' });
    const cashier = aStaff(deps.db, { pin: '2468' });
    const cookie = await aSignedInCookie(deps.db, deps.clock, paired, manager);
    expect((await call(app, 'GET', '/api/v1/staff', { cookie })).status).toBe(200);
    deps.clock.advance(61_000);
    const idle = await call(app, 'GET', '/api/v1/staff', { cookie });
    expect([idle.status, idle.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await call(app, 'GET', '/api/v1/session', { cookie })).json).toMatchObject({ staff: null, locked: { staffId: manager.id } });
    expect((await call(app, 'POST', '/api/v1/session/unlock', { cookie }, { pin: '0000' })).code).toBe('PIN_INVALID');
    expect((await call(app, 'POST', '/api/v1/session/unlock', { cookie }, { pin: '7777' })).json).toMatchObject({ staff: { staffId: manager.id } });
    expect((await call(app, 'GET', '/api/v1/staff', { cookie })).status).toBe(200);
    expect((await call(app, 'POST', '/api/v1/session/lock', { cookie })).json).toMatchObject({ locked: { staffId: manager.id } });
    // quick switch: the cashier signs in over the locked manager
    const switched = await call(app, 'POST', '/api/v1/session', { cookie: paired.cookie }, { staffId: cashier.id, pin: '2468' });
    expect(switched.json).toMatchObject({ staff: { staffId: cashier.id } });
    expect((await call(app, 'GET', '/api/v1/staff', { cookie })).code).toBe('UNAUTHENTICATED'); // the manager's token ended
    const cashierCookie = `${paired.cookie}; ${/box_session=[^;]+/.exec(switched.response.headers.get('set-cookie')!)![0]}`;
    expect((await call(app, 'DELETE', '/api/v1/session', { cookie: cashierCookie })).json).toMatchObject({ staff: null, locked: null });
    const actions = (deps.db.$client.prepare('select action from audit_log').all() as Array<{ action: string }>).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.signed_in', 'staff.unlock_failed', 'staff.switched', 'staff.signed_out']));
  });
});

describe('an action beyond the cashier\'s rights', () => {
  it('asks for approval, accepts a manager\'s, refuses a cashier\'s, and records the approver with the action', async () => {
    const { deps, app } = box();
    const paired = aPairedDevice(deps.db, deps.clock);
    const cashier = aStaff(deps.db, { pin: '2468', name: 'Ayesha' });
    const manager = aStaff(deps.db, { role: 'manager', pin: '7777', name: 'Sana' });
    const other = aStaff(deps.db, { role: 'cashier', pin: '3333' });
    const cookie = await aSignedInCookie(deps.db, deps.clock, paired, cashier);
    const refused = await call(app, 'POST', '/api/v1/pairing-codes', { cookie }, { counter: 'C2' });
    expect([refused.status, refused.code, refused.details]).toEqual([403, 'APPROVAL_REQUIRED', { permission: 'manage_devices' }]);
    const notAllowed = await call(app, 'POST', '/api/v1/approvals', { cookie }, { approverStaffCode: other.code, pin: '3333', permission: 'manage_devices' });
    expect([notAllowed.status, notAllowed.code]).toEqual([403, 'APPROVER_NOT_ALLOWED']);
    const approval = await call(app, 'POST', '/api/v1/approvals', { cookie }, { approverStaffCode: manager.code, pin: '7777', permission: 'manage_devices', reason: 'second screen' });
    expect(approval.json).toMatchObject({ approverName: 'Sana' });
    const approvalId = (approval.json as { approvalId: string }).approvalId;
    const created = await call(app, 'POST', '/api/v1/pairing-codes', { cookie }, { counter: 'C2', approvalId });
    expect(created.status).toBe(200);
    const reused = await call(app, 'POST', '/api/v1/pairing-codes', { cookie }, { counter: 'C2', approvalId });
    expect([reused.status, reused.code]).toEqual([409, 'APPROVAL_INVALID']);
    const entry = deps.db.$client.prepare("select staff_id, approver_id from audit_log where action = 'device.pairing_code_created' order by seq desc limit 1").get();
    expect(entry).toEqual({ staff_id: cashier.id, approver_id: manager.id });
  });
});

describe('web hardening', () => {
  it('refuses a cookie-authenticated mutation from another origin (CSRF) but accepts the box\'s own', async () => {
    const { deps, app } = box();
    const cookie = await aSignedInCookie(deps.db, deps.clock, aPairedDevice(deps.db, deps.clock), aStaff(deps.db, { role: 'manager' }));
    const evil = await call(app, 'POST', 'http://box.local:8080/api/v1/pairing-codes', { cookie, origin: 'http://evil.example' }, { counter: 'C1' });
    expect([evil.status, evil.code]).toEqual([403, 'ORIGIN_REFUSED']);
    const crossSite = await call(app, 'POST', 'http://box.local:8080/api/v1/pairing-codes', { cookie, 'sec-fetch-site': 'cross-site' }, { counter: 'C1' });
    expect(crossSite.code).toBe('ORIGIN_REFUSED');
    const own = await call(app, 'POST', 'http://box.local:8080/api/v1/pairing-codes', { cookie, origin: 'http://box.local:8080', host: 'box.local:8080' }, { counter: 'C1' });
    expect(own.status).toBe(200);
  });

  it('rate-limits sign-in attempts on a counter', async () => {
    const { deps, app } = box();
    const paired = aPairedDevice(deps.db, deps.clock);
    const codes = new Set<string | undefined>();
    for (let i = 0; i < 21; i++) codes.add((await call(app, 'POST', '/api/v1/session', { cookie: paired.cookie }, { staffCode: `77${i}`, pin: '0000' })).code);
    expect(codes).toContain('RATE_LIMITED');
  });

  it('serves the terminal with a strict Content-Security-Policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terminal-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const app = createApp(testDeps(), { terminalDir: dir });
    const response = await app.request('/pair');
    expect(response.headers.get('content-security-policy')).toBe(TERMINAL_CSP);
    expect(TERMINAL_CSP).toContain("script-src 'self'");
    expect(TERMINAL_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('never writes PINs, pairing codes, device credentials, session or API tokens to the log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const { deps, app } = box({ logger });
    const manager = aStaff(deps.db, { role: 'manager', pin: '86420' });
    const code = unwrap(createPairingCode(deps.db, null, 'C1', deps.clock)).code;
    const paired = await call(app, 'POST', '/api/v1/pair', {}, { code });
    const deviceCookie = /box_device=[^;]+/.exec(paired.response.headers.get('set-cookie')!)![0];
    const signed = await call(app, 'POST', '/api/v1/session', { cookie: deviceCookie }, { staffCode: manager.code, pin: '86420' });
    const sessionCookie = /box_session=([^;]+)/.exec(signed.response.headers.get('set-cookie')!)![1]!;
    await call(app, 'POST', '/api/v1/session', { cookie: deviceCookie }, { staffCode: manager.code, pin: '97531' });
    const token = unwrap(createApiToken(deps.db, { name: 'x', roleId: 'manager' }, deps.clock)).token;
    await call(app, 'GET', '/api/v1/staff', { authorization: `Bearer ${token}` });
    await call(app, 'GET', '/api/v1/nope', { authorization: `Bearer ${token}x` });
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const secret of ['86420', '97531', code, deviceCookie.slice('box_device='.length), sessionCookie, token]) expect(log).not.toContain(secret);
  });

  it('accepts an API token as an actor of kind token', async () => {
    const { deps, app } = box();
    const token = unwrap(createApiToken(deps.db, { name: 'reports script', roleId: 'manager' }, deps.clock));
    const r = await call(app, 'GET', '/api/v1/staff', { authorization: `Bearer ${token.token}` });
    expect(r.status).toBe(200);
    expect(JSON.stringify(deps.db.$client.prepare('select * from api_tokens').all())).not.toContain(token.token);
  });
});
