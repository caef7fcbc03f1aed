// Small targets on 127.0.0.1 for the client tests: one with its own Digest verification (written apart from the
// client's), a service-account token endpoint, and ones that hang, reset, refuse or answer garbage.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export async function httpServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<Running & { seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
      handler(req, res, body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A raw TCP server: `onSocket` decides what (if anything) the "HTTP server" does. */
export async function tcpServer(onSocket: (s: net.Socket) => void): Promise<Running> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Parses `Digest k="v", k=v` with a regular expression: deliberately not the client's parser. */
function digestParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g;
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(re)) out[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return out;
}

export interface DigestTarget {
  users: Record<string, string>;
  /** Nonces the server has issued and still honours, with the nc values used with each. */
  nonces: Map<string, Set<number>>;
  /** Nonces to answer `stale=true` for on their next use. */
  stale: Set<string>;
}

/**
 * RFC 7616 MD5 qop=auth verification: realm "MMS Public API", replayed nc refused, unknown nonce refused.
 * Authenticated requests get 200 with `{user, nc}`.
 */
export async function digestServer(users: Record<string, string>) {
  const state: DigestTarget = { users, nonces: new Map(), stale: new Set() };
  const realm = 'MMS Public API';
  const challenge = (res: http.ServerResponse, stale = false) => {
    const nonce = randomBytes(16).toString('base64');
    state.nonces.set(nonce, new Set());
    res.writeHead(401, {
      'www-authenticate': `Digest realm="${realm}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`,
      'content-type': 'application/json',
    });
    res.end(JSON.stringify({ error: 401, errorCode: 'NOT_ORG_GROUP_CREATOR', reason: 'Unauthorized' }));
  };
  const srv = await httpServer((req, res) => {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Digest ')) return challenge(res);
    const p = digestParams(auth);
    const password = users[p.username ?? ''];
    const used = state.nonces.get(p.nonce ?? '');
    if (!used || password === undefined || p.realm !== realm || p.qop !== 'auth' || p.uri !== req.url) return challenge(res);
    if (state.stale.has(p.nonce!)) {
      state.stale.delete(p.nonce!);
      state.nonces.delete(p.nonce!);
      return challenge(res, true);
    }
    const nc = parseInt(p.nc ?? '', 16);
    if (!Number.isInteger(nc) || used.has(nc)) return challenge(res);
    const ha1 = md5(`${p.username}:${realm}:${password}`);
    const ha2 = md5(`${req.method}:${req.url}`);
    const expected = md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
    if (expected !== p.response) return challenge(res);
    used.add(nc);
    res.writeHead(200, { 'content-type': 'application/vnd.atlas.2023-02-01+json' });
    res.end(JSON.stringify({ user: p.username, nc }));
  });
  return { ...srv, state };
}

/** Service-account token endpoint plus a protected route taking only live tokens. */
export async function tokenServer(clients: Record<string, string>, expiresIn = 3600) {
  const live = new Set<string>();
  let issued = 0;
  const srv = await httpServer((req, res, body) => {
    if (req.url === '/api/oauth/token') {
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      const i = basic.indexOf(':');
      const ok = req.method === 'POST' && body === 'grant_type=client_credentials' && i > 0 && clients[basic.slice(0, i)] === basic.slice(i + 1);
      if (!ok) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_client', error_description: 'bad client credentials' }));
        return;
      }
      const token = `tok-${++issued}-${randomBytes(6).toString('hex')}`;
      live.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: expiresIn }));
      return;
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!live.has(token)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":401,"errorCode":"UNAUTHORIZED"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/vnd.atlas.2023-02-01+json' });
    res.end(JSON.stringify({ token }));
  });
  return { ...srv, live, issued: () => issued };
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
