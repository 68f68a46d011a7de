// The one typed map of realtime events, shared by the box (socket.io server) and the terminal (client).
import type { PrinterQueueStatus } from '../../hardware/queue/print-queue.ts';
import type { Actor } from '../domain/staff/actor.ts';
import type { Id } from '../shared/ids.ts';
import type { AppError } from '../shared/errors.ts';
import type { CartView, DraftSummary } from '../domain/cart/index.ts';
import type { Discount, OrderView, SaleCompleted, StockLevel, TenderEntry } from '../domain/sale/index.ts';
import type { NewCustomer } from '../domain/customer/index.ts';
import type { HardwareDeviceView } from '../domain/hardware/index.ts';
import type { Money } from '../shared/money.ts';

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

/** A printer's state as the counter shows it: "Printer 1: paper out" (the print queue's own status record). */
export type PrinterStatusEvent = PrinterQueueStatus;

/** What became of a scan from a scanner plugged into the box, sent to the counter it is assigned to. */
export type BoxScanEvent =
  | { deviceId: string; deviceName: string; code: string; ok: true }
  /** The same error a scan typed at the kiosk would get (BARCODE_NOT_FOUND, UNAUTHENTICATED, …); the cart is unchanged. */
  | { deviceId: string; deviceName: string; code: string; ok: false; error: AppError };
/** What a customer display shows after a sale: the total and, after a cash tender, the change due ("Thank you"). */
export interface DisplaySale {
  orderId: string;
  receiptNumber: string;
  total: Money;
  /** What the customer owed after cash rounding. */
  amountDue: Money;
  tendered: Money;
  change: Money;
  /** Some of it was paid in cash (the display shows "Change" only then). */
  cash: boolean;
  at: number;
}

/** Everything a customer display needs when it (re)connects: who it faces and the counter's cart now. */
export interface DisplaySnapshot {
  counter: { id: string; code: string; name: string };
  branchName: string;
  /** The receipt logo as a `data:image/png;base64,…` URL, or null. */
  logo: string | null;
  currency: string;
  currencyExponent: number;
  locale: string;
  demo: boolean;
  cart: CartView;
}

export type DisplayAck = { ok: true; display: DisplaySnapshot } | { ok: false; error: AppError };

export interface ServerToClientEvents {
  'box:connected': (hello: BoxHello) => void;
  'session:changed': (session: SessionChanged) => void;
  /** Sent to every connected terminal whenever a printer's state changes. */
  'printer:status-changed': (status: PrinterStatusEvent) => void;
  /** A sale committed on some counter of the branch. */
  'sale:completed': (sale: SaleCompleted) => void;
  /** New on-hand levels of variants that just moved (counters showing them repaint). */
  'stock:changed': (change: { levels: StockLevel[] }) => void;
  /** The counter's cart changed (from this or another screen of the counter, e.g. a customer display). */
  'cart:updated': (cart: CartView) => void;
  /** A box-attached device was found, unplugged, replugged, renamed, assigned, or its last error changed (managers' health page). */
  'hardware:device-changed': (device: HardwareDeviceView) => void;
  /** A box-side scanner assigned to this counter scanned: the line arrives as `cart:updated`, a refusal as this event's error. */
  'scanner:scanned': (scan: BoxScanEvent) => void;
  /** A sale was just completed at this counter (counter room): customer displays thank the customer and show the change. */
  'display:sale-completed': (sale: DisplaySale) => void;
}

/** Every cart intent's ack: the new cart, or why nothing changed. */
export type CartAck = { ok: true; cart: CartView } | { ok: false; error: AppError };
export type CheckoutAck = { ok: true; order: OrderView; cart: CartView } | { ok: false; error: AppError };
export type ParkAck = { ok: true; draft: DraftSummary; cart: CartView } | { ok: false; error: AppError };

/** Every intent carries an operation id (a UUID the terminal makes): a replay gets the recorded answer. */
export interface Op { opId: string }

export interface CartIntents {
  'cart:get': (ack: (reply: CartAck) => void) => void;
  'cart:scan': (intent: Op & { code: string }, ack: (reply: CartAck) => void) => void;
  'cart:add': (intent: Op & { variantId: string; quantity?: number }, ack: (reply: CartAck) => void) => void;
  'cart:setQty': (intent: Op & { lineId: string; quantity: number }, ack: (reply: CartAck) => void) => void;
  'cart:removeLine': (intent: Op & { lineId: string }, ack: (reply: CartAck) => void) => void;
  'cart:lineDiscount': (intent: Op & { lineId: string; discount: Discount | null; approvalId?: string | null }, ack: (reply: CartAck) => void) => void;
  'cart:orderDiscount': (intent: Op & { discount: Discount | null; approvalId?: string | null }, ack: (reply: CartAck) => void) => void;
  'cart:priceOverride': (intent: Op & { lineId: string; unitPrice: Money; reason?: string; approvalId?: string | null }, ack: (reply: CartAck) => void) => void;
  'cart:customer': (intent: Op & { customerId?: string | null; newCustomer?: NewCustomer }, ack: (reply: CartAck) => void) => void;
  'cart:salesperson': (intent: Op & { staffId: string | null; lineId?: string | null }, ack: (reply: CartAck) => void) => void;
  'cart:note': (intent: Op & { note: string }, ack: (reply: CartAck) => void) => void;
  'cart:clear': (intent: Op, ack: (reply: CartAck) => void) => void;
  'cart:checkout': (intent: Op & { orderId: string; tenders: TenderEntry[] }, ack: (reply: CheckoutAck) => void) => void;
  'cart:park': (intent: Op & { name: string }, ack: (reply: ParkAck) => void) => void;
  'cart:resume': (intent: Op & { draftId: string }, ack: (reply: CartAck) => void) => void;
}

export interface DisplayIntents {
  /** A customer display's only request: the snapshot to paint (read-only; displays may not send cart intents). */
  'display:get': (ack: (reply: DisplayAck) => void) => void;
}

export interface ClientToServerEvents extends CartIntents, DisplayIntents {
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
  /** A customer display socket (handshake `auth: { display: true }`): read-only, never has an actor. */
  display?: boolean;
}
