// Keyboard-wedge scanner bursts: keys arriving faster than a person types, ended by Enter, decoded from
// KeyboardEvent.code (physical keys) so an Urdu or other layout does not garble the digits.

const DIGIT = /^(?:Digit|Numpad)(\d)$/;
const LETTER = /^Key([A-Z])$/;
const SYMBOLS: Record<string, string> = { Minus: '-', NumpadSubtract: '-', Period: '.', NumpadDecimal: '.', Slash: '/', NumpadDivide: '/', Space: ' ' };

/** The character a physical key stands for on a scanner (US layout, as scanners send), or null. */
export function charOfCode(code: string, shift = false): string | null {
  const digit = DIGIT.exec(code);
  if (digit) return digit[1]!;
  const letter = LETTER.exec(code);
  if (letter) return shift ? letter[1]! : letter[1]!.toLowerCase();
  return SYMBOLS[code] ?? null;
}

export interface ScannerOptions {
  /** Largest gap between two keys of one burst, ms (people type ≥ 80 ms apart; scanners 1–20 ms, more on a busy kiosk). */
  maxGapMs?: number;
  /** Fewest characters that count as a scan. */
  minLength?: number;
  onScan: (code: string, target: EventTarget | null) => void;
}

interface Pending {
  chars: string[];
  last: number;
  /** The field the burst typed into, and its value before the burst, so the burst can be taken back out. */
  field: HTMLInputElement | HTMLTextAreaElement | null;
  before: string;
}

/** Listens on window (capture phase) and calls onScan for every burst; returns a function that stops listening. */
export function listenForScans(options: ScannerOptions): () => void {
  const maxGap = options.maxGapMs ?? 50;
  const minLength = options.minLength ?? 4;
  let pending: Pending | null = null;

  const onKey = (event: KeyboardEvent) => {
    const now = event.timeStamp || performance.now();
    if (event.code === 'Enter' || event.code === 'NumpadEnter') {
      const burst = pending && now - pending.last <= maxGap * 3 && pending.chars.length >= minLength ? pending : null;
      pending = null;
      if (!burst) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (burst.field) {
        burst.field.value = burst.before;
        burst.field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      options.onScan(burst.chars.join(''), event.target);
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const char = charOfCode(event.code, event.shiftKey);
    if (char === null) {
      if (!['ShiftLeft', 'ShiftRight'].includes(event.code)) pending = null;
      return;
    }
    if (pending && now - pending.last <= maxGap) {
      pending.chars.push(char);
      pending.last = now;
      return;
    }
    const target = event.target;
    const field = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
    pending = { chars: [char], last: now, field, before: field?.value ?? '' };
  };
  window.addEventListener('keydown', onKey, { capture: true });
  return () => window.removeEventListener('keydown', onKey, { capture: true });
}
