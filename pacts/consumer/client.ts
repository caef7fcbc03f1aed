// The consumer side of the pact, reduced to what a client of the operation does: POST a connection body with a
// credential and a versioned Accept header, then read status, media type and JSON body. The consumer tests run it
// against the Pact mock server; a client team's own tests do the same against `npm run pacts:stub`.
//
// One connection per request (no keep-alive pool): each consumer test gets a fresh mock server, and the OS may
// give a new one the port of a closed one, where a pooled connection would still point at the old server.
import { request } from 'node:http';

export interface CreateRequest {
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface CreateResponse {
  status: number;
  contentType: string;
  retryAfter: string | null;
  text: string;
  json: unknown;
}

export function createStreamConnection(req: CreateRequest, timeoutMs = 10_000): Promise<CreateResponse> {
  const url = new URL(req.path, req.baseUrl);
  if (url.protocol !== 'http:') return Promise.reject(new Error(`only http is supported here, got ${url.protocol}`));
  const payload = Buffer.from(JSON.stringify(req.body), 'utf8');
  return new Promise((resolve, reject) => {
    const r = request(
      url,
      { method: 'POST', agent: false, headers: { ...req.headers, 'Content-Length': String(payload.length), Connection: 'close' }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const header = (name: string) => {
            const v = res.headers[name];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          };
          resolve({ status: res.statusCode ?? 0, contentType: header('content-type') ?? '', retryAfter: header('retry-after'), text, json });
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer from ${url.origin} within ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(payload);
  });
}
