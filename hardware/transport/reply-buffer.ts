// Bytes a printer sent back, waiting to be read; reads wait for enough bytes or time out.
import { err, ok, type Result } from '../../server/shared/result.ts';

interface Waiter {
  count: number;
  resolve: (result: Result<Uint8Array>) => void;
  timer: NodeJS.Timeout;
}

export class ReplyBuffer {
  #bytes: Buffer = Buffer.alloc(0);
  #waiter: Waiter | undefined;
  #failure: Result<never> | undefined;

  constructor(private readonly target: string) {}

  push(chunk: Uint8Array): void {
    this.#bytes = Buffer.concat([this.#bytes, chunk]);
    this.#serve();
  }

  /** Ends every current and future read with this failure (connection closed). */
  fail(failure: Result<never>): void {
    this.#failure = failure;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      clearTimeout(waiter.timer);
      waiter.resolve(failure);
    }
  }

  reset(): void {
    this.#failure = undefined;
    this.#bytes = Buffer.alloc(0);
  }

  discard(): void {
    this.#bytes = Buffer.alloc(0);
  }

  read(count: number, timeoutMs: number): Promise<Result<Uint8Array>> {
    if (this.#waiter) throw new Error('ReplyBuffer: one read at a time');
    if (this.#bytes.length >= count) return Promise.resolve(ok(this.#take(count)));
    if (this.#failure) return Promise.resolve(this.#failure);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve(err('PRINTER_TIMEOUT', `${this.target} did not answer within ${timeoutMs} ms`, { target: this.target, timeoutMs }));
      }, timeoutMs);
      this.#waiter = { count, resolve, timer };
    });
  }

  #take(count: number): Uint8Array {
    const taken = new Uint8Array(this.#bytes.subarray(0, count));
    this.#bytes = this.#bytes.subarray(count);
    return taken;
  }

  #serve(): void {
    const waiter = this.#waiter;
    if (!waiter || this.#bytes.length < waiter.count) return;
    this.#waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(ok(this.#take(waiter.count)));
  }
}
