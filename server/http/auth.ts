// Authentication at the edge: paired-device cookies, staff sessions, API bearer tokens, CSRF, and the actor helpers.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { AppError } from '../shared/errors.ts';
import { can, type Actor, type Permission } from '../domain/staff/index.ts';
import { authenticateApiToken } from '../domain/staff/staff.tokens.ts';
import { authenticateDevice, type DeviceContext } from '../domain/staff/staff.devices.ts';
import { resolveSession, type SessionPolicy } from '../domain/staff/staff.sessions.ts';
import type { BoxDeps, BoxEnv } from './context.ts';
import { errorResponse } from './errors.ts';

export const DEVICE_COOKIE = 'box_device';
export const SESSION_COOKIE = 'box_session';
/** Chromium caps cookie lifetimes at 400 days; the credential is refreshed at every sign-in. */
const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 3600;

/** API routes anyone on the LAN may call: the pairing page needs the branch name, then pairs. */
export const PUBLIC_API = new Set(['GET /api/v1/box', 'GET /api/v1/openapi.json', 'POST /api/v1/pair']);
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An expected failure thrown from a handler (requireActor and friends); app.onError answers it with the envelope. */
export class AppErrorException extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
    this.name = 'AppErrorException';
  }
}

export function sessionPolicy(deps: BoxDeps): SessionPolicy {
  return { idleLockMs: deps.config.lockAfterIdleS * 1000 };
}

/**
 * Every /api request except PUBLIC_API needs a valid paired-device cookie or an `Authorization: Bearer` API token.
 * Cookie-authenticated mutations must come from the box's own origin (CSRF). Sets `device` and, when someone is
 * signed in and not locked, `actor`.
 */
export function authenticate(deps: BoxDeps): MiddlewareHandler<BoxEnv> {
  return async (c, next) => {
    c.set('actor', undefined);
    c.set('device', undefined);
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const actor = authenticateApiToken(deps.db, bearer, deps.clock.now());
      if (!actor.ok) return errorResponse(c, actor.error);
      c.set('actor', actor.value);
      return next();
    }
    const isPublic = PUBLIC_API.has(`${c.req.method === 'HEAD' ? 'GET' : c.req.method} ${c.req.path}`);
    const device = authenticateDevice(deps.db, getCookie(c, DEVICE_COOKIE), deps.clock.now());
    if (!device.ok) {
      if (isPublic) return next();
      if (device.error.code === 'DEVICE_REVOKED') {
        deleteCookie(c, DEVICE_COOKIE, { path: '/' });
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
      return errorResponse(c, device.error);
    }
    // A display-only device (customer display) reaches no API: it shows the cart through its read-only socket.
    if (device.value.kind === 'display' && !isPublic) {
      return errorResponse(c, { code: 'DISPLAY_READ_ONLY', message: 'this screen is paired as a customer display; it cannot sign in or change anything' });
    }
    if (MUTATING.has(c.req.method)) {
      const refused = crossOrigin(c);
      if (refused) return errorResponse(c, refused);
    }
    c.set('device', device.value);
    const session = resolveSession(deps.db, device.value, getCookie(c, SESSION_COOKIE), deps.clock.now(), sessionPolicy(deps));
    if (session.state === 'active') c.set('actor', session.actor);
    return next();
  };
}

/** Origin must match Host for cookie-authenticated mutations; browsers always send Origin on cross-site POSTs. */
function crossOrigin(c: Context<BoxEnv>): AppError | null {
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite === 'cross-site') return { code: 'ORIGIN_REFUSED', message: 'requests from other sites are refused', details: { origin: origin ?? null } };
  if (origin === undefined) return null;
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = '';
  }
  return originHost === host ? null : { code: 'ORIGIN_REFUSED', message: 'requests from other sites are refused', details: { origin } };
}

/** Sets the device credential cookie: httpOnly, SameSite=Strict, the whole site. */
export function setDeviceCookie(c: Context<BoxEnv>, credential: string): void {
  setCookie(c, DEVICE_COOKIE, credential, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: DEVICE_COOKIE_MAX_AGE_S });
}

export function setSessionCookie(c: Context<BoxEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 3600 });
}

export function clearSessionCookie(c: Context<BoxEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

export function sessionToken(c: Context<BoxEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** The paired device of this request; throws 401 UNAUTHENTICATED for API tokens and unpaired callers. */
export function requireDevice(c: Context<BoxEnv>): DeviceContext {
  const device = c.get('device');
  if (!device) throw new AppErrorException({ code: 'UNAUTHENTICATED', message: 'this call needs a paired counter' });
  return device;
}

/** The signed-in staff member or API token; throws 401 UNAUTHENTICATED when nobody is signed in (or the counter is locked). */
export function requireActor(c: Context<BoxEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppErrorException({ code: 'UNAUTHENTICATED', message: 'sign in with your PIN first' });
  return actor;
}

/** requireActor, then 403 PERMISSION_DENIED naming the permission when the actor lacks it. */
export function requirePermission(c: Context<BoxEnv>, permission: Permission): Actor {
  const actor = requireActor(c);
  if (!can(actor, permission)) {
    throw new AppErrorException({ code: 'PERMISSION_DENIED', message: `${actor.name} may not ${permission.replaceAll('_', ' ')}`, details: { permission } });
  }
  return actor;
}

/**
 * Route options for createRoute: checks run before body validation, and the OpenAPI document records them
 * (`x-auth`, `x-permission`, `x-approvable`) so the route-walking test covers every route. An `approvable` route lets
 * a person without the permission through only with an `approvalId` in the body (the service redeems it);
 * without one it answers 403 APPROVAL_REQUIRED so the terminal can ask for a manager's PIN.
 */
export function guard(level: 'device' | 'staff'): { middleware: MiddlewareHandler<BoxEnv>[]; 'x-auth': string };
export function guard(level: 'permission' | 'approvable', permission: Permission): { middleware: MiddlewareHandler<BoxEnv>[]; 'x-auth': string; 'x-permission': Permission };
export function guard(level: 'device' | 'staff' | 'permission' | 'approvable', permission?: Permission) {
  const check: MiddlewareHandler<BoxEnv> = async (c, next) => {
    if (c.get('actor')?.kind !== 'token') requireDevice(c);
    if (level === 'staff') requireActor(c);
    if (level === 'permission') requirePermission(c, permission!);
    if (level === 'approvable' && !can(requireActor(c), permission!)) {
      const body = (await c.req.json().catch(() => null)) as { approvalId?: unknown } | null;
      if (typeof body?.approvalId !== 'string') {
        throw new AppErrorException({ code: 'APPROVAL_REQUIRED', message: `a manager must approve: ${permission!.replaceAll('_', ' ')}`, details: { permission } });
      }
    }
    await next();
  };
  if (level === 'device' || level === 'staff') return { middleware: [check], 'x-auth': level };
  return { middleware: [check], 'x-auth': 'staff', 'x-permission': permission, ...(level === 'approvable' ? { 'x-approvable': true } : {}) };
}

/** The caller's address, for rate limits. */
export function clientAddress(c: Context<BoxEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
