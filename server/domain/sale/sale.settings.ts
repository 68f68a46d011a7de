// The sale room's settings, read from the box configuration.
import type { Config } from '../../config.ts';
import type { CashRounding, PricingSettings } from './sale.rules.ts';

export interface SaleSettings {
  pricing: PricingSettings;
  cashRounding: CashRounding;
  allowNegativeStock: boolean;
  timeZone: string;
}

export function saleSettings(config: Config): SaleSettings {
  return {
    pricing: { pricesIncludeTax: config.pricesIncludeTax, taxRounding: config.taxRounding },
    cashRounding: { increment: config.cashRoundingIncrement, mode: config.cashRoundingMode },
    allowNegativeStock: config.allowNegativeStock,
    timeZone: config.timeZone,
  };
}
