// Cash drawer kicks: the buffered 5-byte `ESC p m t1 t2` and the real-time `DLE DC4 1 m t` fallback.

/** Which drawer connector pin the kick drives: pin 2 (drawer 1) or pin 5 (drawer 2). */
export type DrawerPin = 2 | 5;

export interface DrawerKick {
  pin: DrawerPin;
  /** Pulse ON time in ms (sent as t1 = ms / 2, 2–510 ms). */
  onMs: number;
  /** Pulse OFF time in ms (sent as t2 = ms / 2, 2–510 ms; must be at least onMs on Epson). */
  offMs: number;
}

/** The common default: pin 2, 100 ms on, 500 ms off (`1B 70 00 32 FA`). */
export const DEFAULT_DRAWER_KICK: DrawerKick = { pin: 2, onMs: 100, offMs: 500 };

function twoMsUnits(ms: number): number {
  return Math.min(255, Math.max(1, Math.round(ms / 2)));
}

/** `ESC p m t1 t2`: always all five bytes (clients that send three leave the printer eating the next bytes). */
export function drawerKickBytes(kick: DrawerKick = DEFAULT_DRAWER_KICK): Uint8Array {
  return Uint8Array.of(0x1b, 0x70, kick.pin === 2 ? 0x00 : 0x01, twoMsUnits(kick.onMs), twoMsUnits(kick.offMs));
}

/**
 * `DLE DC4 1 m t`: Epson's real-time pulse, executed even while the printer is out of paper or its cover is
 * open (when a buffered `ESC p` would be stuck). t is in 100 ms units, 1–8.
 */
export function realtimeDrawerPulseBytes(pin: DrawerPin = 2, onMs = 100): Uint8Array {
  const t = Math.min(8, Math.max(1, Math.round(onMs / 100)));
  return Uint8Array.of(0x10, 0x14, 0x01, pin === 2 ? 0x00 : 0x01, t);
}
