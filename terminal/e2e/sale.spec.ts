// A sale at the counter in real Chromium: open shift, scanner bursts, quantity, approved discount, split card + cash,
// change due and receipt number; the virtual printer prints the receipt and kicks the drawer; paper out shows on the
// counter; the cart survives a reload; a parked draft resumes on a second counter with its salesperson and note.
import type { Page } from '@playwright/test';
import { approveAs, demoStaff, expect, pairPage, signInAs, test } from './box-fixture.ts';
import { openShift, scanBurst } from './sale-helpers.ts';

interface Item { variantId: string; barcode: string | null; title: string; unit: string; stock: number | null }

async function itemsWithBarcodes(page: Page, url: string, query: string, count: number): Promise<Item[]> {
  const response = await page.request.get(`${url}/api/v1/catalog/search?q=${query}&limit=50`);
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: Item[] };
  const picked = items.filter((i) => i.barcode && i.unit === 'each').slice(0, count);
  expect(picked).toHaveLength(count);
  return picked;
}

test('sell three scanned items with a discount, split card + cash; the cart survives a reload; a draft resumes on counter 2', async ({ page, box, browser }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await pairPage(page, box, 'C1');
  await signInAs(page, 'cashier');
  await openShift(page, '5000');
  const [a, b, c] = await itemsWithBarcodes(page, box.url, 'kurta', 3);

  // Three scans: two bursts on a US layout and one on an Urdu layout; an unknown code changes nothing.
  await scanBurst(page, a!.barcode!);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await scanBurst(page, b!.barcode!);
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await scanBurst(page, c!.barcode!, 'ur');
  await expect(page.getByTestId('cart-line')).toHaveCount(3);
  await expect(page.getByTestId('scan-input')).toHaveValue('');
  await scanBurst(page, '8969999999994');
  await expect(page.getByTestId('scan-error')).toContainText('no item has the barcode 8969999999994');
  await expect(page.getByTestId('cart-line')).toHaveCount(3);

  // Search as you type finds an item by a misspelt name.
  await page.getByTestId('scan-input').pressSequentially('kurat', { delay: 60 });
  await expect(page.getByTestId('search-results')).toContainText('Kurta');
  await page.keyboard.press('Escape');

  // Change a quantity with the big + button.
  await page.getByRole('button', { name: `One more ${a!.title}` }).click();
  await expect(page.getByTestId('cart-line').filter({ hasText: a!.title }).getByTestId('line-qty')).toHaveValue('2');

  // 10 % off is above the cashier's 5 %: a manager approves it on the same screen.
  await page.keyboard.press('F6');
  await page.getByTestId('discount-value').fill('10');
  await page.getByRole('button', { name: 'Apply discount' }).click();
  await approveAs(page, 'manager');
  await expect(page.getByTestId('discount-total')).toBeVisible();

  // 5 % off one line is within the cashier's own limit.
  await page.getByRole('button', { name: `Discount or price for ${b!.title}` }).click();
  await page.getByTestId('line-discount').fill('5');
  await page.getByTestId('line-discount').press('Enter');
  await expect(page.getByTestId('cart-line').filter({ hasText: b!.title })).toContainText('−Rs');

  // A reload mid-cart finds the same cart on the box.
  const before = await page.getByTestId('cart-total').textContent();
  await page.reload();
  await expect(page.getByTestId('cart-line')).toHaveCount(3);
  await expect(page.getByTestId('cart-total')).toHaveText(before!);
  await expect(page.getByTestId('discount-total')).toBeVisible();

  // Pay: part by card (slip and last 4), the rest in cash with change.
  const cart = (await (await page.request.get(`${box.url}/api/v1/cart`)).json()) as { total: number };
  await page.getByTestId('pay').click();
  await page.keyboard.press('F2');
  await page.getByTestId('tender-amount').fill('1000.00');
  await page.getByTestId('tender-reference').fill('SLIP-77');
  await page.getByTestId('tender-last4').fill('4242');
  await page.getByTestId('tender-last4').press('Enter');
  await page.keyboard.press('F1');
  const cash = Math.ceil((cart.total - 100000) / 100000) * 100000 + 50000; // the next 1,000 rupees above the rest, plus 500
  await page.getByTestId('tender-amount').fill((cash / 100).toFixed(2));
  await page.getByTestId('tender-amount').press('Enter');
  await expect(page.getByTestId('pay-change')).toBeVisible();
  await page.getByTestId('complete-sale').click();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^LHR1-C1-000001$/);
  await expect(page.getByTestId('change-due')).not.toHaveText(/^Rs\s?0\.00$/);
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await page.screenshot({ path: 'data/screens/sale-done-1280.png' });

  // The demo's virtual printer printed the receipt (number and total) and took the drawer kick for the cash part.
  type Printed = { jobs: Array<{ transcript: string[] }>; pulses: Array<{ pin: number }> };
  const printed = async () => (await (await page.request.get(`${box.url}/api/v1/demo/virtual-printer`)).json()) as Printed;
  await expect.poll(async () => (await printed()).jobs.filter((j) => j.transcript.some((l) => l.includes('LHR1-C1-000001'))).length).toBe(1);
  const snapshot = await printed();
  const receipt = snapshot.jobs.find((j) => j.transcript.some((l) => l.includes('LHR1-C1-000001')))!;
  const total = (cart.total / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  expect(receipt.transcript.some((l) => l.startsWith('TOTAL') && l.endsWith(total))).toBe(true);
  expect(receipt.transcript).toContain('[BARCODE code128 LHR1-C1-000001]');
  expect(snapshot.pulses).toHaveLength(1);

  // The shift's sales list offers a reprint.
  await page.keyboard.press('F10');
  await page.getByRole('button', { name: 'Reprint LHR1-C1-000001' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Reprinting LHR1-C1-000001' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await printed()).jobs.filter((j) => j.transcript.some((l) => l.includes('DUPLICATE COPY'))).length).toBe(1);
  expect((await printed()).pulses).toHaveLength(1); // a reprint never opens the drawer

  // Paper runs out: the counter says so; loading paper clears it.
  expect((await page.request.post(`${box.url}/api/v1/demo/virtual-printer/state`, { data: { paper: 'out' } })).status()).toBe(200);
  await expect(page.getByTestId('printer-problem')).toHaveText('Virtual printer (DEMO): paper out');
  expect((await page.request.post(`${box.url}/api/v1/demo/virtual-printer/state`, { data: { paper: 'ok' } })).status()).toBe(200);
  await expect(page.getByTestId('printer-problem')).toHaveCount(0);

  // Park a new cart as a draft on counter 1 ...
  await scanBurst(page, b!.barcode!);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  // ... with who is selling it and a note, which travel with the draft.
  const seller = demoStaff('supervisor');
  await page.getByTestId('sale-details').click();
  const details = page.getByRole('dialog', { name: 'Salesperson and note' });
  await details.getByRole('button', { name: seller.name }).click();
  await details.getByTestId('sale-note').fill('Hem the sleeves, collect Friday');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('sale-details-summary')).toHaveText(`Sold by ${seller.name} · “Hem the sleeves, collect Friday”`);
  await page.keyboard.press('F7');
  await page.getByTestId('draft-name').fill('Sana fitting room');
  await page.getByTestId('draft-name').press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(0);

  // ... and resume it on counter 2.
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page2 = await other.newPage();
  await pairPage(page2, box, 'C2');
  await signInAs(page2, 'supervisor');
  await openShift(page2, '0');
  await page2.keyboard.press('F8');
  await page2.getByRole('button', { name: 'Resume Sana fitting room' }).click();
  await expect(page2.getByTestId('cart-line')).toHaveCount(1);
  await expect(page2.getByTestId('cart-line')).toContainText(b!.title);
  await expect(page2.getByTestId('sale-details-summary')).toHaveText(`Sold by ${seller.name} · “Hem the sleeves, collect Friday”`);
  await page2.screenshot({ path: 'data/screens/sale-resumed-draft-1280.png' });
  await other.close();
});
