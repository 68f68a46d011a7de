import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envName, loadConfig } from './config.ts';

function issuesOf(run: () => unknown): Array<{ key: string; source: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(({ key, source }) => ({ key, source }));
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      port: 8080, host: '0.0.0.0', dataDir: './data', timeZone: 'Asia/Karachi', currency: 'PKR',
      currencyExponent: 2, logLevel: 'info', demo: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('layers file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'box.json');
    writeFileSync(file, JSON.stringify({ port: 9000, host: '127.0.0.1', currency: 'USD' }));
    const config = loadConfig({ configFile: file, env: { BOX_PORT: '9100', BOX_DEMO: 'yes' }, flags: { port: 9200 } });
    expect(config.port).toBe(9200);
    expect(config.host).toBe('127.0.0.1');
    expect(config.currency).toBe('USD');
    expect(config.demo).toBe(true);
  });

  it('names environment variables after the keys', () => {
    expect(envName('dataDir')).toBe('BOX_DATA_DIR');
    expect(envName('currencyExponent')).toBe('BOX_CURRENCY_EXPONENT');
    expect(loadConfig({ env: { BOX_DATA_DIR: '/var/lib/x', BOX_TIME_ZONE: 'Asia/Dubai' } })).toMatchObject({
      dataDir: '/var/lib/x', timeZone: 'Asia/Dubai',
    });
  });

  it('lists every bad key at once, with where it came from', () => {
    const issues = issuesOf(() => loadConfig({
      env: { BOX_PORT: 'eighty', BOX_TIME_ZONE: 'Mars/Olympus', BOX_PROT: '1', BOX_DEMO: 'maybe' },
      flags: { currency: 'rupees' },
    }));
    expect(issues).toEqual(expect.arrayContaining([
      { key: 'port', source: 'env' },
      { key: 'timeZone', source: 'env' },
      { key: 'BOX_PROT', source: 'env' },
      { key: 'demo', source: 'env' },
      { key: 'currency', source: 'flag' },
    ]));
    expect(issues).toHaveLength(5);
  });

  it('reports an unreadable or unknown-keyed config file', () => {
    expect(issuesOf(() => loadConfig({ configFile: '/nonexistent/box.json', env: {} }))).toEqual([{ key: 'config', source: 'file' }]);
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'box.json'), JSON.stringify({ colour: 'blue' }));
    expect(issuesOf(() => loadConfig({ configFile: join(dir, 'box.json'), env: {} }))).toEqual([{ key: 'colour', source: 'file' }]);
  });

  it.each([
    [{}, null],
    [{ BOX_SCALE_BARCODE_PREFIXES: '20-29' }, 'default'],
    [{ BOX_INTERNAL_BARCODE_PREFIX: '21' }, 'env'],
    [{ BOX_SCALE_BARCODE_PREFIXES: '21,22', BOX_INTERNAL_BARCODE_PREFIX: '20' }, null],
    [{ BOX_INTERNAL_BARCODE_PREFIX: '30' }, 'env'],
  ])('keeps in-store barcodes out of the weighed-goods prefixes: %j', (env, source) => {
    if (source === null) expect(loadConfig({ env }).internalBarcodePrefix).toMatch(/^2\d$/);
    else expect(issuesOf(() => loadConfig({ env }))).toEqual([{ key: 'internalBarcodePrefix', source }]);
  });
});
