// What every route module receives from the composition root, and the per-request variables.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../shared/clock.ts';
import type { Actor } from '../domain/staff/index.ts';

export interface BoxDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly version: string;
  /** Instant the box started, for uptime. */
  readonly startedAt: number;
}

export interface BoxEnv {
  Variables: {
    requestId: string;
    /** Set by the auth middleware for a paired device with a signed-in staff member, or an API token. */
    actor: Actor | undefined;
  };
}

export type BoxApp = OpenAPIHono<BoxEnv>;
