// POST /api/oauth/token: the OAuth 2.0 client-credentials grant for service accounts (RFC 6749 section 4.4).
// Client credentials come as HTTP Basic (or, as RFC 6749 also allows, client_id/client_secret form fields);
// errors are OAuth errors {error, error_description}, as the contract's OAuthError declares.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth';
import { readBody } from './body';

const TOKEN_BODY_LIMIT_BYTES = 64 * 1024;

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** RFC 6749 section 2.3.1: both parts are form-urlencoded before the Basic encoding. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export async function issueToken(req: IncomingMessage, res: ServerResponse, auth: Authenticator, headers: Record<string, string | number>): Promise<void> {
  const fail = (status: number, error: string, description: string, extra: Record<string, string> = {}) =>
    answer(res, status, { error, error_description: description }, { ...headers, ...extra });
  const media = req.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  if (media !== 'application/x-www-form-urlencoded') return fail(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const read = await readBody(req, TOKEN_BODY_LIMIT_BYTES);
  if (read.kind === 'aborted') return;
  if (read.kind === 'too-large') return fail(400, 'invalid_request', 'Request body too large.');
  const form = new URLSearchParams(read.bytes.toString('utf8'));
  const grant = form.get('grant_type');
  if (grant === null) return fail(400, 'invalid_request', 'grant_type is required.');
  if (grant !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'Only client_credentials is supported.');
  let id = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  const basic = /^\s*Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      id = formDecode(decoded.slice(0, i));
      secret = formDecode(decoded.slice(i + 1));
    }
  }
  const issued = id !== undefined && secret !== undefined ? auth.issueToken(id, secret) : undefined;
  if (!issued) return fail(401, 'invalid_client', 'Unknown client or wrong secret.', { 'WWW-Authenticate': 'Basic realm="MMS Public API"' });
  answer(res, 200, { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn }, headers);
}
