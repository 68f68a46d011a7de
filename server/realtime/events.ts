// The one typed map of realtime events, shared by the box (socket.io server) and the terminal (client).
import type { Actor } from '../domain/staff/actor.ts';
import type { Id } from '../shared/ids.ts';

// Server events are named `room:past-tense`; client intents `room:verb` and always carry an ack.

export interface BoxHello {
  version: string;
  /** Box time when the socket connected, UTC ms (lets a kiosk spot a wrong clock). */
  now: number;
}

/** Who is signed in on this counter now; sent to the device's sockets on sign-in, switch, lock and sign-out. */
export interface SessionChanged {
  staff: { staffId: string; name: string; roleId: string } | null;
  locked: boolean;
}

export interface ServerToClientEvents {
  'box:connected': (hello: BoxHello) => void;
  'session:changed': (session: SessionChanged) => void;
}

export interface ClientToServerEvents {
  /** Round-trip check; the ack carries the box time. */
  'box:ping': (ack: (reply: { now: number }) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  connectedAt: number;
  /** Set by the auth middleware from the paired-device cookie (null for an API-token socket). */
  deviceId: Id<'Device'> | null;
  counterId: Id<'Counter'> | null;
  branchId: Id<'Branch'>;
  /** Who is signed in on that counter, refreshed on sign-in, switch, lock and before every intent; undefined when nobody. */
  actor: Actor | undefined;
}
