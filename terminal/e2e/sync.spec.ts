// Demo mode, a manager signed in: a sale's stock change turns SYNCED against the in-process Shopify emulator; a refused one
// shows FAILED with its reason and is sent again; the Shopify screen refuses a wrong token and connects with the right one;
// a sale at the counter shows SYNCED in the shift's sales list, a refused one FAILED with its reason, sent again by a manager.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, pairAndSignIn, pairPage, signInAs, test } from './box-fixture.ts';
import { openShift, payExactCash, scanBurst } from './sale-helpers.ts';

function addSaleRow(dataDir: string, ref: string, variantId: string): void {
  const db = new Database(join(dataDir, 'box.sqlite'));
  try {
    const branch = db.prepare('select id from branches limit 1').get() as { id: string };
    const now = Date.now();
    const id = `0190a000-0000-7000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
    db.prepare(`insert into outbox (id, target, kind, document_type, document_id, idempotency_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
      values (?, 'shopify', 'inventory_delta', 'sale', ?, ?, ?, 'PENDING', 0, ?, ?, ?)`)
      .run(id, `order-${ref}`, `key-${ref}`, JSON.stringify({ reason: 'other', documentType: 'sale', documentRef: ref, branchId: branch.id, changes: [{ variantId, delta: -1 }] }), now, now, now);
  } finally {
    db.close();
  }
}

test('the sync page shows a sale turning SYNCED and a refused one FAILED with its reason', async ({ page, box }) => {
  const db = new Database(join(box.dataDir, 'box.sqlite'));
  const [linked, broken] = db.prepare('select id from variants where shopify_inventory_item_id is not null order by id limit 2').all() as Array<{ id: string }>;
  db.prepare(`update variants set shopify_inventory_item_id = 'gid://shopify/InventoryItem/999999999' where id = ?`).run(broken!.id);
  db.close();

  await pairAndSignIn(page, box, 'manager');
  await page.getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByRole('cell', { name: 'Everything is in Shopify.' })).toBeVisible();
  addSaleRow(box.dataDir, 'DEMO-C1-000001', linked!.id);
  addSaleRow(box.dataDir, 'DEMO-C1-000002', broken!.id);
  const failed = page.getByTestId('sync-row').filter({ hasText: 'DEMO-C1-000002' });
  await expect(failed).toContainText('FAILED');
  await expect(failed).toContainText('INVALID_INVENTORY_ITEM');
  await expect(page.getByTestId('sync-row').filter({ hasText: 'DEMO-C1-000001' })).toHaveCount(0);
  await expect(page.getByTestId('sync-failed')).toContainText('1 failed');
  await page.screenshot({ path: 'data/screens/sync-1024.png' });
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent again' })).toContainText('DEMO-C1-000002');
});

test("the Shopify screen shows the demo shop's location mapped to the branch, refuses a wrong token and connects with the right one", async ({ page, box }) => {
  await pairAndSignIn(page, box, 'manager');
  await page.getByRole('link', { name: 'Shopify' }).click();
  await expect(page.getByLabel('Shopify location')).toHaveValue(/gid:\/\/shopify\/Location\//);
  await expect(page.getByRole('option', { name: 'Johar Town, Lahore (demo)' })).toBeAttached();
  await page.getByLabel('Shop', { exact: true }).fill('emulated');
  await page.getByLabel('Access token').fill('shpat_x');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert')).toHaveText('Shopify refused this token. Nothing was changed.');
  await page.getByLabel('Access token').fill('shpat_emulator');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected to' })).toBeVisible();
  await expect(page.getByTestId('shopify-connected')).toContainText('emulated.myshopify.com');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: 'data/screens/shopify-1024.png' });
});

test("a sale at the counter turns SYNCED in the shift's sales list; a refused one shows FAILED with its reason and a manager sends it again", async ({ page, box, browser }) => {
  const db = new Database(join(box.dataDir, 'box.sqlite'));
  const [good, refused] = db.prepare(`select v.id, (select b.barcode from variant_barcodes b where b.variant_id = v.id limit 1) as barcode
    from variants v join stock_levels s on s.variant_id = v.id
    where v.shopify_inventory_item_id is not null and v.unit = 'each' and v.active = 1 and s.on_hand > 5 and barcode is not null order by v.id limit 2`)
    .all() as Array<{ id: string; barcode: string }>;
  db.close();
  // The second item's Shopify link is stale: Shopify will refuse its stock change.
  const stale = new Database(join(box.dataDir, 'box.sqlite'));
  stale.prepare(`update variants set shopify_inventory_item_id = 'gid://shopify/InventoryItem/999999999' where id = ?`).run(refused!.id);
  stale.close();

  await page.setViewportSize({ width: 1280, height: 900 });
  await pairAndSignIn(page, box, 'cashier');
  await openShift(page, '0');
  await scanBurst(page, good!.barcode);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await payExactCash(page, 'LHR1-C1-000001');

  await page.keyboard.press('F10');
  const first = page.getByTestId('history-row').filter({ hasText: 'LHR1-C1-000001' });
  await expect(first.getByTestId('order-sync')).toHaveText(/Shopify:\s*SYNCED/);
  await page.keyboard.press('Escape');

  await scanBurst(page, refused!.barcode);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await payExactCash(page, 'LHR1-C1-000002');
  await page.keyboard.press('F10');
  const second = page.getByTestId('history-row').filter({ hasText: 'LHR1-C1-000002' });
  await expect(second.getByTestId('order-sync')).toContainText('FAILED');
  await expect(second.getByTestId('order-sync')).toContainText('INVALID_INVENTORY_ITEM');
  await expect(first.getByTestId('order-sync')).toHaveText(/Shopify:\s*SYNCED/);
  await page.screenshot({ path: 'data/screens/sale-history-sync-1280.png' });

  // A manager on counter 2 sends the failed sale again from the sync page: Shopify is asked again (with a fresh key, as
  // the refused one replays its refusal) and, the link still being stale, refuses it again.
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const manager = await other.newPage();
  await pairPage(manager, box, 'C2');
  await signInAs(manager, 'manager');
  await manager.getByRole('link', { name: 'Sync' }).click();
  const failed = manager.getByTestId('sync-row').filter({ hasText: 'LHR1-C1-000002' });
  await expect(failed).toContainText('FAILED');
  const tries = Number(await failed.getByRole('cell').nth(3).textContent());
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(manager.getByRole('status').filter({ hasText: 'Sent again with a new key' })).toContainText('LHR1-C1-000002');
  await expect(failed.getByRole('cell').nth(3)).toHaveText(String(tries + 1));
  await expect(failed).toContainText('INVALID_INVENTORY_ITEM');
  await expect(manager.getByTestId('sync-failed')).toContainText('1 failed');
  await expect(second.getByTestId('order-sync')).toContainText('FAILED');
  await other.close();
});

test('the Shopify and Sync screens warn a manager when the app was uninstalled and when the branch location was deleted in Shopify', async ({ page, box }) => {
  await pairAndSignIn(page, box, 'manager');
  // As the app/uninstalled and locations/delete webhooks leave it (the demo box has no webhook secret to receive them).
  const db = new Database(join(box.dataDir, 'box.sqlite'));
  const now = Date.now();
  db.prepare(`insert into shopify_sync_state (key, value, updated_at) values ('app.uninstalled', ?, ?)`)
    .run(JSON.stringify({ shopDomain: 'emulated.myshopify.com', at: now, eventId: 'ev-e2e' }), now);
  db.prepare('update shopify_locations set is_active = 0, deleted_at = ? where id = (select location_id from shopify_branch_locations limit 1)').run(now);
  db.close();

  await page.getByRole('link', { name: 'Shopify' }).click();
  await expect(page.getByTestId('shopify-uninstalled')).toContainText('uninstalled from emulated.myshopify.com');
  await expect(page.getByTestId('shopify-uninstalled')).toContainText('Sales go on and nothing was removed');
  await expect(page.getByTestId('shopify-location-warning')).toContainText('was deleted in Shopify');
  await page.screenshot({ path: 'data/screens/shopify-warnings-1024.png' });
  await page.getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByTestId('sync-uninstalled')).toContainText('stock changes wait here until a manager reconnects');
  await expect(page.getByTestId('sync-location-warning')).toContainText('map the branch to an active location');
});
