// Customer display sockets: read-only members of their counter's room; the snapshot they paint, and a refusal for every intent.
import type { Socket } from 'socket.io';
import { getBoxInfo, listCounters } from '../domain/branch/index.ts';
import { getCart, type CheckoutResult } from '../domain/cart/index.ts';
import { getReceiptTemplate } from '../domain/printing/index.ts';
import { saleSettings } from '../domain/sale/index.ts';
import type { BoxDeps } from '../http/context.ts';
import type { AppError } from '../shared/errors.ts';
import type { Id } from '../shared/ids.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { CartIntents, ClientToServerEvents, DisplaySale, DisplaySnapshot, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';

type BoxSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Every cart intent name: a display that sends one gets `DISPLAY_READ_ONLY` and nothing changes. */
const CART_INTENTS: ReadonlyArray<keyof CartIntents> = [
  'cart:get', 'cart:scan', 'cart:add', 'cart:setQty', 'cart:removeLine', 'cart:lineDiscount', 'cart:orderDiscount', 'cart:priceOverride', 'cart:customer',
  'cart:salesperson', 'cart:note', 'cart:clear', 'cart:checkout', 'cart:park', 'cart:resume',
];

const READ_ONLY: AppError = { code: 'DISPLAY_READ_ONLY', message: 'a customer display only shows the cart; it cannot change it' };

/** Whether a handshake asks to be a customer display (`io({ auth: { display: true } })`). */
export function wantsDisplay(auth: unknown): boolean {
  return typeof auth === 'object' && auth !== null && (auth as { display?: unknown }).display === true;
}

/** What a display paints: its counter, the branch (name, receipt logo, money format) and the counter's cart now. */
export function displaySnapshot(deps: BoxDeps, counterId: Id<'Counter'>, branchId: Id<'Branch'>): Result<DisplaySnapshot> {
  const counter = listCounters(deps.db, branchId).find((c) => c.id === counterId);
  if (!counter) return err('COUNTER_NOT_FOUND', 'no such counter', { counterId });
  const cart = getCart(deps.db, counterId, { settings: saleSettings(deps.config), currencyExponent: deps.config.currencyExponent });
  if (!cart.ok) return cart;
  const info = getBoxInfo(deps.db, deps.config, deps.version);
  const logo = getReceiptTemplate(deps.db, branchId).logoPng;
  return ok({
    counter: { id: counter.id, code: counter.code, name: counter.name },
    branchName: info.branch?.name ?? '',
    logo: logo ? `data:image/png;base64,${Buffer.from(logo).toString('base64')}` : null,
    currency: info.currency,
    currencyExponent: info.currencyExponent,
    locale: info.locale,
    demo: info.demo,
    cart: cart.value,
  });
}

/** The customer-facing summary of a completed counter sale. */
export function displaySale(result: CheckoutResult): DisplaySale {
  const { order } = result;
  return {
    orderId: order.id, receiptNumber: order.receiptNumber, total: order.total, amountDue: order.amountDue, tendered: order.tendered, change: order.change,
    cash: order.payments.some((p) => p.method === 'cash'), at: order.createdAt,
  };
}

/** Registers what a display socket may ask (its snapshot) and refuses every cart intent. */
export function registerDisplay(socket: BoxSocket, deps: BoxDeps): void {
  socket.on('display:get', (ack) => {
    if (typeof ack !== 'function') return;
    const snapshot = displaySnapshot(deps, socket.data.counterId!, socket.data.branchId);
    ack(snapshot.ok ? { ok: true, display: snapshot.value } : { ok: false, error: snapshot.error });
  });
  for (const intent of CART_INTENTS) {
    (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(intent, (...args) => {
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (reply: unknown) => void)({ ok: false, error: READ_ONLY });
    });
  }
}
