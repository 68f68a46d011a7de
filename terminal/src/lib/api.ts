// Calls to the box's JSON API; failures arrive as ApiError carrying the box's stable error code.

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: unknown = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Envelope { error?: { code?: string; message?: string; details?: unknown; requestId?: string | null } }

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body ?? null, credentials: 'same-origin' });
  } catch {
    throw new ApiError('BOX_UNREACHABLE', 'The box cannot be reached. Check the network cable or Wi-Fi.', 0);
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const e = (body as Envelope | null)?.error;
    throw new ApiError(e?.code ?? 'HTTP_' + response.status, e?.message ?? response.statusText, response.status, e?.details ?? null, e?.requestId ?? null);
  }
  return body as T;
}
