// `logs`: the box's pino JSON log lines (from journald or a file) made readable with pino-pretty.
import { prettyFactory } from 'pino-pretty';

/** Returns a function that turns one log line into readable text; lines that are not pino JSON pass through. */
export function createLinePrettifier(colorize: boolean): (line: string) => string {
  const pretty = prettyFactory({ colorize, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname,app', singleLine: false });
  return (line) => {
    const trimmed = line.trim();
    if (!trimmed) return '';
    if (trimmed.startsWith('{')) {
      try {
        const parsed = JSON.parse(trimmed) as unknown;
        if (parsed && typeof parsed === 'object' && 'level' in parsed) return pretty(parsed);
      } catch {
        // not JSON after all: show it as it is
      }
    }
    return `${trimmed}\n`;
  };
}

/** The last `count` non-empty lines of a text. */
export function lastLines(text: string, count: number): string[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return count > 0 ? lines.slice(-count) : [];
}
