// Receipt settings and the demo virtual printer in real Chromium: a live preview that follows the manager's edits,
// a saved template, printer faults on the counter, and a "No sale" that reaches the drawer.
import { PNG } from 'pngjs';
import { approveAs, demoStaff, expect, pairAndSignIn, signInAs, test } from './box-fixture.ts';
import { openShift, scanBurst } from './sale-helpers.ts';

/** A 96×48 black-and-white checkerboard PNG, made here so the test needs no fixture file. */
function checkerPng(): Buffer {
  const png = new PNG({ width: 96, height: 48 });
  for (let y = 0; y < 48; y++) {
    for (let x = 0; x < 96; x++) {
      const i = (y * 96 + x) * 4;
      const v = (Math.floor(x / 12) + Math.floor(y / 12)) % 2 ? 0 : 255;
      png.data[i] = v; png.data[i + 1] = v; png.data[i + 2] = v; png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

interface Snapshot { pulses: Array<{ pin: number; realtime: boolean }>; state: { paper: string } }

test('a manager edits the footer, watches the preview change, and saves the template', async ({ page, box }) => {
  await pairAndSignIn(page, box, 'manager');
  await page.getByRole('link', { name: 'Receipt' }).click();
  const preview = page.getByTestId('receipt-preview');
  await expect(preview).toBeVisible();
  const before = await preview.getAttribute('src');
  const firstVersion = Number(await preview.getAttribute('data-version'));

  await page.getByTestId('footerLines-0').fill('Exchange within 7 days with this receipt');
  await expect(page.getByTestId('template-state')).toHaveText('Unsaved changes');
  await expect(preview).not.toHaveAttribute('data-version', String(firstVersion));
  const afterFooter = await preview.getAttribute('src');
  expect(afterFooter).not.toBe(before);

  // An Urdu header line: the box draws it shaped (raster), the screen just shows the picture.
  await page.getByTestId('add-headerLines').click();
  await page.keyboard.type('شکریہ، دوبارہ تشریف لائیں');
  await expect.poll(async () => preview.getAttribute('src')).not.toBe(afterFooter);
  await page.screenshot({ path: 'data/screens/receipt-template.png' });

  // Too long a line: the box's VALIDATION_FAILED answer shows as a banner and the line is marked.
  await page.getByTestId('add-footerLines').click();
  await page.keyboard.type('x'.repeat(49));
  await expect(page.getByTestId('template-error')).toContainText('48');
  await expect(page.getByTestId('footerLines-1')).toHaveClass(/invalid/);
  await page.screenshot({ path: 'data/screens/receipt-template-error.png' });
  await page.getByRole('button', { name: 'Remove footer lines 2' }).click();
  await expect(page.getByTestId('template-error')).toHaveCount(0);

  // A JPEG-or-PNG logo is converted to PNG in the browser and drawn on the preview.
  const beforeLogo = await preview.getAttribute('src');
  await page.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: checkerPng() });
  await expect(page.getByRole('img', { name: 'Current logo' })).toBeVisible();
  await expect.poll(async () => preview.getAttribute('src')).not.toBe(beforeLogo);

  // 58 mm paper: the preview narrows, and the counter's printer is set to it.
  const wide = await preview.evaluate((img: HTMLImageElement) => img.naturalWidth);
  await page.getByRole('radio', { name: '58 mm · 32' }).click();
  await expect.poll(async () => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeLessThan(wide);
  await page.getByTestId('set-paper').click();
  await expect(page.getByText('Virtual printer (DEMO) now prints 32 characters a line')).toBeVisible();
  await page.getByRole('heading', { name: 'Paper width' }).or(page.getByText('Paper width', { exact: true })).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'data/screens/receipt-template-58mm.png' });

  await page.getByTestId('block-qr').click();
  await page.getByTestId('save-template').click();
  await expect(page.getByTestId('template-state')).toHaveText('Saved');
  const saved = await (await page.request.get(`${box.url}/api/v1/receipt-template`)).json() as { footerLines: string[]; headerLines: string[]; blocks: { qr: boolean }; logoPng: string | null };
  expect(saved.footerLines).toEqual(['Exchange within 7 days with this receipt']);
  expect(saved.headerLines).toEqual(['شکریہ، دوبارہ تشریف لائیں']);
  expect(saved.blocks.qr).toBe(false);
  expect(saved.logoPng).toMatch(/^iVBORw0KGgo/);

  // The printers panel lists the demo printer; calibrating reads its closed drawer.
  await expect(page.getByTestId('printer-row')).toContainText('Virtual printer (DEMO)');
  await page.getByRole('button', { name: 'Calibrate the drawer of Virtual printer (DEMO)' }).click();
  await page.getByTestId('calibrate').click();
  await expect(page.getByText('drawer calibrated (open reads high)')).toBeVisible();
});

test('the virtual printer page makes the printer fail, and a cashier\'s approved "No sale" pulses its drawer', async ({ page, box }) => {
  await pairAndSignIn(page, box, 'cashier');
  await page.getByRole('link', { name: 'Virtual printer' }).click();
  await expect(page.getByTestId('counter-sees')).toContainText('ready');
  await page.getByTestId('paper-out').click();
  await expect(page.getByTestId('printer-problem')).toHaveText('Virtual printer (DEMO): paper out');
  await expect(page.getByTestId('counter-sees')).toContainText('paper out');
  await page.screenshot({ path: 'data/screens/virtual-printer-paper-out.png' });

  await openShift(page, '5000');
  await page.getByTestId('no-sale').click();
  const dialog = page.getByRole('dialog', { name: 'No sale: open the drawer' });
  await dialog.getByTestId('no-sale-open').click();
  await expect(dialog.getByTestId('no-sale-error')).toContainText('Say why');
  await dialog.getByRole('button', { name: 'Change for a customer' }).click();
  await page.screenshot({ path: 'data/screens/no-sale.png' });
  await dialog.getByTestId('no-sale-open').click();

  await approveAs(page, 'manager');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Opening the drawer (Virtual printer (DEMO))')).toBeVisible();

  // Paper is out, so the queue sends the real-time pulse instead of the buffered kick.
  await expect.poll(async () => ((await (await page.request.get(`${box.url}/api/v1/demo/virtual-printer`)).json()) as Snapshot).pulses)
    .toEqual([expect.objectContaining({ pin: 2, realtime: true })]);
  await page.getByRole('link', { name: 'Virtual printer' }).click();
  await expect(page.getByTestId('pulse-count')).toHaveText('1');
  await expect(page.getByTestId('pulses')).toContainText('real-time');
  await page.getByTestId('paper-ok').click();
  await expect(page.getByTestId('printer-problem')).toHaveCount(0);

  // A cash sale prints its receipt (and kicks the drawer with the buffered ESC p): both show on the page.
  const search = await page.request.get(`${box.url}/api/v1/catalog/search?q=kurta&limit=50`);
  const item = ((await search.json()) as { items: Array<{ barcode: string | null; unit: string }> }).items.find((i) => i.barcode && i.unit === 'each')!;
  await page.getByRole('link', { name: 'Sell' }).click();
  await expect(page.getByTestId('scan-input')).toBeFocused();
  await scanBurst(page, item.barcode!);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('tender-amount')).not.toHaveValue('');
  await page.getByTestId('complete-sale').click();
  await expect(page.getByTestId('receipt-number')).toBeVisible();
  await page.getByRole('link', { name: 'Virtual printer' }).click();
  await expect(page.getByTestId('printed-job')).toHaveCount(1);
  await expect(page.getByTestId('pulse-count')).toHaveText('2');
  await expect(page.getByTestId('printed-job').getByRole('img')).toHaveJSProperty('complete', true);
  await page.screenshot({ path: 'data/screens/virtual-printer.png' });

  // The manager finds the opening, with its reason, in the audit log.
  await page.getByRole('button', { name: 'Switch staff' }).click();
  await signInAs(page, 'manager');
  const audit = await (await page.request.get(`${box.url}/api/v1/audit?action=drawer.opened`)).json() as { entries: Array<{ reason: string; staffName: string; approverName: string; details: { noSale: boolean } }> };
  // Two openings: the sale's (reason "sale") and the no-sale one, with its reason and the approving manager.
  expect(audit.entries.map((e) => e.reason).sort()).toEqual(['Change for a customer', 'sale']);
  expect(audit.entries.filter((e) => e.details.noSale)).toEqual([expect.objectContaining({ reason: 'Change for a customer', staffName: demoStaff('cashier').name, approverName: demoStaff('manager').name, details: expect.objectContaining({ noSale: true }) })]);
});
