// Starts the reference target in this process: startTarget({port, host, config, faults, lenient, realistic, chaos,
// seed, tls}) -> RunningTarget. The chaos layer (chaos.ts) wraps the app's handler, so it exposes every request.
import { createServer, type IncomingMessage, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createTargetApp } from './app';
import { CHAOS_KINDS, type ChaosCounts, type ChaosSpec, checkChaos, parseChaos, withChaos } from './chaos';
import { DEFAULT_CONFIG, type ReadyInfo, type RealisticConfig, readyInfo, resolveConfig, type TargetConfigInput } from './config';
import { randomSeed } from './draws';
import { type FaultName, isFaultName } from './faults';
import type { TlsMaterial, TlsOption } from './tls';
import { isLenientName, type LenientName } from './lenient';

export type { ReadyInfo } from './config';
export type { TlsOption } from './tls';

export interface StartOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only; default 127.0.0.1. */
  host?: string;
  config?: TargetConfigInput;
  faults?: readonly FaultName[];
  /** Lenient variants (lenient.ts). */
  lenient?: readonly LenientName[];
  /** Behave as the vendor's service does (lenient.ts REALISTIC), with the timings and limit of
   *  `config.realistic`, or of this object over them (`{ settleMs: { min: 50, max: 300 } }`). Faults still apply on
   *  top. */
  realistic?: boolean | Partial<RealisticConfig>;
  /** Transport faults: a spec, or its text (`reset-after=0.005,truncate=1/500,latency=0.01:200ms`; chaos.ts). */
  chaos?: ChaosSpec | string;
  /** Seed of the realistic target's drawn delays and of the chaos (default: a random one, in `info.seed`). */
  seed?: number;
  /** Diagnostics without secrets (default: none). */
  log?: (line: string) => void;
  /** Serve HTTPS: with a certificate signed by a CA made at start-up (its PEM in `info.ca`, on disk at
   *  `info.caFile` until close()), or with the given certificate and key files. Default: plain HTTP. */
  tls?: TlsOption;
}

export interface RunningTarget {
  url: string;
  info: ReadyInfo;
  close(): Promise<void>;
  /** In this process only: how many transport faults of each kind the chaos layer injected so far. */
  chaosCounts?: () => Readonly<ChaosCounts>;
}

/** A bare ApiError for requests node rejects before they reach the app (malformed HTTP, header overflow). */
function clientErrorAnswer(code: string | undefined): string {
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ detail: 'Malformed HTTP request.', error: status, errorCode: 'INVALID_HTTP_REQUEST', parameters: [], reason: STATUS_CODES[status] });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

export async function startTarget(opts: StartOptions = {}): Promise<RunningTarget> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error(`the reference target listens on loopback only, not ${host}`);
  const timings = typeof opts.realistic === 'object' ? opts.realistic : undefined;
  const config = opts.config || timings ? resolveConfig({ ...opts.config, realistic: { ...opts.config?.realistic, ...timings } }) : DEFAULT_CONFIG;
  for (const f of opts.faults ?? []) if (!isFaultName(f)) throw new Error(`unknown fault ${String(f)}`);
  for (const l of opts.lenient ?? []) if (!isLenientName(l)) throw new Error(`unknown lenient variant ${String(l)}`);
  const chaos = opts.chaos === undefined ? undefined : typeof opts.chaos === 'string' ? parseChaos(opts.chaos) : checkChaos(opts.chaos);
  if (opts.seed !== undefined && !Number.isSafeInteger(opts.seed)) throw new Error(`the seed must be an integer, got ${opts.seed}`);
  const seed = opts.seed ?? randomSeed();
  const realistic = opts.realistic !== undefined && opts.realistic !== false;
  const lenient = opts.lenient ?? [];
  const app = await createTargetApp({ config, faults: opts.faults ?? [], lenient, realistic, seed, ...(opts.log ? { log: opts.log } : {}) });
  const counts = Object.fromEntries(CHAOS_KINDS.map((k) => [k, 0])) as ChaosCounts;

  // Loaded only for TLS: it brings the certificate library and its Reflect polyfill.
  const tls: TlsMaterial | undefined = opts.tls ? await (await import('./tls')).prepareTls(opts.tls) : undefined;
  const serverOptions = { keepAliveTimeout: 30_000, requestTimeout: 60_000 };
  const serve = (req: IncomingMessage, res: ServerResponse) => app.handle(req, res);
  const handler = chaos
    ? withChaos(serve, chaos, seed, (kind, req) => {
        counts[kind] += 1;
        opts.log?.(`chaos: ${kind} on ${req.method} ${(req.url ?? '/').split('?')[0]!.slice(0, 200)}`);
      })
    : serve;
  const server: Server = tls ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, handler) : createServer(serverOptions, handler);
  server.headersTimeout = 30_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || (err.code === 'ECONNRESET')) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorAnswer(err.code));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => {
      tls?.dispose();
      reject(e);
    });
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const url = `${tls ? 'https' : 'http'}://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  app.setBaseUrl(url);
  let closing: Promise<void> | undefined;
  return {
    url,
    // The seed is in the ready line whenever something is drawn with it, so a run can be repeated.
    info: { ...readyInfo(config, url), ...(tls?.caFile ? { caFile: tls.caFile, ca: tls.caPem! } : {}), ...(realistic || chaos || lenient.length > 0 ? { seed } : {}) },
    chaosCounts: () => ({ ...counts }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          tls?.dispose();
          resolve();
        });
        server.closeIdleConnections();
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
