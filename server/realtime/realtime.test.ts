import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiToken, revokeDevice, signIn, lockSession, signOut } from '../domain/staff/index.ts';
import { createApp } from '../http/app.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch, testDeps } from '../test/builders.ts';
import { aPairedDevice, aStaff } from '../test/staff-builders.ts';
import type { SessionChanged } from './events.ts';
import { attachRealtime, type RealtimeServer } from './realtime.ts';
import { socketActor } from './socket-auth.ts';

const open: Array<{ io: RealtimeServer; server: HttpServer; sockets: Socket[] }> = [];

afterEach(async () => {
  for (const box of open.splice(0)) {
    for (const s of box.sockets) s.close();
    await box.io.close();
  }
});

async function startBox() {
  const deps = testDeps();
  aBranch(deps.db, { counters: ['C1', 'C2'] });
  const app = createApp(deps);
  const server = await new Promise<HttpServer>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as HttpServer));
  });
  const io = attachRealtime(server, deps);
  const box = { io, server, sockets: [] as Socket[] };
  open.push(box);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (options: { cookie?: string; token?: string; origin?: string } = {}) => {
    const socket = connect(url, {
      transports: ['websocket'], reconnection: false, forceNew: true,
      ...(options.cookie || options.origin ? { extraHeaders: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.origin ? { origin: options.origin } : {}) } } : {}), ...(options.token ? { auth: { token: options.token } } : {}),
    });
    box.sockets.push(socket);
    return socket;
  };
  return { deps, io, client };
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
}

function refused(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected but should have been refused')));
    socket.once('connect_error', (e: Error & { data?: { code?: string } }) => resolve(e.data?.code ?? e.message));
  });
}

const nextSession = (socket: Socket) => new Promise<SessionChanged>((resolve) => socket.once('session:changed', resolve));

describe('socket.io connections', () => {
  it('refuses an unpaired browser, a forged credential and a revoked device', async () => {
    const { deps, client } = await startBox();
    expect(await refused(client())).toBe('UNAUTHENTICATED');
    expect(await refused(client({ cookie: 'box_device=dev_forged' }))).toBe('UNAUTHENTICATED');
    const paired = aPairedDevice(deps.db, deps.clock);
    unwrap(revokeDevice(deps.db, null, paired.device.deviceId, deps.clock));
    expect(await refused(client({ cookie: paired.cookie }))).toBe('DEVICE_REVOKED');
  });

  it('refuses a paired device\'s cookie sent from a page of another site', async () => {
    const { deps, client } = await startBox();
    const paired = aPairedDevice(deps.db, deps.clock);
    expect(await refused(client({ cookie: paired.cookie, origin: 'http://evil.example' }))).toBe('ORIGIN_REFUSED');
  });

  it('admits a paired device into its branch, counter and device rooms, and answers intents', async () => {
    const { deps, io, client } = await startBox();
    const paired = aPairedDevice(deps.db, deps.clock, 'C2');
    const socket = client({ cookie: paired.cookie });
    await connected(socket);
    const [server] = await io.fetchSockets();
    expect(server!.data).toMatchObject({ deviceId: paired.device.deviceId, counterId: paired.device.counterId, branchId: paired.device.branchId, actor: undefined });
    expect([...server!.rooms]).toEqual(expect.arrayContaining([`branch:${paired.device.branchId}`, `counter:${paired.device.counterId}`]));
    const reply = await socket.timeout(2000).emitWithAck('box:ping');
    expect(reply).toEqual({ now: deps.clock.now() });
  });

  it('follows sign-in, lock and sign-out on that device in socket.data.actor', async () => {
    const { deps, io, client } = await startBox();
    const paired = aPairedDevice(deps.db, deps.clock);
    const cashier = aStaff(deps.db, { pin: '2468', name: 'Bilal' });
    const socket = client({ cookie: paired.cookie });
    await connected(socket);
    const actorOf = async () => (await io.fetchSockets())[0]!.data.actor;

    let change = nextSession(socket);
    unwrap(await signIn(deps.db, paired.device, { staffCode: cashier.code, pin: '2468' }, deps.clock));
    expect(await change).toMatchObject({ staff: { name: 'Bilal' }, locked: false });
    expect(await actorOf()).toMatchObject({ kind: 'staff', staffId: cashier.id, counterId: paired.device.counterId });

    change = nextSession(socket);
    unwrap(lockSession(deps.db, paired.device, deps.clock));
    expect(await change).toMatchObject({ locked: true });
    expect(await actorOf()).toBeUndefined();

    change = nextSession(socket);
    unwrap(await signIn(deps.db, paired.device, { staffCode: cashier.code, pin: '2468' }, deps.clock));
    expect(await change).toMatchObject({ locked: false, staff: { name: 'Bilal' } });
    change = nextSession(socket);
    unwrap(signOut(deps.db, paired.device, deps.clock));
    expect(await change).toEqual({ staff: null, locked: false });
    expect(await actorOf()).toBeUndefined();
  });

  it('drops an idle session before the next intent', async () => {
    const { deps, io, client } = await startBox();
    const paired = aPairedDevice(deps.db, deps.clock);
    const cashier = aStaff(deps.db, { pin: '2468' });
    unwrap(await signIn(deps.db, paired.device, { staffCode: cashier.code, pin: '2468' }, deps.clock));
    const socket = client({ cookie: paired.cookie });
    await connected(socket);
    expect((await io.fetchSockets())[0]!.data.actor).toBeDefined();
    deps.clock.advance(deps.config.lockAfterIdleS * 1000);
    await socket.timeout(2000).emitWithAck('box:ping');
    expect((await io.fetchSockets())[0]!.data.actor).toBeUndefined();
  });

  it('disconnects a device\'s sockets the moment it is revoked', async () => {
    const { deps, client } = await startBox();
    const paired = aPairedDevice(deps.db, deps.clock);
    const other = aPairedDevice(deps.db, deps.clock, 'C2');
    const socket = client({ cookie: paired.cookie });
    const bystander = client({ cookie: other.cookie });
    await Promise.all([connected(socket), connected(bystander)]);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    unwrap(revokeDevice(deps.db, null, paired.device.deviceId, deps.clock));
    expect(await dropped).toBe('io server disconnect');
    expect(bystander.connected).toBe(true);
  });

  it('admits an API token socket with a token actor', async () => {
    const { deps, io, client } = await startBox();
    const token = unwrap(createApiToken(deps.db, { name: 'display', roleId: 'cashier' }, deps.clock));
    await connected(client({ token: token.token! }));
    expect((await io.fetchSockets())[0]!.data.actor).toMatchObject({ kind: 'token', name: 'display' });
    expect(await refused(client({ token: 'isk_wrong' }))).toBe('UNAUTHENTICATED');
  });
});

describe('socketActor (what every intent handler checks first)', () => {
  it('refuses nobody signed in, refuses a missing permission naming it, and passes a permitted actor', async () => {
    const { deps, io, client } = await startBox();
    const paired = aPairedDevice(deps.db, deps.clock);
    const socket = client({ cookie: paired.cookie });
    await connected(socket);
    const server = () => io.fetchSockets().then((s) => s[0]!);
    expect(socketActor(await server(), 'sell')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const cashier = aStaff(deps.db, { pin: '2468' });
    const change = nextSession(socket);
    unwrap(await signIn(deps.db, paired.device, { staffCode: cashier.code, pin: '2468' }, deps.clock));
    await change;
    expect(socketActor(await server(), 'sell')).toMatchObject({ ok: true, value: { staffId: cashier.id } });
    expect(socketActor(await server(), 'void_line')).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', details: { permission: 'void_line' } } });
  });
});
