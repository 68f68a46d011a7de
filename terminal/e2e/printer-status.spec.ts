// The counter shows "paper out" when the (virtual) receipt printer reports it, and clears it when paper is loaded.
import { expect, pairAndSignIn, test } from './box-fixture.ts';

test('a printer fault appears on the counter within seconds and clears when fixed', async ({ page, box }) => {
  await pairAndSignIn(page, box, 'cashier');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  const request = page.request; // the counter's own cookies
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
