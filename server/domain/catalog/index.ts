// Public face of the catalog room.
export { addProducts, countVariants, findVariantsBySku, type NewProduct, type NewVariant, type VariantForLabel } from './catalog.service.ts';
export type { VariantUnit } from './catalog.sql.ts';
export { getVariants, getStockLevels, lookupBarcode, type VariantView, type BarcodeMatch } from './catalog.lookup.ts';
export { searchCatalog, type SearchResult } from './catalog.search.ts';
export { parseScaleBarcode, type ScaleBarcodeSettings } from './catalog.scale.ts';
export { scaleSettings, internalBarcodeSettings } from './catalog.settings.ts';
export { assignInternalBarcode, type AssignedBarcode, type InternalBarcodeSettings } from './catalog.barcodes.ts';
export { catalogRoutes } from './catalog.routes.ts';
export { upsertShopifyProduct, findVariantByShopifyId, beginShopifyImport, deactivateUnseenShopifyProducts, deactivateShopifyProduct, type ImportedProduct, type ImportedVariant } from './catalog.import.ts';
