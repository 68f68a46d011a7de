// Test helper: reads every barcode in a PNG back with zbarimg (zbar-tools), the way a real scanner would.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Whether zbarimg is installed (tests that decode images skip their decode step without it). */
export const zbarAvailable = (() => {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** "SYMBOLOGY:value" for every barcode zbarimg finds in the PNG, sorted. */
export function zbar(png: Uint8Array): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbar-'));
  try {
    const file = path.join(dir, 'sheet.png');
    fs.writeFileSync(file, png);
    return execFileSync('zbarimg', ['--quiet', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
