// Routes a scan from a scanner on the box to its counter's cart, through the same cart command a kiosk scan uses.
import type { Db } from '../db/connection.ts';
import { scanItem } from '../domain/cart/index.ts';
import { recordDeviceActivity, scannerCounter, type HardwareEffects } from '../domain/hardware/index.ts';
import { counterSession, touchSession, type SessionPolicy } from '../domain/staff/index.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { BoxEffects } from '../realtime/effects.ts';
import { cartContext } from '../realtime/cart.socket.ts';
import type { BoxScanEvent } from '../realtime/events.ts';
import type { Clock } from '../shared/clock.ts';
import type { AppError } from '../shared/errors.ts';
import { newId, type Id } from '../shared/ids.ts';

export interface ScanRouterDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  effects?: BoxEffects | undefined;
  hardwareEffects?: HardwareEffects | undefined;
  policy: SessionPolicy;
  /** Sends the outcome to the counter's screens (socket room counter:<id>). */
  toCounter: (counterId: Id<'Counter'>, event: BoxScanEvent) => void;
}

export type ScanOutcome =
  | { status: 'added'; counterId: Id<'Counter'> }
  | { status: 'refused'; counterId: Id<'Counter'>; error: AppError }
  | { status: 'dropped'; reason: 'not-assigned' | 'unknown-device' };

/**
 * One scan from box scanner `deviceId`: dropped (logged, shown on the health page) when the scanner serves no counter;
 * otherwise applied as `cart:scan` on behalf of whoever is signed in on that counter, so the line, the stock check and
 * every error are exactly a kiosk scan's. The counter's screens get the cart as `cart:updated` and the outcome as
 * `scanner:scanned`.
 */
export function routeBoxScan(deps: ScanRouterDeps, deviceId: string, code: string): ScanOutcome {
  const now = deps.clock.now();
  const target = scannerCounter(deps.db, deviceId);
  if (!target.ok) {
    deps.logger.warn({ deviceId }, 'scan from a scanner the registry does not know: dropped');
    return { status: 'dropped', reason: 'unknown-device' };
  }
  const { device, counterId } = target.value;
  if (!counterId) {
    deps.logger.warn({ deviceId, device: device.name, path: device.path }, 'scan dropped: this scanner is not assigned to a counter');
    recordDeviceActivity(deps.db, deviceId, { scanned: true, error: 'scan dropped: not assigned to a counter' }, now, deps.hardwareEffects);
    return { status: 'dropped', reason: 'not-assigned' };
  }
  const refuse = (error: AppError, deviceError: string | null): ScanOutcome => {
    deps.logger.info({ deviceId, counterId, code: error.code }, 'box scan refused');
    recordDeviceActivity(deps.db, deviceId, { scanned: true, error: deviceError }, now, deps.hardwareEffects);
    deps.toCounter(counterId, { deviceId, deviceName: device.name, code, ok: false, error });
    return { status: 'refused', counterId, error };
  };
  const session = counterSession(deps.db, counterId, now, deps.policy);
  if (session.state !== 'active') {
    const error: AppError = session.state === 'locked'
      ? { code: 'UNAUTHENTICATED', message: `${device.counterName ?? 'The counter'} is locked: unlock it to sell with ${device.name}` }
      : { code: 'UNAUTHENTICATED', message: `Nobody is signed in on ${device.counterName ?? 'the counter'}: sign in to sell with ${device.name}` };
    return refuse(error, `scan refused: ${error.message}`);
  }
  touchSession(deps.db, session.session.id, now);
  // A physical scan is a new intent every time: a fresh operation id (a kiosk makes one per scan too).
  const result = scanItem(deps.db, session.actor, newId(), code, cartContext(deps));
  if (!result.ok) return refuse(result.error, null); // the scanner worked; the barcode is the problem, as at the kiosk
  recordDeviceActivity(deps.db, deviceId, { scanned: true, error: null }, now, deps.hardwareEffects);
  deps.toCounter(counterId, { deviceId, deviceName: device.name, code, ok: true });
  return { status: 'added', counterId };
}
