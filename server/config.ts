// Box configuration: defaults < config file < BOX_* environment < flags, validated once with zod and frozen.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isValidTimeZone } from './shared/clock.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanLike = z.union([
  z.boolean(),
  z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
]);

const ConfigSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default('0.0.0.0'),
  dataDir: z.string().min(1).default('./data'),
  timeZone: z.string().refine(isValidTimeZone, 'not an IANA time zone').default('Asia/Karachi'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code').default('PKR'),
  currencyExponent: z.coerce.number().int().min(0).max(4).default(2),
  locale: z.string().min(2).default('en-PK'),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  demo: booleanLike.default(false),
  demoVariants: z.coerce.number().int().min(10).max(1_000_000).default(5000),
  bodyLimitKb: z.coerce.number().int().min(1).max(65536).default(1024),
  walCheckpointMs: z.coerce.number().int().min(10).max(600_000).default(1000),
  scaleBarcodePrefixes: z.string().regex(/^\d{2}(-\d{2})?(,\d{2}(-\d{2})?)*$/, 'two-digit prefixes or ranges, e.g. "20-28" or "21,22"').default('20-28'),
  scaleItemDigits: z.coerce.number().int().min(4).max(6).default(5),
  scaleValueKind: z.enum(['weight', 'price']).default('weight'),
  internalBarcodePrefix: z.string().regex(/^2\d$/, 'a GS1 in-store prefix, 20–29').default('29'),
  poleDisplays: z.string().regex(/^$|^[^=,\s]+=[^,\s]+(,[^=,\s]+=[^,\s]+)*$/, 'COUNTER=ADDRESS pairs, e.g. "C1=serial:///dev/ttyUSB0?baud=9600"').default(''),
  pricesIncludeTax: booleanLike.default(true),
  taxRounding: z.enum(['half-up', 'half-even', 'half-down', 'up', 'down']).default('half-up'),
  cashRoundingIncrement: z.coerce.number().int().min(1).max(100_000).default(1),
  cashRoundingMode: z.enum(['half-up', 'half-even', 'half-down', 'up', 'down']).default('half-up'),
  allowNegativeStock: booleanLike.default(true),
  lockAfterIdleS: z.coerce.number().int().min(15).max(86_400).default(300),
  shopifyWebhookSecret: z.string().default(''),
  shopifyWebhookSecretPrevious: z.string().default(''),
  shopifyEmulator: booleanLike.default(false),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;
export type ConfigKey = keyof Config;
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as ConfigKey[];

/** Keys whose values never appear in logs. */
const SECRET_KEYS = new Set<string>(['shopifyWebhookSecret', 'shopifyWebhookSecretPrevious']);

/** One line per key: what it is, for `--help` and the README's table. */
export const CONFIG_HELP: Record<ConfigKey, string> = {
  port: 'HTTP port the box listens on (0 = any free port)',
  host: 'interface to bind (0.0.0.0 = every LAN interface)',
  dataDir: 'folder for the SQLite database, backups and job files',
  timeZone: 'branch time zone; business days and receipts use it',
  currency: 'ISO 4217 currency of the branch',
  currencyExponent: 'digits after the decimal point of the currency (PKR: 2)',
  locale: 'locale for money and dates in the terminal',
  logLevel: 'pino log level',
  demo: 'seed an empty database with a demo branch and catalog, and label the UI DEMO',
  demoVariants: 'size of the demo catalog seeded on first start',
  bodyLimitKb: 'largest accepted request body, in KiB',
  walCheckpointMs: 'how often the background worker checkpoints the WAL, in ms',
  scaleBarcodePrefixes: 'EAN-13 prefixes of price-embedded (weighed goods) barcodes, e.g. "20-28" or "21,22"',
  scaleItemDigits: 'digits of the item code after the prefix in a weighed-goods barcode (the value takes the rest)',
  scaleValueKind: 'what a weighed-goods barcode embeds: weight (grams) or price (minor units)',
  internalBarcodePrefix: 'EAN-13 prefix (20–29) of in-store barcodes the box assigns to variants without one; must not be a scale prefix',
  poleDisplays: 'serial pole displays (2 × 20) per counter, e.g. "C1=serial:///dev/ttyUSB0?baud=9600,C2=tcp://10.0.0.9:9100"',
  pricesIncludeTax: 'shelf prices include tax (true) or tax is added on top (false)',
  taxRounding: 'rounding of tax per line',
  cashRoundingIncrement: 'cash totals are rounded to a multiple of this many minor units (1 = no rounding; 100 = whole rupees)',
  cashRoundingMode: 'how cash totals are rounded to the increment',
  allowNegativeStock: 'sell below zero stock (true) or refuse with INSUFFICIENT_STOCK (false)',
  lockAfterIdleS: 'seconds without activity after which a counter locks and asks for the PIN again',
  shopifyWebhookSecret: "Shopify app's client secret, to verify webhook HMACs (empty = refuse all webhooks)",
  shopifyWebhookSecretPrevious: 'the previous client secret, accepted for an hour after a rotation',
  shopifyEmulator: 'talk to the in-process Shopify emulator instead of Shopify (demo mode, tests)',
};

export function envName(key: string): string {
  return `BOX_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export interface ConfigIssue {
  key: string;
  source: 'flag' | 'env' | 'file' | 'default';
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`invalid configuration:\n${issues.map((i) => `  - ${i.key} (${i.source}): ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  /** Values from command-line flags, already camelCased; undefined entries are ignored. */
  flags?: Partial<Record<string, unknown>>;
  env?: Record<string, string | undefined>;
  /** Path of a JSON config file; `BOX_CONFIG` names one too. */
  configFile?: string;
}

/** Builds the configuration from every source, throwing a ConfigError that lists every bad key. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const issues: ConfigIssue[] = [];
  const origin = new Map<string, ConfigIssue['source']>();
  const merged: Record<string, unknown> = {};

  const filePath = sources.configFile ?? env.BOX_CONFIG;
  if (filePath) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      for (const [key, value] of Object.entries(parsed)) {
        merged[key] = value;
        origin.set(key, 'file');
      }
    } catch (error) {
      issues.push({ key: 'config', source: 'file', message: `cannot read ${filePath}: ${(error as Error).message}` });
    }
  }

  const known = new Map(CONFIG_KEYS.map((key) => [envName(key), key]));
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('BOX_') || name === 'BOX_CONFIG' || value === undefined) continue;
    const key = known.get(name);
    if (!key) {
      issues.push({ key: name, source: 'env', message: `unknown setting; known: ${[...known.keys()].join(', ')}` });
      continue;
    }
    merged[key] = value;
    origin.set(key, 'env');
  }

  for (const [key, value] of Object.entries(sources.flags ?? {})) {
    if (value === undefined) continue;
    merged[key] = value;
    origin.set(key, 'flag');
  }

  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) issues.push({ key, source: origin.get(key) ?? 'file', message: 'unknown setting' });
        continue;
      }
      const key = String(issue.path[0] ?? 'config');
      issues.push({ key, source: origin.get(key) ?? 'default', message: issue.message });
    }
  }
  if (result.success && prefixesOf(result.data.scaleBarcodePrefixes).has(result.data.internalBarcodePrefix)) {
    // A scale label and an in-store code with the same prefix could be the same 13 digits: one would ring up as the other.
    issues.push({
      key: 'internalBarcodePrefix', source: origin.get('internalBarcodePrefix') ?? 'default',
      message: `${result.data.internalBarcodePrefix} is also a weighed-goods prefix (scaleBarcodePrefixes ${result.data.scaleBarcodePrefixes}); pick one outside it`,
    });
  }
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return Object.freeze(result.data);
}

/** The two-digit prefixes a spec like "20-28" or "21,22" names. */
export function prefixesOf(spec: string): Set<string> {
  const set = new Set<string>();
  for (const part of spec.split(',')) {
    const [from, to] = part.split('-').map(Number) as [number, number | undefined];
    for (let p = from; p <= (to ?? from); p++) set.add(String(p).padStart(2, '0'));
  }
  return set;
}

/** The configuration as it is safe to log: secrets masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '***' : v]));
}
