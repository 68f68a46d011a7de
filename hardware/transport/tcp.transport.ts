// Raw TCP (port 9100) transport with connect, write and read timeouts.
import net from 'node:net';
import { err, ok, type Result } from '../../server/shared/result.ts';
import { ReplyBuffer } from './reply-buffer.ts';
import { DEFAULT_TIMEOUTS, type Transport, type TransportTimeouts } from './transport.port.ts';

const CHUNK = 16 * 1024;

export class TcpTransport implements Transport {
  readonly target: string;
  #socket: net.Socket | undefined;
  #replies: ReplyBuffer;
  #closedReason: string | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeouts: TransportTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.target = `tcp://${host}:${port}`;
    this.#replies = new ReplyBuffer(this.target);
  }

  get isOpen(): boolean {
    return this.#socket !== undefined && this.#closedReason === undefined;
  }

  open(): Promise<Result<void>> {
    if (this.isOpen) return Promise.resolve(ok(undefined));
    this.#replies.reset();
    this.#closedReason = undefined;
    return new Promise((resolve) => {
      const socket = net.connect({ host: this.host, port: this.port });
      this.#socket = socket;
      const current = () => this.#socket === socket;
      const timer = setTimeout(() => {
        this.#markClosed('timed out');
        socket.destroy();
        resolve(err('PRINTER_UNREACHABLE', `${this.target} did not accept a connection within ${this.timeouts.connectMs} ms`, { target: this.target }));
      }, this.timeouts.connectMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 10_000);
        resolve(ok(undefined));
      });
      socket.on('data', (chunk) => {
        if (current()) this.#replies.push(chunk);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (current()) this.#markClosed(error.code ?? error.message);
        resolve(err('PRINTER_UNREACHABLE', `${this.target} is unreachable (${error.code ?? error.message})`, { target: this.target, cause: error.code }));
      });
      socket.on('close', () => {
        if (current()) this.#markClosed('closed by the printer');
      });
    });
  }

  #markClosed(reason: string): void {
    if (this.#closedReason !== undefined) return;
    this.#closedReason = reason;
    this.#replies.fail(err('PRINTER_UNREACHABLE', `${this.target}: connection ${reason}`, { target: this.target }));
  }

  async write(bytes: Uint8Array): Promise<Result<void>> {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      const written = await this.#writeChunk(bytes.subarray(offset, offset + CHUNK));
      if (!written.ok) return written;
    }
    return ok(undefined);
  }

  #writeChunk(chunk: Uint8Array): Promise<Result<void>> {
    const socket = this.#socket;
    if (!socket || this.#closedReason !== undefined) {
      return Promise.resolve(err('PRINTER_UNREACHABLE', `${this.target}: connection ${this.#closedReason ?? 'not open'}`, { target: this.target }));
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Result<void>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('close', onClose);
        resolve(result);
      };
      const onClose = () => finish(err('PRINTER_UNREACHABLE', `${this.target}: connection ${this.#closedReason ?? 'closed'}`, { target: this.target }));
      const timer = setTimeout(() => {
        // The printer stopped taking data: what reached it is unknown, so this connection is finished.
        socket.destroy();
        finish(err('PRINTER_TIMEOUT', `${this.target} stopped taking data for ${this.timeouts.writeMs} ms`, { target: this.target }));
      }, this.timeouts.writeMs);
      socket.once('close', onClose);
      socket.write(chunk, (error) => finish(error ? err('PRINTER_UNREACHABLE', `${this.target}: ${error.message}`, { target: this.target }) : ok(undefined)));
    });
  }

  read(count: number, timeoutMs = this.timeouts.readMs): Promise<Result<Uint8Array>> {
    return this.#replies.read(count, timeoutMs);
  }

  discardInput(): void {
    this.#replies.discard();
  }

  close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve();
      }, 1000);
      socket.end(() => {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      });
    });
  }
}
