// The verifier's way in to the target. The Pact verifier replays each interaction against this loopback gateway,
// which forwards it with the suite's TargetClient and answers with exactly what the target answered.
//
// Why a gateway and not a request filter: the pacts carry placeholder credentials (never real ones), so something
// must authenticate each replayed request for real. A bearer token could be set by the verifier's request filter,
// but Digest (the operation's API-key scheme) is a challenge-response per request, and service-account tokens
// expire; TargetClient already does both correctly. The placeholder in the Authorization header says which
// caller the interaction needs (admin, read-only, deliberately invalid); a request without one goes out without
// credentials. Only loopback is listened on, and no credential is ever logged.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credential } from '../../client';
import type { TargetClient } from '../../client';
import { type CallerKind, PLACEHOLDER_AUTH } from '../names';

export interface GatewayCredentials {
  admin: Credential;
  readOnly?: Credential;
  invalid: Credential;
}

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const METHODS = new Set(['GET', 'POST', 'DELETE', 'PUT', 'PATCH']);

/** A credential that is refused: the same identity with a wrong secret, or a token no one issued. */
export function invalidCredentialFor(c: Credential): Credential {
  switch (c.kind) {
    case 'digest':
      return { kind: 'digest', publicKey: c.publicKey, privateKey: `${c.privateKey}-pact-wrong` };
    case 'service-account':
    case 'bearer':
    case 'none':
      return { kind: 'bearer', token: 'pact-invalid-token-0000000000000000' };
  }
}

export function callerOf(authorization: string | undefined): CallerKind | 'none' | 'other' {
  if (authorization === undefined) return 'none';
  for (const [kind, value] of Object.entries(PLACEHOLDER_AUTH)) if (authorization === value) return kind as CallerKind;
  return 'other';
}

export async function startGateway(client: TargetClient, credentials: GatewayCredentials): Promise<Gateway> {
  const server: Server = createServer((req, res) => {
    handle(client, credentials, req, res).catch((e: unknown) => answerError(res, 502, `gateway: ${(e as Error).message}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(client: TargetClient, creds: GatewayCredentials, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const method = (req.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) return answerError(res, 405, `gateway: method ${method} is not forwarded`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || k === 'authorization') continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  const caller = callerOf(req.headers.authorization);
  let credential: Credential;
  if (caller === 'other') {
    // Not one of our placeholders: send it as given (TargetClient leaves an explicit Authorization alone).
    headers.authorization = req.headers.authorization!;
    credential = creds.admin;
  } else if (caller === 'none') {
    credential = { kind: 'none' };
  } else if (caller === 'readOnly') {
    if (!creds.readOnly) return answerError(res, 500, 'gateway: the interaction needs a read-only credential; pass --readonly-auth');
    credential = creds.readOnly;
  } else {
    credential = caller === 'admin' ? creds.admin : creds.invalid;
  }
  const body = Buffer.concat(chunks);
  const ex = await client.send({
    method: method as 'GET',
    path: req.url ?? '/',
    headers,
    ...(body.length > 0 ? { body } : {}),
    credential,
  });
  if (ex.outcome === 'transport-error') return answerError(res, 502, `gateway: the target did not answer (${ex.error.kind}: ${ex.error.message})`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ex.response.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
  res.writeHead(ex.response.status, out);
  res.end(ex.response.body);
}

function answerError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A status no provider answers with, so the verifier's mismatch names the gateway's message, not the target.
  res.writeHead(status, { 'content-type': 'text/plain', 'x-pact-gateway-error': 'true' });
  res.end(message);
}
