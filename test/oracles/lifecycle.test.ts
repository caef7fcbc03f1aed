import { describe, expect, it } from 'vitest';
import { cleanupGone, concurrentCreate, duplicate409, payloadTooLarge, readBack, retryAfter, unsupportedMediaType } from '../../oracles';
import { apiError, broken, messageOf, res } from './exchanges';

const original = { name: 'h1', type: 'Https', url: 'https://example.com/a', headers: { a: '1' }, state: 'PENDING', links: [{ rel: 'self', href: '/x' }] };

describe('duplicate-409', () => {
  const dup = apiError(409, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS');
  it('passes 409 with the original unchanged but for state and links', () => {
    const after = res(200, { json: { ...original, state: 'READY', links: [] } });
    expect(duplicate409(dup, res(200, { json: original }), after)).toMatchObject({ ok: true });
  });
  it('fails a second 200', () => {
    expect(messageOf(duplicate409(res(200, { json: original }), res(200, { json: original }), res(200, { json: original })))).toBe(
      'expected 409 for a second create of the same name, got 200 OK',
    );
  });
  it('fails when the duplicate overwrote the original', () => {
    const after = res(200, { json: { ...original, url: 'https://example.com/b' } });
    expect(messageOf(duplicate409(dup, res(200, { json: original }), after))).toBe(
      'the duplicate was refused 409 but changed the original: $.url was "https://example.com/a", now "https://example.com/b"',
    );
  });
  it('fails when the original is gone after the duplicate', () => {
    expect(messageOf(duplicate409(dup, res(200, { json: original }), apiError(404)))).toContain('GET of the original answers 404 Not Found');
  });
  it('judges only the 409 when the original could not be read before', () => {
    expect(duplicate409(dup, apiError(404), apiError(404)).ok).toBe(true);
  });
});

describe('concurrent-create', () => {
  it('passes one 200 and the rest 409', () => {
    expect(concurrentCreate([apiError(409), res(200), apiError(409)]).ok).toBe(true);
  });
  it('fails two winners, with a tally', () => {
    expect(messageOf(concurrentCreate([res(200), res(200), apiError(409), broken('reset')]))).toBe(
      'expected exactly one 200 and 3 x 409 of 4 concurrent creates of one name, got 200 x2, 409 x1, reset x1',
    );
  });
  it('fails no winner', () => {
    expect(messageOf(concurrentCreate([apiError(409), apiError(409)]))).toContain('got 409 x2');
  });
});

describe('read-back', () => {
  it('passes a 200 with the same name and type', () => {
    expect(readBack({ name: 'h1', type: 'Https' }, res(200, { json: original })).ok).toBe(true);
  });
  it('fails a 404 and a changed type', () => {
    expect(messageOf(readBack({ name: 'h1', type: 'Https' }, apiError(404)))).toBe('expected GET of the created connection to answer 200, got 404 Not Found');
    expect(messageOf(readBack({ name: 'h1', type: 'Https' }, res(200, { json: { ...original, type: 'https' } })))).toBe(
      'GET of the created connection: type "https" differs from the request\'s "Https"',
    );
  });
});

describe('cleanup', () => {
  it('passes DELETE 202 then GET 404', () => {
    expect(cleanupGone(res(202), apiError(404)).ok).toBe(true);
  });
  it('fails a 204 and a connection still there, naming its state', () => {
    expect(messageOf(cleanupGone(res(204), apiError(404)))).toBe('expected DELETE to answer 202, got 204 No Content');
    expect(messageOf(cleanupGone(res(202), res(200, { json: { ...original, state: 'DELETING' } })))).toBe(
      'expected GET after DELETE to answer 404, got 200 OK (state "DELETING")',
    );
  });
});

describe('rate-limit', () => {
  it('passes a 429 with integer Retry-After and leaves other answers alone', () => {
    expect(retryAfter(res(429, { headers: { 'retry-after': '3' } })).ok).toBe(true);
    expect(retryAfter(res(429, { headers: { 'retry-after': '0' } })).ok).toBe(true);
    expect(retryAfter(res(200)).ok).toBe(true);
  });
  it('fails a missing or non-integer Retry-After', () => {
    expect(messageOf(retryAfter(res(429)))).toBe('429 answer has no Retry-After header');
    expect(messageOf(retryAfter(res(429, { headers: { 'retry-after': '-1' } })))).toBe('429 Retry-After "-1" is not a non-negative integer number of seconds');
    expect(messageOf(retryAfter(res(429, { headers: { 'retry-after': '1.5' } })))).toContain('"1.5"');
  });
});

describe('request limits', () => {
  it('unsupported-media-type wants 415', () => {
    expect(unsupportedMediaType(apiError(415)).ok).toBe(true);
    expect(messageOf(unsupportedMediaType(res(200, { request: { headers: { 'content-type': 'text/plain' } } })))).toBe(
      'expected 415 for request Content-Type text/plain, got 200 OK',
    );
  });
  it('payload-too-large takes 413 or 400', () => {
    expect(payloadTooLarge(apiError(413)).ok).toBe(true);
    expect(payloadTooLarge(apiError(400)).ok).toBe(true);
    expect(messageOf(payloadTooLarge(res(200, { request: { bodyBytes: 2_000_000 } })))).toBe('expected 413 (or 400) for a 2000000-byte body, got 200 OK');
  });
});
