// Browser-test helpers for the sale screen: open a shift, scan like a keyboard-wedge scanner, pay a sale in exact cash.
import { expect, type Page } from '@playwright/test';

/**
 * A keyboard-wedge scanner: key events a couple of milliseconds apart, then Enter, dispatched inside the page so the
 * timing is the scanner's and not the test runner's (CDP round trips on a busy machine are slower than a person).
 * `layout: 'ur'` sends what an Urdu keyboard layout reports: Urdu digits in `key`, the physical keys in `code`.
 */
export async function scanBurst(page: Page, barcode: string, layout: 'us' | 'ur' = 'us'): Promise<void> {
  await page.evaluate(async ({ digits, layout }) => {
    const urdu = '۰۱۲۳۴۵۶۷۸۹';
    const target = document.activeElement ?? document.body;
    const press = (key: string, code: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key, code, bubbles: true, cancelable: true }));
    for (const d of digits) {
      press(layout === 'ur' ? urdu[Number(d)]! : d, `Digit${d}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    press('Enter', 'Enter');
  }, { digits: barcode, layout });
}

/** Goes to the sale screen and opens a shift with this opening float; the scan field is ready after. */
export async function openShift(page: Page, float: string): Promise<void> {
  await page.getByRole('link', { name: 'Sell' }).click();
  await page.getByTestId('opening-float').fill(float);
  await page.getByRole('button', { name: 'Open shift' }).click();
  await expect(page.getByTestId('scan-input')).toBeFocused();
}

/** Pays the cart in exact cash (the amount the payment dialog offers) and waits for the receipt number. */
export async function payExactCash(page: Page, receiptNumber: string): Promise<void> {
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('tender-amount')).not.toHaveValue('');
  await page.getByTestId('complete-sale').click();
  await expect(page.getByTestId('receipt-number')).toHaveText(receiptNumber);
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
}
