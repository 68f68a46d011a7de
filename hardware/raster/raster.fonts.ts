// Registers the receipt fonts with Skia: Noto Naskh Arabic (Urdu/Arabic, shaped by HarfBuzz) and its Latin subset.
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

const require = createRequire(import.meta.url);
const FILES = {
  ReceiptLatin: ['latin', 'latin-ext'],
  ReceiptArabic: ['arabic'],
} as const;

/** The CSS font-family list the raster renderer draws with. */
export const RECEIPT_FONT_FAMILY = 'ReceiptLatin, ReceiptArabic';

let registered = false;

/** Idempotent. Fonts come from the `@fontsource/noto-naskh-arabic` package (OFL), so no system font is needed. */
export function registerReceiptFonts(): void {
  if (registered) return;
  for (const [family, subsets] of Object.entries(FILES)) {
    for (const subset of subsets) {
      for (const weight of [400, 700]) {
        const file = require.resolve(`@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-${subset}-${weight}-normal.woff2`);
        if (!GlobalFonts.registerFromPath(file, family)) throw new Error(`could not register the receipt font ${file}`);
      }
    }
  }
  registered = true;
}
