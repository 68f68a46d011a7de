// The socket.io link to the box and what the shell shows about it: live, reconnecting or offline.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/realtime/events.ts';

export type LinkStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';
export type BoxSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Failed reconnect attempts after which the shell says "offline" (it keeps trying). */
const OFFLINE_AFTER_ATTEMPTS = 3;

class Connection {
  status = $state<LinkStatus>('connecting');
  /** Box clock minus kiosk clock, ms, from the last hello. */
  clockSkewMs = $state(0);
  lastLatencyMs = $state<number | null>(null);
  readonly socket: BoxSocket;

  constructor() {
    this.socket = io({ transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
    this.socket.on('connect', () => (this.status = 'live'));
    this.socket.on('disconnect', () => (this.status = navigator.onLine ? 'reconnecting' : 'offline'));
    this.socket.on('box:connected', (hello) => (this.clockSkewMs = hello.now - Date.now()));
    this.socket.io.on('reconnect_attempt', (attempt) => {
      this.status = attempt > OFFLINE_AFTER_ATTEMPTS || !navigator.onLine ? 'offline' : 'reconnecting';
    });
    this.socket.on('connect_error', () => {
      if (this.status === 'connecting') this.status = 'reconnecting';
    });
    window.addEventListener('offline', () => (this.status = 'offline'));
    window.addEventListener('online', () => {
      if (!this.socket.connected) this.status = 'reconnecting';
    });
  }

  /** Round trip to the box over the socket, in ms. */
  ping(): Promise<number> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      this.socket.timeout(5000).emit('box:ping', (error: Error | null) => {
        if (error) return reject(new Error('The box did not answer within 5 seconds'));
        this.lastLatencyMs = Math.round(performance.now() - started);
        resolve(this.lastLatencyMs);
      });
    });
  }
}

export const connection = new Connection();
