// Dates and times for people, always in the branch's time zone.

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "23 Nov 2026, 2:05 pm" in the branch zone. */
export function formatDateTime(epochMs: number, locale: string, timeZone: string): string {
  return formatter(locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

/** "2:05 pm": the shell's clock and times of day. */
export function formatTime(epochMs: number, locale: string, timeZone: string): string {
  return formatter(locale, timeZone, { timeStyle: 'short' }).format(epochMs);
}

/** "23 Nov 2026". */
export function formatDate(epochMs: number, locale: string, timeZone: string): string {
  return formatter(locale, timeZone, { dateStyle: 'medium' }).format(epochMs);
}
