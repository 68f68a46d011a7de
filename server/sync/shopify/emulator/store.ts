// The emulator's in-memory shop: products, variants, inventory items, locations, levels, adjustment groups.

/** Quantity names Shopify knows; `on_hand` is derived from the others. */
export const QUANTITY_NAMES = ['available', 'on_hand', 'committed', 'incoming', 'reserved', 'damaged', 'quality_control', 'safety_stock'] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];
export type StoredQuantityName = Exclude<QuantityName, 'on_hand'>;
const STORED: readonly StoredQuantityName[] = ['available', 'committed', 'incoming', 'reserved', 'damaged', 'quality_control', 'safety_stock'];
/** Names that count toward on_hand (incoming does not). */
const ON_HAND_PARTS: readonly StoredQuantityName[] = ['available', 'committed', 'reserved', 'damaged', 'quality_control', 'safety_stock'];

/** Reasons accepted by inventory mutations (reference §1.2). */
export const ADJUSTMENT_REASONS: ReadonlySet<string> = new Set([
  'correction', 'cycle_count_available', 'damaged', 'movement_created', 'movement_updated', 'movement_received',
  'movement_canceled', 'other', 'promotion', 'quality_control', 'received', 'reservation_created',
  'reservation_updated', 'reservation_deleted', 'restock', 'safety_stock', 'shrinkage',
]);

export interface EmuLocation {
  id: string; legacyResourceId: string; name: string; isActive: boolean; fulfillsOnlineOrders: boolean; shipsInventory: boolean;
  address: { address1: string | null; address2: string | null; city: string | null; province: string | null; country: string | null; countryCode: string | null; zip: string | null; phone: string | null };
}
export interface EmuProduct {
  id: string; title: string; handle: string; status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT'; vendor: string; productType: string;
  tags: string[]; updatedAt: number; variantIds: string[];
}
export interface EmuVariant {
  id: string; productId: string; title: string; sku: string | null; barcode: string | null;
  /** Decimal strings, as Shopify's Money scalar. */
  price: string; compareAtPrice: string | null; updatedAt: number; inventoryItemId: string;
}
export interface EmuItem { id: string; variantId: string; tracked: boolean; sku: string | null; unitCost: string | null; nonMutable: boolean }
export interface EmuLevel { itemId: string; locationId: string; q: Record<StoredQuantityName, number>; updatedAt: number }
export interface EmuChange { name: string; delta: number; quantityAfterChange: number; itemId: string; locationId: string; ledgerDocumentUri: string | null }
export interface EmuAdjustmentGroup { id: string; createdAt: number; reason: string; referenceDocumentUri: string | null; changes: EmuChange[] }

/** An order placed in Shopify itself (online checkout or Shopify POS), with its one fulfilment order. */
export interface EmuOrder {
  id: string; legacyResourceId: string; name: string; sourceName: 'web' | 'pos'; locationId: string; createdAt: number;
  lineItems: Array<{ id: string; variantId: string; itemId: string; sku: string | null; quantity: number }>;
  fulfillmentOrderId: string;
}
export interface EmuFulfillmentOrder { id: string; orderId: string; assignedLocationId: string; status: 'OPEN' | 'CLOSED'; lineItems: Array<{ itemId: string; quantity: number }> }

export interface SeedVariant {
  title?: string; sku?: string | null; barcode?: string | null; price?: string; compareAtPrice?: string | null;
  tracked?: boolean; unitCost?: string | null;
  /** location id → available */
  levels?: Record<string, number>;
}
export interface SeedProduct { title: string; handle?: string; vendor?: string; productType?: string; status?: EmuProduct['status']; tags?: string[]; variants: SeedVariant[] }

export function onHandOf(level: EmuLevel): number {
  return ON_HAND_PARTS.reduce((sum, n) => sum + level.q[n], 0);
}

export function quantityOf(level: EmuLevel, name: string): number {
  return name === 'on_hand' ? onHandOf(level) : level.q[name as StoredQuantityName] ?? 0;
}

export class EmulatorStore {
  readonly locations = new Map<string, EmuLocation>();
  readonly products = new Map<string, EmuProduct>();
  readonly variants = new Map<string, EmuVariant>();
  readonly items = new Map<string, EmuItem>();
  /** key `${itemId}|${locationId}` */
  readonly levels = new Map<string, EmuLevel>();
  readonly groups: EmuAdjustmentGroup[] = [];
  readonly orders = new Map<string, EmuOrder>();
  readonly fulfillmentOrders = new Map<string, EmuFulfillmentOrder>();
  private seq = 1000;

  constructor(private readonly now: () => number) {}

  nextNumber(): number {
    return ++this.seq;
  }

  addLocation(input: { name: string; isActive?: boolean; city?: string }): EmuLocation {
    const n = this.nextNumber();
    const location: EmuLocation = {
      id: `gid://shopify/Location/${n}`, legacyResourceId: String(n), name: input.name, isActive: input.isActive ?? true,
      fulfillsOnlineOrders: true, shipsInventory: true,
      address: { address1: null, address2: null, city: input.city ?? null, province: null, country: 'Pakistan', countryCode: 'PK', zip: null, phone: null },
    };
    this.locations.set(location.id, location);
    return location;
  }

  addProduct(input: SeedProduct): { product: EmuProduct; variants: EmuVariant[] } {
    const n = this.nextNumber();
    const product: EmuProduct = {
      id: `gid://shopify/Product/${n}`, title: input.title, handle: input.handle ?? `product-${n}`, status: input.status ?? 'ACTIVE',
      vendor: input.vendor ?? '', productType: input.productType ?? '', tags: input.tags ?? [], updatedAt: this.now(), variantIds: [],
    };
    this.products.set(product.id, product);
    const variants = input.variants.map((v, i) => {
      const vn = this.nextNumber();
      const variant: EmuVariant = {
        id: `gid://shopify/ProductVariant/${vn}`, productId: product.id, title: v.title ?? (input.variants.length === 1 ? 'Default Title' : `Variant ${i + 1}`),
        sku: v.sku ?? null, barcode: v.barcode ?? null, price: v.price ?? '0.00', compareAtPrice: v.compareAtPrice ?? null,
        updatedAt: this.now(), inventoryItemId: `gid://shopify/InventoryItem/${vn}`,
      };
      this.variants.set(variant.id, variant);
      this.items.set(variant.inventoryItemId, { id: variant.inventoryItemId, variantId: variant.id, tracked: v.tracked ?? true, sku: variant.sku, unitCost: v.unitCost ?? null, nonMutable: false });
      for (const [locationId, available] of Object.entries(v.levels ?? {})) this.activate(variant.inventoryItemId, locationId, available);
      product.variantIds.push(variant.id);
      return variant;
    });
    return { product, variants };
  }

  /** Removes a product as a merchant deleting it would (its variants and items go too). */
  deleteProduct(productId: string): void {
    const product = this.products.get(productId);
    if (!product) return;
    for (const vid of product.variantIds) {
      const v = this.variants.get(vid);
      if (!v) continue;
      this.items.delete(v.inventoryItemId);
      for (const key of [...this.levels.keys()]) if (key.startsWith(`${v.inventoryItemId}|`)) this.levels.delete(key);
      this.variants.delete(vid);
    }
    this.products.delete(productId);
  }

  level(itemId: string, locationId: string): EmuLevel | undefined {
    return this.levels.get(`${itemId}|${locationId}`);
  }

  /** Stocks an item at a location (idempotent); returns the level. */
  activate(itemId: string, locationId: string, available = 0): EmuLevel {
    const key = `${itemId}|${locationId}`;
    let level = this.levels.get(key);
    if (!level) {
      const q = Object.fromEntries(STORED.map((n) => [n, 0])) as Record<StoredQuantityName, number>;
      q.available = available;
      level = { itemId, locationId, q, updatedAt: this.now() };
      this.levels.set(key, level);
    }
    return level;
  }

  available(itemId: string, locationId: string): number | undefined {
    return this.level(itemId, locationId)?.q.available;
  }

  /** A merchant editing stock in the admin (makes CAS checks go stale, creates drift). */
  simulateAdminEdit(locationId: string, itemId: string, delta: number): EmuLevel {
    const level = this.activate(itemId, locationId);
    level.q.available += delta;
    level.updatedAt = this.now();
    this.logGroup('correction', 'gid://shopify/StaffMember/1', [{ name: 'available', delta, quantityAfterChange: level.q.available, itemId, locationId, ledgerDocumentUri: null }]);
    return level;
  }

  /** An online order: available → committed at the location, with an OPEN fulfilment order assigned to it. */
  simulateOnlineOrder(locationId: string, itemId: string, quantity: number): EmuOrder {
    const level = this.activate(itemId, locationId);
    level.q.available -= quantity;
    level.q.committed += quantity;
    level.updatedAt = this.now();
    return this.addOrder('web', locationId, itemId, quantity, 'OPEN');
  }

  /** A Shopify POS sale at the location: handed over at once, so available and on hand drop and nothing is committed. */
  simulateShopifyPosSale(locationId: string, itemId: string, quantity: number): EmuOrder {
    const level = this.activate(itemId, locationId);
    level.q.available -= quantity;
    level.updatedAt = this.now();
    return this.addOrder('pos', locationId, itemId, quantity, 'CLOSED');
  }

  private addOrder(sourceName: EmuOrder['sourceName'], locationId: string, itemId: string, quantity: number, status: EmuFulfillmentOrder['status']): EmuOrder {
    const n = this.nextNumber();
    const item = this.items.get(itemId);
    const order: EmuOrder = {
      id: `gid://shopify/Order/${n}`, legacyResourceId: String(n), name: `#${n}`, sourceName, locationId, createdAt: this.now(),
      lineItems: [{ id: `gid://shopify/LineItem/${this.nextNumber()}`, variantId: item?.variantId ?? '', itemId, sku: item?.sku ?? null, quantity }],
      fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${this.nextNumber()}`,
    };
    this.orders.set(order.id, order);
    this.fulfillmentOrders.set(order.fulfillmentOrderId, { id: order.fulfillmentOrderId, orderId: order.id, assignedLocationId: locationId, status, lineItems: [{ itemId, quantity }] });
    return order;
  }

  setLocationActive(locationId: string, isActive: boolean): EmuLocation | undefined {
    const location = this.locations.get(locationId);
    if (location) location.isActive = isActive;
    return location;
  }

  /** Removes a location and its inventory levels, as deleting it in the admin would. */
  deleteLocation(locationId: string): EmuLocation | undefined {
    const location = this.locations.get(locationId);
    if (!location) return undefined;
    this.locations.delete(locationId);
    for (const [key, level] of [...this.levels]) if (level.locationId === locationId) this.levels.delete(key);
    return location;
  }

  logGroup(reason: string, referenceDocumentUri: string | null, changes: EmuChange[]): EmuAdjustmentGroup {
    const group: EmuAdjustmentGroup = { id: `gid://shopify/InventoryAdjustmentGroup/${this.nextNumber()}`, createdAt: this.now(), reason, referenceDocumentUri, changes };
    this.groups.push(group);
    return group;
  }

  /** Adjustment groups whose reference document is `uri` (tests assert exactly one per local document). */
  groupsFor(uri: string): EmuAdjustmentGroup[] {
    return this.groups.filter((g) => g.referenceDocumentUri === uri);
  }
}
