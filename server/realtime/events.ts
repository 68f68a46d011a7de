// The one typed map of realtime events, shared by the box (socket.io server) and the terminal (client).
// Server events are named `room:past-tense`; client intents `room:verb` and always carry an ack.

export interface BoxHello {
  version: string;
  /** Box time when the socket connected, UTC ms (lets a kiosk spot a wrong clock). */
  now: number;
}

/** A printer's state as the counter shows it: "Printer 1: paper out". */
export interface PrinterStatusEvent {
  printerId: string;
  state: 'ready' | 'printing' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'unreachable' | 'unknown';
  /** The paper roll is nearly used up (a warning; printing continues). */
  paperNearEnd: boolean;
  /** Drawer connector pin 3 level at the last poll; null when the printer did not answer. */
  drawerPin3High: boolean | null;
  /** The drawer is open (pin 3 through this drawer's calibrated polarity); null when unknown. */
  drawerOpen: boolean | null;
  /** Open longer than the branch's alert time: "drawer left open". */
  drawerLeftOpen: boolean;
  /** Jobs waiting for this printer. */
  queued: number;
  /** What staff read after the printer's name, e.g. "paper out". */
  message: string;
  detail?: string | undefined;
  at: number;
}

export interface ServerToClientEvents {
  'box:connected': (hello: BoxHello) => void;
  /** Sent to every connected terminal whenever a printer's state changes. */
  'printer:status-changed': (status: PrinterStatusEvent) => void;
}

export interface ClientToServerEvents {
  /** Round-trip check; the ack carries the box time. */
  'box:ping': (ack: (reply: { now: number }) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  connectedAt: number;
}
