// Public face of the catalog room.
export { addProducts, countVariants, type NewProduct, type NewVariant } from './catalog.service.ts';
export type { VariantUnit } from './catalog.sql.ts';
