// Public face of the Shopify Admin emulator (tests and demo mode).
export { ShopifyEmulator, EMULATOR_SHOP_DOMAIN, type EmulatorOptions, type Fault, type FaultKind, type WebhookDelivery } from './emulator.ts';
export { EmulatorStore, QUANTITY_NAMES, ADJUSTMENT_REASONS, type SeedProduct, type SeedVariant, type EmuAdjustmentGroup, type EmuOrder, type EmuFulfillmentOrder, type EmuLocation } from './store.ts';
export { PLAN_PRESETS, type CostExtension, type ThrottleStatus } from './cost.ts';
