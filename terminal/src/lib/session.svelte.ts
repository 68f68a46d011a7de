// This terminal's standing with the box: paired device and counter, who is signed in, locks, and manager approvals.
import { api, ApiError } from './api.ts';
import { connection } from './connection.svelte.ts';

export type SessionStatus = 'loading' | 'unpaired' | 'revoked' | 'signed-out' | 'locked' | 'active' | 'error';

export interface StaffView {
  kind: 'staff' | 'token';
  staffId: string | null;
  name: string;
  roleId: string;
  roleName: string;
  permissions: string[];
  maxDiscountBps: number;
}

export interface SessionView {
  device: { id: string };
  counter: { id: string; code: string; name: string };
  staff: StaffView | null;
  locked: { staffId: string; staffName: string } | null;
  lockAfterIdleS: number;
}

export interface ApprovalAsk {
  permission: string;
  /** Minor units, when the action has an amount (a discount, a refund). */
  amount?: number;
  amountBps?: number;
  reason?: string;
}

interface PendingApproval extends ApprovalAsk {
  resolve: (approvalId: string | null) => void;
}

class Session {
  status = $state<SessionStatus>('loading');
  view = $state<SessionView | null>(null);
  error = $state<string | null>(null);
  /** The approval the ApprovalDialog host is asking for, if any. */
  pendingApproval = $state<PendingApproval | null>(null);
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #listening = false;
  /** The session change this terminal itself is making: the box's socket notice can overtake its HTTP answer (and cookie). */
  #inflight: Promise<unknown> = Promise.resolve();

  private track<T>(work: Promise<T>): Promise<T> {
    this.#inflight = work.catch(() => undefined);
    return work;
  }

  get counter() { return this.view?.counter ?? null; }
  get staff() { return this.view?.staff ?? null; }

  /** True when the signed-in person holds the permission (the box checks again; this only hides buttons). */
  can(permission: string): boolean {
    return this.view?.staff?.permissions.includes(permission) ?? false;
  }

  async load(): Promise<void> {
    try {
      this.apply(await api<SessionView>('/api/v1/session'));
    } catch (e) {
      this.fail(e);
    }
    this.listen();
  }

  private apply(view: SessionView): void {
    this.view = view;
    this.error = null;
    this.status = view.staff ? 'active' : view.locked ? 'locked' : 'signed-out';
    if (!connection.socket.connected) connection.socket.connect();
    this.armIdleTimer();
  }

  /** GET /session needs only a paired device: 401 means this browser is not (or no longer) paired. */
  private fail(e: unknown): void {
    // A browser paired as a customer display has no counter screens: send it to its display page.
    if (e instanceof ApiError && e.code === 'DISPLAY_READ_ONLY') {
      location.replace('/display');
      return;
    }
    if (e instanceof ApiError && (e.code === 'DEVICE_REVOKED' || (e.code === 'UNAUTHENTICATED' && e.status === 401))) {
      this.view = null;
      this.status = e.code === 'DEVICE_REVOKED' ? 'revoked' : 'unpaired';
      return;
    }
    this.error = (e as Error).message;
    if (this.status === 'loading') this.status = 'error';
  }

  private listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    connection.socket.on('session:changed', () => void this.#inflight.then(() => this.load()));
    // The box was unreachable when the page loaded: ask again once the link is up.
    connection.socket.on('connect', () => { if (this.status === 'error') void this.load(); });
    connection.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (error.data?.code === 'DEVICE_REVOKED') {
        this.view = null;
        this.status = 'revoked';
      }
    });
    connection.socket.on('disconnect', (reason) => {
      // The box drops a revoked device's sockets; find out why before reconnecting.
      if (reason === 'io server disconnect') void this.load();
    });
    for (const event of ['pointerdown', 'keydown'] as const) window.addEventListener(event, () => this.armIdleTimer(), { passive: true });
  }

  #lastHeartbeat = 0;

  private armIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    if (this.status !== 'active' || !this.view) return;
    // Taps and keys count as activity on the box too (it locks idle sessions itself), at most twice a minute.
    if (Date.now() - this.#lastHeartbeat > 30_000) {
      this.#lastHeartbeat = Date.now();
      void api('/api/v1/session').catch(() => undefined);
    }
    this.#idleTimer = setTimeout(() => void this.lock(), this.view.lockAfterIdleS * 1000);
  }

  /** Pairs this browser with a counter; the box sets the device cookie. */
  async pair(code: string): Promise<void> {
    await this.track(api('/api/v1/pair', { method: 'POST', json: { code } }));
    this.status = 'loading';
    await this.load();
  }

  async signIn(input: { staffId?: string; staffCode?: string; pin: string }): Promise<void> {
    this.apply(await this.track(api<SessionView>('/api/v1/session', { method: 'POST', json: input })));
  }

  async unlock(pin: string): Promise<void> {
    this.apply(await this.track(api<SessionView>('/api/v1/session/unlock', { method: 'POST', json: { pin } })));
  }

  async lock(): Promise<void> {
    try {
      this.apply(await this.track(api<SessionView>('/api/v1/session/lock', { method: 'POST' })));
    } catch (e) {
      this.fail(e);
    }
  }

  async signOut(): Promise<void> {
    this.apply(await this.track(api<SessionView>('/api/v1/session', { method: 'DELETE' })));
  }

  /** Shows the switch screen: the next person signs in over the current one. */
  switchStaff(): void {
    this.status = 'signed-out';
  }

  /** Asks for a manager's code and PIN (the ApprovalDialog host shows it); resolves to the approval id, or null if cancelled. */
  requestApproval(ask: ApprovalAsk): Promise<string | null> {
    this.pendingApproval?.resolve(null);
    return new Promise((resolve) => {
      this.pendingApproval = { ...ask, resolve: (id) => { this.pendingApproval = null; resolve(id); } };
    });
  }

  /**
   * Runs an action; when the box answers APPROVAL_REQUIRED, asks for a manager's PIN and runs it again with the
   * approval id. Returns null when the approval was cancelled.
   */
  async withApproval<T>(action: (approvalId?: string) => Promise<T>, reason?: string): Promise<T | null> {
    try {
      return await action();
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'APPROVAL_REQUIRED') throw e;
      const details = (e.details ?? {}) as { permission?: string; amount?: number; amountBps?: number };
      const approvalId = await this.requestApproval({
        permission: details.permission ?? 'approve', ...(details.amount !== undefined ? { amount: details.amount } : {}),
        ...(details.amountBps !== undefined ? { amountBps: details.amountBps } : {}), ...(reason ? { reason } : {}),
      });
      return approvalId ? action(approvalId) : null;
    }
  }
}

export const session = new Session();
