// Browser-test helpers: get a pairing code from a running box, pair a page with a counter, sign a demo staff member in.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';
import { DEMO_STAFF } from '../../server/demo/demo-staff.ts';
import type { RunningBox } from './box-fixture.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type DemoRole = (typeof DEMO_STAFF)[number]['role'];
export const demoStaff = (role: DemoRole) => DEMO_STAFF.find((s) => s.role === role)!;

/** A fresh pairing code for a counter of the running box (what a tech gets from `npm run cli -- pair-code [--display]`). */
export function pairingCode(box: RunningBox, counter = 'C1', display = false): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  const args = ['--import', 'tsx', 'server/cli.ts', 'pair-code', '--counter', counter, '--data-dir', box.dataDir, ...(display ? ['--display'] : [])];
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env });
  const code = /: (\d{10})$/m.exec(run.stdout)?.[1];
  if (!code) throw new Error(`pair-code failed: ${run.stderr || run.stdout}`);
  return code;
}

/** The pairing code the demo box printed at start (Counter 1). */
export function startupPairingCode(box: RunningBox): string {
  for (const line of box.logs) {
    try {
      const entry = JSON.parse(line) as { code?: string; msg?: string };
      if (entry.code && entry.msg?.startsWith('DEMO pairing code')) return entry.code;
    } catch { /* not JSON */ }
  }
  throw new Error('the demo box printed no pairing code');
}

/** Pairs the page with a counter through the QR link, landing on the sign-in screen. */
export async function pairPage(page: Page, box: RunningBox, counter = 'C1'): Promise<void> {
  await page.goto(`${box.url}/pair?code=${pairingCode(box, counter)}`);
  await expect(page.getByRole('group', { name: 'Staff' })).toBeVisible();
}

/** Picks a demo staff member on the sign-in screen and types their PIN on the keypad. */
export async function signInAs(page: Page, role: DemoRole): Promise<void> {
  const person = demoStaff(role);
  await page.getByRole('group', { name: 'Staff' }).getByRole('button', { name: new RegExp(person.name) }).click();
  for (const digit of person.pin) await page.keyboard.press(`Digit${digit}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('staff-name')).toHaveText(person.name);
}

/** Pairs a fresh page with Counter 1 and signs a demo staff member in (a cashier unless told otherwise). */
export async function pairAndSignIn(page: Page, box: RunningBox, role: DemoRole = 'cashier'): Promise<void> {
  await pairPage(page, box);
  await signInAs(page, role);
}

/** Types a staff member's code and PIN into the manager-approval dialog on the page and presses Approve. */
export async function approveAs(page: Page, role: DemoRole): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: 'Manager approval' });
  await expect(dialog).toBeVisible();
  const person = demoStaff(role);
  await dialog.getByLabel("Manager's staff code").fill(person.code);
  for (const digit of person.pin) await dialog.getByRole('button', { name: digit, exact: true }).click();
  await dialog.getByRole('button', { name: 'Approve' }).click();
  return dialog;
}
