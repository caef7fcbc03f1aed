// A purpose-made target for the tolerance tests: a loopback proxy in front of the reference target that behaves the
// way profile v1.1 says the vendor's service does (reads that settle after a delay, Kafka deletes refused 409 while
// deploying, no links, server defaults, charset, rate-limit headers, optionally a limit it enforces with 429), and
// that loses answers on demand (seeded): a connection reset after the upstream did the work, or a truncated body.
// It changes nothing the profile requires: every answer it makes is one a conforming target may give.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VendorProxyOptions {
  upstream: string;
  /** GET one / the list do not show a connection for this long after its 200 create. Default 300 ms. */
  readDelayMs?: number;
  /** DELETE of a Kafka connection answers 409 STREAM_KAFKA_CONNECTION_IS_DEPLOYING this long after its create. */
  deployMs?: number;
  /** Answers lost: 1 in `lossEvery` (0: none), alternately reset after the upstream answered and truncated. */
  lossEvery?: number;
  seed?: number;
  /** RateLimit-Limit advertised per window (default 1200). */
  limit?: number;
  windowMs?: number;
  /** Answer 429 (with Retry-After) past the limit. */
  enforce?: boolean;
  /** Reset the connection instead of answering the first N creates the upstream answered 200 (they took effect). */
  loseCreates?: number;
}

export interface VendorProxy {
  url: string;
  /** Answers lost so far, and 429s sent. */
  stats: { lost: number; limited: number; requests: number };
  close(): Promise<void>;
}

const ONE = /^\/api\/atlas\/v2\/groups\/[^/]+\/streams\/[^/]+\/connections\/([^/?]+)$/;
const LIST = /^\/api\/atlas\/v2\/groups\/[^/]+\/streams\/[^/]+\/connections$/;
const CHARSET = 'application/vnd.atlas.2023-02-01+json;charset=utf-8';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function apiError(status: number, errorCode: string, detail: string): { status: number; body: string } {
  return { status, body: JSON.stringify({ error: status, errorCode, reason: http.STATUS_CODES[status], detail, parameters: [] }) };
}

/** What the vendor adds and leaves out: no links anywhere, its own defaults where the request sent none. */
function vendorView(c: unknown, name: string, state: 'PENDING' | 'READY'): unknown {
  const strip = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'links').map(([k, x]) => [k, strip(x)])) : v;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return c;
  const id = createHash('sha256').update(name).digest('hex').slice(0, 24);
  return { id, state, region: 'VIRGINIA_USA', networking: { access: { type: 'PUBLIC' } }, ...(strip(c) as object) };
}

export async function startVendorProxy(o: VendorProxyOptions): Promise<VendorProxy> {
  const up = new URL(o.upstream);
  const readDelay = o.readDelayMs ?? 300;
  const deployMs = o.deployMs ?? 600;
  const random = mulberry32(o.seed ?? 1);
  const limit = o.limit ?? 1200;
  const windowMs = o.windowMs ?? 60_000;
  const created = new Map<string, { at: number; kafka: boolean }>();
  const stats = { lost: 0, limited: 0, requests: 0 };
  let windowStart = Date.now();
  let used = 0;
  let losses = 0;
  let lostCreates = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      const now = Date.now();
      if (now - windowStart >= windowMs) {
        windowStart = now;
        used = 0;
      }
      used++;
      const rateHeaders = { 'RateLimit-Limit': String(limit), 'RateLimit-Remaining': String(Math.max(0, limit - used)) };
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname;
      const send = (status: number, headers: Record<string, string>, body: string, createdNow = false) => {
        const buf = Buffer.from(body, 'utf8');
        if (createdNow && lostCreates < (o.loseCreates ?? 0)) {
          lostCreates++;
          stats.lost++;
          res.socket?.destroy();
          return;
        }
        const lose = (o.lossEvery ?? 0) > 0 && random() < 1 / o.lossEvery!;
        res.writeHead(status, { ...headers, ...rateHeaders, 'content-length': String(buf.length) });
        if (lose) {
          stats.lost++;
          // Alternately: reset with nothing sent, or half the body and then a reset (a truncated body).
          if (losses++ % 2 === 0) res.socket?.destroy();
          else {
            res.write(buf.subarray(0, Math.floor(buf.length / 2)));
            setImmediate(() => res.socket?.destroy());
          }
          return;
        }
        res.end(buf);
      };
      if (o.enforce && used > limit) {
        stats.limited++;
        const e = apiError(429, 'RATE_LIMITED', 'Too many requests.');
        send(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil((windowStart + windowMs - now) / 1000)) }, e.body);
        return;
      }
      const one = ONE.exec(path);
      const name = one ? decodeURIComponent(one[1]!) : undefined;
      const settling = (n: string) => {
        const c = created.get(n);
        return c !== undefined && now - c.at < readDelay;
      };
      if (req.method === 'GET' && name !== undefined && settling(name)) {
        const e = apiError(404, 'STREAM_CONNECTION_NOT_FOUND', `No connection named ${name}.`);
        send(404, { 'content-type': 'application/json' }, e.body);
        return;
      }
      if (req.method === 'DELETE' && name !== undefined) {
        const c = created.get(name);
        if (c?.kafka && now - c.at < deployMs && req.headers.authorization !== undefined) {
          const e = apiError(409, 'STREAM_KAFKA_CONNECTION_IS_DEPLOYING', `Connection ${name} is deploying; try again later.`);
          send(409, { 'content-type': 'application/json' }, e.body);
          return;
        }
      }
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: up.host };
      const fwd = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers, agent }, (ur) => {
        const parts: Buffer[] = [];
        ur.on('data', (c: Buffer) => parts.push(c));
        ur.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(ur.headers)) if (v !== undefined && !k.startsWith('ratelimit') && k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'keep-alive') out[k] = Array.isArray(v) ? v.join(', ') : v;
          const status = ur.statusCode ?? 502;
          const ct = String(ur.headers['content-type'] ?? '');
          if (!ct.includes('vnd.atlas') || status >= 300) return send(status, out, text);
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            return send(status, out, text);
          }
          const enveloped = url.searchParams.get('envelope') === 'true' && json && typeof json === 'object' && 'content' in json && 'status' in json;
          const inner = enveloped ? (json as { content: unknown }).content : json;
          const innerStatus = enveloped ? (json as { status: number }).status : status;
          let view: unknown = inner;
          let createdNow = false;
          if (req.method === 'POST' && LIST.test(path) && innerStatus === 200) {
            createdNow = true;
            let sent: { name?: unknown; type?: unknown } = {};
            try {
              sent = JSON.parse(body.toString('utf8'));
            } catch {}
            if (typeof sent.name === 'string') created.set(sent.name, { at: now, kafka: sent.type === 'Kafka' });
            view = vendorView(inner, String(sent.name), 'PENDING');
          } else if (req.method === 'GET' && name !== undefined && innerStatus === 200) view = vendorView(inner, name, 'READY');
          else if (req.method === 'GET' && LIST.test(path) && inner && typeof inner === 'object' && Array.isArray((inner as { results?: unknown }).results)) {
            const r = inner as { results: { name?: string }[]; totalCount?: number };
            const shown = r.results.filter((c) => typeof c.name !== 'string' || !settling(c.name)).map((c) => vendorView(c, String(c.name), 'READY'));
            view = { ...r, results: shown, ...(typeof r.totalCount === 'number' ? { totalCount: r.totalCount - (r.results.length - shown.length) } : {}) };
          } else if (req.method === 'DELETE' && name !== undefined && innerStatus === 202) created.delete(name);
          const whole = enveloped ? { ...(json as object), content: view } : view;
          // The upstream's own formatting choice is kept (a target that ignores pretty=true stays so).
          const pretty = text.includes('\n');
          send(status, { ...out, 'content-type': CHARSET }, pretty ? JSON.stringify(whole, null, 2) : JSON.stringify(whole), createdNow);
        });
      });
      fwd.on('error', () => res.socket?.destroy());
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((r) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
