// UUIDv7 ids (time-ordered, unique across branches) with a branded type per entity.
import { randomFillSync } from 'node:crypto';
import { createHash } from 'node:crypto';
import { v7 as uuidv7, validate, version } from 'uuid';

declare const idBrand: unique symbol;
/** A UUIDv7 string that belongs to one kind of entity, e.g. `Id<'Sale'>`. */
export type Id<Entity extends string> = string & { readonly [idBrand]: Entity };

// Random bytes drawn from the CSPRNG in 4 KiB batches: one system call per 256 ids instead of one per id
// (uuid's default draws each id through WebCrypto, a measurable cost on every sale's dozen ids).
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomBytes16(): Uint8Array {
  if (poolOffset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return pool.subarray(poolOffset - 16, poolOffset);
}

// Monotonic within a millisecond, as uuid's own default: a 31-bit counter seeded randomly each new millisecond.
let lastMs = -Infinity;
let seq = 0;

export function newId<Entity extends string>(): Id<Entity> {
  const random = randomBytes16();
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs += 1;
  }
  return uuidv7({ random, msecs: lastMs, seq }) as Id<Entity>;
}

/** True for a well-formed UUIDv7 (ids the terminal generates are checked with this). */
export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}

export function asId<Entity extends string>(value: string): Id<Entity> {
  return value as Id<Entity>;
}

/**
 * A UUIDv7-shaped id derived from a seed (SHA-256, version nibble 7, RFC 4122 variant): the same seed always gives
 * the same id, e.g. a sale's receipt job from its order id, so a repeated request cannot make a second one.
 */
export function derivedId<Entity extends string>(seed: string): Id<Entity> {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as Id<Entity>;
}
