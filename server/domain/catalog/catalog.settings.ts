// The catalog's settings, read from the box configuration.
import type { Config } from '../../config.ts';
import type { InternalBarcodeSettings } from './catalog.barcodes.ts';
import type { ScaleBarcodeSettings } from './catalog.scale.ts';

export function scaleSettings(config: Config): ScaleBarcodeSettings {
  return { prefixes: config.scaleBarcodePrefixes, itemDigits: config.scaleItemDigits, valueKind: config.scaleValueKind };
}

export function internalBarcodeSettings(config: Config): InternalBarcodeSettings {
  return { prefix: config.internalBarcodePrefix };
}
