// An HTTP client that acts like one counter's kiosk: pairs, signs a person in, opens a shift, rings up sales.
import { v7 as uuidv7 } from 'uuid';

export interface Reply {
  status: number;
  body: unknown;
}

/** Thrown for a request that got no HTTP answer at all (box down, connection reset). */
export class NoAnswer extends Error {}

export class CounterClient {
  private readonly cookies = new Map<string, string>();

  constructor(public baseUrl: string) {}

  /** The `Cookie` header this client sends (for requests made outside it, e.g. binary downloads). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Carries a credential obtained elsewhere (e.g. a device paired by a tech). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
          ...headers,
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new NoAnswer((error as Error).message);
    }
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch { /* not JSON */ }
    return { status: response.status, body: parsed };
  }

  private async expectOk(what: string, reply: Promise<Reply>): Promise<Reply> {
    const r = await reply;
    if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }

  pair(code: string): Promise<Reply> {
    return this.expectOk('pair', this.request('POST', '/api/v1/pair', { code }));
  }

  signIn(staffCode: string, pin: string): Promise<Reply> {
    return this.expectOk('sign in', this.request('POST', '/api/v1/session', { staffCode, pin }));
  }

  /** Opens this counter's shift; an already open one is fine. */
  async openShift(openingFloat = 500_000): Promise<void> {
    const r = await this.request('POST', '/api/v1/shifts', { openingFloat });
    if (r.status >= 300 && (r.body as { error?: { code?: string } }).error?.code !== 'SHIFT_ALREADY_OPEN') {
      throw new Error(`open shift: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  /** One cash sale of the given lines through POST /api/v1/orders; the order id is chosen here, as a kiosk does. */
  sell(lines: Array<{ variantId: string; quantity: number }>, orderId: string = uuidv7(), cash = 100_000_000): Promise<Reply & { orderId: string }> {
    return this.request('POST', '/api/v1/orders', { orderId, lines, tenders: [{ method: 'cash', amount: cash }] })
      .then((r) => ({ ...r, orderId }));
  }
}
