// Money for people: minor units → "Rs 1,250.50" with Intl, in the branch's currency and locale. The only place money is formatted.
import { minor, toDecimalString } from '../../../../server/shared/money.ts';

export interface MoneyFormat {
  currency: string;
  exponent: number;
  locale: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor({ currency, exponent, locale }: MoneyFormat, sign: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${exponent}|${sign}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency', currency, currencyDisplay: 'symbol',
      minimumFractionDigits: exponent, maximumFractionDigits: exponent,
      ...(sign ? { signDisplay: 'exceptZero' as const } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Formats an integer of minor units exactly (the decimal string goes to Intl, never a float). */
export function formatMoney(units: number, format: MoneyFormat, options: { sign?: boolean } = {}): string {
  const decimal = toDecimalString(minor(units), format.exponent);
  return formatterFor(format, options.sign ?? false).format(decimal as unknown as number);
}
