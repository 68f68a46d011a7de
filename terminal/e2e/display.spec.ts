// The customer display in real Chromium: a second window of the counter's kiosk mirrors the cart live and shows the
// change after a cash sale; an unpaired browser is asked to pair; the shelf-label screen prints and downloads labels.
import { expect, pairingCode, pairPage, signInAs, test } from './box-fixture.ts';
import { openShift, scanBurst } from './sale-helpers.ts';

interface Item { variantId: string; barcode: string | null; title: string; unit: string }

test('the display mirrors the counter cart, then thanks the customer with the change due', async ({ page, box, browser }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await pairPage(page, box, 'C1');
  await signInAs(page, 'cashier');
  await openShift(page, '5000');

  // The second screen of the same kiosk (same paired browser) opens /display/C1.
  const display = await page.context().newPage();
  await display.setViewportSize({ width: 1920, height: 1080 });
  await display.goto(`${box.url}/display/C1`);
  await expect(display.getByTestId('display-idle')).toBeVisible();
  await expect(display.getByTestId('display-idle')).toContainText('Johar Town');
  await expect(display.getByRole('button')).toHaveCount(0); // no controls facing the customer
  await display.screenshot({ path: 'data/screens/display-idle-1920.png' });

  const { items } = (await (await page.request.get(`${box.url}/api/v1/catalog/search?q=kurta&limit=50`)).json()) as { items: Item[] };
  const [a, b] = items.filter((i) => i.barcode && i.unit === 'each');
  await page.bringToFront();
  await scanBurst(page, a!.barcode!);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(display.getByTestId('display-line')).toHaveCount(1);
  await expect(display.getByTestId('display-line')).toContainText(a!.title);
  await expect(display.getByTestId('display-total')).toHaveText((await page.getByTestId('cart-total').textContent())!);

  await scanBurst(page, b!.barcode!);
  await page.getByRole('button', { name: `One more ${b!.title}` }).click();
  await expect(page.getByTestId('cart-line').filter({ hasText: b!.title }).getByTestId('line-qty')).toHaveValue('2');
  await expect(display.getByTestId('display-line')).toHaveCount(2);
  await expect(display.getByTestId('display-line').last()).toContainText(`2 ×`);
  await expect(display.getByTestId('display-count')).toHaveText('3');

  // A 5 % line discount (within the cashier's limit) shows as a saving on the line and in the totals.
  await page.getByRole('button', { name: `Discount or price for ${a!.title}` }).click();
  await page.getByTestId('line-discount').fill('5');
  await page.getByTestId('line-discount').press('Enter');
  await expect(page.getByTestId('cart-line').filter({ hasText: a!.title })).toContainText('−Rs');
  await expect(display.getByTestId('display-line').filter({ hasText: a!.title })).toContainText('You save');
  await expect(display.getByTestId('display-discount')).toBeVisible();
  const total = (await page.getByTestId('cart-total').textContent())!;
  await expect(display.getByTestId('display-total')).toHaveText(total);
  await display.screenshot({ path: 'data/screens/display-cart-1920.png' });
  await display.setViewportSize({ width: 1024, height: 768 });
  await display.screenshot({ path: 'data/screens/display-cart-1024.png' });

  // Cash: the next 1,000 rupees above the total; the display shows the same change as the counter.
  const cart = (await (await page.request.get(`${box.url}/api/v1/cart`)).json()) as { total: number };
  const cash = Math.ceil((cart.total + 1) / 100000) * 100000;
  await page.getByTestId('pay').click();
  await page.getByTestId('tender-amount').fill((cash / 100).toFixed(2));
  await page.getByTestId('tender-amount').press('Enter');
  await page.getByTestId('complete-sale').click();
  await expect(page.getByTestId('receipt-number')).toHaveText('LHR1-C1-000001');
  await expect(display.getByTestId('display-thanks')).toContainText('Thank you');
  await expect(display.getByTestId('display-change')).toHaveText((await page.getByTestId('change-due').textContent())!);
  await expect(display.getByTestId('display-thanks')).toContainText('LHR1-C1-000001');
  await display.screenshot({ path: 'data/screens/display-thanks-1024.png' });
  await display.setViewportSize({ width: 1920, height: 1080 });
  await display.screenshot({ path: 'data/screens/display-thanks-1920.png' });

  // The next customer's first scan replaces the thank-you.
  await scanBurst(page, a!.barcode!);
  await expect(display.getByTestId('display-line')).toHaveCount(1);

  // A browser that was never paired is asked for a pairing code, and sees no cart.
  const stranger = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const unpaired = await stranger.newPage();
  await unpaired.goto(`${box.url}/display/C1`);
  await expect(unpaired.getByRole('heading', { name: 'Pair this screen as a customer display' })).toBeVisible();
  await expect(unpaired.getByTestId('display-line')).toHaveCount(0);
  await unpaired.screenshot({ path: 'data/screens/display-unpaired-1024.png' });

  // Paired with a customer-display code it shows the counter's cart, and the counter screens send it back to /display.
  for (const digit of pairingCode(box, 'C1', true)) await unpaired.keyboard.press(`Digit${digit}`);
  await unpaired.keyboard.press('Enter');
  await expect(unpaired.getByTestId('display-line')).toHaveCount(1);
  await unpaired.goto(`${box.url}/sell`);
  await expect(unpaired).toHaveURL(/\/display$/);
  await expect(unpaired.getByTestId('display-line')).toHaveCount(1);
  await stranger.close();
});

test('shelf labels: find items, print them on the counter printer, download a PDF, give a loose item a barcode that scans', async ({ page, box }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await pairPage(page, box, 'C1');
  await signInAs(page, 'manager');
  await page.getByRole('link', { name: 'Labels' }).click();

  await page.getByTestId('label-search').fill('kurta');
  await expect(page.getByTestId('label-result').first()).toBeVisible();
  const first = page.getByTestId('label-result').first();
  const title = (await first.locator('.title').textContent())!;
  await first.getByRole('button', { name: `Add ${title}` }).click();
  await page.getByRole('button', { name: 'One copy more' }).click();
  await expect(page.getByTestId('label-count')).toHaveText('2');

  await page.getByTestId('label-search').fill('daal loose');
  const bare = page.getByTestId('label-result').filter({ hasText: 'No barcode' }).first();
  await expect(bare).toBeVisible();
  const sku = (await bare.getByTestId('label-sku').textContent())!;
  const loose = page.getByTestId('label-result').filter({ has: page.getByTestId('label-sku').getByText(sku, { exact: true }) });
  await loose.getByRole('button', { name: 'Assign barcode' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'now has the in-store barcode 29' })).toBeVisible();
  await expect(loose.getByTestId('label-barcode')).toHaveText(/^29\d{11}$/);
  const code = (await loose.getByTestId('label-barcode').textContent())!;
  await loose.getByRole('button', { name: /^Add / }).click();
  await expect(page.getByTestId('label-count')).toHaveText('3');
  await page.screenshot({ path: 'data/screens/labels-1024.png' });

  await page.getByRole('button', { name: 'Print on counter printer' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 label(s) sent to' })).toBeVisible();
  type Printed = { jobs: Array<{ transcript: string[] }> };
  const printed = async () => (await (await page.request.get(`${box.url}/api/v1/demo/virtual-printer`)).json()) as Printed;
  await expect.poll(async () => (await printed()).jobs.filter((j) => j.transcript.some((l) => l.includes('[BARCODE'))).length).toBe(3);
  expect((await printed()).jobs.some((j) => j.transcript.includes(`[BARCODE ean13 ${code.slice(0, 12)}]`))).toBe(true);

  // The new barcode scans: the lookup the sale screen uses finds the loose item by it.
  const found = (await (await page.request.get(`${box.url}/api/v1/catalog/lookup?barcode=${code}`)).json()) as { variant: { sku: string } };
  expect(found.variant.sku).toBe(sku);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PDF' }).click();
  expect((await download).suggestedFilename()).toBe('labels.pdf');
});
