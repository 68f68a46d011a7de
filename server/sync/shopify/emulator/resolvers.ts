// Root resolvers of the emulator: plain objects shaped like the schema, built from the store on demand.
import { ADJUSTMENT_REASONS, QUANTITY_NAMES, quantityOf, type EmuChange, type EmuItem, type EmuLevel, type EmuLocation, type EmuProduct, type EmuVariant, type EmulatorStore } from './store.ts';

export interface ResolverContext {
  store: EmulatorStore;
  now: number;
  /** In a bulk run: which slice of root objects this execution returns, and the total it saw. */
  bulk?: { offset: number; limit: number; total: number };
  bulkRun(query: string): { id: string; status: string } | { userError: { field: string[]; message: string; code: string } };
  bulkGet(id: string): Record<string, unknown> | null;
  webhookCreate(topic: string, uri: string): { id: string; topic: string; uri: string } | { userError: { field: string[]; message: string } };
  queueWebhook(topic: string, payload: Record<string, unknown>): void;
}

type Args = Record<string, unknown>;
type RootResolver = (args: Args, ctx: ResolverContext) => unknown;

const iso = (ms: number) => new Date(ms).toISOString();

function legacyId(gid: string): string {
  return gid.slice(gid.lastIndexOf('/') + 1);
}

/** A connection over a list with opaque cursors (base64 of the index); `first` absent means everything (bulk). */
export function connection<T>(list: readonly T[], args: Args, view: (item: T) => unknown) {
  const after = typeof args.after === 'string' ? Number(Buffer.from(args.after, 'base64').toString('utf8').replace(/^i:/, '')) + 1 : 0;
  const first = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : list.length;
  const start = Number.isFinite(after) ? after : 0;
  const slice = list.slice(start, start + first);
  const cursor = (i: number) => Buffer.from(`i:${start + i}`).toString('base64');
  const nodes = slice.map(view);
  return {
    __typename: 'Connection',
    nodes,
    edges: nodes.map((node, i) => ({ cursor: cursor(i), node })),
    pageInfo: {
      hasNextPage: start + slice.length < list.length, hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(0) : null, endCursor: slice.length ? cursor(slice.length - 1) : null,
    },
  };
}

/** Tiny search syntax: `field:value`, `field:>value`, quotes allowed; terms are ANDed. */
export function parseSearch(query: unknown): Array<{ field: string; op: string; value: string }> {
  if (typeof query !== 'string' || query.trim() === '') return [];
  const terms = query.match(/\w+:(?:>=|<=|>|<)?(?:'[^']*'|"[^"]*"|\S+)/g) ?? [];
  return terms.map((t) => {
    const m = /^(\w+):(>=|<=|>|<)?(.*)$/.exec(t)!;
    return { field: m[1]!, op: m[2] ?? '=', value: m[3]!.replace(/^['"]|['"]$/g, '') };
  });
}

function compare(a: number | string, op: string, b: number | string): boolean {
  switch (op) {
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '<=': return a <= b;
    default: return a === b;
  }
}

function matchesVariant(v: EmuVariant, terms: ReturnType<typeof parseSearch>): boolean {
  return terms.every((t) => {
    switch (t.field) {
      case 'updated_at': return compare(v.updatedAt, t.op, Date.parse(t.value));
      case 'sku': return v.sku === t.value;
      case 'barcode': return v.barcode === t.value;
      case 'product_id': return legacyId(v.productId) === t.value;
      default: throw new Error(`emulator: productVariants has no filter "${t.field}"`);
    }
  });
}

export function views(store: EmulatorStore) {
  const location = (l: EmuLocation) => ({
    __typename: 'Location', ...l,
    inventoryLevel: ({ inventoryItemId }: Args) => { const lv = store.level(String(inventoryItemId), l.id); return lv ? level(lv) : null; },
  });
  const level = (lv: EmuLevel) => ({
    __typename: 'InventoryLevel',
    id: `gid://shopify/InventoryLevel/${legacyId(lv.locationId)}?inventory_item_id=${legacyId(lv.itemId)}`,
    isActive: true, canDeactivate: true, createdAt: iso(lv.updatedAt), updatedAt: iso(lv.updatedAt),
    location: () => location(store.locations.get(lv.locationId)!),
    item: () => item(store.items.get(lv.itemId)!),
    quantities: ({ names }: Args) => (names as string[]).map((name) => {
      if (!(QUANTITY_NAMES as readonly string[]).includes(name)) throw new Error(`invalid quantity name ${name}`);
      return { __typename: 'InventoryQuantity', id: `gid://shopify/InventoryQuantity/${legacyId(lv.itemId)}-${name}`, name, quantity: quantityOf(lv, name), updatedAt: iso(lv.updatedAt) };
    }),
  });
  const levelsOf = (itemId: string) => [...store.locations.keys()].map((loc) => store.level(itemId, loc)).filter((l): l is EmuLevel => !!l);
  const item = (i: EmuItem) => ({
    __typename: 'InventoryItem', id: i.id, tracked: i.tracked, sku: i.sku, legacyResourceId: legacyId(i.id),
    unitCost: i.unitCost === null ? null : { amount: i.unitCost, currencyCode: 'PKR' },
    inventoryLevel: ({ locationId }: Args) => { const lv = store.level(i.id, String(locationId)); return lv ? level(lv) : null; },
    inventoryLevels: (args: Args) => connection(levelsOf(i.id), args, level),
    variants: (args: Args) => connection([store.variants.get(i.variantId)!].filter(Boolean), args, variant),
  });
  const product = (p: EmuProduct) => ({
    __typename: 'Product', id: p.id, title: p.title, handle: p.handle, status: p.status, vendor: p.vendor, productType: p.productType,
    tags: p.tags, updatedAt: iso(p.updatedAt), legacyResourceId: legacyId(p.id),
    variants: (args: Args) => connection(p.variantIds.map((id) => store.variants.get(id)!).filter(Boolean), args, variant),
  });
  const variant = (v: EmuVariant) => ({
    __typename: 'ProductVariant', id: v.id, sku: v.sku, barcode: v.barcode, title: v.title, price: v.price, compareAtPrice: v.compareAtPrice,
    updatedAt: iso(v.updatedAt), legacyResourceId: legacyId(v.id),
    product: () => product(store.products.get(v.productId)!),
    inventoryItem: () => item(store.items.get(v.inventoryItemId)!),
  });
  const change = (c: EmuChange) => ({
    __typename: 'InventoryChange', name: c.name, delta: c.delta, quantityAfterChange: c.quantityAfterChange, ledgerDocumentUri: c.ledgerDocumentUri,
    item: () => { const i = store.items.get(c.itemId); return i ? item(i) : null; },
    location: () => { const l = store.locations.get(c.locationId); return l ? location(l) : null; },
  });
  const node = (id: string): unknown => {
    if (store.items.has(id)) return item(store.items.get(id)!);
    if (store.variants.has(id)) return variant(store.variants.get(id)!);
    if (store.products.has(id)) return product(store.products.get(id)!);
    if (store.locations.has(id)) return location(store.locations.get(id)!);
    return null;
  };
  return { location, level, item, product, variant, change, node };
}

const URI = /^[a-z][a-z0-9+.-]*:\S+$/i;
function validReferenceUri(uri: string): boolean {
  if (!URI.test(uri)) return false;
  if (uri.startsWith('gid://')) return /^gid:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+/.test(uri);
  return true;
}

const LIMIT = 2_000_000_000;

export function rootResolvers(store: EmulatorStore): { Query: Record<string, RootResolver>; Mutation: Record<string, RootResolver> } {
  const v = views(store);
  const Query: Record<string, RootResolver> = {
    shop: () => ({ __typename: 'Shop', id: 'gid://shopify/Shop/1', name: 'Emulated Shop', myshopifyDomain: 'emulated.myshopify.com', currencyCode: 'PKR', ianaTimezone: 'Asia/Karachi' }),
    locations: (args) => {
      const list = [...store.locations.values()].filter((l) => args.includeInactive === true || l.isActive);
      return connection(list, args, v.location);
    },
    location: (args) => { const l = store.locations.get(String(args.id)); return l ? v.location(l) : null; },
    productVariants: (args, ctx) => {
      const terms = parseSearch(args.query);
      const list = [...store.variants.values()].filter((x) => matchesVariant(x, terms));
      if (ctx.bulk) {
        ctx.bulk.total = list.length;
        return connection(list.slice(ctx.bulk.offset, ctx.bulk.offset + ctx.bulk.limit), {}, v.variant);
      }
      return connection(list, args, v.variant);
    },
    productVariant: (args) => { const x = store.variants.get(String(args.id)); return x ? v.variant(x) : null; },
    inventoryItem: (args) => { const x = store.items.get(String(args.id)); return x ? v.item(x) : null; },
    product: (args) => { const x = store.products.get(String(args.id)); return x ? v.product(x) : null; },
    node: (args) => v.node(String(args.id)),
    nodes: (args) => (args.ids as string[]).map((id) => v.node(id)),
    bulkOperation: (args, ctx) => ctx.bulkGet(String(args.id)),
  };

  const Mutation: Record<string, RootResolver> = {
    inventoryAdjustQuantities: ({ input }, ctx) => {
      const { name, reason, referenceDocumentUri, changes } = input as {
        name: string; reason: string; referenceDocumentUri?: string | null;
        changes: Array<{ inventoryItemId: string; locationId: string; delta: number; changeFromQuantity?: number | null; ledgerDocumentUri?: string | null }>;
      };
      const userErrors: Array<{ field: string[]; message: string; code: string }> = [];
      const fail = (field: string[], code: string, message: string) => userErrors.push({ field, message, code });
      if (!(QUANTITY_NAMES as readonly string[]).includes(name) || name === 'on_hand') fail(['input', 'name'], 'INVALID_QUANTITY_NAME', 'The specified quantity name is invalid.');
      if (!ADJUSTMENT_REASONS.has(reason)) fail(['input', 'reason'], 'INVALID_REASON', 'The specified reason is invalid.');
      if (referenceDocumentUri != null && !validReferenceUri(referenceDocumentUri)) fail(['input', 'referenceDocumentUri'], 'INVALID_REFERENCE_DOCUMENT', 'The specified reference document is invalid.');
      const ledgers = new Set(changes.map((c) => c.ledgerDocumentUri ?? null));
      if (ledgers.size > 1) fail(['input', 'changes'], 'MAX_ONE_LEDGER_DOCUMENT', 'All changes must have the same ledger document URI or, in the case of adjusting available, no ledger document URI.');
      const pending = new Map<string, number>();
      changes.forEach((c, i) => {
        const at = (f: string) => ['input', 'changes', String(i), f];
        if (name === 'available' && c.ledgerDocumentUri != null) fail(at('ledgerDocumentUri'), 'INVALID_AVAILABLE_DOCUMENT', 'A ledger document URI is not allowed when adjusting available.');
        if (name !== 'available' && c.ledgerDocumentUri == null) fail(at('ledgerDocumentUri'), 'INVALID_QUANTITY_DOCUMENT', 'A ledger document URI is required except when adjusting available.');
        if (c.ledgerDocumentUri?.startsWith('gid://shopify/')) fail(at('ledgerDocumentUri'), 'INTERNAL_LEDGER_DOCUMENT', 'Internal (gid://shopify/) ledger documents are not allowed to be adjusted via API.');
        else if (c.ledgerDocumentUri != null && !validReferenceUri(c.ledgerDocumentUri)) fail(at('ledgerDocumentUri'), 'INVALID_LEDGER_DOCUMENT', 'The specified ledger document is invalid.');
        const item = store.items.get(c.inventoryItemId);
        if (!item) return void fail(at('inventoryItemId'), 'INVALID_INVENTORY_ITEM', 'The specified inventory item could not be found.');
        if (item.nonMutable) return void fail(at('inventoryItemId'), 'NON_MUTABLE_INVENTORY_ITEM', 'The specified inventory item is not allowed to be adjusted via API.');
        const level = store.level(c.inventoryItemId, c.locationId);
        if (!store.locations.has(c.locationId) || !level) return void fail(at('locationId'), 'INVALID_LOCATION', 'The specified location could not be found.');
        // Unverified upstream: assumed refused like an unknown location (the box must cope either way).
        if (!store.locations.get(c.locationId)!.isActive) return void fail(at('locationId'), 'INVALID_LOCATION', 'The specified location is not active.');
        const key = `${c.inventoryItemId}|${c.locationId}`;
        const current = pending.get(key) ?? quantityOf(level, name);
        if (c.changeFromQuantity != null && c.changeFromQuantity !== current) fail(at('changeFromQuantity'), 'CHANGE_FROM_QUANTITY_STALE', 'The changeFromQuantity argument no longer matches the persisted quantity.');
        const after = current + c.delta;
        if (after > LIMIT) fail(at('delta'), 'INVALID_QUANTITY_TOO_HIGH', "The quantity can't be higher than 2,000,000,000.");
        if (after < -LIMIT) fail(at('delta'), 'INVALID_QUANTITY_TOO_LOW', "The quantity can't be lower than -2,000,000,000.");
        pending.set(key, after);
      });
      if (userErrors.length > 0) return { inventoryAdjustmentGroup: null, userErrors };
      const applied: EmuChange[] = [];
      for (const c of changes) {
        const level = store.level(c.inventoryItemId, c.locationId)!;
        level.q[name as 'available'] += c.delta;
        level.updatedAt = ctx.now;
        applied.push({ name, delta: c.delta, quantityAfterChange: quantityOf(level, name), itemId: c.inventoryItemId, locationId: c.locationId, ledgerDocumentUri: c.ledgerDocumentUri ?? null });
        if (name !== 'incoming') applied.push({ name: 'on_hand', delta: c.delta, quantityAfterChange: quantityOf(level, 'on_hand'), itemId: c.inventoryItemId, locationId: c.locationId, ledgerDocumentUri: null });
        ctx.queueWebhook('INVENTORY_LEVELS_UPDATE', {
          inventory_item_id: Number(legacyId(c.inventoryItemId)), location_id: Number(legacyId(c.locationId)), available: level.q.available,
          updated_at: iso(ctx.now), admin_graphql_api_id: v.level(level).id,
        });
      }
      const group = store.logGroup(reason, referenceDocumentUri ?? null, applied);
      return {
        inventoryAdjustmentGroup: {
          __typename: 'InventoryAdjustmentGroup', id: group.id, createdAt: iso(group.createdAt), reason, referenceDocumentUri: group.referenceDocumentUri,
          changes: (args: Args) => group.changes.filter((c) => !args.quantityNames || (args.quantityNames as string[]).includes(c.name)).map(v.change),
        },
        userErrors: [],
      };
    },
    inventoryActivate: (args) => {
      const itemId = String(args.inventoryItemId);
      const locationId = String(args.locationId);
      if (!store.items.has(itemId)) return { inventoryLevel: null, userErrors: [{ field: ['inventoryItemId'], message: 'Inventory item not found.' }] };
      if (!store.locations.has(locationId)) return { inventoryLevel: null, userErrors: [{ field: ['locationId'], message: 'Location not found.' }] };
      if (!store.locations.get(locationId)!.isActive) return { inventoryLevel: null, userErrors: [{ field: ['locationId'], message: 'Location is not active.' }] };
      const level = store.activate(itemId, locationId, typeof args.available === 'number' ? args.available : 0);
      return { inventoryLevel: v.level(level), userErrors: [] };
    },
    bulkOperationRunQuery: ({ query }, ctx) => {
      const r = ctx.bulkRun(String(query));
      if ('userError' in r) return { bulkOperation: null, userErrors: [r.userError] };
      return { bulkOperation: ctx.bulkGet(r.id), userErrors: [] };
    },
    webhookSubscriptionCreate: ({ topic, webhookSubscription }, ctx) => {
      const r = ctx.webhookCreate(String(topic), String((webhookSubscription as { uri?: string }).uri ?? ''));
      if ('userError' in r) return { webhookSubscription: null, userErrors: [r.userError] };
      return { webhookSubscription: { __typename: 'WebhookSubscription', ...r, format: 'JSON', createdAt: iso(ctx.now), updatedAt: iso(ctx.now) }, userErrors: [] };
    },
  };
  return { Query, Mutation };
}
