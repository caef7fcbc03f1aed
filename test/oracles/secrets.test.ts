import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { noSecretLeak, secretsIn } from '../../oracles';
import { apiError, broken, messageOf, res } from './exchanges';

const contract = loadContract();
const PASSWORD = 'pa55-w0rd-XYZ';
const body = {
  name: 'k',
  type: 'Kafka',
  bootstrapServers: 'h:9092',
  authentication: { mechanism: 'PLAIN', username: 'u', password: PASSWORD, sslKey: 'ssl-key-material-1' },
  security: { protocol: 'SSL' },
};
const req = { request: { body: JSON.stringify(body) } };

describe('secretsIn', () => {
  it('finds the write-only values of a body by the contract', () => {
    expect(secretsIn('Kafka', body, contract)).toEqual([
      { path: '$.authentication.password', value: PASSWORD },
      { path: '$.authentication.sslKey', value: 'ssl-key-material-1' },
    ]);
    const sr = { name: 's', type: 'SchemaRegistry', schemaRegistryAuthentication: { type: 'USER_INFO', username: 'u', password: 'sr-secret-99' } };
    expect(secretsIn('SchemaRegistry', sr, contract)).toEqual([{ path: '$.schemaRegistryAuthentication.password', value: 'sr-secret-99' }]);
  });
  it('ignores non-strings, empty strings and non-object bodies', () => {
    expect(secretsIn('Kafka', { authentication: { password: 42, sslKey: '' } }, contract)).toEqual([]);
    expect(secretsIn('Kafka', 'not an object', contract)).toEqual([]);
    expect(secretsIn('Sample', { name: 'x', type: 'Sample' }, contract)).toEqual([]);
  });
});

describe('no-secret-leak', () => {
  const secrets = secretsIn('Kafka', body, contract);
  it('passes a response without the secrets', () => {
    expect(noSecretLeak(secrets, res(200, { json: { ...body, authentication: { mechanism: 'PLAIN', username: 'u' } }, ...req }))).toMatchObject({ ok: true });
    expect(noSecretLeak(secrets, broken())).toMatchObject({ ok: true });
  });
  it('fails an echoed password with both paths and never the secret', () => {
    const m = messageOf(noSecretLeak(secrets, res(200, { json: body, ...req })));
    expect(m).toContain('write-only value of $.authentication.password appears in the response body at $.authentication.password');
    expect(m).toContain('write-only value of $.authentication.sslKey appears in the response body at $.authentication.sslKey');
    expect(m).not.toContain(PASSWORD);
    expect(m).not.toContain('ssl-key-material-1');
  });
  it('finds a secret quoted inside an error detail, JSON-escaped', () => {
    const escaped = PASSWORD.replace('p', '\\u0070');
    const ex = res(400, { body: `{"error":400,"errorCode":"VALIDATION_ERROR","detail":"bad body: ${escaped}"}`, ...req });
    expect(ex.outcome === 'response' && ex.response.body.includes(PASSWORD)).toBe(false);
    expect(messageOf(noSecretLeak(secrets, ex))).toBe('write-only value of $.authentication.password appears in the response body at $.detail');
  });
  it('finds a secret in a header and in a non-JSON body', () => {
    const ex = res(500, { body: `oops ${PASSWORD}`, headers: { 'x-debug': `pw=${PASSWORD}` }, ...req });
    expect(messageOf(noSecretLeak(secrets, ex))).toBe(
      'write-only value of $.authentication.password appears in the response body text, response header x-debug',
    );
  });
  it('matches a short secret only as a whole value, so error text does not count', () => {
    const short = [{ path: '$.authentication.password', value: 'pw' }];
    expect(noSecretLeak(short, apiError(400, 'VALIDATION_ERROR', { detail: 'password is required' })).ok).toBe(true);
    expect(messageOf(noSecretLeak(short, res(200, { json: { authentication: { password: 'pw' } } })))).toContain('at $.authentication.password');
  });
  it('does not judge a value also sent in a field that is not write-only', () => {
    const same = { ...body, authentication: { ...body.authentication, username: PASSWORD } };
    const ex = res(200, { json: { ...same, authentication: { username: PASSWORD } }, request: { body: JSON.stringify(same) } });
    expect(noSecretLeak(secretsIn('Kafka', same, contract), ex).ok).toBe(true);
  });
});
