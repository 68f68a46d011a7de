// socket.io attached to the box's HTTP server: only paired devices (or API tokens) connect; rooms branch:, counter:, device:.
import type { Server as HttpServer } from 'node:http';
import { parse as parseCookies } from 'hono/utils/cookie';
import { Server, type Socket } from 'socket.io';
import {
  authenticateApiToken, authenticateDevice, deviceSession, lockIdleSessions, onDeviceChanged, touchSession, type DeviceContext, type SessionState,
} from '../domain/staff/index.ts';
import { DEVICE_COOKIE, sessionPolicy } from '../http/auth.ts';
import type { BoxDeps } from '../http/context.ts';
import { registerCartIntents } from './cart.socket.ts';
import { registerDisplay, wantsDisplay } from './display.socket.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SessionChanged, SocketData } from './events.ts';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type BoxSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** How often idle sessions are locked without waiting for a request. */
const IDLE_SWEEP_MS = 10_000;

function sessionChanged(state: SessionState): SessionChanged {
  if (state.state === 'active') return { staff: { staffId: state.actor.staffId!, name: state.actor.name, roleId: state.actor.roleId }, locked: false };
  if (state.state === 'locked') return { staff: { staffId: state.session.staffId, name: state.staffName, roleId: '' }, locked: true };
  return { staff: null, locked: false };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export function attachRealtime(httpServer: HttpServer, deps: BoxDeps): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // Kiosks reconnect after a Wi-Fi blip; recover missed packets for up to two minutes, but check the device again.
    connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: false },
  });
  const policy = sessionPolicy(deps);

  const deviceOf = (socket: BoxSocket): DeviceContext | null => socket.data.deviceId && socket.data.counterId
    ? { deviceId: socket.data.deviceId, counterId: socket.data.counterId, branchId: socket.data.branchId, counterCode: '', counterName: '', kind: 'counter' as const }
    : null;

  /** Re-reads who is signed in on the socket's device (locking an idle session on the way). */
  const refreshActor = (socket: BoxSocket): SessionState | null => {
    if (socket.data.display) return null; // a customer display never acts for anyone
    const device = deviceOf(socket);
    if (!device) return null;
    const state = deviceSession(deps.db, device, deps.clock.now(), policy);
    socket.data.actor = state.state === 'active' ? state.actor : undefined;
    return state;
  };

  io.use((socket, next) => {
    const now = deps.clock.now();
    // Cross-site WebSocket hijacking: a page from another origin may not open a socket with this kiosk's cookie.
    const origin = socket.handshake.headers.origin;
    if (origin && hostOf(origin) !== socket.handshake.headers.host) {
      return next(Object.assign(new Error('connections from other sites are refused'), { data: { code: 'ORIGIN_REFUSED' } }));
    }
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    if (token) {
      const actor = authenticateApiToken(deps.db, token, now);
      if (!actor.ok) return next(Object.assign(new Error(actor.error.message), { data: { code: actor.error.code } }));
      Object.assign(socket.data, { deviceId: null, counterId: null, branchId: actor.value.branchId, actor: actor.value });
      return next();
    }
    const cookies = parseCookies(socket.handshake.headers.cookie ?? '');
    const device = authenticateDevice(deps.db, cookies[DEVICE_COOKIE], now);
    if (!device.ok) return next(Object.assign(new Error(device.error.message), { data: { code: device.error.code } }));
    Object.assign(socket.data, {
      deviceId: device.value.deviceId, counterId: device.value.counterId, branchId: device.value.branchId, actor: undefined,
      // A display-only device is always a display; a counter screen's second window asks to be one.
      display: device.value.kind === 'display' || wantsDisplay(socket.handshake.auth),
    });
    refreshActor(socket as BoxSocket);
    next();
  });

  io.on('connection', (socket) => {
    socket.data.connectedAt = deps.clock.now();
    if (socket.data.display) {
      // A customer display (security model in README "Customer display"): it hears only its counter's room, holds no
      // actor, and every cart intent is refused; `display-device:` lets a revocation drop it with the counter screen.
      void socket.join([`counter:${socket.data.counterId}`, `display-device:${socket.data.deviceId}`]);
      socket.emit('box:connected', { version: deps.version, now: deps.clock.now() });
      socket.on('box:ping', (ack) => {
        if (typeof ack === 'function') ack({ now: deps.clock.now() });
      });
      registerDisplay(socket, deps);
      return;
    }
    void socket.join([`branch:${socket.data.branchId}`, ...(socket.data.deviceId ? [`counter:${socket.data.counterId}`, `device:${socket.data.deviceId}`] : [])]);
    // Before every intent: who is signed in now (an idle counter locks here), and the intent counts as activity.
    socket.use((_packet, next) => {
      const state = refreshActor(socket);
      if (state?.state === 'active') touchSession(deps.db, state.session.id, deps.clock.now());
      next();
    });
    socket.emit('box:connected', { version: deps.version, now: deps.clock.now() });
    socket.on('box:ping', (ack) => {
      if (typeof ack === 'function') ack({ now: deps.clock.now() });
    });
    if (socket.data.counterId) registerCartIntents(socket, deps);
  });

  const unsubscribe = onDeviceChanged(deps.db, (change) => {
    const room = `device:${change.deviceId}`;
    if (change.kind === 'revoked') {
      io.in([room, `display-device:${change.deviceId}`]).disconnectSockets(true);
      return;
    }
    let payload: SessionChanged | null = null;
    for (const id of io.of('/').adapter.rooms.get(room) ?? []) {
      const socket = io.of('/').sockets.get(id);
      if (!socket) continue;
      const state = refreshActor(socket);
      if (state) payload = sessionChanged(state);
    }
    if (payload) io.to(room).emit('session:changed', payload);
  });
  const sweep = setInterval(() => {
    try {
      lockIdleSessions(deps.db, deps.clock.now(), policy);
    } catch (error) {
      deps.logger.error({ err: error }, 'idle session sweep failed');
    }
  }, IDLE_SWEEP_MS);
  sweep.unref();
  httpServer.once('close', () => {
    clearInterval(sweep);
    unsubscribe();
  });
  return io;
}
