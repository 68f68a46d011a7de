// Builds the transport for a printer address.
import { DeviceTransport } from './device.transport.ts';
import { TcpTransport } from './tcp.transport.ts';
import { DEFAULT_TIMEOUTS, type PrinterAddress, type Transport, type TransportTimeouts } from './transport.port.ts';

export function createTransport(address: PrinterAddress, timeouts: TransportTimeouts = DEFAULT_TIMEOUTS): Transport {
  switch (address.kind) {
    case 'tcp': return new TcpTransport(address.host, address.port, timeouts);
    case 'usblp': return new DeviceTransport({ kind: 'usblp', path: address.path, timeouts });
    case 'serial': return new DeviceTransport({ kind: 'serial', path: address.path, baud: address.baud, timeouts });
  }
}
