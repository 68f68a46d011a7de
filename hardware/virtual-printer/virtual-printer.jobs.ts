// Assembles parsed ESC/POS events into printed jobs (a cut ends a job), with raster images kept as PNG.
import { PNG } from 'pngjs';
import type { ParsedEvent, Pulse } from './escpos.parser.ts';

export interface PrintedImage {
  width: number;
  height: number;
  png: Buffer;
}

export interface PrintedJob {
  /** Everything printed, in order (blank feed lines before the cut dropped): text lines as is, other blocks as `[BARCODE sym value]`, `[QR value]`, `[IMAGE wxh]`. */
  transcript: string[];
  /** Only the text lines. */
  lines: string[];
  barcodes: Array<{ symbology: string; value: string }>;
  qrcodes: string[];
  images: PrintedImage[];
  /** Buffered `ESC p` pulses that came with the job (real-time pulses are only in the printer's pulse log). */
  pulses: Pulse[];
  cut: 'full' | 'partial' | null;
}

export function emptyJob(): PrintedJob {
  return { transcript: [], lines: [], barcodes: [], qrcodes: [], images: [], pulses: [], cut: null };
}

/** A 1-bit raster (rows of width/8 bytes, MSB first, 1 = black) as a black-on-white PNG. */
export function rasterToPng(width: number, height: number, bits: Uint8Array): Buffer {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8 });
  const rowBytes = width / 8;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const black = ((bits[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      const offset = (y * width + x) * 4;
      const value = black ? 0 : 255;
      png.data[offset] = value;
      png.data[offset + 1] = value;
      png.data[offset + 2] = value;
      png.data[offset + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 0 });
}

/** True when the job printed nothing (no text, codes, images or cut). */
export function isEmptyJob(job: PrintedJob): boolean {
  return job.transcript.length === 0 && job.pulses.length === 0 && job.cut === null;
}

/** Applies one print event to the job in progress; returns true when the event ends the job (a cut). */
export function applyPrintEvent(job: PrintedJob, event: ParsedEvent): boolean {
  switch (event.type) {
    case 'line':
      job.lines.push(event.text);
      job.transcript.push(event.text);
      return false;
    case 'barcode':
      job.barcodes.push({ symbology: event.symbology, value: event.value });
      job.transcript.push(`[BARCODE ${event.symbology} ${event.value}]`);
      return false;
    case 'qr':
      job.qrcodes.push(event.value);
      job.transcript.push(`[QR ${event.value}]`);
      return false;
    case 'image':
      job.images.push({ width: event.width, height: event.height, png: rasterToPng(event.width, event.height, event.bits) });
      job.transcript.push(`[IMAGE ${event.width}x${event.height}]`);
      return false;
    case 'pulse':
      job.pulses.push(event.pulse);
      return false;
    case 'cut':
      // blank lines right before a cut are the feed that brings the last line past the cutter
      while (job.transcript.length > 0 && job.transcript[job.transcript.length - 1] === '') {
        job.transcript.pop();
        job.lines.pop();
      }
      job.cut = event.partial ? 'partial' : 'full';
      return true;
    default:
      return false;
  }
}
