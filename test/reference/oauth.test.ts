// The OAuth endpoints as OAuth libraries use them: RFC 6749 section 5.2 errors at /api/oauth/token, RFC 7009
// revocation at /api/oauth/revoke (200 for a known or unknown token; a revoked token then gets 401).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../reference/config';
import { ACCEPT, send, referenceTargetForFile } from './helpers';

const ref = referenceTargetForFile();

const { clientId, clientSecret } = DEFAULT_CONFIG.serviceAccounts[0]!;
const FORM = 'application/x-www-form-urlencoded';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function post(path: string, body: string, headers: Record<string, string> = { authorization: basic(clientId, clientSecret), 'content-type': FORM }) {
  return send(ref.target.url, { method: 'POST', path, headers, body });
}

async function issue(): Promise<string> {
  const t = await post('/api/oauth/token', 'grant_type=client_credentials');
  expect(t.status).toBe(200);
  return t.json.access_token as string;
}

const listWith = (token: string) => send(ref.target.url, { method: 'GET', path: ref.client.connections(), headers: { accept: ACCEPT, authorization: `Bearer ${token}` } });

describe('token endpoint errors (RFC 6749 section 5.2)', () => {
  it.each([
    ['no grant_type', '', undefined, 400, 'invalid_request'],
    ['a repeated parameter', 'grant_type=client_credentials&grant_type=client_credentials', undefined, 400, 'invalid_request'],
    ['another grant', 'grant_type=authorization_code&code=x', undefined, 400, 'unsupported_grant_type'],
    ['no client authentication', 'grant_type=client_credentials', { 'content-type': FORM }, 401, 'invalid_client'],
    ['a wrong secret', 'grant_type=client_credentials', { authorization: basic(clientId, 'wrong'), 'content-type': FORM }, 401, 'invalid_client'],
    ['Basic and form credentials both', `grant_type=client_credentials&client_id=${clientId}`, undefined, 400, 'invalid_request'],
    ['a JSON body', '{"grant_type":"client_credentials"}', { authorization: basic(clientId, clientSecret), 'content-type': 'application/json' }, 400, 'invalid_request'],
  ] as const)('%s: %i %s', async (_what, body, headers, status, error) => {
    const r = await post('/api/oauth/token', body, headers ? { ...headers } : undefined);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.json).toEqual({ error, error_description: expect.any(String) });
    if (status === 401) expect(r.headers['www-authenticate']).toMatch(/^Basic /);
    expect(r.text).not.toContain(clientSecret);
  });

  it('takes client credentials as form fields too', async () => {
    const r = await post('/api/oauth/token', `grant_type=client_credentials&client_id=${clientId}&client_secret=${encodeURIComponent(clientSecret)}`, { 'content-type': FORM });
    expect(r.status).toBe(200);
    expect(r.json.token_type).toBe('Bearer');
  });
});

describe('token revocation (RFC 7009)', () => {
  it('revokes a token: 200, then the token is refused 401 while another token still works', async () => {
    const doomed = await issue();
    const kept = await issue();
    expect((await listWith(doomed)).status).toBe(200);
    const r = await post('/api/oauth/revoke', `token=${doomed}&token_type_hint=access_token`);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect((await listWith(doomed)).status).toBe(401);
    expect((await listWith(kept)).status).toBe(200);
    // Revoking it again, or a token never issued, is no error either.
    expect((await post('/api/oauth/revoke', `token=${doomed}`)).status).toBe(200);
    expect((await post('/api/oauth/revoke', 'token=never-issued')).status).toBe(200);
  });

  it('refuses a revocation without client authentication or without a token, and revokes nothing then', async () => {
    const t = await issue();
    const anonymous = await post('/api/oauth/revoke', `token=${t}`, { 'content-type': FORM });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error).toBe('invalid_client');
    const wrong = await post('/api/oauth/revoke', `token=${t}`, { authorization: basic(clientId, 'wrong'), 'content-type': FORM });
    expect(wrong.status).toBe(401);
    const missing = await post('/api/oauth/revoke', '');
    expect(missing.status).toBe(400);
    expect(missing.json.error).toBe('invalid_request');
    expect((await listWith(t)).status).toBe(200);
  });

  it('does not revoke the static bearer token of the configuration', async () => {
    expect((await post('/api/oauth/revoke', `token=${ref.target.info.bearer}`)).status).toBe(200);
    expect((await listWith(ref.target.info.bearer)).status).toBe(200);
  });
});
