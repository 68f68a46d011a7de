import { describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/ean13.ts';
import { aBranch, aVariant } from '../../test/builders.ts';
import { testDb } from '../../test/db.ts';
import { lookupBarcode } from './catalog.lookup.ts';
import { parseScaleBarcode } from './catalog.scale.ts';
import { editDistance, searchCatalog } from './catalog.search.ts';

const SCALE = { prefixes: '20-29', itemDigits: 5, valueKind: 'weight' as const };

function shop() {
  const db = testDb();
  const branch = aBranch(db);
  const kurta = aVariant(db, { title: 'Lawn Kurta', sku: 'KUR-0001-M', barcode: '8960000000019', stock: 7, branchId: branch.id });
  const dupatta = aVariant(db, { title: 'Chiffon Dupatta', sku: 'DUP-0002', barcode: '8960000000026' });
  const chappal = aVariant(db, { title: 'Peshawari Chappal', sku: 'PCH-0003', barcode: '8960000000033' });
  const daal = aVariant(db, { title: 'Daal Chana (loose)', sku: 'DAL-1', barcode: '2112345', unit: 'g', price: '400.00' });
  return { db, branch, kurta, dupatta, chappal, daal };
}

describe('barcode lookup', () => {
  it('finds an exact barcode with its stock at the branch', () => {
    const { db, branch, kurta } = shop();
    const found = lookupBarcode(db, '8960000000019', SCALE, branch.id);
    expect(found.ok && found.value.variant).toMatchObject({ variantId: kurta, stock: 7, sku: 'KUR-0001-M', price: 199000 });
  });

  it('finds a SKU typed into the scan field', () => {
    const { db, branch, dupatta } = shop();
    const found = lookupBarcode(db, 'DUP-0002', SCALE, branch.id);
    expect(found.ok && found.value.variant.variantId).toBe(dupatta);
  });

  it.each([
    ['weight', completeEan13('211234501250'), { quantity: 1250, embeddedPrice: null }],
    ['price', completeEan13('211234500520'), { quantity: null, embeddedPrice: 520 }],
  ] as const)('reads a weighed-goods barcode carrying a %s', (valueKind, code, expected) => {
    const { db, branch, daal } = shop();
    const found = lookupBarcode(db, code, { ...SCALE, valueKind }, branch.id);
    expect(found.ok && { id: found.value.variant.variantId, quantity: found.value.quantity, embeddedPrice: found.value.embeddedPrice })
      .toEqual({ id: daal, ...expected });
  });

  it.each([
    ['an unknown code', '8960000009999'],
    ['a scale code with a bad check digit', '2112345012509'],
    ['a scale code outside the configured prefixes', completeEan13('301234501250')],
  ])('answers BARCODE_NOT_FOUND for %s', (_name, code) => {
    const { db, branch } = shop();
    const found = lookupBarcode(db, code, SCALE, branch.id);
    expect(!found.ok && found.error.code).toBe('BARCODE_NOT_FOUND');
  });

  it('parses only the configured prefixes and digit split', () => {
    expect(parseScaleBarcode(completeEan13('221234001250'), { prefixes: '21,22', itemDigits: 4, valueKind: 'weight' }))
      .toEqual({ prefix: '22', itemCode: '1234', value: 1250, valueKind: 'weight' });
    expect(parseScaleBarcode(completeEan13('231234001250'), { prefixes: '21,22', itemDigits: 4, valueKind: 'weight' })).toBeNull();
  });
});

describe('catalog search', () => {
  it.each([
    ['a prefix of a word', 'kur', 'kurta'],
    ['several word prefixes', 'lawn ku', 'kurta'],
    ['a size letter after a word, taken whole', 'kurta m', 'kurta'],
    ['a SKU', 'PCH-0003', 'chappal'],
    ['a barcode prefix', '89600000000', null],
    ['a word with one typo', 'peshawri', 'chappal'],
    ['two words with swapped letters', 'chifon dupatat', 'dupatta'],
    ['an accented spelling', 'dupättä', 'dupatta'],
  ] as const)('finds %s', (_name, query, expected) => {
    const s = shop();
    const result = searchCatalog(s.db, query, { branchId: s.branch.id });
    if (expected === null) expect(result.items.length).toBe(4 - 1); // the three EAN-13 items
    else expect(result.items[0]?.variantId).toBe(s[expected]);
  });

  it('puts an exact barcode first and says when it corrected spelling', () => {
    const s = shop();
    expect(searchCatalog(s.db, '8960000000033', { branchId: s.branch.id }).items[0]?.variantId).toBe(s.chappal);
    expect(searchCatalog(s.db, 'peshawri', { branchId: s.branch.id }).corrected).toBe(true);
    expect(searchCatalog(s.db, 'peshawar', { branchId: s.branch.id }).corrected).toBe(false);
  });

  it('returns nothing for a one-letter query or gibberish', () => {
    const s = shop();
    expect(searchCatalog(s.db, 'k', { branchId: s.branch.id }).items).toEqual([]);
    expect(searchCatalog(s.db, 'zzqxw', { branchId: s.branch.id }).items).toEqual([]);
  });

  it('stays in step with every writer: renames, barcode changes, deactivation', () => {
    const s = shop();
    const raw = s.db.$client;
    raw.prepare("update products set title = 'Embroidered Shawl' where id = (select product_id from variants where id = ?)").run(s.kurta);
    expect(searchCatalog(s.db, 'kurta', { branchId: null }).items).toEqual([]);
    expect(searchCatalog(s.db, 'embroid', { branchId: null }).items[0]?.variantId).toBe(s.kurta);
    raw.prepare("insert into variant_barcodes (barcode, variant_id) values ('5551112223334', ?)").run(s.dupatta);
    expect(searchCatalog(s.db, '555111', { branchId: null }).items[0]?.variantId).toBe(s.dupatta);
    raw.prepare("delete from variant_barcodes where barcode = '5551112223334'").run();
    expect(searchCatalog(s.db, '555111', { branchId: null }).items).toEqual([]);
    raw.prepare("update variants set sku = 'NEW-SKU-9' where id = ?").run(s.chappal);
    expect(searchCatalog(s.db, 'NEW-SKU-9', { branchId: null }).items[0]?.variantId).toBe(s.chappal);
    raw.prepare('update variants set active = 0 where id = ?').run(s.chappal);
    expect(searchCatalog(s.db, 'peshawari', { branchId: null }).items).toEqual([]);
  });

  it.each([
    ['kurta', 'kurta', 0], ['kurat', 'kurta', 1], ['kurta', 'kurtas', 1], ['dupata', 'dupatta', 1], ['abc', 'xyz', 2],
  ])('edit distance %s → %s is %i (capped)', (a, b, d) => {
    expect(editDistance(a, b, 1)).toBe(Math.min(d, 2));
  });
});
