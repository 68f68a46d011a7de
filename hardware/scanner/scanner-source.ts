// The ScannerSource port (scans from a box-attached scanner) with the hidraw adapter and a fake for tests.
import fs from 'node:fs';
import { HidPosAssembler, HID_POS_REPORT_SIZE, type Scan } from './hid-pos.ts';

export interface ScannerSource {
  /** The device it reads, e.g. /dev/hidraw3. */
  readonly id: string;
  start(onScan: (scan: Scan) => void, onError?: (error: Error) => void): void;
  stop(): Promise<void>;
}

/**
 * Reads HID POS reports from /dev/hidrawN with plain `fs` (no native module). Reports are fixed-size, so the
 * stream is cut into reports of `reportSize` bytes whatever the chunking.
 */
export class HidrawScannerSource implements ScannerSource {
  #stream: fs.ReadStream | undefined;

  constructor(readonly id: string, private readonly reportSize = HID_POS_REPORT_SIZE) {}

  start(onScan: (scan: Scan) => void, onError: (error: Error) => void = () => undefined): void {
    if (this.#stream) return;
    const assembler = new HidPosAssembler();
    let buffered = Buffer.alloc(0);
    const stream = fs.createReadStream(this.id, { highWaterMark: this.reportSize });
    this.#stream = stream;
    stream.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk as Buffer]);
      while (buffered.length >= this.reportSize) {
        const scan = assembler.push(buffered.subarray(0, this.reportSize));
        buffered = buffered.subarray(this.reportSize);
        if (scan) onScan(scan);
      }
    });
    stream.on('error', (error) => onError(error));
  }

  stop(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    if (!stream || stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('close', () => resolve());
      stream.destroy();
    });
  }
}

/** A scanner driven by tests (and by demo mode): `scan()` delivers as a real scanner would. */
export class FakeScannerSource implements ScannerSource {
  #onScan: ((scan: Scan) => void) | undefined;

  constructor(readonly id = 'fake-scanner') {}

  start(onScan: (scan: Scan) => void): void {
    this.#onScan = onScan;
  }

  scan(data: string, aim = ']E0'): void {
    this.#onScan?.({ aim, symbology: aim === ']E0' ? 'ean-upc' : null, data });
  }

  async stop(): Promise<void> {
    this.#onScan = undefined;
  }
}
