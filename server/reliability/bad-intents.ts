// A socket.io intent fuzzer: malformed payloads for every cart intent, derived from the intents' own zod schemas.
import { z } from 'zod';
import { CART_INTENT_SCHEMAS } from '../realtime/cart.socket.ts';
import { invalidValuesFor } from './bad-input.ts';

export type CartIntentName = keyof typeof CART_INTENT_SCHEMAS;

export interface BadIntent {
  label: string;
  event: CartIntentName;
  payload: unknown;
}

/** Ids of a real cart the fuzz aims at, so one-bad-field payloads keep every other field valid. */
export interface IntentTargets {
  lineId: string;
  variantId: string;
  barcode: string;
}

type Schema = Parameters<typeof invalidValuesFor>[0] & { properties?: Record<string, Parameters<typeof invalidValuesFor>[0]>; required?: string[] };

const NOT_OBJECTS: Array<[string, unknown]> = [
  ['undefined', undefined], ['null', null], ['string', 'cart'], ['number', 42], ['boolean', true], ['array', [1, 2]], ['empty object', {}],
  ['prototype keys', JSON.parse('{"__proto__": {"opId": "polluted-0001"}, "constructor": {"prototype": {}}}')],
];

/** A well-formed payload for each intent (never sent as is: every fuzz case breaks one thing in it). */
function validBase(event: CartIntentName, t: IntentTargets, opId: string): Record<string, unknown> {
  const bases: Record<CartIntentName, Record<string, unknown>> = {
    'cart:scan': { code: t.barcode },
    'cart:add': { variantId: t.variantId, quantity: 1 },
    'cart:setQty': { lineId: t.lineId, quantity: 2 },
    'cart:removeLine': { lineId: t.lineId },
    'cart:lineDiscount': { lineId: t.lineId, discount: { kind: 'percent', bps: 500 }, approvalId: null },
    'cart:orderDiscount': { discount: { kind: 'percent', bps: 500 }, approvalId: null },
    'cart:priceOverride': { lineId: t.lineId, unitPrice: 100, reason: 'fuzz', approvalId: null },
    'cart:customer': { customerId: null },
    'cart:salesperson': { staffId: null, lineId: null },
    'cart:note': { note: 'fuzz' },
    'cart:clear': {},
    'cart:checkout': { orderId: '0190d5a0-0000-7000-8000-00000000c0de', tenders: [{ method: 'cash', amount: 100_000_000 }] },
    'cart:park': { name: 'fuzz' },
    'cart:resume': { draftId: '0190d5a0-0000-7000-8000-00000000d0af' },
  };
  return { opId, ...bases[event] };
}

/**
 * Well-shaped intents the services must refuse: unknown ids, impossible quantities and tenders (each with a fresh opId,
 * so none is a replay).
 */
function refusedByService(t: IntentTargets): Array<[string, CartIntentName, Record<string, unknown>]> {
  const unknown = '0190d5a0-0000-7000-8000-0000000000ff';
  return [
    ['unknown barcode', 'cart:scan', { code: 'NO-SUCH-CODE-0000' }],
    ['unknown variant', 'cart:add', { variantId: unknown }],
    ['negative quantity', 'cart:add', { variantId: t.variantId, quantity: -1 }],
    ['zero quantity', 'cart:add', { variantId: t.variantId, quantity: 0 }],
    ['huge quantity', 'cart:add', { variantId: t.variantId, quantity: 1e308 }],
    ['fractional piece quantity', 'cart:add', { variantId: t.variantId, quantity: 1.5 }],
    ['unknown line', 'cart:setQty', { lineId: unknown, quantity: 2 }],
    ['negative quantity', 'cart:setQty', { lineId: t.lineId, quantity: -3 }],
    ['huge quantity', 'cart:setQty', { lineId: t.lineId, quantity: 1e308 }],
    ['fractional piece quantity', 'cart:setQty', { lineId: t.lineId, quantity: 0.25 }],
    ['unknown line', 'cart:removeLine', { lineId: unknown }],
    ['unknown line', 'cart:lineDiscount', { lineId: unknown, discount: { kind: 'percent', bps: 100 } }],
    ['unknown line', 'cart:priceOverride', { lineId: unknown, unitPrice: 100 }],
    ['unknown customer', 'cart:customer', { customerId: unknown }],
    ['unknown salesperson', 'cart:salesperson', { staffId: unknown }],
    ['unknown line for salesperson', 'cart:salesperson', { staffId: null, lineId: unknown }],
    ['no tenders', 'cart:checkout', { orderId: '0190d5a0-0000-7000-8000-00000000c0d1', tenders: [] }],
    ['zero tender', 'cart:checkout', { orderId: '0190d5a0-0000-7000-8000-00000000c0d2', tenders: [{ method: 'cash', amount: 0 }] }],
    ['unknown draft', 'cart:resume', { draftId: unknown }],
  ];
}

/** Every malformed payload for every cart intent: not an object, each field missing, each field wrong, nested wrongs, service refusals. */
export function badIntents(targets: IntentTargets): BadIntent[] {
  const out: BadIntent[] = [];
  let n = 0;
  const opId = () => `fuzz-op-${String(++n).padStart(6, '0')}`;
  for (const [event, zodSchema] of Object.entries(CART_INTENT_SCHEMAS) as Array<[CartIntentName, z.ZodType]>) {
    const schema = z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' }) as Schema;
    for (const [kind, payload] of NOT_OBJECTS) out.push({ label: `${event} ${kind}`, event, payload });
    for (const field of schema.required ?? []) {
      const { [field]: _dropped, ...rest } = validBase(event, targets, opId());
      out.push({ label: `${event} missing ${field}`, event, payload: rest });
    }
    for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
      for (const [kind, value] of invalidValuesFor(fieldSchema)) {
        out.push({ label: `${event} ${field}=${kind}`, event, payload: { ...validBase(event, targets, opId()), [field]: value } });
      }
    }
  }
  const nested: Array<[string, CartIntentName, Record<string, unknown>]> = [
    ['percent over 100 %', 'cart:lineDiscount', { lineId: targets.lineId, discount: { kind: 'percent', bps: 10_001 } }],
    ['negative amount', 'cart:orderDiscount', { discount: { kind: 'amount', amount: -500 } }],
    ['unknown discount kind', 'cart:orderDiscount', { discount: { kind: 'free', bps: 100 } }],
    ['fractional money', 'cart:priceOverride', { lineId: targets.lineId, unitPrice: 99.5 }],
    ['tender of an unknown method', 'cart:checkout', { orderId: 'o-1', tenders: [{ method: 'bitcoin', amount: 100 }] }],
    ['negative tender', 'cart:checkout', { orderId: 'o-2', tenders: [{ method: 'cash', amount: -100 }] }],
    ['21 tenders', 'cart:checkout', { orderId: 'o-3', tenders: Array.from({ length: 21 }, () => ({ method: 'cash', amount: 1 })) }],
    ['tender as a string', 'cart:checkout', { orderId: 'o-4', tenders: ['cash'] }],
    ['new customer without a name', 'cart:customer', { newCustomer: { phone: '0300' } }],
    ['new customer with a huge name', 'cart:customer', { newCustomer: { name: 'x'.repeat(5000) } }],
  ];
  for (const [kind, event, fields] of [...nested, ...refusedByService(targets)]) out.push({ label: `${event} ${kind}`, event, payload: { opId: opId(), ...fields } });
  return out;
}
