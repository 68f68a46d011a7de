// Device health page in real Chromium: the demo box scanner shows up, drops scans until assigned, is renamed and
// assigned to Counter 2 by a manager, then its scans add lines on Counter 2's sale screen (errors show as a kiosk scan's).
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, pairPage, signInAs, test } from './box-fixture.ts';
import { openShift } from './sale-helpers.ts';

interface Item { barcode: string | null; title: string; unit: string }

async function anItemWithBarcode(page: Page, url: string): Promise<Item> {
  const response = await page.request.get(`${url}/api/v1/catalog/search?q=kurta&limit=20`);
  const { items } = (await response.json()) as { items: Item[] };
  const item = items.find((i) => i.barcode && i.unit === 'each');
  expect(item).toBeTruthy();
  return item!;
}

test('a manager sees the box scanner, assigns it to a counter, and its scans land on that counter\'s sale screen', async ({ page, box, browser }) => {
  mkdirSync('data/screens', { recursive: true });
  // The manager on Counter 1 opens the device health page.
  await pairPage(page, box, 'C1');
  await signInAs(page, 'manager');
  await page.getByRole('link', { name: 'Devices' }).click();
  const scanner = page.getByTestId('hardware-device').filter({ hasText: 'Scanner (DEMO)' });
  await expect(scanner).toBeVisible();
  await expect(scanner.getByTestId('device-health')).toHaveText('Not assigned');
  await expect(scanner.getByTestId('device-counter-name')).toContainText('Not assigned');
  const printer = page.getByTestId('hardware-device').filter({ hasText: 'Virtual printer (DEMO)' });
  await expect(printer).toBeVisible();

  // A cashier on Counter 2 (another kiosk) is ready to sell.
  const counter2 = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await pairPage(counter2, box, 'C2');
  await signInAs(counter2, 'cashier');
  await openShift(counter2, '2000');
  const item = await anItemWithBarcode(counter2, box.url);

  const scan = async (code: string) => {
    const response = await page.request.post(`${box.url}/api/v1/demo/box-scanner/scan`, { data: { code } });
    expect(response.status()).toBe(202);
  };

  // Not assigned yet: the scan is dropped, and the health page says so at once.
  await scan(item.barcode!);
  await expect(scanner.getByTestId('device-error')).toContainText('scan dropped: not assigned to a counter');
  await expect(counter2.getByTestId('cart-line')).toHaveCount(0);

  // Rename it and give it to Counter 2.
  await scanner.getByTestId('device-rename').click();
  await page.getByTestId('device-new-name').fill('Till 2 scanner');
  await page.getByTestId('device-save-name').click();
  const renamed = page.getByTestId('hardware-device').filter({ hasText: 'Till 2 scanner' });
  await expect(renamed.getByTestId('device-name')).toHaveText('Till 2 scanner');
  await renamed.getByTestId('device-counter').selectOption({ label: 'Counter 2' });
  await expect(renamed.getByTestId('device-health')).toHaveText('Connected');
  await expect(renamed.getByTestId('device-counter-name')).toHaveText('Counter 2');

  // Scans now reach Counter 2's cart (live), twice → quantity 2; Counter 1 stays empty.
  await scan(item.barcode!);
  await expect(counter2.getByTestId('cart-line')).toHaveCount(1);
  await expect(counter2.getByTestId('cart-line')).toContainText(item.title);
  await scan(item.barcode!);
  await expect(counter2.getByTestId('cart-line').getByTestId('line-qty')).toHaveValue('2');
  // An unknown barcode: Counter 2 sees the error a kiosk scan gets; the health page shows the scanner working.
  await scan('8969999999994');
  await expect(counter2.getByTestId('scan-error')).toContainText('no item has the barcode 8969999999994');
  await expect(counter2.getByTestId('cart-line')).toHaveCount(1);
  await expect(renamed.getByTestId('device-error')).toHaveCount(0);

  // Printer states arrive live too: paper out on the virtual printer shows on its card, then clears.
  const paper = async (state: 'out' | 'ok') => expect((await page.request.post(`${box.url}/api/v1/demo/virtual-printer/state`, { data: { paper: state } })).status()).toBe(200);
  await paper('out');
  await expect(printer.getByTestId('device-health')).toHaveText('Paper out');
  await page.screenshot({ path: 'data/screens/devices-health-paper-out.png' });
  await paper('ok');
  await expect(printer.getByTestId('device-health')).toHaveText('Ready');

  await page.screenshot({ path: 'data/screens/devices-health.png' });
  await counter2.screenshot({ path: 'data/screens/devices-box-scan-sale.png' });
  await counter2.close();
});
