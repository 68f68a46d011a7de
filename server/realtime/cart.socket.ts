// Cart intents over socket.io: validate the payload, read the signed-in actor, call one cart service, ack the result.
import { z } from 'zod';
import type { Socket } from 'socket.io';
import type { BoxDeps } from '../http/context.ts';
import {
  addItem, checkoutCart, clearCart, getCart, overridePrice, parkCart, removeLine, resumeDraft, scanItem, setCustomer, setLineDiscount, setNote,
  setOrderDiscount, setQuantity, setSalesperson, type CartContext,
} from '../domain/cart/index.ts';
import { scaleSettings } from '../domain/catalog/index.ts';
import { NO_SALE_EFFECTS, saleSettings, TENDER_METHODS } from '../domain/sale/index.ts';
import type { Actor } from '../domain/staff/index.ts';
import type { AppError } from '../shared/errors.ts';
import type { Money } from '../shared/money.ts';
import type { Result } from '../shared/result.ts';
import { displaySale } from './display.socket.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';

type BoxSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const opId = z.string().min(8).max(64);
const money = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).transform((n) => n as Money);
const discount = z.union([
  z.object({ kind: z.literal('percent'), bps: z.number().int().min(0).max(10_000) }),
  z.object({ kind: z.literal('amount'), amount: money }),
]).nullable();
const approvalId = z.string().max(64).nullish();
const tender = z.object({
  id: z.string().max(64).optional(), method: z.enum(TENDER_METHODS as [string, ...string[]]) as z.ZodType<(typeof TENDER_METHODS)[number]>, amount: money,
  reference: z.string().max(80).nullish(), last4: z.string().max(4).nullish(), provider: z.string().max(40).nullish(),
});

/** Every cart intent's payload schema (exported for the intent fuzzer in server/reliability). */
export const CART_INTENT_SCHEMAS = {
  'cart:scan': z.object({ opId, code: z.string().min(1).max(64) }),
  'cart:add': z.object({ opId, variantId: z.string().min(1).max(64), quantity: z.number().optional() }),
  'cart:setQty': z.object({ opId, lineId: z.string().min(1).max(64), quantity: z.number() }),
  'cart:removeLine': z.object({ opId, lineId: z.string().min(1).max(64) }),
  'cart:lineDiscount': z.object({ opId, lineId: z.string().min(1).max(64), discount, approvalId }),
  'cart:orderDiscount': z.object({ opId, discount, approvalId }),
  'cart:priceOverride': z.object({ opId, lineId: z.string().min(1).max(64), unitPrice: money, reason: z.string().max(200).optional(), approvalId }),
  'cart:customer': z.object({
    opId, customerId: z.string().max(64).nullish(),
    newCustomer: z.object({ id: z.string().max(64).optional(), name: z.string().max(120), phone: z.string().max(30).optional(), email: z.string().max(120).optional() }).optional(),
  }),
  'cart:salesperson': z.object({ opId, staffId: z.string().max(64).nullable(), lineId: z.string().max(64).nullish() }),
  'cart:note': z.object({ opId, note: z.string().max(500) }),
  'cart:clear': z.object({ opId }),
  'cart:checkout': z.object({ opId, orderId: z.string().min(1).max(64), tenders: z.array(tender).max(20) }),
  'cart:park': z.object({ opId, name: z.string().max(80) }),
  'cart:resume': z.object({ opId, draftId: z.string().min(1).max(64) }),
};

type Intent = keyof typeof CART_INTENT_SCHEMAS;

function invalid(error: z.ZodError): AppError {
  const fields = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return { code: 'VALIDATION_FAILED', message: `invalid intent: ${fields.map((f) => `${f.path || '(payload)'} ${f.message}`).join('; ')}`, details: { fields } };
}

/** What every cart command needs from the box, read now (settings, clock, after-commit effects): kiosk intents and box-side scans alike. */
export function cartContext(deps: Pick<BoxDeps, 'config' | 'clock' | 'effects'>): CartContext {
  const effects = deps.effects ?? { ...NO_SALE_EFFECTS, cart: { cartChanged: () => {} } };
  return { settings: saleSettings(deps.config), scale: scaleSettings(deps.config), currencyExponent: deps.config.currencyExponent, effects, now: deps.clock.now() };
}

/** Registers the cart intents on a connected counter socket. */
export function registerCartIntents(socket: BoxSocket, deps: BoxDeps): void {
  const context = (): CartContext => cartContext(deps);

  const on = <K extends Intent>(event: K, run: (actor: Actor, intent: z.infer<(typeof CART_INTENT_SCHEMAS)[K]>, ctx: CartContext) => Result<object>, shape: (value: object) => object = (cart) => ({ cart })) => {
    (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(event, (payload, ack) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (answer: unknown) => void;
      const actor = socket.data.actor;
      if (!actor) return reply({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'sign in with your PIN first' } });
      const parsed = CART_INTENT_SCHEMAS[event].safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: invalid(parsed.error) });
      try {
        const result = run(actor, parsed.data as z.infer<(typeof CART_INTENT_SCHEMAS)[K]>, context());
        reply(result.ok ? { ok: true, ...shape(result.value) } : { ok: false, error: result.error });
      } catch (error) {
        deps.logger.error({ err: error, event, counterId: socket.data.counterId }, 'cart intent failed');
        reply({ ok: false, error: { code: 'INTERNAL', message: 'the box hit an unexpected error; it has been logged' } });
      }
    });
  };

  socket.on('cart:get', (ack) => {
    if (typeof ack !== 'function') return;
    const counterId = socket.data.actor?.counterId ?? socket.data.counterId;
    if (!counterId) return ack({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'this socket is not a paired counter' } });
    const cart = getCart(deps.db, counterId, context());
    ack(cart.ok ? { ok: true, cart: cart.value } : { ok: false, error: cart.error });
  });
  on('cart:scan', (a, i, c) => scanItem(deps.db, a, i.opId, i.code, c));
  on('cart:add', (a, i, c) => addItem(deps.db, a, i.opId, { variantId: i.variantId, ...(i.quantity !== undefined ? { quantity: i.quantity } : {}) }, c));
  on('cart:setQty', (a, i, c) => setQuantity(deps.db, a, i.opId, i, c));
  on('cart:removeLine', (a, i, c) => removeLine(deps.db, a, i.opId, i, c));
  on('cart:lineDiscount', (a, i, c) => setLineDiscount(deps.db, a, i.opId, i, c));
  on('cart:orderDiscount', (a, i, c) => setOrderDiscount(deps.db, a, i.opId, i, c));
  on('cart:priceOverride', (a, i, c) => overridePrice(deps.db, a, i.opId, { lineId: i.lineId, unitPrice: i.unitPrice, approvalId: i.approvalId ?? null, ...(i.reason ? { reason: i.reason } : {}) }, c));
  on('cart:customer', (a, i, c) => setCustomer(deps.db, a, i.opId, {
    customerId: i.customerId ?? null,
    ...(i.newCustomer ? { newCustomer: { name: i.newCustomer.name, ...(i.newCustomer.phone ? { phone: i.newCustomer.phone } : {}), ...(i.newCustomer.email ? { email: i.newCustomer.email } : {}) } } : {}),
  }, c));
  on('cart:salesperson', (a, i, c) => setSalesperson(deps.db, a, i.opId, i, c));
  on('cart:note', (a, i, c) => setNote(deps.db, a, i.opId, i, c));
  on('cart:clear', (a, i, c) => clearCart(deps.db, a, i.opId, c));
  on('cart:checkout', (a, i, c) => {
    const done = checkoutCart(deps.db, a, i.opId, {
      orderId: i.orderId,
      tenders: i.tenders.map((t) => ({
        method: t.method, amount: t.amount, ...(t.id ? { id: t.id } : {}), reference: t.reference ?? null, last4: t.last4 ?? null, provider: t.provider ?? null,
      })),
    }, c);
    // The sale is committed: the counter's customer displays say thank you and show the change (a replay says it again).
    if (done.ok) {
      const sale = displaySale(done.value);
      socket.nsp.to(`counter:${done.value.order.counterId}`).emit('display:sale-completed', sale);
      deps.effects?.poleDisplays?.saleCompleted(done.value.order.counterId, sale);
    }
    return done;
  }, (value) => value);
  on('cart:park', (a, i, c) => parkCart(deps.db, a, i.opId, { name: i.name }, c), (value) => value);
  on('cart:resume', (a, i, c) => resumeDraft(deps.db, a, i.opId, i, c));
}
