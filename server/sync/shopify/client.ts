// The box's Shopify Admin client: @shopify/admin-api-client with retries off, a timeout, and failures sorted for the worker.
import { createAdminApiClient } from '@shopify/admin-api-client';
import type { Logger } from '../../logger.ts';
import type { CostExtension } from './emulator/cost.ts';
import type { ShopifyOperations } from './operations.generated.ts';
import { operation, type OperationName } from './operations.ts';
import { SHOPIFY_API_VERSION } from './schema.ts';

export type { CostExtension };

export interface ShopifyConnection {
  shopDomain: string;
  accessToken: string;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Why a call failed, and whether the same request (same key) may be sent again. */
export interface ShopifyFailure {
  kind: 'network' | 'timeout' | 'http' | 'throttled' | 'graphql' | 'auth';
  retryable: boolean;
  message: string;
  status?: number;
  code?: string;
  /** How long to wait before the next call, when the answer says so (Retry-After, THROTTLED cost). */
  retryAfterMs?: number;
  cost?: CostExtension | null;
}

/** Connection-phase failures: the request never left the box, so it cannot have been applied. */
const NOT_SENT_CODES = /\((ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT|CERT_[A-Z_]+)\)/;

/** True when a failure leaves open whether Shopify applied the request (timeouts, 5xx, a connection dropped mid-way). */
export function isAmbiguous(failure: ShopifyFailure): boolean {
  if (failure.kind === 'timeout') return true;
  if (failure.kind === 'network') return !NOT_SENT_CODES.test(failure.message);
  if (failure.kind === 'http') return failure.status !== undefined && failure.status >= 500;
  return false;
}

/** Variables and `data` of an operation, generated from its .graphql file. */
export type VariablesOf<N extends OperationName> = ShopifyOperations[N]['variables'];
export type DataOf<N extends OperationName> = ShopifyOperations[N]['data'];
export interface RequestOptions { timeoutMs?: number }
/** Variables may be left out only for operations without required ones. */
export type RequestArgs<N extends OperationName> = Record<string, never> extends VariablesOf<N>
  ? [variables?: VariablesOf<N>, options?: RequestOptions]
  : [variables: VariablesOf<N>, options?: RequestOptions];

export type ShopifyResult<T> = { ok: true; data: T; cost: CostExtension | null } | { ok: false; failure: ShopifyFailure };

/** Top-level error codes where resending the same request with the same key is right (reference §1.2). */
const RETRYABLE_CODES = new Set(['THROTTLED', 'IDEMPOTENCY_CONCURRENT_REQUEST', 'INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

export interface ShopifyClient {
  readonly shopDomain: string;
  /** Sends one operation from operations/*.graphql; never retries (the outbox worker owns retries). */
  request<N extends OperationName>(name: N, ...args: RequestArgs<N>): Promise<ShopifyResult<DataOf<N>>>;
  /** Plain GET through the same fetch (bulk result files). */
  download(url: string, options?: { timeoutMs?: number }): Promise<Response>;
}

export interface ShopifyClientOptions {
  connection: ShopifyConnection;
  /** customFetchApi: the emulator in tests and demo mode, global fetch otherwise. */
  fetch?: FetchLike;
  timeoutMs?: number;
  logger?: Logger;
}

/** Normalises what a person types as the shop (`my-shop`, `https://my-shop.myshopify.com/`) to `my-shop.myshopify.com`. */
export function normalizeShopDomain(input: string): string | null {
  const host = input.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const full = host.includes('.') ? host : `${host}.myshopify.com`;
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(full) ? full : null;
}

/** Seconds in Retry-After (the library would misread "2.0" as 2 ms). */
function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Wait implied by a THROTTLED answer: (requested − currentlyAvailable) / restoreRate seconds. */
export function throttleWaitMs(cost: CostExtension | null | undefined): number {
  if (!cost) return 1000;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  return Math.max(0, Math.ceil(((cost.requestedQueryCost - currentlyAvailable) / restoreRate) * 1000));
}

export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  // Keep the low-level cause (ECONNREFUSED…) in the message: the library keeps only error.message.
  const customFetch: FetchLike = async (input, init) => {
    try {
      return await baseFetch(input, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (error instanceof Error && code && error.name !== 'AbortError' && error.name !== 'TimeoutError') throw new TypeError(`${error.message} (${code})`);
      throw error;
    }
  };
  const logger = options.logger;
  const client = createAdminApiClient({
    storeDomain: options.connection.shopDomain,
    apiVersion: SHOPIFY_API_VERSION,
    accessToken: options.connection.accessToken,
    retries: 0,
    customFetchApi: customFetch as never,
    logger: (event) => {
      if (event.type === 'HTTP-Response-GraphQL-Deprecation-Notice') logger?.warn({ event: event.type, content: event.content }, 'Shopify deprecation notice');
      // Unsupported_Api_Version: 2026-10 is newer than the library's calendar until mid-2026; nothing to do.
    },
  });
  const defaultTimeout = options.timeoutMs ?? 20_000;

  return {
    shopDomain: options.connection.shopDomain,
    async request<N extends OperationName>(name: N, ...[variables, opts = {}]: RequestArgs<N>): Promise<ShopifyResult<DataOf<N>>> {
      type T = DataOf<N>;
      const signal = AbortSignal.timeout(opts.timeoutMs ?? defaultTimeout);
      const response = await client.request<T>(operation(name), { ...(variables ? { variables: variables as Record<string, unknown> } : {}), signal });
      const cost = ((response.extensions as { cost?: CostExtension } | undefined)?.cost) ?? null;
      const errors = response.errors;
      if (!errors) return { ok: true, data: response.data as T, cost };
      const status = errors.networkStatusCode;
      if (status === undefined) {
        const timedOut = signal.aborted || /abort|timeout/i.test(errors.message ?? '');
        return { ok: false, failure: { kind: timedOut ? 'timeout' : 'network', retryable: true, message: errors.message ?? 'network error', cost } };
      }
      if (status === 401 || status === 403) return { ok: false, failure: { kind: 'auth', retryable: false, status, message: `Shopify refused the access token (HTTP ${status})`, cost } };
      if (status !== 200) {
        const after = retryAfterMs(errors.response?.headers.get('retry-after'));
        const retryable = status === 429 || status >= 500;
        return { ok: false, failure: { kind: 'http', retryable, status, message: errors.message ?? `HTTP ${status}`, ...(after !== undefined ? { retryAfterMs: after } : {}), cost } };
      }
      const first = errors.graphQLErrors?.[0] as { message?: string; extensions?: { code?: string } } | undefined;
      if (!first) {
        // 200 without JSON (maintenance pages) or without data: a transient fault.
        return { ok: false, failure: { kind: 'http', retryable: true, status, message: errors.message ?? 'unexpected response', cost } };
      }
      const code = first.extensions?.code;
      if (code === 'THROTTLED') return { ok: false, failure: { kind: 'throttled', retryable: true, code, message: 'Throttled', retryAfterMs: throttleWaitMs(cost), cost } };
      return {
        ok: false,
        failure: { kind: 'graphql', retryable: code !== undefined && RETRYABLE_CODES.has(code), ...(code ? { code } : {}), message: first.message ?? 'GraphQL error', cost },
      };
    },
    async download(url: string, opts: { timeoutMs?: number } = {}): Promise<Response> {
      return customFetch(url, { method: 'GET', signal: AbortSignal.timeout(opts.timeoutMs ?? 10 * 60_000) });
    },
  };
}

export interface UserError { field?: string[] | null; message: string; code?: string | null }

/** A mutation payload's userErrors (the client library does not surface them). */
export function userErrorsOf(payload: { userErrors?: UserError[] | null } | null | undefined): UserError[] {
  return payload?.userErrors ?? [];
}

/**
 * For reads (and mutations Shopify provably did not run: THROTTLED, 429): resend after the wait the answer names,
 * up to `attempts` times. Pushes never use this; the outbox worker owns their retries and keys.
 */
export async function requestPatiently<N extends OperationName>(
  client: ShopifyClient, name: N, variables: VariablesOf<N>,
  options: { sleep: (ms: number) => Promise<void>; attempts?: number; onlyUnexecuted?: boolean },
): Promise<ShopifyResult<DataOf<N>>> {
  for (let attempt = 1; ; attempt++) {
    const r = await client.request<N>(name, ...([variables] as RequestArgs<N>));
    if (r.ok || !r.failure.retryable || attempt >= (options.attempts ?? 5)) return r;
    const unexecuted = r.failure.kind === 'throttled' || r.failure.status === 429;
    if (options.onlyUnexecuted && !unexecuted) return r;
    await options.sleep(r.failure.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** (attempt - 1)));
  }
}
