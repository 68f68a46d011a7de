// The counter shows "paper out" when the (virtual) receipt printer reports it, and clears it when paper is loaded.
import { expect, pairPage, signInAs, test } from './box-fixture.ts';

test('a printer fault appears on the counter within seconds and clears when fixed', async ({ page, box }) => {
  // The printer routes need a paired counter with someone signed in: page.request carries the page's cookies.
  await pairPage(page, box, 'C1');
  await signInAs(page, 'cashier');
  const request = page.request;
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await expect(page.getByTestId('printer-problem')).toHaveCount(0);

  const out = await request.post(`${box.url}/api/v1/demo/virtual-printer/state`, { data: { paper: 'out' } });
  expect(out.status()).toBe(200);
  await expect(page.getByTestId('printer-problem')).toHaveText('Virtual printer (DEMO): paper out');
  await page.screenshot({ path: 'data/screens/printer-paper-out.png' });

  await request.post(`${box.url}/api/v1/demo/virtual-printer/state`, { data: { paper: 'ok', coverOpen: true } });
  await expect(page.getByTestId('printer-problem')).toHaveText('Virtual printer (DEMO): cover open');
  await request.post(`${box.url}/api/v1/demo/virtual-printer/state`, { data: { coverOpen: false } });
  await expect(page.getByTestId('printer-problem')).toHaveCount(0);
});
