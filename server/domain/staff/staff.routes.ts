// HTTP for the staff room: pairing, sessions (sign in, switch, lock, sign out), approvals, staff, roles and devices.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  AppErrorException, DEVICE_COOKIE, clearSessionCookie, clientAddress, guard, requireActor, requireDevice, requirePermission, sessionPolicy,
  sessionToken, setDeviceCookie, setSessionCookie,
} from '../../http/auth.ts';
import type { BoxDeps, BoxEnv } from '../../http/context.ts';
import { errorResponse, resultResponse } from '../../http/errors.ts';
import { LIMITS, type RateLimiter } from '../../http/rate-limit.ts';
import { createRouter } from '../../http/router.ts';
import { isUuidV7, type Id } from '../../shared/ids.ts';
import { minor } from '../../shared/money.ts';
import type { Actor } from './actor.ts';
import { PERMISSIONS } from './permissions.ts';
import { createApproval } from './staff.approvals.ts';
import { createPairingCode, listDevices, pairDevice, revokeDevice } from './staff.devices.ts';
import { createRole, deleteRole, findRole, listRoles, roleJson, updateRole } from './staff.roles.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './staff.tokens.ts';
import { deviceSession, listSignInStaff, lockSession, signIn, signOut, unlockSession } from './staff.sessions.ts';
import { addStaff, listStaff, resetPin, updateStaff } from './staff.service.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
const ok200 = (description: string) => ({ 200: { description } });
const IdParam = z.object({ id: z.string().min(1).max(64) });
const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');
const PermissionName = z.enum(PERMISSIONS);
const RoleBody = z.object({ name: z.string().min(1).max(40), permissions: z.array(z.string()).max(64), maxDiscountBps: z.number().int().min(0).max(10_000) });
const Uuid7 = z.string().refine(isUuidV7, 'a UUIDv7 made by the caller');

function actorJson(actor: Actor) {
  return {
    kind: actor.kind, staffId: actor.staffId, name: actor.name, roleId: actor.roleId,
    permissions: [...actor.permissions], maxDiscountBps: actor.maxDiscountBps,
  };
}

function limited(c: Context<BoxEnv>, limiter: RateLimiter, keys: Array<[string, { max: number; windowMs: number }]>): Response | null {
  for (const [key, limit] of keys) {
    const waitMs = limiter.hit(key, limit);
    if (waitMs > 0) {
      c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
      return errorResponse(c, { code: 'RATE_LIMITED', message: `too many attempts; wait ${Math.ceil(waitMs / 1000)} s`, details: { retryAfterS: Math.ceil(waitMs / 1000) } });
    }
  }
  return null;
}

export function staffRoutes(deps: BoxDeps, limiter: RateLimiter) {
  const { db, clock } = deps;
  const policy = sessionPolicy(deps);

  const sessionView = (c: Context<BoxEnv>) => {
    const device = requireDevice(c);
    const state = deviceSession(db, device, clock.now(), policy);
    const signedIn = c.get('actor');
    return {
      device: { id: device.deviceId },
      counter: { id: device.counterId, code: device.counterCode, name: device.counterName },
      staff: signedIn && state.state === 'active' ? { ...actorJson(signedIn), roleName: findRole(db, signedIn.roleId)?.name ?? signedIn.roleId } : null,
      locked: state.state === 'locked' ? { staffId: state.session.staffId, staffName: state.staffName } : null,
      lockAfterIdleS: deps.config.lockAfterIdleS,
    };
  };

  return createRouter()
    .openapi(createRoute({
      method: 'post', path: '/api/v1/pair', tags: ['devices'], summary: 'Pair this browser with a counter using a pairing code', 'x-auth': 'public',
      request: { body: json(z.object({ code: z.string().min(4).max(32) })) }, responses: ok200('Paired; the device cookie is set'),
    }), (c) => {
      const tooMany = limited(c, limiter, [[`pair:ip:${clientAddress(c)}`, LIMITS.pairPerIp]]);
      if (tooMany) return tooMany;
      const paired = pairDevice(db, { code: c.req.valid('json').code, userAgent: c.req.header('user-agent') ?? '' }, clock);
      if (!paired.ok) return errorResponse(c, paired.error);
      setDeviceCookie(c, paired.value.credential);
      clearSessionCookie(c);
      const d = paired.value.device;
      return c.json({ device: { id: d.deviceId }, counter: { id: d.counterId, code: d.counterCode, name: d.counterName } }, 200);
    })

    .openapi(createRoute({
      method: 'get', path: '/api/v1/session', tags: ['session'], summary: 'This counter, and who is signed in on it', ...guard('device'),
      responses: ok200('The session'),
    }), (c) => c.json(sessionView(c), 200))

    .openapi(createRoute({
      method: 'get', path: '/api/v1/session/staff', tags: ['session'], summary: 'Staff who may sign in (the pick list)', ...guard('device'),
      responses: ok200('Staff'),
    }), (c) => c.json({ staff: listSignInStaff(db).map((s) => ({ ...s, roleName: findRole(db, s.roleId)?.name ?? s.roleId })) }, 200))

    .openapi(createRoute({
      method: 'post', path: '/api/v1/session', tags: ['session'], summary: 'Sign in (or switch to) a staff member with their PIN', ...guard('device'),
      request: { body: json(z.object({ staffCode: z.string().min(1).max(12).optional(), staffId: z.string().min(1).max(64).optional(), pin: Pin })) },
      responses: ok200('Signed in; the session cookie is set'),
    }), async (c) => {
      const device = requireDevice(c);
      const tooMany = limited(c, limiter, [[`signin:ip:${clientAddress(c)}`, LIMITS.signInPerIp], [`signin:counter:${device.counterId}`, LIMITS.signInPerCounter]]);
      if (tooMany) return tooMany;
      const body = c.req.valid('json');
      if (!body.staffCode && !body.staffId) throw new AppErrorException({ code: 'VALIDATION_FAILED', message: 'give a staff code or pick a person', details: { fields: [{ path: 'staffCode' }] } });
      const result = await signIn(db, device, { ...(body.staffId ? { staffId: body.staffId } : { staffCode: body.staffCode! }), pin: body.pin }, clock);
      if (!result.ok) return errorResponse(c, result.error);
      setSessionCookie(c, result.value.token);
      const credential = getCookie(c, DEVICE_COOKIE);
      if (credential) setDeviceCookie(c, credential); // a paired kiosk in daily use never reaches the cookie's 400-day cap
      c.set('actor', result.value.actor);
      return c.json(sessionView(c), 200);
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/session/lock', tags: ['session'], summary: 'Lock this counter (PIN needed to go on)', ...guard('device'),
      responses: ok200('Locked'),
    }), (c) => {
      const locked = lockSession(db, requireDevice(c), clock);
      if (!locked.ok) return errorResponse(c, locked.error);
      c.set('actor', undefined);
      return c.json(sessionView(c), 200);
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/session/unlock', tags: ['session'], summary: 'Unlock this counter with the signed-in person\'s PIN', ...guard('device'),
      request: { body: json(z.object({ pin: Pin })) }, responses: ok200('Unlocked'),
    }), async (c) => {
      const device = requireDevice(c);
      const tooMany = limited(c, limiter, [[`signin:ip:${clientAddress(c)}`, LIMITS.signInPerIp], [`signin:counter:${device.counterId}`, LIMITS.signInPerCounter]]);
      if (tooMany) return tooMany;
      const result = await unlockSession(db, device, sessionToken(c), c.req.valid('json').pin, clock, policy);
      if (!result.ok) return errorResponse(c, result.error);
      c.set('actor', result.value);
      return c.json(sessionView(c), 200);
    })

    .openapi(createRoute({
      method: 'delete', path: '/api/v1/session', tags: ['session'], summary: 'Sign out whoever is signed in on this counter', ...guard('device'),
      responses: ok200('Signed out'),
    }), (c) => {
      const result = signOut(db, requireDevice(c), clock);
      if (!result.ok) return errorResponse(c, result.error);
      clearSessionCookie(c);
      c.set('actor', undefined);
      return c.json(sessionView(c), 200);
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/approvals', tags: ['session'], summary: 'A manager approves one action with their code and PIN', ...guard('device'),
      request: {
        body: json(z.object({
          approverStaffCode: z.string().min(1).max(12), pin: Pin, permission: PermissionName, reason: z.string().max(200).optional(),
          amount: z.number().int().nonnegative().optional(), amountBps: z.number().int().min(0).max(10_000).optional(),
        })),
      },
      responses: ok200('The approval id, valid 2 minutes, single use'),
    }), async (c) => {
      const device = c.get('device');
      const actor = c.get('actor');
      if (device) {
        const tooMany = limited(c, limiter, [[`signin:ip:${clientAddress(c)}`, LIMITS.signInPerIp], [`signin:counter:${device.counterId}`, LIMITS.signInPerCounter]]);
        if (tooMany) return tooMany;
      }
      const body = c.req.valid('json');
      const result = await createApproval(db, {
        approverStaffCode: body.approverStaffCode, pin: body.pin, permission: body.permission, requesterStaffId: actor?.staffId ?? null,
        counterId: device?.counterId ?? actor?.counterId ?? null,
        ...(body.reason ? { reason: body.reason } : {}), ...(body.amount !== undefined ? { amount: minor(body.amount) } : {}),
        ...(body.amountBps !== undefined ? { amountBps: body.amountBps } : {}),
      }, clock);
      return resultResponse(c, result);
    })

    .openapi(createRoute({
      method: 'get', path: '/api/v1/staff', tags: ['staff'], summary: 'All staff members', ...guard('permission', 'manage_staff'), responses: ok200('Staff'),
    }), (c) => {
      requirePermission(c, 'manage_staff');
      return c.json({ staff: listStaff(db, clock.now()) }, 200);
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/staff', tags: ['staff'], summary: 'Add a staff member', ...guard('permission', 'manage_staff'),
      request: { body: json(z.object({ name: z.string().min(1).max(80), roleId: z.string().min(1).max(64), pin: Pin, code: z.string().min(2).max(12).optional() })) },
      responses: ok200('The new staff member'),
    }), async (c) => {
      const body = c.req.valid('json');
      return resultResponse(c, await addStaff(db, requireActor(c), { name: body.name, roleId: body.roleId, pin: body.pin, ...(body.code ? { code: body.code } : {}) }, clock));
    })

    .openapi(createRoute({
      method: 'patch', path: '/api/v1/staff/{id}', tags: ['staff'], summary: 'Edit or deactivate a staff member', ...guard('permission', 'manage_staff'),
      request: {
        params: IdParam,
        body: json(z.object({ name: z.string().min(1).max(80).optional(), roleId: z.string().min(1).max(64).optional(), code: z.string().min(2).max(12).optional(), active: z.boolean().optional() })),
      },
      responses: ok200('The staff member'),
    }), (c) => {
      const body = c.req.valid('json');
      const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      return resultResponse(c, updateStaff(db, requireActor(c), c.req.valid('param').id, changes, clock));
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/staff/{id}/pin', tags: ['staff'], summary: 'Set a new PIN (lifts a lockout)', ...guard('permission', 'manage_staff'),
      request: { params: IdParam, body: json(z.object({ pin: Pin })) }, responses: ok200('The staff member'),
    }), async (c) => resultResponse(c, await resetPin(db, requireActor(c), c.req.valid('param').id, c.req.valid('json').pin, clock)))

    .openapi(createRoute({
      method: 'get', path: '/api/v1/roles', tags: ['staff'], summary: 'Built-in and custom roles', ...guard('permission', 'manage_staff'), responses: ok200('Roles'),
    }), (c) => {
      requirePermission(c, 'manage_staff');
      return c.json({ roles: listRoles(db).map(roleJson), permissions: PERMISSIONS }, 200);
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/roles', tags: ['staff'], summary: 'Create a custom role (owners)', ...guard('permission', 'manage_roles'),
      request: { body: json(RoleBody) },
      responses: ok200('The role'),
    }), (c) => resultResponse(c, createRole(db, requireActor(c), c.req.valid('json'), clock)))

    .openapi(createRoute({
      method: 'put', path: '/api/v1/roles/{id}', tags: ['staff'], summary: 'Change a custom role (owners); built-in roles cannot change', ...guard('permission', 'manage_roles'),
      request: { params: IdParam, body: json(RoleBody) }, responses: ok200('The role'),
    }), (c) => resultResponse(c, updateRole(db, requireActor(c), c.req.valid('param').id, c.req.valid('json'), clock)))

    .openapi(createRoute({
      method: 'delete', path: '/api/v1/roles/{id}', tags: ['staff'], summary: 'Delete a custom role nobody holds (owners)', ...guard('permission', 'manage_roles'),
      request: { params: IdParam }, responses: ok200('Deleted'),
    }), (c) => resultResponse(c, deleteRole(db, requireActor(c), c.req.valid('param').id, clock)))

    .openapi(createRoute({
      method: 'get', path: '/api/v1/api-tokens', tags: ['staff'], summary: 'API tokens for integrations (never their secrets)', ...guard('permission', 'manage_roles'),
      responses: ok200('Tokens'),
    }), (c) => c.json({ tokens: listApiTokens(db) }, 200))

    .openapi(createRoute({
      method: 'post', path: '/api/v1/api-tokens', tags: ['staff'], summary: 'Create an API token; the secret is in this answer only (owners)', ...guard('permission', 'manage_roles'),
      request: { body: json(z.object({ id: Uuid7.optional(), name: z.string().min(1).max(80), roleId: z.string().min(1).max(64) })) }, responses: ok200('The token, once'),
    }), (c) => {
      const body = c.req.valid('json');
      return resultResponse(c, createApiToken(db, { name: body.name, roleId: body.roleId, ...(body.id ? { id: body.id as Id<'ApiToken'> } : {}) }, clock, requireActor(c)));
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/api-tokens/{id}/revoke', tags: ['staff'], summary: 'Revoke an API token at once (owners)', ...guard('permission', 'manage_roles'),
      request: { params: IdParam }, responses: ok200('Revoked'),
    }), (c) => resultResponse(c, revokeApiToken(db, c.req.valid('param').id, clock, requireActor(c))))

    .openapi(createRoute({
      method: 'get', path: '/api/v1/devices', tags: ['devices'], summary: 'Paired devices', ...guard('permission', 'manage_devices'), responses: ok200('Devices'),
    }), (c) => {
      const devices = listDevices(db, requireActor(c));
      return devices.ok ? c.json({ devices: devices.value, thisDevice: c.get('device')?.deviceId ?? null }, 200) : errorResponse(c, devices.error);
    })

    .openapi(createRoute({
      method: 'post', path: '/api/v1/devices/{id}/revoke', tags: ['devices'], summary: 'Unpair a device; its sockets are dropped at once', ...guard('permission', 'manage_devices'),
      request: { params: IdParam }, responses: ok200('Revoked'),
    }), (c) => resultResponse(c, revokeDevice(db, requireActor(c), c.req.valid('param').id, clock)))

    .openapi(createRoute({
      method: 'post', path: '/api/v1/pairing-codes', tags: ['devices'], summary: 'A pairing code for a counter (10 minutes, single use; approvable)', ...guard('approvable', 'manage_devices'),
      request: { body: json(z.object({ counter: z.string().min(1).max(64), approvalId: z.string().max(64).optional(), kind: z.enum(['counter', 'display']).optional() })) },
      responses: ok200('The code'),
    }), (c) => {
      const body = c.req.valid('json');
      return resultResponse(c, createPairingCode(db, requireActor(c), body.counter, clock, body.approvalId, body.kind ?? 'counter'));
    });
}
