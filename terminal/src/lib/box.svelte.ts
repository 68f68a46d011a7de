// What the terminal knows about its box (branch, counters, currency, locale), loaded once at start.
import type { BoxInfo } from '../../../server/domain/branch/branch.service.ts';
import { api } from './api.ts';
import type { MoneyFormat } from './format/money.ts';

class BoxState {
  info = $state<BoxInfo | null>(null);
  error = $state<string | null>(null);

  get moneyFormat(): MoneyFormat {
    return { currency: this.info?.currency ?? 'PKR', exponent: this.info?.currencyExponent ?? 2, locale: this.info?.locale ?? 'en-PK' };
  }

  get locale(): string { return this.info?.locale ?? 'en-PK'; }
  get timeZone(): string { return this.info?.timeZone ?? 'Asia/Karachi'; }

  async load(): Promise<void> {
    try {
      this.info = await api<BoxInfo>('/api/v1/box');
      this.error = null;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }
}

export const box = new BoxState();
