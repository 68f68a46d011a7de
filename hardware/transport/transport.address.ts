// Printer addresses as techs type them: tcp://HOST:PORT, /dev/usb/lp0 (or usb:///dev/usb/lp0), serial:///dev/ttyUSB0?baud=9600.
import { err, ok, type Result } from '../../server/shared/result.ts';
import type { PrinterAddress } from './transport.port.ts';

const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400];

export function parsePrinterAddress(text: string): Result<PrinterAddress> {
  const value = text.trim();
  const invalid = (why: string) => err('INVALID_PRINTER_ADDRESS', `"${text}" is not a printer address: ${why}`, { address: text });
  if (value.startsWith('tcp://')) {
    const match = /^tcp:\/\/(\[[^\]]+\]|[^:/?#]+)(?::(\d{1,5}))?\/?$/.exec(value);
    if (!match) return invalid('expected tcp://HOST:PORT');
    const port = match[2] === undefined ? 9100 : Number(match[2]);
    if (port < 1 || port > 65535) return invalid('port must be 1-65535');
    return ok({ kind: 'tcp', host: match[1]!.replace(/^\[|\]$/g, ''), port });
  }
  if (value.startsWith('serial://')) {
    const url = new URL(value);
    const baud = Number(url.searchParams.get('baud') ?? '9600');
    if (!url.pathname.startsWith('/dev/')) return invalid('expected serial:///dev/ttyUSB0?baud=9600');
    if (!BAUD_RATES.includes(baud)) return invalid(`baud must be one of ${BAUD_RATES.join(', ')}`);
    return ok({ kind: 'serial', path: url.pathname, baud });
  }
  const path = value.startsWith('usb://') ? value.slice('usb://'.length) : value;
  if (/^\/dev\/(tty(USB|ACM|S)\d+)$/.test(path)) return ok({ kind: 'serial', path, baud: 9600 });
  if (path.startsWith('/')) return ok({ kind: 'usblp', path });
  return invalid('expected tcp://HOST:PORT, /dev/usb/lpN or serial:///dev/ttyUSB0?baud=9600');
}

export function formatPrinterAddress(address: PrinterAddress): string {
  switch (address.kind) {
    case 'tcp': return `tcp://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
    case 'usblp': return address.path;
    case 'serial': return `serial://${address.path}?baud=${address.baud}`;
  }
}
