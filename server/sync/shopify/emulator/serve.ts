// Serves an emulator on 127.0.0.1 over HTTP (URL rewriting), so a test can keep the emulator out of the box's process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { FetchLike } from '../client.ts';
import type { ShopifyEmulator } from './emulator.ts';

/** Starts the loopback server; returns its base URL. */
export async function serveEmulator(emu: ShopifyEmulator, port = 0): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const target = path.startsWith('/bulk/') ? `https://emu.bulk/${path.slice('/bulk/'.length)}` : `https://${emu.shopDomain}${path}`;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
      emu.fetch(target, { method: req.method ?? 'GET', headers, ...(req.method === 'POST' ? { body: Buffer.concat(chunks).toString('utf8') } : {}) })
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
          if (response.body) Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
          else res.end();
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A fetch for the box that sends Shopify and bulk URLs to a loopback emulator. */
export function loopbackFetch(baseUrl: string, shopDomain: string): FetchLike {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const rewritten = url.startsWith('https://emu.bulk/') ? `${baseUrl}/bulk/${url.slice('https://emu.bulk/'.length)}` : url.replace(`https://${shopDomain}`, baseUrl);
    return fetch(rewritten, init);
  };
}
