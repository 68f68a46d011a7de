// PNG previews of what the virtual printer printed (the demo "virtual printer" page shows the last receipts).
import { PNG } from 'pngjs';
import { rasterToPngBuffer, renderRows } from '../raster/raster.render.ts';
import type { ReceiptColumns } from '../receipt/receipt.document.ts';
import type { ReceiptRow } from '../receipt/receipt.layout.ts';
import type { PrintedJob } from './virtual-printer.jobs.ts';

/** Stacks raster bands (a raster receipt) into one PNG. */
function stackImages(images: readonly Buffer[]): Buffer {
  const decoded = images.map((png) => PNG.sync.read(png));
  const width = Math.max(...decoded.map((image) => image.width));
  const out = new PNG({ width, height: decoded.reduce((sum, image) => sum + image.height, 0) });
  out.data.fill(255);
  let top = 0;
  for (const image of decoded) {
    PNG.bitblt(image, out, 0, 0, image.width, image.height, 0, top);
    top += image.height;
  }
  return PNG.sync.write(out);
}

/** Draws a printed job as paper would show it: text in the receipt font, codes redrawn, raster images as received. */
export async function previewPrintedJob(job: PrintedJob, columns: ReceiptColumns = 48): Promise<Buffer> {
  if (job.images.length > 0 && job.images.length === job.transcript.length) return stackImages(job.images.map((image) => image.png));
  const rows: ReceiptRow[] = [];
  let imageIndex = 0;
  for (const line of job.transcript) {
    const barcode = /^\[BARCODE (\S+) (.*)\]$/.exec(line);
    const qr = /^\[QR (.*)\]$/.exec(line);
    if (/^\[IMAGE \d+x\d+\]$/.test(line)) {
      const image = job.images[imageIndex++];
      if (image) rows.push({ kind: 'logo', png: image.png });
    } else if (barcode && (barcode[1] === 'code128' || barcode[1] === 'ean13')) {
      rows.push({ kind: 'barcode', symbology: barcode[1], value: barcode[2]! });
    } else if (qr) {
      rows.push({ kind: 'qr', value: qr[1]! });
    } else {
      rows.push({ kind: 'text', text: line.slice(0, columns) });
    }
  }
  return rasterToPngBuffer(await renderRows(rows, { columns }));
}
