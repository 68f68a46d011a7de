// The drift report lists items whose Shopify stock differs from the box's expectation, with a likely cause.
import { describe, expect, it } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import { aBranch, aVariant } from '../../test/builders.ts';
import { testDb } from '../../test/db.ts';
import { FakeClock } from '../../test/fake-clock.ts';
import { enqueueOutbox } from '../outbox/index.ts';
import { createShopifyClient } from './client.ts';
import { buildDriftReport } from './drift.ts';
import { ShopifyEmulator } from './emulator/index.ts';
import { mapBranchToLocation, saveLocations } from './locations.ts';

describe('Shopify drift report', () => {
  it('finds admin edits and unstocked items, and is not fooled by pending pushes', async () => {
    const db = testDb();
    const clock = new FakeClock();
    const emu = new ShopifyEmulator({ clock });
    const branch = aBranch(db);
    const loc = emu.store.addLocation({ name: 'Lahore' });
    saveLocations(db, [{ id: loc.id, legacyResourceId: loc.legacyResourceId, name: loc.name, isActive: true }], clock.now());
    mapBranchToLocation(db, branch.id, loc.id, clock.now());
    const link = (sku: string, stocked: boolean) => {
      const { variants } = emu.store.addProduct({ title: sku, variants: [{ sku, price: '1.00', levels: stocked ? { [loc.id]: 10 } : {} }] });
      const id = aVariant(db, { sku, stock: 10, branchId: branch.id });
      db.$client.prepare('update variants set shopify_inventory_item_id = ? where id = ?').run(variants[0]!.inventoryItemId, id);
      return { id, item: variants[0]!.inventoryItemId };
    };
    const same = link('SAME', true);
    const edited = link('EDITED', true);
    const unstocked = link('UNSTOCKED', false);
    const pending = link('PENDING', true);
    emu.store.simulateAdminEdit(loc.id, edited.item, -3);
    // A local sale not yet pushed: local 8, Shopify still 10 — that is expected, not drift.
    db.$client.prepare('update stock_levels set on_hand = 8 where variant_id = ?').run(pending.id);
    transaction(db, (tx) => enqueueOutbox(tx, { target: 'shopify', kind: 'inventory_delta', documentType: 'sale', documentId: 'o', payload: { reason: 'other', documentType: 'sale', documentRef: 'R', branchId: branch.id, changes: [{ variantId: pending.id, delta: -2 }] } }, clock.now()));
    const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
    const r = await buildDriftReport(db, client, branch.id, async (ms) => { clock.advance(ms); });
    expect(r.ok && r.value.checked).toBe(4);
    expect(r.ok && r.value.lines.map((l) => [l.sku, l.difference, l.likelyCause.split(' ').slice(0, 4).join(' ')])).toEqual([
      ['EDITED', -3, 'changed outside the box'],
      ['UNSTOCKED', null, 'the item is not'],
    ]);
    expect(same).toBeDefined();
  });
});
