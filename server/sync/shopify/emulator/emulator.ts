// The Shopify Admin emulator: a fetch-compatible function that validates, costs, faults and executes requests like Shopify.
import { createHash, createHmac } from 'node:crypto';
import { closeSync, createReadStream, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  execute, getArgumentValues, getDirectiveValues, getVariableValues, GraphQLError, Kind, parse,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { Clock } from '../../../shared/clock.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { checkSemantics, validateShopifyDocument } from '../graphql-rules.ts';
import { loadAdminSchema, SHOPIFY_API_VERSION } from '../schema.ts';
import { CostBucket, MAX_QUERY_COST, PLAN_PRESETS, queryCost, type CostExtension, type Plan } from './cost.ts';
import { rootResolvers, type ResolverContext } from './resolvers.ts';
import { EmulatorStore, type EmuLocation, type EmuOrder } from './store.ts';
import { seededRandom } from '../../../shared/random.ts';

export type FaultKind =
  | 'http503' | 'http500' | 'http502' | 'http429' | 'network' | 'hang' | 'throttled' | 'wrongContentType'
  /** The connection is refused before anything is sent (shop unreachable). */
  | 'connectionRefused'
  /** Commit the mutation, then answer 503 (the box never learns it applied). */
  | 'applyThenLose'
  /** Commit the mutation, then throw like a dropped connection. */
  | 'applyThenLoseNetwork'
  /** Record the idempotency key as failed and answer 500. */
  | 'attemptFailed';

export interface Fault { kind: FaultKind; retryAfter?: string }
interface ScriptedFault extends Fault { operationName?: string }

export interface EmulatorOptions {
  clock: Clock;
  plan?: Plan;
  /** Overrides the plan's bucket (tests of pacing). */
  bucketPreset?: { maximumAvailable: number; restoreRate: number };
  shopDomain?: string;
  accessToken?: string;
  /** How long an idempotency key is remembered (unverified upstream; "hours"). */
  idempotencyRetentionMs?: number;
  /** Bulk operation: CREATED until this much time passed, RUNNING until `bulkCompleteAfterMs`. */
  bulkRunAfterMs?: number;
  bulkCompleteAfterMs?: number;
  webhookSecret?: string;
}

interface IdemEntry { fingerprint: string; state: 'in_flight' | 'succeeded' | 'failed'; data: unknown; expiresAt: number }
interface BulkOp {
  id: string; n: number; query: string; document: DocumentNode; createdAt: number; completedAt: number | null;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED'; objectCount: number; fileSize: number | null;
  file: string | null; errorCode: string | null; failWith?: 'TIMEOUT';
}
export interface WebhookDelivery { topic: string; headers: Record<string, string>; body: string }

const BULK_HOST = 'https://emu.bulk/';
export const EMULATOR_SHOP_DOMAIN = 'emulated.myshopify.com';
const BULK_ROOT_PAGE = 500;
const TOPIC_PATHS: Record<string, string> = {
  INVENTORY_LEVELS_UPDATE: 'inventory_levels/update', PRODUCTS_UPDATE: 'products/update', BULK_OPERATIONS_FINISH: 'bulk_operations/finish',
  ORDERS_CREATE: 'orders/create', FULFILLMENT_ORDERS_ORDER_ROUTING_COMPLETE: 'fulfillment_orders/order_routing_complete',
  LOCATIONS_CREATE: 'locations/create', LOCATIONS_UPDATE: 'locations/update', LOCATIONS_ACTIVATE: 'locations/activate',
  LOCATIONS_DEACTIVATE: 'locations/deactivate', LOCATIONS_DELETE: 'locations/delete', APP_UNINSTALLED: 'app/uninstalled',
};
const legacyOf = (gid: string) => Number(gid.slice(gid.lastIndexOf('/') + 1));


function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

function errorBody(error: GraphQLError | { message: string; extensions?: Record<string, unknown> }) {
  const e = error instanceof GraphQLError ? error.toJSON() : error;
  return { message: e.message, ...(e.extensions ? { extensions: e.extensions } : {}) };
}

export class ShopifyEmulator {
  readonly store: EmulatorStore;
  readonly schema: GraphQLSchema;
  readonly bucket: CostBucket;
  readonly shopDomain: string;
  readonly accessToken: string;
  /** Every request's operation name and outcome, for assertions ("no burst of THROTTLED"). */
  readonly requests: Array<{ at: number; operationName: string | null; outcome: string }> = [];
  readonly webhooks: WebhookDelivery[] = [];
  readonly webhookSubscriptions: Array<{ id: string; topic: string; uri: string }> = [];
  private readonly clock: Clock;
  private webhookCallback: ((delivery: WebhookDelivery) => unknown) | null = null;
  private readonly inFlightDeliveries: Promise<unknown>[] = [];
  /** The app was uninstalled: the access token is revoked until `reinstallApp()`. */
  private uninstalled = false;
  private readonly idem = new Map<string, IdemEntry>();
  private readonly bulkOps = new Map<string, BulkOp>();
  private readonly scripted: ScriptedFault[] = [];
  private chaosConfig: { rate: number; random: () => number; kinds: FaultKind[]; operationName?: string } | null = null;
  private readonly resolvers: ReturnType<typeof rootResolvers>;
  private readonly options: Required<Omit<EmulatorOptions, 'clock' | 'plan' | 'shopDomain' | 'accessToken' | 'bucketPreset'>>;

  constructor(options: EmulatorOptions) {
    this.clock = options.clock;
    this.schema = loadAdminSchema().schema;
    this.store = new EmulatorStore(() => this.clock.now());
    this.bucket = new CostBucket(this.clock, options.bucketPreset ?? PLAN_PRESETS[options.plan ?? 'standard']);
    this.shopDomain = options.shopDomain ?? EMULATOR_SHOP_DOMAIN;
    this.accessToken = options.accessToken ?? 'shpat_emulator';
    this.options = {
      idempotencyRetentionMs: options.idempotencyRetentionMs ?? 24 * 3600_000,
      bulkRunAfterMs: options.bulkRunAfterMs ?? 1000,
      bulkCompleteAfterMs: options.bulkCompleteAfterMs ?? 3000,
      webhookSecret: options.webhookSecret ?? 'emulator-webhook-secret',
    };
    this.resolvers = rootResolvers(this.store);
  }

  /** Root fields the emulator can answer (operations without a resolver fail loudly). */
  hasResolver(operation: 'query' | 'mutation', field: string): boolean {
    return Object.hasOwn(operation === 'query' ? this.resolvers.Query : this.resolvers.Mutation, field);
  }

  /** The next request (optionally only of one operation name) gets this fault. */
  injectFault(fault: FaultKind | Fault, operationName?: string): void {
    const f = typeof fault === 'string' ? { kind: fault } : fault;
    this.scripted.push({ ...f, ...(operationName ? { operationName } : {}) });
  }

  /** Each request (optionally only of one operation) gets a random fault from `kinds` with probability `rate`. */
  chaos(config: { rate: number; seed: number; kinds: FaultKind[]; operationName?: string } | null): void {
    this.chaosConfig = config && { rate: config.rate, random: seededRandom(config.seed), kinds: config.kinds, ...(config.operationName ? { operationName: config.operationName } : {}) };
  }

  /** Makes a bulk operation fail with TIMEOUT (with partial data) when it would complete. */
  failBulk(id: string): void {
    const op = this.bulkOps.get(id);
    if (op) op.failWith = 'TIMEOUT';
  }

  /** Deletes bulk result files. */
  dispose(): void {
    for (const op of this.bulkOps.values()) if (op.file) rmSync(op.file, { force: true });
  }

  /** A `fetch` for `customFetchApi`: the Admin GraphQL endpoint and bulk result URLs. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(BULK_HOST)) return this.serveBulkFile(url);
    const endpoint = `https://${this.shopDomain}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
    if (url !== endpoint) return json({ errors: 'Not Found' }, 404);
    const headers = new Headers(init?.headers);
    if (headers.get('x-shopify-access-token') !== this.accessToken || this.uninstalled) {
      this.requests.push({ at: this.clock.now(), operationName: null, outcome: 'http401' });
      return json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401);
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(String(init?.body ?? ''));
    } catch {
      return json({ errors: [{ message: 'Invalid JSON in request body' }] }, 400);
    }
    return this.handle(body, init?.signal ?? undefined);
  };

  private costExtension(requested: number, actual: number | null): { cost: CostExtension } {
    return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.bucket.status() } };
  }

  private async handle(body: { query?: unknown; variables?: unknown }, signal: AbortSignal | undefined): Promise<Response> {
    const log = (operationName: string | null, outcome: string) => this.requests.push({ at: this.clock.now(), operationName, outcome });
    // (1) parse
    let document: DocumentNode;
    try {
      document = parse(String(body.query ?? ''));
    } catch (error) {
      log(null, 'parse_error');
      return json({ errors: [errorBody(error as GraphQLError)], extensions: this.costExtension(0, null) });
    }
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operationName = operation?.name?.value ?? null;
    // (2) validate with the Shopify rules
    const errors = validateShopifyDocument(this.schema, document);
    if (errors.length > 0 || !operation) {
      log(operationName, 'invalid');
      return json({ errors: errors.map(errorBody), extensions: this.costExtension(0, null) });
    }
    // (3) coerce variables
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], (body.variables ?? {}) as Record<string, unknown>);
    if (coerced.errors) {
      log(operationName, 'invalid_variables');
      return json({ errors: coerced.errors.map(errorBody), extensions: this.costExtension(0, null) });
    }
    const variables = coerced.coerced;
    // (4) semantics validate() cannot see (uses the raw variables: coercion keeps explicit nulls, drops missing keys)
    const semantic = checkSemantics(operation, (body.variables ?? {}) as Record<string, unknown>);
    if (semantic) {
      log(operationName, `semantic:${String(semantic.extensions.code)}`);
      return json({ errors: [errorBody(semantic)], extensions: this.costExtension(0, null) });
    }
    const rootFields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
    for (const f of rootFields) {
      if (f.name.value.startsWith('__')) continue;
      if (!this.hasResolver(operation.operation === 'mutation' ? 'mutation' : 'query', f.name.value)) {
        throw new Error(`Shopify emulator has no resolver for ${operation.operation} field "${f.name.value}": add one in emulator/resolvers.ts`);
      }
    }
    // (5) cost and bucket
    const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const requested = queryCost(this.schema, operation, fragments, variables);
    if (requested > MAX_QUERY_COST) {
      log(operationName, 'max_cost');
      return json({ errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_QUERY_COST } }], extensions: this.costExtension(requested, null) });
    }
    // (6) faults
    const fault = this.nextFault(operationName);
    if (fault?.kind === 'throttled' || !this.bucket.take(requested)) {
      log(operationName, 'THROTTLED');
      return json({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions: this.costExtension(requested, null) });
    }
    if (fault) {
      switch (fault.kind) {
        case 'http503': log(operationName, 'http503'); return new Response('Service Unavailable', { status: 503, headers: { 'content-type': 'text/plain' } });
        case 'http500': log(operationName, 'http500'); return new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain' } });
        case 'http502': log(operationName, 'http502'); return new Response('Bad Gateway', { status: 502, headers: { 'content-type': 'text/plain' } });
        case 'http429': log(operationName, 'http429'); return new Response('Too Many Requests', { status: 429, headers: { 'content-type': 'text/plain', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) } });
        case 'network': log(operationName, 'network'); throw new TypeError('fetch failed');
        case 'connectionRefused': log(operationName, 'connectionRefused'); throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
        case 'wrongContentType': log(operationName, 'wrongContentType'); return new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } });
        case 'hang': {
          log(operationName, 'hang');
          const release = this.markInFlight(operation, rootFields, variables);
          return new Promise<Response>((_, reject) => {
            const abort = () => { release(); reject(signal?.reason ?? new DOMException('aborted', 'AbortError')); };
            if (signal?.aborted) abort();
            else signal?.addEventListener('abort', abort, { once: true });
          });
        }
        default: break;
      }
    }
    // (7) execute, with idempotency for keyed mutations
    const result = await this.executeKeyed(document, operation, rootFields, variables, fault);
    const extensions = this.costExtension(requested, result.errors ? null : requested);
    if (fault?.kind === 'applyThenLose') { log(operationName, 'applyThenLose'); return new Response('Service Unavailable', { status: 503 }); }
    if (fault?.kind === 'applyThenLoseNetwork') { log(operationName, 'applyThenLoseNetwork'); throw new TypeError('fetch failed'); }
    if (fault?.kind === 'attemptFailed') { log(operationName, 'attemptFailed'); return new Response('Internal Server Error', { status: 500 }); }
    log(operationName, result.errors ? `error:${String((result.errors[0] as { extensions?: { code?: string } }).extensions?.code ?? 'graphql')}` : 'ok');
    return json({ ...(result.data !== undefined ? { data: result.data } : {}), ...(result.errors ? { errors: result.errors } : {}), extensions });
  }

  private nextFault(operationName: string | null): Fault | undefined {
    const i = this.scripted.findIndex((f) => !f.operationName || f.operationName === operationName);
    if (i >= 0) return this.scripted.splice(i, 1)[0];
    const c = this.chaosConfig;
    if (c && (!c.operationName || c.operationName === operationName) && c.random() < c.rate) {
      return { kind: c.kinds[Math.floor(c.random() * c.kinds.length)]!, retryAfter: '1' };
    }
    return undefined;
  }

  private keyOf(operation: OperationDefinitionNode, field: FieldNode, variables: Record<string, unknown>): { key: string; fingerprint: string } | null {
    if (operation.operation !== 'mutation') return null;
    const directive = this.schema.getDirective('idempotent')!;
    const values = getDirectiveValues(directive, field, variables) as { key?: string } | undefined;
    if (!values?.key) return null;
    const def = this.schema.getMutationType()!.getFields()[field.name.value]!;
    const args = getArgumentValues(def, field, variables);
    return { key: values.key, fingerprint: createHash('sha256').update(canonicalJson({ field: field.name.value, args })).digest('hex') };
  }

  private liveEntry(key: string): IdemEntry | undefined {
    const e = this.idem.get(key);
    if (e && e.expiresAt <= this.clock.now()) {
      this.idem.delete(key);
      return undefined;
    }
    return e;
  }

  private markInFlight(operation: OperationDefinitionNode, rootFields: FieldNode[], variables: Record<string, unknown>): () => void {
    const k = rootFields[0] ? this.keyOf(operation, rootFields[0], variables) : null;
    if (!k || this.liveEntry(k.key)) return () => {};
    this.idem.set(k.key, { fingerprint: k.fingerprint, state: 'in_flight', data: null, expiresAt: this.clock.now() + this.options.idempotencyRetentionMs });
    return () => { if (this.idem.get(k.key)?.state === 'in_flight') this.idem.delete(k.key); };
  }

  private async executeKeyed(document: DocumentNode, operation: OperationDefinitionNode, rootFields: FieldNode[], variables: Record<string, unknown>, fault: Fault | undefined): Promise<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
    const keyed = rootFields.map((f) => this.keyOf(operation, f, variables)).filter((k): k is NonNullable<typeof k> => k !== null);
    if (keyed.length > 1) return { errors: [{ message: 'Only one @idempotent mutation per request is supported.', extensions: { code: 'BAD_REQUEST' } }] };
    const k = keyed[0];
    if (k) {
      const entry = this.liveEntry(k.key);
      const refuse = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });
      if (entry?.state === 'in_flight') return refuse('IDEMPOTENCY_CONCURRENT_REQUEST', 'This request is currently in progress, please try again.');
      if (entry?.state === 'failed') return refuse('IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED', 'A previous request with this idempotency key failed. Retry with a new idempotency key.');
      if (entry && entry.fingerprint !== k.fingerprint) return refuse('IDEMPOTENCY_KEY_PARAMETER_MISMATCH', 'The same idempotency key cannot be used with different operation parameters.');
      if (entry) return { data: entry.data };
      if (fault?.kind === 'attemptFailed') {
        this.idem.set(k.key, { fingerprint: k.fingerprint, state: 'failed', data: null, expiresAt: this.clock.now() + this.options.idempotencyRetentionMs });
        return { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
      }
      this.idem.set(k.key, { fingerprint: k.fingerprint, state: 'in_flight', data: null, expiresAt: this.clock.now() + this.options.idempotencyRetentionMs });
    }
    const result = await this.run(document, operation, variables);
    const plain = JSON.parse(JSON.stringify({ data: result.data ?? undefined, errors: result.errors?.map(errorBody) })) as { data?: unknown; errors?: Array<ReturnType<typeof errorBody>> };
    if (k) this.idem.set(k.key, { fingerprint: k.fingerprint, state: 'succeeded', data: plain.data, expiresAt: this.clock.now() + this.options.idempotencyRetentionMs });
    return plain;
  }

  private context(): ResolverContext {
    return {
      store: this.store,
      now: this.clock.now(),
      bulkRun: (query) => this.bulkRun(query),
      bulkGet: (id) => this.bulkView(id),
      webhookCreate: (topic, uri) => {
        if (!/^https:\/\//.test(uri) && !uri.startsWith('pubsub://') && !uri.startsWith('arn:aws:events:')) return { userError: { field: ['webhookSubscription', 'uri'], message: 'Address is invalid' } };
        if (this.webhookSubscriptions.some((w) => w.topic === topic && w.uri === uri)) return { userError: { field: ['webhookSubscription', 'callbackUrl'], message: 'Address for this topic has already been taken' } };
        const sub = { id: `gid://shopify/WebhookSubscription/${this.store.nextNumber()}`, topic, uri };
        this.webhookSubscriptions.push(sub);
        return sub;
      },
      queueWebhook: (topic, payload) => this.queueWebhook(topic, payload),
    };
  }

  private async run(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, ctx = this.context()) {
    const resolvers = operation.operation === 'mutation' ? this.resolvers.Mutation : this.resolvers.Query;
    const rootValue = Object.fromEntries(Object.entries(resolvers).map(([name, fn]) => [name, (args: Record<string, unknown>, c: ResolverContext) => fn(args, c)]));
    return execute({
      schema: this.schema, document, rootValue, contextValue: ctx, variableValues: variables,
      ...(operation.name ? { operationName: operation.name.value } : {}),
      typeResolver: (value) => (value as { __typename?: string }).__typename,
    });
  }

  /**
   * Sends every delivery queued from now on to `callback` too (e.g. a POST to the box's /webhooks/shopify), as Shopify
   * would to a registered subscription; `settleWebhooks()` waits for them. Null stops it.
   */
  onWebhook(callback: ((delivery: WebhookDelivery) => unknown) | null): void {
    this.webhookCallback = callback;
  }

  /** Waits until every delivery handed to the callback so far has been answered. */
  async settleWebhooks(): Promise<void> {
    while (this.inFlightDeliveries.length > 0) await Promise.all(this.inFlightDeliveries.splice(0));
  }

  // ---- actors: changes made in Shopify itself, each firing the webhooks Shopify would ----

  private levelUpdate(itemId: string, locationId: string): void {
    const level = this.store.level(itemId, locationId);
    if (!level) return;
    this.queueWebhook('INVENTORY_LEVELS_UPDATE', {
      inventory_item_id: legacyOf(itemId), location_id: legacyOf(locationId), available: level.q.available,
      updated_at: new Date(this.clock.now()).toISOString(), admin_graphql_api_id: `gid://shopify/InventoryLevel/${legacyOf(locationId)}?inventory_item_id=${legacyOf(itemId)}`,
    });
  }

  private orderCreated(order: EmuOrder): void {
    this.queueWebhook('ORDERS_CREATE', {
      id: Number(order.legacyResourceId), admin_graphql_api_id: order.id, name: order.name, source_name: order.sourceName,
      location_id: order.sourceName === 'pos' ? legacyOf(order.locationId) : null, created_at: new Date(order.createdAt).toISOString(),
      fulfillment_status: order.sourceName === 'pos' ? 'fulfilled' : null,
      line_items: order.lineItems.map((l) => ({ id: legacyOf(l.id), variant_id: legacyOf(l.variantId), sku: l.sku, quantity: l.quantity })),
    });
  }

  /** An online order for `quantity` of an item at a location: available → committed, an order and an OPEN fulfilment order. */
  simulateOnlineOrder(locationId: string, itemId: string, quantity: number): EmuOrder {
    const order = this.store.simulateOnlineOrder(locationId, itemId, quantity);
    this.orderCreated(order);
    this.queueWebhook('FULFILLMENT_ORDERS_ORDER_ROUTING_COMPLETE', { fulfillment_order: { id: order.fulfillmentOrderId, status: 'open' } });
    this.levelUpdate(itemId, locationId);
    return order;
  }

  /** A Shopify POS sale at the location: available and on hand drop at once. */
  simulateShopifyPosSale(locationId: string, itemId: string, quantity: number): EmuOrder {
    const order = this.store.simulateShopifyPosSale(locationId, itemId, quantity);
    this.orderCreated(order);
    this.levelUpdate(itemId, locationId);
    return order;
  }

  /** A merchant changing available in the admin (a compare-and-swap from before now goes STALE). */
  simulateAdminEdit(locationId: string, itemId: string, delta: number): void {
    this.store.simulateAdminEdit(locationId, itemId, delta);
    this.levelUpdate(itemId, locationId);
  }

  /** A merchant editing a variant in the admin (price, title, SKU, barcode): products/update fires. */
  simulateProductEdit(variantId: string, changes: { price?: string; title?: string; sku?: string | null; barcode?: string | null }): void {
    const variant = this.store.variants.get(variantId);
    const product = variant && this.store.products.get(variant.productId);
    if (!variant || !product) throw new Error(`emulator: no variant ${variantId}`);
    Object.assign(variant, changes, { updatedAt: this.clock.now() });
    product.updatedAt = this.clock.now();
    this.queueWebhook('PRODUCTS_UPDATE', {
      id: legacyOf(product.id), admin_graphql_api_id: product.id, title: product.title, updated_at: new Date(product.updatedAt).toISOString(),
      variants: product.variantIds.map((id) => this.store.variants.get(id)!).map((v) => ({
        id: legacyOf(v.id), admin_graphql_api_id: v.id, title: v.title, sku: v.sku, barcode: v.barcode, price: v.price, inventory_item_id: legacyOf(v.inventoryItemId),
      })),
    });
  }

  private locationPayload(l: EmuLocation): Record<string, unknown> {
    return {
      id: Number(l.legacyResourceId), admin_graphql_api_id: l.id, name: l.name, active: l.isActive, city: l.address.city,
      country_code: l.address.countryCode, updated_at: new Date(this.clock.now()).toISOString(),
    };
  }

  /** A merchant adding a location. */
  createLocation(name: string): EmuLocation {
    const location = this.store.addLocation({ name });
    this.queueWebhook('LOCATIONS_CREATE', this.locationPayload(location));
    return location;
  }

  /** A merchant deactivating (or activating again) a location. */
  setLocationActive(locationId: string, isActive: boolean): void {
    const location = this.store.setLocationActive(locationId, isActive);
    if (!location) return;
    this.queueWebhook(isActive ? 'LOCATIONS_ACTIVATE' : 'LOCATIONS_DEACTIVATE', this.locationPayload(location));
    this.queueWebhook('LOCATIONS_UPDATE', this.locationPayload(location));
  }

  /** A merchant deleting a location (its levels go with it). */
  deleteLocation(locationId: string): void {
    const location = this.store.deleteLocation(locationId);
    if (location) this.queueWebhook('LOCATIONS_DELETE', { id: Number(location.legacyResourceId) });
  }

  /** The merchant uninstalls the app: the token stops working at once and app/uninstalled is sent. */
  simulateAppUninstalled(): void {
    this.uninstalled = true;
    this.queueWebhook('APP_UNINSTALLED', { id: 1, name: 'Emulated Shop', domain: this.shopDomain, myshopify_domain: this.shopDomain });
  }

  /** The app is installed again (same token, for simplicity). */
  reinstallApp(): void {
    this.uninstalled = false;
  }

  /** Queues a signed webhook delivery (tests read `webhooks`), handed to the registered callback if any. */
  queueWebhook(topic: string, payload: Record<string, unknown>): void {
    const body = JSON.stringify(payload);
    const hmac = createHmac('sha256', this.options.webhookSecret).update(body).digest('base64');
    this.webhooks.push({
      topic, body,
      headers: {
        'content-type': 'application/json', 'x-shopify-topic': TOPIC_PATHS[topic] ?? topic.toLowerCase(), 'x-shopify-hmac-sha256': hmac,
        'x-shopify-shop-domain': this.shopDomain, 'x-shopify-webhook-id': `wh-${this.store.nextNumber()}`,
        'x-shopify-event-id': `ev-${this.store.nextNumber()}`, 'x-shopify-triggered-at': new Date(this.clock.now()).toISOString(),
        'x-shopify-api-version': SHOPIFY_API_VERSION,
      },
    });
    if (this.webhookCallback) this.inFlightDeliveries.push(Promise.resolve(this.webhookCallback(this.webhooks.at(-1)!)));
  }

  // ---- bulk operations ----

  private bulkRun(query: string): { id: string; status: string } | { userError: { field: string[]; message: string; code: string } } {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { userError: { field: ['query'], message: (error as Error).message, code: 'INVALID' } };
    }
    const errors = validateShopifyDocument(this.schema, document);
    const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (errors.length > 0 || !op || op.operation !== 'query') return { userError: { field: ['query'], message: errors[0]?.message ?? 'Bulk queries must be queries', code: 'INVALID' } };
    const roots = op.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
    if (roots.length !== 1 || ['node', 'nodes'].includes(roots[0]!.name.value)) {
      return { userError: { field: ['query'], message: 'Bulk queries must have exactly one top-level connection field (not node or nodes).', code: 'INVALID' } };
    }
    for (const o of this.bulkOps.values()) this.advance(o);
    const running = [...this.bulkOps.values()].filter((o) => o.status === 'CREATED' || o.status === 'RUNNING').length;
    if (running >= 5) return { userError: { field: ['query'], message: 'A maximum of 5 bulk queries can run at once.', code: 'LIMIT_REACHED' } };
    const n = this.store.nextNumber();
    const bulk: BulkOp = { id: `gid://shopify/BulkOperation/${n}`, n, query, document, createdAt: this.clock.now(), completedAt: null, status: 'CREATED', objectCount: 0, fileSize: null, file: null, errorCode: null };
    this.bulkOps.set(bulk.id, bulk);
    return { id: bulk.id, status: bulk.status };
  }

  private advance(op: BulkOp): void {
    const elapsed = this.clock.now() - op.createdAt;
    if (op.status === 'CREATED' && elapsed >= this.options.bulkRunAfterMs) op.status = 'RUNNING';
    if (op.status === 'RUNNING' && elapsed >= this.options.bulkCompleteAfterMs) {
      op.file = join(tmpdir(), `ismartsync-emu-${process.pid}-${op.n}.jsonl`);
      const { count, bytes } = this.writeBulkFile(op);
      op.objectCount = count;
      op.fileSize = bytes;
      op.completedAt = this.clock.now();
      op.status = op.failWith ? 'FAILED' : 'COMPLETED';
      if (op.failWith) op.errorCode = op.failWith;
      this.queueWebhook('BULK_OPERATIONS_FINISH', { admin_graphql_api_id: op.id, completed_at: new Date(op.completedAt).toISOString(), status: op.status.toLowerCase(), error_code: op.errorCode?.toLowerCase() ?? null, type: 'query' });
    }
  }

  private bulkView(id: string): Record<string, unknown> | null {
    const op = this.bulkOps.get(id);
    if (!op) return null;
    this.advance(op);
    const url = op.file ? `${BULK_HOST}${op.n}.jsonl` : null;
    return {
      __typename: 'BulkOperation', id: op.id, status: op.status, errorCode: op.errorCode, objectCount: String(op.objectCount),
      rootObjectCount: String(op.objectCount), fileSize: op.fileSize === null ? null : String(op.fileSize), query: op.query, type: 'QUERY',
      createdAt: new Date(op.createdAt).toISOString(), completedAt: op.completedAt ? new Date(op.completedAt).toISOString() : null,
      url: op.status === 'COMPLETED' ? url : null, partialDataUrl: op.status === 'FAILED' ? url : null,
    };
  }

  /** Runs the inner query page by page over the store, writing JSONL with `__parentId` for nested connection nodes. */
  private writeBulkFile(op: BulkOp): { count: number; bytes: number } {
    const fd = openSync(op.file!, 'w');
    let count = 0;
    let bytes = 0;
    try {
      const operation = op.document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const rootName = (operation.selectionSet.selections[0] as FieldNode).alias?.value ?? (operation.selectionSet.selections[0] as FieldNode).name.value;
      for (let offset = 0; ; offset += BULK_ROOT_PAGE) {
        const ctx = { ...this.context(), bulk: { offset, limit: BULK_ROOT_PAGE, total: 0 } };
        const resolvers = this.resolvers.Query;
        const rootValue = Object.fromEntries(Object.entries(resolvers).map(([name, fn]) => [name, (args: Record<string, unknown>, c: ResolverContext) => fn(args, c)]));
        const result = execute({ schema: this.schema, document: op.document, rootValue, contextValue: ctx, typeResolver: (v) => (v as { __typename?: string }).__typename }) as { data?: Record<string, unknown> };
        const conn = result.data?.[rootName] as Record<string, unknown> | undefined;
        const nodes = nodesOf(conn) ?? [];
        const lines: string[] = [];
        for (const node of nodes) flatten(node as Record<string, unknown>, null, lines);
        if (lines.length) {
          const chunk = lines.join('\n') + '\n';
          bytes += writeSync(fd, chunk);
          count += lines.length;
        }
        if (offset + BULK_ROOT_PAGE >= ctx.bulk.total) break;
        if (op.failWith && offset >= BULK_ROOT_PAGE) break; // partial data
      }
    } finally {
      closeSync(fd);
    }
    return { count, bytes };
  }

  private serveBulkFile(url: string): Response {
    const n = Number(url.slice(BULK_HOST.length).replace(/\.jsonl$/, ''));
    const op = [...this.bulkOps.values()].find((o) => o.n === n);
    if (!op?.file) return new Response('Not Found', { status: 404 });
    const size = statSync(op.file).size;
    return new Response(Readable.toWeb(createReadStream(op.file)) as ReadableStream, { status: 200, headers: { 'content-type': 'application/jsonl', 'content-length': String(size) } });
  }
}

function nodesOf(value: unknown): unknown[] | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { edges?: Array<{ node: unknown }>; nodes?: unknown[] };
  if (Array.isArray(v.edges)) return v.edges.map((e) => e.node);
  if (Array.isArray(v.nodes)) return v.nodes;
  return null;
}

/** One JSONL line per node; nested connections become their own lines pointing at the nearest node with an id. */
function flatten(node: Record<string, unknown>, parentId: string | null, lines: string[]): void {
  const children: Array<Record<string, unknown>> = [];
  const strip = (obj: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const nested = nodesOf(v);
      if (nested && v && typeof v === 'object' && ('edges' in v || 'nodes' in v)) { children.push(...(nested as Array<Record<string, unknown>>)); continue; }
      out[k] = v && typeof v === 'object' && !Array.isArray(v) ? strip(v as Record<string, unknown>) : v;
    }
    return out;
  };
  const line = strip(node);
  if (parentId) line.__parentId = parentId;
  lines.push(JSON.stringify(line));
  const id = typeof node.id === 'string' ? node.id : parentId;
  for (const child of children) flatten(child, id, lines);
}
