// A PIN being typed on a keypad: the digits, a busy flag while the box checks them, and the box's answer when it refuses.
import { ApiError } from './api.ts';

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;

export class PinEntry {
  pin = $state('');
  busy = $state(false);
  error = $state<string | null>(null);

  /** Sends the PIN once it is long enough; a refusal clears the digits and keeps the box's message for the screen. */
  async submit(send: (pin: string) => Promise<void>): Promise<void> {
    if (this.busy) return;
    if (this.pin.length < PIN_MIN_LENGTH) {
      this.error = `Enter the PIN (${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits)`;
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      await send(this.pin);
    } catch (e) {
      this.pin = '';
      this.error = e instanceof ApiError ? e.message : 'The box could not be reached';
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.pin = '';
    this.error = null;
  }
}
