// The counter's cart as the box holds it: intents over socket.io (each with an operation id), the acked cart, live updates.
import type { CartView, DraftSummary } from '../../../../server/domain/cart/index.ts';
import type { OrderView, TenderEntry } from '../../../../server/domain/sale/index.ts';
import type { CartAck, CheckoutAck, ParkAck } from '../../../../server/realtime/events.ts';
import { ApiError } from '../api.ts';
import { connection } from '../connection.svelte.ts';
import { session } from '../session.svelte.ts';

export type { CartView, DraftSummary, OrderView };
type AnyAck = CartAck | CheckoutAck | ParkAck;

const opId = () => crypto.randomUUID();

class Cart {
  view = $state<CartView | null>(null);
  busy = $state(false);
  /** The last completed sale on this counter (receipt number, change due), until the next sale starts. */
  lastOrder = $state<OrderView | null>(null);
  /** The last scan from a scanner plugged into the box for this counter: its line comes as `cart:updated`, a refusal here. */
  boxScan = $state<{ seq: number; code: string; error: string | null } | null>(null);
  #listening = false;

  /** Loads the cart and follows `cart:updated` (the box is the source of truth). */
  start(): void {
    if (!this.#listening) {
      this.#listening = true;
      connection.socket.on('cart:updated', (cart) => this.accept(cart));
      connection.socket.on('scanner:scanned', (scan) => {
        this.boxScan = { seq: (this.boxScan?.seq ?? 0) + 1, code: scan.code, error: scan.ok ? null : scan.error.message };
        if (scan.ok) this.lastOrder = null;
      });
      connection.socket.on('connect', () => void this.refresh());
      // Another counter sold some of what is in this cart: show the new stock (and shortfall) at once.
      connection.socket.on('stock:changed', ({ levels }) => {
        if (!this.view) return;
        const onHand = new Map(levels.map((l) => [l.variantId as string, l.onHand]));
        if (!this.view.lines.some((l) => onHand.has(l.variantId))) return;
        const wanted = new Map<string, number>();
        for (const l of this.view.lines) wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + l.quantity);
        this.view = {
          ...this.view,
          lines: this.view.lines.map((l) => {
            const stock = onHand.get(l.variantId);
            return stock === undefined ? l : { ...l, stock, short: wanted.get(l.variantId)! > stock };
          }),
        };
      });
    }
    void this.refresh();
  }

  private accept(cart: CartView): void {
    if (!this.view || cart.version >= this.view.version || cart.orderId !== this.view.orderId) this.view = cart;
  }

  async refresh(): Promise<void> {
    const reply = await this.emit<CartAck>('cart:get');
    if (reply.ok) this.view = reply.cart;
  }

  private emit<T extends AnyAck>(event: string, payload?: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const socket = connection.socket.timeout(8000) as unknown as {
        emit: (event: string, ...args: unknown[]) => void;
      };
      const done = (error: Error | null, reply: T) => (error ? reject(new ApiError('BOX_UNREACHABLE', 'The box did not answer; try again', 0)) : resolve(reply));
      if (payload === undefined) socket.emit(event, done);
      else socket.emit(event, payload, done);
    });
  }

  /** Sends one intent; a failure throws ApiError with the box's code (the cart is unchanged). */
  async send(event: string, payload: object = {}): Promise<CartView> {
    this.busy = true;
    try {
      const reply = await this.emit<CartAck>(event, { opId: opId(), ...payload });
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, 0, reply.error.details ?? null);
      this.accept(reply.cart);
      if (reply.cart.lines.length > 0) this.lastOrder = null;
      return reply.cart;
    } finally {
      this.busy = false;
    }
  }

  /** Like send, asking for a manager's PIN when the box says APPROVAL_REQUIRED, then retrying with the approval. */
  sendApproved(event: string, payload: object, reason: string): Promise<CartView | null> {
    return session.withApproval((approvalId) => this.send(event, { ...payload, ...(approvalId ? { approvalId } : {}) }), reason);
  }

  async checkout(tenders: TenderEntry[]): Promise<OrderView> {
    if (!this.view) throw new ApiError('CART_EMPTY', 'the cart is empty', 0);
    this.busy = true;
    try {
      // The same op id and order id on a retry: the box returns the same sale, never a second one.
      const reply = await this.emit<CheckoutAck>('cart:checkout', { opId: opId(), orderId: this.view.orderId, tenders });
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, 0, reply.error.details ?? null);
      this.view = reply.cart;
      this.lastOrder = reply.order;
      return reply.order;
    } finally {
      this.busy = false;
    }
  }

  async park(name: string): Promise<DraftSummary> {
    const reply = await this.emit<ParkAck>('cart:park', { opId: opId(), name });
    if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, 0, reply.error.details ?? null);
    this.view = reply.cart;
    return reply.draft;
  }
}

export const cart = new Cart();
