// The one typed map of realtime events, shared by the box (socket.io server) and the terminal (client).
// Server events are named `room:past-tense`; client intents `room:verb` and always carry an ack.

export interface BoxHello {
  version: string;
  /** Box time when the socket connected, UTC ms (lets a kiosk spot a wrong clock). */
  now: number;
}

export interface ServerToClientEvents {
  'box:connected': (hello: BoxHello) => void;
}

export interface ClientToServerEvents {
  /** Round-trip check; the ack carries the box time. */
  'box:ping': (ack: (reply: { now: number }) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  connectedAt: number;
}
