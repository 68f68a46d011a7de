// HID POS scanners: report decoding (fragments, AIM ids) and the hidraw reader on a FIFO standing in for /dev/hidrawN.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeHidPosReport, HidPosAssembler, HID_POS_REPORT_SIZE, type Scan } from './hid-pos.ts';
import { FakeScannerSource, HidrawScannerSource } from './scanner-source.ts';

/** A scanned-data report as a HID POS scanner sends it: id 2, length, AIM id, data, zero padding, more-data flag. */
function report(data: string, aim = ']E0', more = false, id = 0x02): Uint8Array {
  const bytes = new Uint8Array(HID_POS_REPORT_SIZE);
  const payload = Buffer.from(data, 'utf8');
  bytes[0] = id;
  bytes[1] = payload.length;
  bytes.set(Buffer.from(aim, 'latin1'), 2);
  bytes.set(payload, 5);
  bytes[HID_POS_REPORT_SIZE - 1] = more ? 1 : 0;
  return bytes;
}

describe('decodeHidPosReport', () => {
  it.each([
    ['an EAN-13', report('8964000123454'), { aim: ']E0', data: '8964000123454', more: false }],
    ['a CODE128 fragment with more to come', report('CH-DUP', ']C0', true), { aim: ']C0', data: 'CH-DUP', more: true }],
    ['another report id', report('x', ']E0', false, 0x10), null],
    ['a short read', Uint8Array.of(2, 1), null],
  ])('%s', (_name, bytes, expected) => {
    const fragment = decodeHidPosReport(bytes);
    expect(fragment && { aim: fragment.aim, data: Buffer.from(fragment.bytes).toString(), more: fragment.more }).toEqual(expected);
  });

  it('joins a long code sent in several reports and names the symbology from the AIM id', () => {
    const assembler = new HidPosAssembler();
    expect(assembler.push(report('https://verify.example.pk/r/', ']Q1', true))).toBeNull();
    expect(assembler.push(report('LHR1-C2-000123', ']Q1'))).toEqual({ aim: ']Q1', symbology: 'qr', data: 'https://verify.example.pk/r/LHR1-C2-000123' });
    expect(assembler.push(report('8964000123454\r'))).toEqual({ aim: ']E0', symbology: 'ean-upc', data: '8964000123454' });
  });
});

describe('HidrawScannerSource', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers whole scans read from the device, however the reads are chunked', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hidraw-'));
    const device = path.join(dir, 'hidraw0');
    execFileSync('mkfifo', [device]);
    const source = new HidrawScannerSource(device);
    const scans: Scan[] = [];
    source.start((scan) => scans.push(scan));
    const writer = await fs.promises.open(device, 'w'); // async: the reader opens on the thread pool meanwhile
    const reports = [report('8964000123454'), report('CH-DUP-0002-', ']C0', true), report('FREESIZE-SKY', ']C0')];
    const all = Buffer.concat(reports);
    await writer.write(all.subarray(0, 10)); // a torn first report
    await writer.write(all.subarray(10));
    await writer.close();
    while (scans.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(scans).toEqual([
      { aim: ']E0', symbology: 'ean-upc', data: '8964000123454' },
      { aim: ']C0', symbology: 'code128', data: 'CH-DUP-0002-FREESIZE-SKY' },
    ]);
    await source.stop();
  });

  it('lets tests and demo mode scan without a device', () => {
    const source = new FakeScannerSource();
    const scans: Scan[] = [];
    source.start((scan) => scans.push(scan));
    source.scan('2000000000428');
    expect(scans).toEqual([{ aim: ']E0', symbology: 'ean-upc', data: '2000000000428' }]);
  });
});
