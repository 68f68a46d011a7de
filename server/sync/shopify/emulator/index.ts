// Public face of the Shopify Admin emulator (tests and demo mode).
export { ShopifyEmulator, type EmulatorOptions, type Fault, type FaultKind, type WebhookDelivery } from './emulator.ts';
export { EmulatorStore, QUANTITY_NAMES, ADJUSTMENT_REASONS, type SeedProduct, type SeedVariant, type EmuAdjustmentGroup } from './store.ts';
export { PLAN_PRESETS, type CostExtension, type ThrottleStatus } from './cost.ts';
