// CLI for techs against the virtual printer: the test page parses back, drawer kicks arrive, faults are explained.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

describe('cli printer and drawer', () => {
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
