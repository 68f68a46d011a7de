// CLI for techs against the virtual printer: the test page parses back, drawer kicks arrive, faults are explained.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/virtual-printer/virtual-printer.ts';
import { testPage, TEST_PAGE_BARCODE, TEST_PAGE_QR } from '../../hardware/escpos/escpos.test-page.ts';
import { receiptTranscript } from '../../hardware/receipt/receipt.layout.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the CLI without blocking this process (the virtual printer answers from here). */
function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, env, timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

describe('cli printer and drawer', { timeout: 120_000 }, () => {
  let printer: VirtualPrinter;
  afterEach(async () => {
    await printer?.close();
  });

  it('printer test prints a page that parses back into the expected text, barcode and QR code', async () => {
    printer = await startVirtualPrinter();
    const result = await cli('printer', 'test', '--printer', printer.url, '--columns', '42', '--codepage', 'cp858');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${printer.url}: ready`);
    const [job] = await printer.waitForJobs(1);
    const expected = receiptTranscript(testPage({ columns: 42, codepage: 'cp858', target: printer.url, now: Date.now(), timeZone: 'Asia/Karachi' }).rows);
    const withoutTime = (lines: string[]) => lines.filter((line) => !line.startsWith('Time: '));
    expect(withoutTime(job!.transcript)).toEqual(withoutTime(expected));
    expect(job!.transcript).toContain('Accents: ÄÖÜäöüß éèêç ñÑ åø £¥€');
    expect(job!.barcodes).toEqual([{ symbology: 'code128', value: TEST_PAGE_BARCODE }]);
    expect(job!.qrcodes).toEqual([TEST_PAGE_QR]);
    expect(job!.cut).toBe('partial');
  });

  it('printer test refuses to print while the paper is out, and says so', async () => {
    printer = await startVirtualPrinter({ state: { paper: 'out' } });
    const result = await cli('printer', 'test', '--printer', printer.url);
    expect(result.code).toBe(1);
    expect(result.err).toContain('PRINTER_NOT_READY');
    expect(result.err).toContain('paper out');
    expect(printer.currentJob().transcript).toEqual([]);
  });

  it.each([
    [{}, ['--pin', '5', '--on-ms', '50'], { pin: 5, onMs: 50, offMs: 500, realtime: false }],
    [{ paper: 'out' as const }, [], { pin: 2, onMs: 100, offMs: 100, realtime: true }],
  ])('drawer open with printer state %j sends %j', async (state, extra, pulse) => {
    printer = await startVirtualPrinter({ state });
    const result = await cli('drawer', 'open', '--printer', printer.url, ...extra);
    expect(result.code).toBe(0);
    expect(await printer.waitForPulses(1)).toEqual([pulse]);
  });

  it('answers DEVICE_NOT_FOUND for a USB printer that is not there', async () => {
    const result = await cli('printer', 'status', '--printer', '/dev/usb/lp97');
    expect(result.code).toBe(1);
    expect(result.err).toContain('DEVICE_NOT_FOUND');
  });
});

describe('cli labels', { timeout: 120_000 }, () => {
  let printer: VirtualPrinter | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await printer?.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A seeded demo box, and two of its variants: one with an EAN-13, one whose barcode is replaced by nothing. */
  async function seeded() {
    const dir = mkdtempSync(join(tmpdir(), 'box-labels-'));
    dirs.push(dir);
    const seed = await cli('seed-demo', '--variants', '200', '--data-dir', dir);
    expect(seed.code, seed.err).toBe(0);
    const db = new Database(join(dir, 'box.sqlite'));
    const [withBarcode, withoutBarcode] = db.prepare(`select v.id, v.sku, (select min(barcode) from variant_barcodes b where b.variant_id = v.id) as barcode
      from variants v where exists (select 1 from variant_barcodes b where b.variant_id = v.id) order by v.sku limit 2`).all() as Array<{ id: string; sku: string; barcode: string }>;
    db.prepare('delete from variant_barcodes where variant_id = ?').run(withoutBarcode!.id);
    db.close();
    return { dir, withBarcode: withBarcode!, withoutBarcode: withoutBarcode! };
  }

  it('writes a PNG sheet whose barcodes zbarimg decodes to the variants\' EAN-13 and SKU', async () => {
    const { dir, withBarcode, withoutBarcode } = await seeded();
    const out = join(dir, 'labels.png');
    const result = await cli('labels', '--sku', `${withBarcode.sku},${withoutBarcode.sku}`, '--out', out, '--data-dir', dir);
    expect(result.err).toBe('');
    expect(result.out).toContain('2 label(s) written');
    const decoded = execFileSync('zbarimg', ['--quiet', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
    expect(decoded).toEqual([`CODE-128:${withoutBarcode.sku}`, `EAN-13:${withBarcode.barcode}`].sort());
  });

  it('prints labels on a receipt printer, and names SKUs it does not know', async () => {
    const { dir, withBarcode } = await seeded();
    printer = await startVirtualPrinter();
    const sent = await cli('labels', '--sku', withBarcode.sku, '--printer', printer.url, '--data-dir', dir);
    expect(sent.code, sent.err).toBe(0);
    const [job] = await printer.waitForJobs(1);
    expect(job!.barcodes).toEqual([{ symbology: 'ean13', value: withBarcode.barcode.slice(0, 12) }]);
    const missing = await cli('labels', '--sku', 'NO-SUCH-SKU', '--out', join(dir, 'x.png'), '--data-dir', dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('NO-SUCH-SKU');
  });
});
