// A Hono router with the box's validation hook; every route module starts from one.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { BoxApp, BoxEnv } from './context.ts';
import { errorResponse } from './errors.ts';

/** Zod failures become 400 VALIDATION_FAILED with one entry per bad field path. */
export function createRouter(): BoxApp {
  return new OpenAPIHono<BoxEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const fields = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));
      return errorResponse(c, {
        code: 'VALIDATION_FAILED',
        message: `invalid ${result.target}: ${fields.map((f) => `${f.path || '(body)'} ${f.message}`).join('; ')}`,
        details: { target: result.target, fields },
      });
    },
  });
}

