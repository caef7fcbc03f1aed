// The OAuth 2.0 endpoints of service accounts: POST /api/oauth/token, the client-credentials grant (RFC 6749
// section 4.4), and POST /api/oauth/revoke, token revocation (RFC 7009). Client credentials come as HTTP Basic
// or, as RFC 6749 section 2.3.1 also allows, client_id/client_secret form fields, never both. Errors are those of
// RFC 6749 section 5.2 ({error, error_description}, the contract's OAuthError), which OAuth libraries parse:
// invalid_request and unsupported_grant_type 400, invalid_client 401 with a Basic challenge.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth';
import { readBody } from './body';

const FORM_BODY_LIMIT_BYTES = 64 * 1024;

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';

const STATUS: Record<OAuthError, number> = { invalid_request: 400, invalid_client: 401, unsupported_grant_type: 400 };

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number>): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function refuse(res: ServerResponse, error: OAuthError, description: string, headers: Record<string, string | number>): void {
  // RFC 6749 section 5.2: a 401 answer carries the challenge of the scheme the client may use.
  const challenge: Record<string, string> = error === 'invalid_client' ? { 'WWW-Authenticate': 'Basic realm="MMS Public API"' } : {};
  answer(res, STATUS[error], { error, error_description: description }, { ...headers, ...challenge });
}

/** RFC 6749 section 2.3.1: both parts are form-urlencoded before the Basic encoding. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

type FormRead = { ok: true; form: URLSearchParams } | { ok: false; error: OAuthError; description: string } | { ok: 'aborted' };

async function readForm(req: IncomingMessage): Promise<FormRead> {
  const media = req.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  if (media !== 'application/x-www-form-urlencoded') return { ok: false, error: 'invalid_request', description: 'Content-Type must be application/x-www-form-urlencoded.' };
  const read = await readBody(req, FORM_BODY_LIMIT_BYTES);
  if (read.kind === 'aborted') return { ok: 'aborted' };
  if (read.kind === 'too-large') return { ok: false, error: 'invalid_request', description: 'Request body too large.' };
  const form = new URLSearchParams(read.bytes.toString('utf8'));
  // RFC 6749 section 3.2: parameters without a value count as omitted; none may be sent twice.
  for (const key of new Set(form.keys())) {
    if (form.getAll(key).length > 1) return { ok: false, error: 'invalid_request', description: `The parameter ${key} is sent more than once.` };
    if (form.get(key) === '') form.delete(key);
  }
  return { ok: true, form };
}

type ClientCredentials = { ok: true; id: string; secret: string } | { ok: false; error: OAuthError; description: string };

function clientCredentials(req: IncomingMessage, form: URLSearchParams): ClientCredentials {
  const header = req.headers.authorization;
  const inForm = form.has('client_id') || form.has('client_secret');
  if (header !== undefined && header.trim() !== '') {
    const basic = /^\s*Basic\s+(\S+)\s*$/i.exec(header);
    if (!basic) return { ok: false, error: 'invalid_client', description: 'Client authentication must use HTTP Basic.' };
    if (inForm) return { ok: false, error: 'invalid_request', description: 'Use one client authentication method, not HTTP Basic and form fields both.' };
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i <= 0) return { ok: false, error: 'invalid_client', description: 'Malformed HTTP Basic credentials.' };
    return { ok: true, id: formDecode(decoded.slice(0, i)), secret: formDecode(decoded.slice(i + 1)) };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  if (id === null || secret === null) return { ok: false, error: 'invalid_client', description: 'Client authentication is required.' };
  return { ok: true, id, secret };
}

export async function issueToken(req: IncomingMessage, res: ServerResponse, auth: Authenticator, headers: Record<string, string | number>): Promise<void> {
  const read = await readForm(req);
  if (read.ok === 'aborted') return;
  if (!read.ok) return refuse(res, read.error, read.description, headers);
  const grant = read.form.get('grant_type');
  if (grant === null) return refuse(res, 'invalid_request', 'grant_type is required.', headers);
  if (grant !== 'client_credentials') return refuse(res, 'unsupported_grant_type', 'Only client_credentials is supported.', headers);
  const client = clientCredentials(req, read.form);
  if (!client.ok) return refuse(res, client.error, client.description, headers);
  const issued = auth.issueToken(client.id, client.secret);
  if (!issued) return refuse(res, 'invalid_client', 'Unknown client or wrong secret.', headers);
  answer(res, 200, { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn }, headers);
}

/** RFC 7009: the client authenticates; its token, known or not, answers 200 (nothing tells a client whether a
 *  token existed), and a revoked token is refused from then on. */
export async function revokeToken(req: IncomingMessage, res: ServerResponse, auth: Authenticator, headers: Record<string, string | number>): Promise<void> {
  const read = await readForm(req);
  if (read.ok === 'aborted') return;
  if (!read.ok) return refuse(res, read.error, read.description, headers);
  const client = clientCredentials(req, read.form);
  if (!client.ok) return refuse(res, client.error, client.description, headers);
  if (!auth.knowsClient(client.id, client.secret)) return refuse(res, 'invalid_client', 'Unknown client or wrong secret.', headers);
  const token = read.form.get('token');
  if (token === null) return refuse(res, 'invalid_request', 'token is required.', headers);
  auth.revokeToken(client.id, token);
  answer(res, 200, undefined, headers);
}
