// Public face of the catalog room.
export { addProducts, countVariants, type NewProduct, type NewVariant } from './catalog.service.ts';
export type { VariantUnit } from './catalog.sql.ts';
export { upsertShopifyProduct, findVariantByShopifyId, beginShopifyImport, deactivateUnseenShopifyProducts, deactivateShopifyProduct, type ImportedProduct, type ImportedVariant } from './catalog.import.ts';
