// One printer's job queue: the only owner of its connection; polls status before each job, waits out faults, retries.
import { faultOf, type PrinterFault } from '../escpos/escpos.status.ts';
import type { Transport } from '../transport/transport.port.ts';
import { pollPrinterStatus } from './status-poll.ts';

export type PrintJobKind = 'receipt' | 'drawer' | 'test' | 'label' | 'raw';

/** A job as the queue sees it: bytes ready for the printer. */
export interface PendingJob {
  id: string;
  kind: PrintJobKind;
  bytes: Uint8Array;
  /** Sent instead of `bytes` when the printer is out of paper or its cover is open (the real-time drawer pulse). */
  faultBytes?: Uint8Array | null | undefined;
  createdAt: number;
  attempts: number;
}

/** Where jobs live between restarts (the box's SQLite room; an in-memory one for tests and demo). Synchronous. */
export interface PrintJobStore {
  /** The oldest job still to print on this printer, or null. */
  nextJob(printerId: string): PendingJob | null;
  jobPrinted(jobId: string, at: number): void;
  /** A failed attempt: the job stays queued with the reason shown to staff. */
  jobAttemptFailed(jobId: string, reason: string, attempts: number, at: number): void;
  /** The job will never print (a stale drawer kick); the reason is kept. */
  jobDropped(jobId: string, reason: string, at: number): void;
  queuedCount(printerId: string): number;
}

export type PrinterState = 'ready' | 'printing' | PrinterFault | 'unreachable' | 'unknown';

export interface PrinterQueueStatus {
  printerId: string;
  state: PrinterState;
  /** The paper roll is nearly used up (a warning; printing continues). */
  paperNearEnd: boolean;
  /** Drawer connector pin 3 level from the last poll, null when the printer did not answer. */
  drawerPin3High: boolean | null;
  /** The drawer is open (pin 3 level read through this drawer's polarity); null when unknown. */
  drawerOpen: boolean | null;
  /** The drawer has stayed open longer than the alert time. */
  drawerLeftOpen: boolean;
  queued: number;
  /** What staff read after the printer's name, e.g. "paper out". */
  message: string;
  /** The last error behind `unreachable`, if any. */
  detail?: string | undefined;
  at: number;
}

export interface PrintQueueOptions {
  printerId: string;
  transport: Transport;
  store: PrintJobStore;
  now?: () => number;
  /** Called whenever the printer's state, paper warning or drawer level changes. */
  onStatus?: (status: PrinterQueueStatus) => void;
  /** Called after each job prints. */
  onPrinted?: (jobId: string) => void;
  /** Wait for the reply to each `DLE EOT n`. */
  statusTimeoutMs?: number;
  /** How often status is polled while a fault keeps a job waiting, and while idle (0 = no idle polling). */
  faultPollMs?: number;
  idlePollMs?: number;
  /** Retry backoff after a failed attempt: base × 2^(attempts-1), capped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Drawer kicks older than this are dropped instead of opening the drawer long after the sale. */
  staleDrawerKickMs?: number;
  /** Drawer polarity, calibrated per drawer (read it closed at setup): true when pin 3 high means open. */
  drawerOpenWhenHigh?: boolean;
  /** "Drawer left open" after this long open (0 = never alert). */
  drawerOpenAlertMs?: number;
}

const MESSAGES: Record<PrinterState, string> = {
  ready: 'ready',
  printing: 'printing',
  'paper-out': 'paper out',
  'cover-open': 'cover open',
  offline: 'offline',
  error: 'printer error',
  unreachable: 'not reachable',
  unknown: 'status unknown',
};

/** Runs one printer's queue until stopped. Create one per printer: two owners of a printer would interleave jobs. */
export class PrintQueue {
  readonly #o: Required<Omit<PrintQueueOptions, 'onStatus' | 'onPrinted'>> & Pick<PrintQueueOptions, 'onStatus' | 'onPrinted'>;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #status: PrinterQueueStatus;
  #reported = false;
  #drawerOpenedAt: number | null = null;

  constructor(options: PrintQueueOptions) {
    this.#o = {
      now: Date.now,
      statusTimeoutMs: 1000,
      faultPollMs: 1000,
      idlePollMs: 1500,
      retryBaseMs: 500,
      retryMaxMs: 30_000,
      staleDrawerKickMs: 12_000,
      drawerOpenWhenHigh: true,
      drawerOpenAlertMs: 60_000,
      ...options,
    };
    this.#status = { printerId: options.printerId, state: 'unknown', paperNearEnd: false, drawerPin3High: null, drawerOpen: null, drawerLeftOpen: false, queued: 0, message: MESSAGES.unknown, at: this.#now() };
  }

  get status(): PrinterQueueStatus {
    return this.#status;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** A new drawer polarity (after calibration): the drawer's open/closed state is re-read through it at once. */
  setDrawerOpenWhenHigh(openWhenHigh: boolean): void {
    if (this.#o.drawerOpenWhenHigh === openWhenHigh) return;
    this.#o.drawerOpenWhenHigh = openWhenHigh;
    this.#drawerOpenedAt = null;
    if (this.#reported) this.#report({ state: this.#status.state });
  }

  /** Wakes the queue at once (a job was enqueued or moved here). */
  notify(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.notify();
    await this.#loop;
    await this.#o.transport.close();
  }

  #now(): number {
    return this.#o.now();
  }

  #report(patch: Partial<PrinterQueueStatus> & { state: PrinterState }): void {
    const now = this.#now();
    const pin3 = patch.drawerPin3High !== undefined ? patch.drawerPin3High : this.#status.drawerPin3High;
    const drawerOpen = pin3 === null ? null : pin3 === this.#o.drawerOpenWhenHigh;
    if (drawerOpen === true) this.#drawerOpenedAt ??= now;
    if (drawerOpen === false) this.#drawerOpenedAt = null;
    const alertMs = this.#o.drawerOpenAlertMs;
    const drawerLeftOpen = drawerOpen === true && alertMs > 0 && this.#drawerOpenedAt !== null && now - this.#drawerOpenedAt >= alertMs;
    const next: PrinterQueueStatus = {
      ...this.#status,
      detail: undefined,
      ...patch,
      drawerOpen,
      drawerLeftOpen,
      message: MESSAGES[patch.state],
      queued: this.#o.store.queuedCount(this.#o.printerId),
      at: now,
    };
    const previous = this.#status;
    this.#status = next;
    const changed = !this.#reported || previous.state !== next.state || previous.paperNearEnd !== next.paperNearEnd
      || previous.drawerOpen !== next.drawerOpen || previous.drawerLeftOpen !== next.drawerLeftOpen;
    this.#reported = true;
    if (changed) this.#o.onStatus?.(next);
  }

  /** Sleeps up to `ms`, returning early when notified or stopped. */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  async #ensureOpen(): Promise<string | null> {
    if (this.#o.transport.isOpen) return null;
    const opened = await this.#o.transport.open();
    return opened.ok ? null : opened.error.message;
  }

  async #run(): Promise<void> {
    const { store, printerId, transport } = this.#o;
    let backoffUntil = 0;
    let failures = 0;
    while (this.#running) {
      const job = store.nextJob(printerId);
      const waitForRetry = backoffUntil - this.#now();
      if (waitForRetry > 0) {
        await this.#pause(waitForRetry);
        continue;
      }
      if (!job && this.#o.idlePollMs <= 0) {
        await this.#pause(60_000);
        continue;
      }
      if (job?.kind === 'drawer' && this.#now() - job.createdAt > this.#o.staleDrawerKickMs) {
        store.jobDropped(job.id, 'drawer kick too old to carry out', this.#now());
        continue;
      }

      const openError = await this.#ensureOpen();
      if (openError !== null) {
        failures++;
        if (job) store.jobAttemptFailed(job.id, openError, job.attempts + 1, this.#now());
        this.#report({ state: 'unreachable', drawerPin3High: null, detail: openError });
        backoffUntil = this.#now() + this.#backoff(failures);
        continue;
      }

      const status = await pollPrinterStatus(transport, this.#o.statusTimeoutMs);
      if (status === 'unreachable') {
        failures++;
        await transport.close();
        this.#report({ state: 'unreachable', drawerPin3High: null });
        backoffUntil = this.#now() + this.#backoff(failures);
        continue;
      }
      const fault = status ? faultOf(status) : null;
      const flags = { paperNearEnd: status?.paper === 'near-end', drawerPin3High: status ? status.drawerPin3High : null };

      if (!job) {
        failures = 0;
        this.#report({ state: status ? fault ?? 'ready' : 'unknown', ...flags });
        await this.#pause(this.#o.idlePollMs);
        continue;
      }

      let bytes = job.bytes;
      if (fault) {
        const canBypass = job.faultBytes && (fault === 'paper-out' || fault === 'cover-open');
        if (!canBypass) {
          this.#report({ state: fault, ...flags });
          await this.#pause(this.#o.faultPollMs);
          continue;
        }
        bytes = job.faultBytes!;
      }

      const written = await transport.write(bytes);
      if (!written.ok) {
        failures++;
        store.jobAttemptFailed(job.id, written.error.message, job.attempts + 1, this.#now());
        await transport.close();
        this.#report({ state: 'unreachable', drawerPin3High: null, detail: written.error.message });
        backoffUntil = this.#now() + this.#backoff(failures);
        continue;
      }
      failures = 0;
      store.jobPrinted(job.id, this.#now());
      this.#report({ state: fault ?? (status ? 'ready' : 'unknown'), ...flags });
      this.#o.onPrinted?.(job.id);
    }
  }

  #backoff(failures: number): number {
    return Math.min(this.#o.retryMaxMs, this.#o.retryBaseMs * 2 ** Math.min(20, failures - 1));
  }
}
