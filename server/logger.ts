// The box's structured logger (pino, JSON to stdout for journald); never log PINs, tokens or card data.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'ismartsync-box' },
    redact: { paths: ['pin', '*.pin', 'token', '*.token', 'accessToken', '*.accessToken', 'req.headers.authorization', 'req.headers.cookie'], censor: '***' },
  });
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
