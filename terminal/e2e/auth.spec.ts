// Pairing, sign-in, a manager approval on the cashier's screen, the audit log, and revoking a screen, in real Chromium.
import { approveAs, demoStaff, expect, pairPage, signInAs, startupPairingCode, test } from './box-fixture.ts';

test('a fresh browser pairs with a code, a cashier is refused a manager action, a manager approves it, and the audit log shows it', async ({ page, box }) => {
  // An unpaired browser sees only the pairing page.
  await page.goto(box.url);
  await expect(page.getByRole('heading', { name: 'Pair this screen with a counter' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Home' })).toHaveCount(0);
  expect((await page.request.get(`${box.url}/api/v1/staff`)).status()).toBe(401);

  // Type the code the demo box printed at start on the keypad.
  for (const digit of startupPairingCode(box)) await page.keyboard.press(`Digit${digit}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-name')).toHaveText('Counter 1');
  await signInAs(page, 'cashier');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');

  // Manager screens are not offered to a cashier, and the box refuses them too.
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  const refused = await page.request.get(`${box.url}/api/v1/audit`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toMatchObject({ code: 'PERMISSION_DENIED', details: { permission: 'view_audit' } });

  // A manager action: the box asks for approval on the same screen.
  await page.getByRole('button', { name: 'Pair another screen for Counter 1' }).click();
  // The cashier's own code and PIN do not approve it.
  const dialog = await approveAs(page, 'cashier');
  await expect(dialog.getByRole('alert')).toContainText('may not approve');
  // The manager's do.
  await approveAs(page, 'manager');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('pairing-code')).toContainText('Pairing code for Counter 1');
  await expect(page.getByRole('img', { name: 'QR code of the pairing link' })).toBeVisible();

  // Quick switch to the manager, who finds the approval in the audit log.
  await page.getByRole('button', { name: 'Switch staff' }).click();
  await signInAs(page, 'manager');
  await page.getByRole('link', { name: 'Audit log' }).click();
  const row = page.getByRole('row').filter({ hasText: 'device.pairing_code_created' }).filter({ hasText: demoStaff('cashier').name });
  await expect(row).toContainText(demoStaff('manager').name);
  await page.getByLabel('Action').selectOption('approval.refused');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'approval.refused' })).toHaveCount(1);
  await page.screenshot({ path: 'data/screens/audit-1024.png' });
});

test('a revoked screen drops back to the pairing page at once', async ({ browser, box }) => {
  const kiosk = await (await browser.newContext()).newPage();
  const office = await (await browser.newContext()).newPage();
  await pairPage(kiosk, box, 'C2');
  await signInAs(kiosk, 'cashier');
  await pairPage(office, box, 'C1');
  await signInAs(office, 'manager');
  await office.getByRole('link', { name: 'Devices' }).click();
  office.once('dialog', (d) => void d.accept());
  await office.getByRole('row').filter({ hasText: 'Counter 2' }).filter({ hasText: 'Paired' }).first().click();
  await expect(office.getByRole('status').filter({ hasText: 'unpaired' })).toBeVisible();
  await expect(kiosk.getByRole('heading', { name: 'Pair this screen with a counter' })).toBeVisible();
  await expect(kiosk.getByRole('alert')).toContainText('unpaired this screen');
});

test('the terminal runs under its Content-Security-Policy; the lock button locks and the PIN unlocks', async ({ page, box }) => {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  const response = await page.goto(box.url);
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
  await pairPage(page, box);
  await signInAs(page, 'supervisor');
  await page.getByRole('button', { name: 'Lock counter' }).click();
  await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
  for (const digit of demoStaff('supervisor').pin) await page.keyboard.press(`Digit${digit}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('staff-name')).toHaveText(demoStaff('supervisor').name);
  expect(violations).toEqual([]);
});

test('a manager adds a cashier who can sign in, resets her PIN, then deactivates her', async ({ page, box }) => {
  await pairPage(page, box);
  await signInAs(page, 'manager');
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const add = page.getByRole('dialog', { name: 'Add staff member' });
  await add.getByLabel('Name').fill('Hina Baig');
  await add.getByLabel('Role').selectOption('cashier');
  await add.getByLabel('PIN').fill('2580');
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Hina Baig added with staff code 1005' })).toBeVisible();

  await page.getByRole('row').filter({ hasText: 'Hina Baig' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Hina Baig' });
  await edit.getByLabel('New PIN (leave empty to keep)').fill('1470');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Hina Baig saved with a new PIN' })).toBeVisible();

  await page.getByRole('button', { name: 'Switch staff' }).click();
  await page.getByRole('group', { name: 'Staff' }).getByRole('button', { name: /Hina Baig/ }).click();
  for (const digit of '1470') await page.keyboard.press(`Digit${digit}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('staff-name')).toHaveText('Hina Baig');
  await expect(page.getByRole('link', { name: 'Staff' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Switch staff' }).click();
  await signInAs(page, 'manager');
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('row').filter({ hasText: 'Hina Baig' }).click();
  await page.getByRole('dialog', { name: 'Edit Hina Baig' }).getByLabel('Active (may sign in)').uncheck();
  await page.getByRole('dialog', { name: 'Edit Hina Baig' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Hina Baig' })).toContainText('Deactivated');
  await page.getByRole('button', { name: 'Switch staff' }).click();
  await expect(page.getByRole('group', { name: 'Staff' }).getByRole('button', { name: /Sana Tariq/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Staff' }).getByRole('button', { name: /Hina Baig/ })).toHaveCount(0);
});

test('an idle counter locks itself and the same PIN unlocks it', async ({ page, box }) => {
  await page.clock.install();
  await pairPage(page, box);
  await signInAs(page, 'cashier');
  await page.clock.fastForward('05:01'); // the demo box's lockAfterIdleS is the default 300 s
  await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
  await expect(page.getByText(`${demoStaff('cashier').name} is signed in on Counter 1`)).toBeVisible();
  for (const digit of demoStaff('cashier').pin) await page.keyboard.press(`Digit${digit}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('staff-name')).toHaveText(demoStaff('cashier').name);
});

test('an owner creates a custom role and gives it to a new staff member', async ({ page, box }) => {
  await pairPage(page, box);
  await signInAs(page, 'owner');
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add role' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add role' });
  await dialog.getByLabel('Name').fill('Stock keeper');
  await dialog.getByLabel('adjust stock').check();
  await dialog.getByRole('button', { name: 'Add role' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Stock keeper' })).toContainText('sell, adjust stock');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const add = page.getByRole('dialog', { name: 'Add staff member' });
  await add.getByLabel('Name').fill('Kamran Javed');
  await add.getByLabel('Role').selectOption({ label: 'Stock keeper' });
  await add.getByLabel('PIN').fill('3698');
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Kamran Javed' })).toContainText('Stock keeper');

  // The owner widens the role; deleting it is refused while Kamran holds it.
  await page.getByRole('row').filter({ hasText: 'Stock keeper' }).filter({ hasText: 'Custom' }).click();
  const edit = page.getByRole('dialog', { name: 'Role Stock keeper' });
  await edit.getByLabel('view reports').check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Custom' })).toContainText('sell, view reports, adjust stock');
  await page.getByRole('row').filter({ hasText: 'Stock keeper' }).filter({ hasText: 'Custom' }).click();
  await edit.getByRole('button', { name: 'Delete role' }).click();
  await expect(edit.getByRole('alert')).toContainText('held by 1 staff member');
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await page.screenshot({ path: 'data/screens/staff-1024.png' });

  // An API token for a script: its secret shows once, works at once, and stops at once when revoked.
  await page.getByRole('button', { name: 'Create API token' }).click();
  const create = page.getByRole('dialog', { name: 'Create API token' });
  await create.getByLabel('What uses it').fill('Accounts export');
  await create.getByRole('button', { name: 'Create' }).click();
  const secret = (await page.getByTestId('api-token-secret').textContent())!;
  expect(secret).toMatch(/^isk_/);
  await page.getByRole('button', { name: 'I have copied it' }).click();
  const asScript = () => page.request.get(`${box.url}/api/v1/staff`, { headers: { authorization: `Bearer ${secret}` } });
  expect((await asScript()).status()).toBe(200);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('row').filter({ hasText: 'Accounts export' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Accounts export' })).toContainText('Revoked');
  expect((await asScript()).status()).toBe(401);
});
