import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { EXPECTED_ERROR_CODES, errorCode, errorShape, reasonPhrase, standardPhrases } from '../../oracles';
import { apiError, broken, messageOf, res } from './exchanges';

const contract = loadContract();

describe('error-shape', () => {
  it('passes an ApiError whose error is the status, with charset allowed', () => {
    expect(errorShape(apiError(409, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'), contract)).toMatchObject({ ok: true });
    const ex = res(400, { json: { error: 400, errorCode: 'VALIDATION_ERROR' }, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(errorShape(ex, contract).ok).toBe(true);
  });
  it('does not judge success answers or transport errors', () => {
    expect(errorShape(res(200, { json: {} }), contract).ok).toBe(true);
    expect(errorShape(broken(), contract).ok).toBe(true);
  });
  it('fails error != status', () => {
    expect(messageOf(errorShape(res(404, { json: { error: 405, errorCode: 'X' } }), contract))).toBe('ApiError.error 405 differs from the HTTP status 404');
  });
  it('fails a wrong media type, a non-JSON body and a missing errorCode', () => {
    const html = res(500, { body: '<h1>oops</h1>', headers: { 'content-type': 'text/html' } });
    const m = messageOf(errorShape(html, contract));
    expect(m).toContain('error response Content-Type text/html is not application/json');
    expect(m).toContain('error body is not JSON (starts "<h1>oops</h1>")');
    expect(messageOf(errorShape(res(400, { json: { error: 400 } }), contract))).toContain('error body is not an ApiError: $.errorCode is required');
  });
  it('fails the vendor media type on an error', () => {
    const ex = res(400, { json: { error: 400, errorCode: 'X' }, headers: { 'content-type': 'application/vnd.atlas.2023-02-01+json' } });
    expect(messageOf(errorShape(ex, contract))).toBe('error response Content-Type application/vnd.atlas.2023-02-01+json is not application/json');
  });
  it('with envelope=true judges the content against the envelope status', () => {
    const ok = res(200, { json: { status: 404, content: { error: 404, errorCode: 'STREAM_TENANT_NOT_FOUND_FOR_NAME' } }, headers: { 'content-type': 'application/json' } });
    expect(errorShape(ok, contract, { envelope: true }).ok).toBe(true);
    const bad = res(200, { json: { status: 404, content: { error: 200, errorCode: 'X' } }, headers: { 'content-type': 'application/json' } });
    expect(messageOf(errorShape(bad, contract, { envelope: true }))).toBe('ApiError.error 200 differs from the envelope status 404');
  });
});

describe('reason-phrase', () => {
  it('passes the standard phrase and accepts RFC 9110 names', () => {
    expect(reasonPhrase(apiError(404)).ok).toBe(true);
    expect(reasonPhrase(res(413, { json: { error: 413, errorCode: 'X', reason: 'Content Too Large' } })).ok).toBe(true);
    expect(reasonPhrase(res(413, { json: { error: 413, errorCode: 'X', reason: 'Payload Too Large' } })).ok).toBe(true);
    expect(reasonPhrase(res(422, { json: { error: 422, errorCode: 'X', reason: 'Unprocessable Content' } })).ok).toBe(true);
    expect(standardPhrases(422)).toEqual(['Unprocessable Entity', 'Unprocessable Content']);
  });
  it('does not judge an absent or null reason', () => {
    expect(reasonPhrase(res(400, { json: { error: 400, errorCode: 'X' } })).ok).toBe(true);
    expect(reasonPhrase(res(400, { json: { error: 400, errorCode: 'X', reason: null } })).ok).toBe(true);
  });
  it('fails another phrase, naming the expected one', () => {
    expect(messageOf(reasonPhrase(res(409, { json: { error: 409, errorCode: 'X', reason: 'Error' } })))).toBe(
      'reason "Error" is not the standard phrase of 409 ("Conflict")',
    );
  });
  it('uses the envelope status inside an envelope', () => {
    const ex = res(200, { json: { status: 404, content: { error: 404, errorCode: 'X', reason: 'OK' } } });
    expect(messageOf(reasonPhrase(ex))).toContain('standard phrase of 404 ("Not Found")');
  });
});

describe('error-codes', () => {
  it('passes the expected code, enveloped or not', () => {
    expect(errorCode(apiError(409, EXPECTED_ERROR_CODES.duplicate), EXPECTED_ERROR_CODES.duplicate).ok).toBe(true);
    const env = res(200, { json: { status: 406, content: { error: 406, errorCode: 'INVALID_VERSION_DATE' } } });
    expect(errorCode(env, EXPECTED_ERROR_CODES.badVersion).ok).toBe(true);
  });
  it('fails another code, a missing one and no answer', () => {
    expect(messageOf(errorCode(apiError(400, 'VALIDATION_ERROR'), 'STREAM_TENANT_NOT_FOUND_FOR_NAME'))).toBe(
      'expected errorCode STREAM_TENANT_NOT_FOUND_FOR_NAME, got errorCode "VALIDATION_ERROR" (400 Bad Request)',
    );
    expect(messageOf(errorCode(res(409, { body: 'conflict' }), 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'))).toContain('got no errorCode (409 Conflict)');
    expect(messageOf(errorCode(broken('refused', 'connect ECONNREFUSED'), 'X'))).toContain('no response (refused');
  });
});
