// The app shell loads from a real box, shows the branch, the DEMO badge and a live link, and notices losing the box.
import { expect, pairAndSignIn, test } from './box-fixture.ts';

test('the shell loads from the box and shows live', async ({ page, box }) => {
  await pairAndSignIn(page, box);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await expect(page.getByTestId('connection')).toHaveText('Live');
  await expect(page.getByTestId('branch-name')).toHaveText('Johar Town, Lahore'); // the full name, even where the bar shortens it on screen
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Counter 2' })).toBeVisible();
  await page.screenshot({ path: 'data/screens/shell-1024.png' });
});

test('screens route by path and survive a reload; the UI kit numpad takes keys by position', async ({ page, box }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await pairAndSignIn(page, box);
  await page.getByRole('link', { name: 'Box' }).click();
  await expect(page).toHaveURL(/\/about$/);
  await expect(page.getByRole('cell', { name: 'Asia/Karachi' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('cell', { name: 'Asia/Karachi' })).toBeVisible();
  await page.getByRole('button', { name: 'Test the link' }).click();
  await expect(page.getByRole('status').filter({ hasText: /The box answered in \d+ ms/ })).toBeVisible();

  await page.getByRole('button', { name: 'UI kit' }).click();
  await expect(page).toHaveURL(/\/kit$/);
  await page.keyboard.press('Digit1');
  await page.keyboard.press('Digit2');
  await page.keyboard.press('Period');
  await page.keyboard.press('Digit5');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('numpad-entered')).toHaveText('Entered: 12.5');
  await page.screenshot({ path: 'data/screens/kit-1920.png' });
});

test('the shell says reconnecting, then live again, when the box restarts', async ({ page, box }) => {
  await pairAndSignIn(page, box);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'offline');
  await expect(page.getByRole('alert')).toContainText('cannot be reached');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
});

test('unknown API routes answer JSON, never the terminal page', async ({ request, page, box }) => {
  const unpaired = await request.get(`${box.url}/api/v1/does-not-exist`);
  expect(unpaired.status()).toBe(401);
  expect((await unpaired.json()).error.code).toBe('UNAUTHENTICATED');
  await pairAndSignIn(page, box);
  const response = await page.request.get(`${box.url}/api/v1/does-not-exist`);
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe('NOT_FOUND');
  const health = await request.get(`${box.url}/healthz`);
  expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok' });
});
