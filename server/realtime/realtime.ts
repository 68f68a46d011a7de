// socket.io attached to the box's HTTP server; rooms `branch:<id>` and `counter:<id>` join here as features arrive.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { BoxDeps } from '../http/context.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export function attachRealtime(httpServer: HttpServer, deps: BoxDeps): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // Kiosks reconnect after a Wi-Fi blip; recover missed packets for up to two minutes.
    connectionStateRecovery: { maxDisconnectionDuration: 120_000 },
  });

  io.on('connection', (socket) => {
    socket.data.connectedAt = deps.clock.now();
    socket.emit('box:connected', { version: deps.version, now: deps.clock.now() });
    socket.on('box:ping', (ack) => {
      if (typeof ack === 'function') ack({ now: deps.clock.now() });
    });
  });
  return io;
}
