// Public face of the catalog room.
export { addProducts, countVariants, findVariantsBySku, type NewProduct, type NewVariant, type VariantForLabel } from './catalog.service.ts';
export type { VariantUnit } from './catalog.sql.ts';
