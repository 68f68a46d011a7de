// The virtual printer: an ESC/POS printer on a loopback TCP port for tests and demo mode, with a settable state.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { statusRepliesFor, type PaperState } from '../escpos/escpos.status.ts';
import { EscPosParser, type ParsedEvent, type Pulse } from './escpos.parser.ts';
import { applyPrintEvent, emptyJob, isEmptyJob, type PrintedJob } from './virtual-printer.jobs.ts';

export interface VirtualPrinterState {
  paper: PaperState;
  coverOpen: boolean;
  /** Drawer connector pin 3 high (this virtual drawer reads high when open). */
  drawerOpen: boolean;
  offline: boolean;
  /** An error such as an autocutter jam. */
  error: boolean;
  /** False: status requests get no answer at all (a dead or non-ESC/POS device). */
  answersStatus: boolean;
  /** True: a second simultaneous connection is closed at once, as most network printers do. */
  refusesSecondConnection: boolean;
  /** True: the printer stops reading (buffer full), so senders' writes back up. */
  stalled: boolean;
  /** A pulse opens the drawer (pin 3 goes high), as a real drawer does. */
  drawerOpensOnPulse: boolean;
}

export const READY_STATE: VirtualPrinterState = {
  paper: 'ok',
  coverOpen: false,
  drawerOpen: false,
  offline: false,
  error: false,
  answersStatus: true,
  refusesSecondConnection: true,
  stalled: false,
  drawerOpensOnPulse: true,
};

export interface VirtualPrinterOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  state?: Partial<VirtualPrinterState>;
  /** How many finished jobs are kept (oldest dropped first). */
  keepJobs?: number;
}

export interface VirtualPrinter {
  readonly host: string;
  readonly port: number;
  /** `tcp://127.0.0.1:PORT`, the address a printer record or the CLI takes. */
  readonly url: string;
  readonly state: Readonly<VirtualPrinterState>;
  /** Finished (cut) jobs, oldest first. */
  readonly jobs: readonly PrintedJob[];
  /** Every drawer pulse carried out, buffered and real-time, in order. */
  readonly pulses: readonly Pulse[];
  readonly statusRequests: number;
  readonly acceptedConnections: number;
  readonly refusedConnections: number;
  readonly unknownCommands: readonly number[][];
  /** What has printed since the last cut. */
  currentJob(): PrintedJob;
  setState(patch: Partial<VirtualPrinterState>): void;
  /** Forgets jobs, pulses and counters (state unchanged). */
  clear(): void;
  waitForJobs(count: number, timeoutMs?: number): Promise<PrintedJob[]>;
  waitForPulses(count: number, timeoutMs?: number): Promise<Pulse[]>;
  on(event: 'job', listener: (job: PrintedJob) => void): void;
  on(event: 'pulse', listener: (pulse: Pulse) => void): void;
  close(): Promise<void>;
}

function isFaulted(state: VirtualPrinterState): boolean {
  return state.paper === 'out' || state.coverOpen || state.offline || state.error;
}

/** Starts a virtual printer listening on loopback. */
export async function startVirtualPrinter(options: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  const host = options.host ?? '127.0.0.1';
  const keepJobs = options.keepJobs ?? 1000;
  let state: VirtualPrinterState = { ...READY_STATE, ...options.state };
  const events = new EventEmitter();
  const jobs: PrintedJob[] = [];
  const pulses: Pulse[] = [];
  const unknownCommands: number[][] = [];
  const sockets = new Set<net.Socket>();
  let job = emptyJob();
  let held: ParsedEvent[] = []; // print events received while faulted: printed when the fault clears
  let statusRequests = 0;
  let acceptedConnections = 0;
  let refusedConnections = 0;

  const recordPulse = (pulse: Pulse) => {
    pulses.push(pulse);
    if (state.drawerOpensOnPulse) state = { ...state, drawerOpen: true };
    events.emit('pulse', pulse);
    events.emit('changed');
  };

  const print = (event: ParsedEvent) => {
    if (event.type === 'pulse') recordPulse(event.pulse);
    if (event.type === 'initialize' && isEmptyJob(job)) return;
    if (applyPrintEvent(job, event)) {
      jobs.push(job);
      if (jobs.length > keepJobs) jobs.shift();
      const finished = job;
      job = emptyJob();
      events.emit('job', finished);
      events.emit('changed');
    }
  };

  const handle = (socket: net.Socket, event: ParsedEvent) => {
    switch (event.type) {
      case 'status-request': {
        statusRequests++;
        if (!state.answersStatus || event.n < 1 || event.n > 4) return;
        const replies = statusRepliesFor({
          online: !state.offline,
          paper: state.paper,
          coverOpen: state.coverOpen,
          drawerPin3High: state.drawerOpen,
          error: state.error,
        });
        socket.write(Uint8Array.of(replies[event.n - 1]!));
        return;
      }
      case 'transmit-status': {
        if (!state.answersStatus) return;
        // GS r 1: paper sensor (bits 2-3 near end, 5-6 paper end); GS r 2: drawer (bit 0 = pin 3)
        const reply = event.n === 2 || event.n === 50
          ? (state.drawerOpen ? 0x01 : 0x00)
          : (state.paper !== 'ok' ? 0x0c : 0) | (state.paper === 'out' ? 0x60 : 0);
        socket.write(Uint8Array.of(reply));
        return;
      }
      case 'unknown':
        unknownCommands.push(event.bytes);
        return;
      case 'pulse':
        if (event.pulse.realtime) {
          recordPulse(event.pulse); // real-time: carried out even while faulted
          return;
        }
        break;
      default:
        break;
    }
    if (isFaulted(state)) held.push(event);
    else print(event);
  };

  const server = net.createServer((socket) => {
    if (state.refusesSecondConnection && sockets.size > 0) {
      refusedConnections++;
      socket.destroy();
      return;
    }
    acceptedConnections++;
    sockets.add(socket);
    const parser = new EscPosParser();
    if (state.stalled) socket.pause();
    socket.on('data', (chunk) => {
      for (const event of parser.push(chunk)) handle(socket, event);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  const waitFor = <T>(ready: () => T | null, timeoutMs: number, what: () => string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value === null) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`virtual printer: timed out waiting for ${what()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        events.off('changed', check);
      };
      events.on('changed', check);
      check();
    });

  return {
    host,
    port,
    url: `tcp://${host}:${port}`,
    get state() {
      return state;
    },
    get jobs() {
      return jobs;
    },
    get pulses() {
      return pulses;
    },
    get statusRequests() {
      return statusRequests;
    },
    get acceptedConnections() {
      return acceptedConnections;
    },
    get refusedConnections() {
      return refusedConnections;
    },
    unknownCommands,
    currentJob: () => job,
    setState(patch) {
      state = { ...state, ...patch };
      for (const socket of sockets) {
        if (state.stalled) socket.pause();
        else socket.resume();
      }
      if (!isFaulted(state) && held.length > 0) {
        const replay = held;
        held = [];
        for (const event of replay) print(event);
      }
      events.emit('changed');
    },
    clear() {
      jobs.length = 0;
      pulses.length = 0;
      unknownCommands.length = 0;
      statusRequests = 0;
      acceptedConnections = 0;
      refusedConnections = 0;
      job = emptyJob();
      held = [];
    },
    waitForJobs: (count, timeoutMs = 5000) =>
      waitFor(() => (jobs.length >= count ? jobs.slice(0, count) : null), timeoutMs, () => `${count} job(s), have ${jobs.length}`),
    waitForPulses: (count, timeoutMs = 5000) =>
      waitFor(() => (pulses.length >= count ? pulses.slice(0, count) : null), timeoutMs, () => `${count} pulse(s), have ${pulses.length}`),
    on(event: 'job' | 'pulse', listener: (value: PrintedJob & Pulse) => void) {
      events.on(event, listener);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
