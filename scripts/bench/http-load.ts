// A closed-loop HTTP load generator on loopback: N clients each sending requests back to back for a duration.
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
}

export interface LoadRequest {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** Runs `clients` concurrent loops for `seconds`; `next(client, i)` gives each request. */
export async function runLoad(baseUrl: string, clients: number, seconds: number, next: (client: number, i: number) => LoadRequest): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const one = (r: LoadRequest) => new Promise<number>((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: r.path, method: r.method ?? 'GET', agent, headers: { ...(r.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(r.body)) } : {}), ...r.headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(r.body);
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t0 = performance.now();
      const status = await one(next(client, i));
      latencies.push(performance.now() - t0);
      if (status < 200 || status >= 400) errors += 1;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, seconds: elapsed, perSecond: latencies.length / elapsed, latenciesMs: latencies };
}
