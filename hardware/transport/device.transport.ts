// Character-device transports: /dev/usb/lpN (usblp) and serial ports, opened non-blocking with our own timeouts.
import { execFile } from 'node:child_process';
import fs, { constants } from 'node:fs';
import tty from 'node:tty';
import { promisify } from 'node:util';
import { err, ok, type Result } from '../../server/shared/result.ts';
import { DEFAULT_TIMEOUTS, type Transport, type TransportTimeouts } from './transport.port.ts';

const CHUNK = 4096;
const POLL_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const writeFd = (fd: number, buffer: Uint8Array, offset: number, length: number) =>
  new Promise<number>((resolve, reject) => fs.write(fd, buffer, offset, length, null, (error, written) => (error ? reject(error) : resolve(written))));
const readFd = (fd: number, buffer: Uint8Array, offset: number, length: number) =>
  new Promise<number>((resolve, reject) => fs.read(fd, buffer, offset, length, null, (error, read) => (error ? reject(error) : resolve(read))));
const run = promisify(execFile);
const openFd = promisify(fs.open) as (path: string, flags: number) => Promise<number>;

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

export interface DeviceTransportOptions {
  path: string;
  kind: 'usblp' | 'serial';
  /** Serial only: line speed set with `stty` before use. */
  baud?: number;
  timeouts?: TransportTimeouts;
}

/**
 * A printer on a character device. A blocking write to usblp waits forever while the printer is out of paper,
 * so the device is opened O_NONBLOCK and every write and read is polled against our own deadline.
 */
export class DeviceTransport implements Transport {
  readonly target: string;
  #fd: number | undefined;
  #readable = true;
  readonly #timeouts: TransportTimeouts;

  constructor(private readonly options: DeviceTransportOptions) {
    this.target = options.kind === 'serial' ? `serial://${options.path}?baud=${options.baud ?? 9600}` : options.path;
    this.#timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  }

  get isOpen(): boolean {
    return this.#fd !== undefined;
  }

  async open(): Promise<Result<void>> {
    if (this.#fd !== undefined) return ok(undefined);
    const { path } = this.options;
    let fd: number;
    try {
      fd = await openFd(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV') {
        return err('DEVICE_NOT_FOUND', `No printer device at ${path}`, { path });
      }
      return err('PRINTER_UNREACHABLE', `Cannot open ${path} (${code})`, { path, cause: code });
    }
    if (this.options.kind === 'serial' && tty.isatty(fd)) {
      try {
        await run('stty', ['-F', path, String(this.options.baud ?? 9600), 'cs8', '-parenb', '-cstopb', 'raw', '-echo', '-ixon'], {
          timeout: this.#timeouts.connectMs,
        });
      } catch (error) {
        fs.closeSync(fd);
        return err('PRINTER_UNREACHABLE', `Cannot set up ${path}: ${(error as Error).message}`, { path });
      }
    }
    this.#fd = fd;
    this.#readable = true;
    return ok(undefined);
  }

  async write(bytes: Uint8Array): Promise<Result<void>> {
    const fd = this.#fd;
    if (fd === undefined) return err('PRINTER_UNREACHABLE', `${this.target} is not open`, { target: this.target });
    let offset = 0;
    let lastProgress = Date.now();
    while (offset < bytes.length) {
      try {
        const written = await writeFd(fd, bytes, offset, Math.min(CHUNK, bytes.length - offset));
        if (written > 0) {
          offset += written;
          lastProgress = Date.now();
          continue;
        }
      } catch (error) {
        const code = errnoOf(error);
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') {
          await this.close();
          return err(code === 'ENODEV' || code === 'ENOENT' ? 'DEVICE_NOT_FOUND' : 'PRINTER_UNREACHABLE', `${this.target}: write failed (${code})`, {
            target: this.target,
            cause: code,
          });
        }
      }
      if (Date.now() - lastProgress > this.#timeouts.writeMs) {
        return err('PRINTER_TIMEOUT', `${this.target} stopped taking data for ${this.#timeouts.writeMs} ms`, { target: this.target, written: offset });
      }
      await sleep(POLL_MS);
    }
    return ok(undefined);
  }

  async read(count: number, timeoutMs = this.#timeouts.readMs): Promise<Result<Uint8Array>> {
    const fd = this.#fd;
    if (fd === undefined) return err('PRINTER_UNREACHABLE', `${this.target} is not open`, { target: this.target });
    const timeout = () => err('PRINTER_TIMEOUT', `${this.target} did not answer within ${timeoutMs} ms`, { target: this.target, timeoutMs });
    if (!this.#readable) return timeout();
    const buffer = new Uint8Array(count);
    let got = 0;
    const deadline = Date.now() + timeoutMs;
    while (got < count) {
      try {
        const n = await readFd(fd, buffer, got, count - got);
        if (n > 0) {
          got += n;
          continue;
        }
      } catch (error) {
        const code = errnoOf(error);
        if (code === 'EINVAL') {
          this.#readable = false; // usblp on a unidirectional interface cannot be read at all
          return timeout();
        }
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') {
          return err('PRINTER_UNREACHABLE', `${this.target}: read failed (${code})`, { target: this.target, cause: code });
        }
      }
      if (Date.now() >= deadline) return timeout();
      await sleep(POLL_MS);
    }
    return ok(buffer);
  }

  discardInput(): void {
    const fd = this.#fd;
    if (fd === undefined || !this.#readable) return;
    const scratch = new Uint8Array(256);
    try {
      for (let i = 0; i < 64 && fs.readSync(fd, scratch, 0, scratch.length, null) > 0; i++);
    } catch {
      // EAGAIN: nothing waiting
    }
  }

  async close(): Promise<void> {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
  }
}
