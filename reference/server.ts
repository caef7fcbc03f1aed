// Starts the reference target in this process: startTarget({port, host, config, faults}) -> RunningTarget.
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createTargetApp } from './app';
import { DEFAULT_CONFIG, type ReadyInfo, readyInfo, resolveConfig, type TargetConfig } from './config';
import { type FaultName, isFaultName } from './faults';

export type { ReadyInfo } from './config';

export interface StartOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only; default 127.0.0.1. */
  host?: string;
  config?: TargetConfig;
  faults?: readonly FaultName[];
  /** Diagnostics without secrets (default: none). */
  log?: (line: string) => void;
}

export interface RunningTarget {
  url: string;
  info: ReadyInfo;
  close(): Promise<void>;
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
  const config = opts.config ? resolveConfig(opts.config) : DEFAULT_CONFIG;
  for (const f of opts.faults ?? []) if (!isFaultName(f)) throw new Error(`unknown fault ${String(f)}`);
  const app = await createTargetApp({ config, faults: opts.faults ?? [], ...(opts.log ? { log: opts.log } : {}) });

  const server: Server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 60_000 }, (req, res) => app.handle(req, res));
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
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  app.setBaseUrl(url);
  let closing: Promise<void> | undefined;
  return {
    url,
    info: readyInfo(config, url),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
