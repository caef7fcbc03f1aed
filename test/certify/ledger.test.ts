// The ledger: which requests could have created a connection, and under which name.
import { describe, expect, it } from 'vitest';
import { couldHaveCreated, createdBy } from '../../engine/ledger';
import type { Exchange } from '../../client/exchange';

const path = '/api/atlas/v2/groups/0123456789abcdef01234567/streams/my%20tenant/connections';
const answered = (status: number): Exchange =>
  ({ id: 'x', request: { method: 'POST', url: path, headers: {} }, startedAt: '', durationMs: 0, outcome: 'response', response: { status, statusText: '', headers: {}, body: '' } }) as Exchange;

describe('ledger', () => {
  it('names the connection a create would make, blank and unprefixed names included', () => {
    expect(createdBy({ method: 'POST', path, body: JSON.stringify({ name: '   ', type: 'Https' }) })).toEqual({ groupId: '0123456789abcdef01234567', tenant: 'my tenant', name: '   ' });
    expect(createdBy({ method: 'POST', path: `${path}?envelope=true`, body: Buffer.from('{"name":"pact-https"}') })?.name).toBe('pact-https');
    expect(createdBy({ method: 'POST', path, body: '{"name":""}' })).toBeUndefined();
    expect(createdBy({ method: 'POST', path, body: '{"name":' })).toBeUndefined();
    expect(createdBy({ method: 'GET', path, body: '{"name":"x"}' })).toBeUndefined();
    expect(createdBy({ method: 'POST', path: `${path}/x`, body: '{"name":"x"}' })).toBeUndefined();
  });

  it('counts every answer but a 4xx as one that could have created it', () => {
    expect([200, 201, 302, 500, 503].map((s) => couldHaveCreated(answered(s)))).toEqual([true, true, true, true, true]);
    expect([400, 401, 409, 413].map((s) => couldHaveCreated(answered(s)))).toEqual([false, false, false, false]);
    expect(couldHaveCreated({ ...answered(200), outcome: 'transport-error', error: { kind: 'timeout', message: 't' } } as Exchange)).toBe(true);
    // envelope=true: the status meant is the envelope's.
    const enveloped = (status: number) => {
      const ex = answered(200) as Extract<Exchange, { outcome: 'response' }>;
      return { ...ex, request: { ...ex.request, url: `${path}?envelope=true` }, response: { ...ex.response, json: { status, content: {} } } } as Exchange;
    };
    expect(couldHaveCreated(enveloped(404))).toBe(false);
    expect(couldHaveCreated(enveloped(200))).toBe(true);
  });
});
