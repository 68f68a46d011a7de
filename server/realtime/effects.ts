// After-commit effects of sales and carts: socket.io events to branch and counter rooms, the receipt print port, and a
// nudge to the Shopify push worker so a sale's stock change goes out at once.
import type { CartEffects, CartView } from '../domain/cart/index.ts';
import type { ReceiptPrinter, SaleEffects, SaleEvents } from '../domain/sale/index.ts';
import type { Id } from '../shared/ids.ts';
import type { DisplaySale } from './events.ts';
import type { RealtimeServer } from './realtime.ts';

/** Hardware customer displays (serial pole displays) that follow a counter's cart and sales. */
export interface CounterDisplays {
  cartChanged(counterId: string, cart: CartView): void;
  saleCompleted(counterId: string, sale: DisplaySale): void;
}

export interface BoxEffects extends SaleEffects {
  cart: CartEffects;
  /** Pole displays, when any counter has one (set by the composition root). */
  poleDisplays?: CounterDisplays | null;
}

/**
 * Effects that emit through socket.io once it is attached (the app is built before the server listens).
 * `sale:completed` goes to the branch room, stock levels to every counter of the branch, the cart to its counter; a sale
 * also wakes the Shopify worker through `syncWake` (a callback, so the domain never imports the sync worker).
 */
export class RealtimeEffects implements BoxEffects {
  private io: RealtimeServer | null = null;
  /** Set by the composition root to the Shopify worker's `wake`; called after each committed sale (its outbox row is in). */
  syncWake: (() => void) | null = null;
  /** Set by the composition root when counters have serial pole displays. */
  poleDisplays: CounterDisplays | null = null;
  readonly events: SaleEvents;
  readonly cart: CartEffects;

  constructor(readonly printer: ReceiptPrinter) {
    this.events = {
      saleCompleted: (event) => {
        this.io?.to(`branch:${event.branchId}`).emit('sale:completed', event);
        this.syncWake?.();
      },
      stockChanged: (branchId, levels) => this.io?.to(`branch:${branchId}`).emit('stock:changed', { levels }),
    };
    this.cart = {
      cartChanged: (counterId: Id<'Counter'>, cart: CartView) => {
        this.io?.to(`counter:${counterId}`).emit('cart:updated', cart);
        this.poleDisplays?.cartChanged(counterId, cart);
      },
    };
  }

  attach(io: RealtimeServer): void {
    this.io = io;
  }
}
