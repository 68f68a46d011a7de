// Price-embedded EAN-13 barcodes of weighed goods: prefix, item code, then a weight (grams) or a price (minor units).
import { isValidEan13 } from '../../shared/ean13.ts';

export interface ScaleBarcodeSettings {
  /** Two-digit prefixes, e.g. "20-29" or "21,22". */
  prefixes: string;
  /** Digits of the item code after the prefix. */
  itemDigits: number;
  /** What the value digits hold. */
  valueKind: 'weight' | 'price';
}

export interface ScaleBarcode {
  prefix: string;
  itemCode: string;
  /** Grams when valueKind is weight, minor units when price. */
  value: number;
  valueKind: 'weight' | 'price';
}

const prefixCache = new Map<string, Set<string>>();

function prefixSet(spec: string): Set<string> {
  let set = prefixCache.get(spec);
  if (!set) {
    set = new Set();
    for (const part of spec.split(',')) {
      const [from, to] = part.split('-').map(Number) as [number, number | undefined];
      for (let p = from; p <= (to ?? from); p++) set.add(String(p).padStart(2, '0'));
    }
    prefixCache.set(spec, set);
  }
  return set;
}

/**
 * Reads a weighed-goods barcode: PP + item code + value + check digit (13 digits, valid check digit).
 * Null for any other code. The value takes the digits between the item code and the check digit.
 */
export function parseScaleBarcode(code: string, settings: ScaleBarcodeSettings): ScaleBarcode | null {
  if (!isValidEan13(code)) return null;
  const prefix = code.slice(0, 2);
  if (!prefixSet(settings.prefixes).has(prefix)) return null;
  const itemCode = code.slice(2, 2 + settings.itemDigits);
  const value = Number(code.slice(2 + settings.itemDigits, 12));
  return { prefix, itemCode, value, valueKind: settings.valueKind };
}
