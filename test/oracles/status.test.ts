import { describe, expect, it } from 'vitest';
import {
  authInvalid,
  authMissing,
  authRole,
  exact400,
  groupIdFormat,
  no5xx,
  rejectsInvalid,
  rejectsEssential,
  rejectsEnum,
  status200,
  unknownGroup,
  unknownTenant,
} from '../../oracles';
import { apiError, broken, messageOf, res } from './exchanges';

describe('status-200', () => {
  it('passes 200 and fails 201 naming both', () => {
    expect(status200(res(200)).ok).toBe(true);
    expect(messageOf(status200(res(201)))).toBe('expected 200 for a valid create, got 201 Created');
  });
  it('fails a transport error with its kind and message', () => {
    expect(messageOf(status200(broken('reset', 'socket hang up')))).toBe('expected 200 for a valid create, got no response (reset: socket hang up)');
  });
});

describe('reject-invalid', () => {
  it('passes any 4xx', () => {
    for (const s of [400, 404, 409, 415, 422]) expect(rejectsInvalid(apiError(s)).ok).toBe(true);
  });
  it('fails 2xx, 3xx, 5xx and no answer', () => {
    expect(messageOf(rejectsInvalid(res(200)))).toBe('expected 4xx for a body that violates the schema, got 200 OK');
    expect(messageOf(rejectsInvalid(res(302)))).toContain('got 302 Found');
    expect(messageOf(rejectsInvalid(apiError(500, 'UNEXPECTED_ERROR')))).toContain('got 500 Internal Server Error');
    expect(messageOf(rejectsInvalid(broken('garbage', 'not an HTTP response: Parse Error')))).toContain('no response (garbage:');
    expect(messageOf(rejectsInvalid(res(201), 'a missing name'))).toBe('expected 4xx for a missing name, got 201 Created');
  });
});

describe('rejectsEssential and rejectsEnum (essential-fields, description-enums)', () => {
  it('passes a 4xx and fails a 200', () => {
    expect(rejectsEssential(apiError(400)).ok).toBe(true);
    expect(rejectsEssential(apiError(400)).rule).toBe('essential-fields');
    expect(rejectsEnum(res(200)).rule).toBe('description-enums');
    expect(rejectsEnum(res(200)).ok).toBe(false);
    expect(rejectsEssential(apiError(422)).ok).toBe(true);
    expect(messageOf(rejectsEssential(res(200), 'Kafka without bootstrapServers'))).toBe('expected 400 for Kafka without bootstrapServers, got 200 OK');
  });
});

describe('no-5xx', () => {
  it('passes 2xx and 4xx', () => {
    expect(no5xx(res(200)).ok).toBe(true);
    expect(no5xx(apiError(400)).ok).toBe(true);
  });
  it('fails 5xx and every transport error kind', () => {
    expect(messageOf(no5xx(apiError(503)))).toBe('expected no 5xx, got 503 Service Unavailable');
    for (const kind of ['timeout', 'reset', 'refused', 'garbage', 'other'] as const) {
      expect(messageOf(no5xx(broken(kind, 'boom')))).toBe(`the server failed to answer: ${kind}: boom`);
    }
  });
});

describe('exact-400', () => {
  it('passes 400 and leaves non-4xx to other rules', () => {
    expect(exact400(apiError(400)).ok).toBe(true);
    expect(exact400(res(200)).ok).toBe(true);
    expect(exact400(apiError(500)).ok).toBe(true);
  });
  it('fails another 4xx', () => {
    expect(messageOf(exact400(apiError(422)))).toBe('expected exactly 400 for a body violation, got 422 Unprocessable Entity');
  });
});

describe('auth', () => {
  it('auth-missing and auth-invalid want exactly 401', () => {
    expect(authMissing(apiError(401)).ok).toBe(true);
    expect(messageOf(authMissing(res(200)))).toBe('expected 401 for a request without credentials, got 200 OK');
    expect(messageOf(authMissing(apiError(403)))).toContain('got 403 Forbidden');
    expect(authInvalid(apiError(401)).ok).toBe(true);
    expect(messageOf(authInvalid(res(200)))).toBe('expected 401 for wrong credentials, got 200 OK');
  });
  it('auth-role takes 401 or 403', () => {
    expect(authRole(apiError(401)).ok).toBe(true);
    expect(authRole(apiError(403)).ok).toBe(true);
    expect(messageOf(authRole(res(200)))).toBe('expected 401 or 403 for a credential without the create role, got 200 OK');
    expect(messageOf(authRole(apiError(404)))).toContain('got 404 Not Found');
  });
});

describe('path parameters', () => {
  it('group-id-format takes 400 or 404', () => {
    expect(groupIdFormat(apiError(400)).ok).toBe(true);
    expect(groupIdFormat(apiError(404)).ok).toBe(true);
    expect(messageOf(groupIdFormat(res(200)))).toBe('expected 400 or 404 for a malformed groupId, got 200 OK');
    expect(messageOf(groupIdFormat(apiError(401)))).toContain('got 401 Unauthorized');
  });
  it('unknown-group takes 401, 403 or 404', () => {
    for (const s of [401, 403, 404]) expect(unknownGroup(apiError(s)).ok).toBe(true);
    expect(messageOf(unknownGroup(apiError(400)))).toBe('expected 401, 403 or 404 for an unknown groupId, got 400 Bad Request');
  });
  it('unknown-tenant takes 404 only', () => {
    expect(unknownTenant(apiError(404)).ok).toBe(true);
    expect(messageOf(unknownTenant(apiError(400)))).toBe('expected 404 for an unknown stream instance (tenantName), got 400 Bad Request');
  });
});
