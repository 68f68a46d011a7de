// What every route module receives from the composition root, and the per-request variables.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Logger } from '../logger.ts';
import type { PrinterStatusEvent } from '../realtime/events.ts';
import type { Clock } from '../shared/clock.ts';
import type { Actor } from '../domain/staff/index.ts';
import type { DeviceContext } from '../domain/staff/staff.devices.ts';
import type { BoxEffects } from '../realtime/effects.ts';
import type { HardwareEffects } from '../domain/hardware/index.ts';

export interface BoxDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly version: string;
  /** Instant the box started, for uptime. */
  readonly startedAt: number;
  /** What sales and carts do after commit (realtime events, receipt printing); nothing when absent (tests, scripts). */
  readonly effects?: BoxEffects;
  /** The running print worker (absent in API-only tests): live printer states, and waking queues. */
  readonly printing?: PrintingRuntime;
  /** Box-attached hardware (absent in API-only tests): what a device change does after commit (the health page repaints). */
  readonly hardware?: HardwareRuntime;
}

export interface HardwareRuntime {
  readonly effects: HardwareEffects;
}

export interface PrintingRuntime {
  /** Wakes a printer's queue, starting one for a newly registered printer. */
  notify(printerId: string): void;
  statuses(): PrinterStatusEvent[];
  /** A printer's settings changed (drawer polarity): its running queue applies them. */
  printerChanged?(printerId: string): void;
}

export interface BoxEnv {
  Variables: {
    requestId: string;
    /** Set by the auth middleware for a paired device with a signed-in staff member, or an API token. */
    actor: Actor | undefined;
    /** Set by the auth middleware for a request from a paired counter (undefined for API tokens). */
    device: DeviceContext | undefined;
  };
}

export type BoxApp = OpenAPIHono<BoxEnv>;
