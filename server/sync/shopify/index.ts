// Public face of the Shopify sync.
export { createShopifyClient, normalizeShopDomain, type ShopifyClient, type ShopifyConnection, type ShopifyFailure, type FetchLike } from './client.ts';
export { connectShopify, readConnection, removeConnection, connectionFile } from './connection.ts';
export { refreshLocations, listLocations, mapBranchToLocation, locationOfBranch, saveLocations, type ShopifyLocation } from './locations.ts';
export { ShopifyPushWorker, formBatches, requeueFailedBatches, documentUri, type InventoryDeltaPayload, type PassSummary } from './push.ts';
export { activeUninstall, connectedClient, processEmulator, shopifyFetch } from './runtime.ts';
export { buildDriftReport, type DriftLine } from './drift.ts';
export { ensureWebhookSubscriptions, WEBHOOK_TOPICS } from './subscriptions.ts';
