import { describe, expect, it } from 'vitest';
import { isValidEan13 } from '../shared/ean13.ts';
import { generateDemoCatalog } from './demo-catalog.ts';

describe('demo catalog', () => {
  it('yields exactly the requested number of variants', () => {
    for (const count of [1, 10, 999, 5000]) {
      const total = [...generateDemoCatalog(count)].reduce((n, p) => n + p.variants.length, 0);
      expect(total).toBe(count);
    }
  });

  it('is the same catalog for the same seed and a different one for another seed', () => {
    const a = JSON.stringify([...generateDemoCatalog(500)]);
    expect(JSON.stringify([...generateDemoCatalog(500)])).toBe(a);
    expect(JSON.stringify([...generateDemoCatalog(500, 7)])).not.toBe(a);
  });

  it('has unique valid EAN-13 barcodes, unique SKUs and PKR prices a shop would use', () => {
    const variants = [...generateDemoCatalog(20_000)].flatMap((p) => p.variants);
    const barcodes = variants.flatMap((v) => (v.barcode ? [v.barcode] : []));
    expect(new Set(barcodes).size).toBe(barcodes.length);
    expect(barcodes.every(isValidEan13)).toBe(true);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    for (const v of variants) {
      expect(v.price % 100).toBe(0); // whole rupees
      expect(v.price).toBeGreaterThanOrEqual(70_00);
      if (v.compareAtPrice !== null) expect(v.compareAtPrice).toBeGreaterThan(v.price);
      expect(v.stock).toBeGreaterThanOrEqual(0);
    }
    expect(variants.some((v) => v.unit === 'g' && v.barcode === null)).toBe(true); // loose goods sold by weight
  });
});
