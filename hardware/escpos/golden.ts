// Golden byte files for ESC/POS tests: hex, 32 bytes a line; set UPDATE_GOLDEN=1 to (re)write them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function toHexLines(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 64) lines.push(hex.slice(i, i + 64).replace(/(..)(?!$)/g, '$1 '));
  return `${lines.join('\n')}\n`;
}

/** The golden bytes as hex lines; UPDATE_GOLDEN=1 rewrites the file from the actual bytes (review the diff). */
export function goldenHex(path: string, actual: Uint8Array): string {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, toHexLines(actual));
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run the test once with UPDATE_GOLDEN=1 and review it`);
  return readFileSync(path, 'utf8');
}
