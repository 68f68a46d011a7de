// One status poll: `DLE EOT 1–4` on an open transport, each reply awaited with a timeout.
import { parseStatusReplies, statusRequestBytes, type PrinterStatus } from '../escpos/escpos.status.ts';
import type { Transport } from '../transport/transport.port.ts';

/**
 * The printer's status; `null` when it does not answer (status unknown: some printers never do, and usblp on a
 * unidirectional interface cannot be read), `'unreachable'` when the connection failed.
 */
export async function pollPrinterStatus(transport: Transport, timeoutMs: number): Promise<PrinterStatus | null | 'unreachable'> {
  const replies: number[] = [];
  transport.discardInput();
  for (const n of [1, 2, 3, 4] as const) {
    const written = await transport.write(statusRequestBytes(n));
    if (!written.ok) return 'unreachable';
    const reply = await transport.read(1, timeoutMs);
    if (!reply.ok) return reply.error.code === 'PRINTER_TIMEOUT' ? null : 'unreachable';
    replies.push(reply.value[0]!);
  }
  return parseStatusReplies(replies as [number, number, number, number]);
}
