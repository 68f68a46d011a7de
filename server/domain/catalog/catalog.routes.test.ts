import { describe, expect, it } from 'vitest';
import { createApp } from '../../http/app.ts';
import { completeEan13 } from '../../shared/ean13.ts';
import { aBranch, aVariant, testDeps } from '../../test/builders.ts';
import { aPairedDevice } from '../../test/staff-builders.ts';

function box() {
  const deps = testDeps();
  const branch = aBranch(deps.db);
  const kurta = aVariant(deps.db, { title: 'Lawn Kurta', barcode: '8960000000019', stock: 4, branchId: branch.id });
  const daal = aVariant(deps.db, { title: 'Daal Chana', barcode: '2112345', unit: 'g', price: '400.00' });
  const { cookie } = aPairedDevice(deps.db, deps.clock);
  const app = createApp(deps);
  const get = async (url: string, headers: Record<string, string> = { cookie }) => {
    const response = await app.request(url, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { kurta, daal, get };
}

describe('catalog routes', () => {
  it('look a barcode up for a paired counter, with stock and weighed quantities', async () => {
    const b = box();
    expect(await b.get('/api/v1/catalog/lookup?barcode=8960000000019')).toMatchObject({ status: 200, body: { variant: { variantId: b.kurta, stock: 4 }, quantity: null } });
    expect(await b.get(`/api/v1/catalog/lookup?barcode=${completeEan13('211234500750')}`)).toMatchObject({ status: 200, body: { variant: { variantId: b.daal }, quantity: 750 } });
    expect(await b.get('/api/v1/catalog/lookup?barcode=404')).toMatchObject({ status: 404, body: { error: { code: 'BARCODE_NOT_FOUND' } } });
    expect(await b.get('/api/v1/catalog/lookup?barcode=')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it('search as you type, and refuse an unpaired browser', async () => {
    const b = box();
    expect(await b.get('/api/v1/catalog/search?q=lawn%20ku')).toMatchObject({ status: 200, body: { items: [{ variantId: b.kurta }], corrected: false } });
    expect(await b.get('/api/v1/catalog/search?q=lawn', {})).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });
});
