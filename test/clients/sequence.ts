// The whole sequence a consumer's client goes through against an Atlas-like target, over TLS: token, create for
// every connection type, get, list with paging, duplicate (the client's error), delete, revoke. Shared by the
// process and the container cases, so both run the same client the same way.
import { expect } from 'vitest';
import { CONNECTION_TYPES } from '../../contracts/types';
import { exampleBodies } from '../../pacts/bodies';
import { atlasClient, type StreamsConnection } from './atlas-client';

export interface TlsTarget {
  url: string;
  ca: string;
  groupId: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
}

const COLLECTION = '/api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections' as const;
const ONE = '/api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections/{connectionName}' as const;

export async function runClientSequence(t: TlsTarget): Promise<void> {
  expect(t.url).toMatch(/^https:\/\//);
  const c = atlasClient({ baseUrl: t.url, ca: t.ca, clientId: t.clientId, clientSecret: t.clientSecret });
  const path = { groupId: t.groupId, tenantName: t.tenant };
  try {
    const issued = await c.authenticate();
    expect(issued.token_type.toLowerCase()).toBe('bearer');
    expect(issued.expires_in).toBeGreaterThan(0);

    const bodies = exampleBodies(11);
    for (const type of CONNECTION_TYPES) {
      const body = bodies[type] as unknown as StreamsConnection;
      const created = await c.api.POST(COLLECTION, { params: { path }, body });
      expect(created.error, `${type}: ${JSON.stringify(created.error)}`).toBeUndefined();
      expect(created.response.status).toBe(200);
      expect(created.data).toMatchObject({ name: body.name, type, state: 'READY' });
      const got = await c.api.GET(ONE, { params: { path: { ...path, connectionName: body.name! } } });
      expect(got.data).toMatchObject({ name: body.name, type, id: created.data!.id });
    }

    // Paging: three per page, pages until one comes back short; every connection seen once.
    const seen: string[] = [];
    for (let pageNum = 1; ; pageNum++) {
      const page = await c.api.GET(COLLECTION, { params: { path, query: { itemsPerPage: 3, pageNum } } });
      expect(page.error).toBeUndefined();
      expect(page.data!.totalCount).toBe(CONNECTION_TYPES.length);
      seen.push(...page.data!.results!.map((r) => r.name!));
      if (page.data!.results!.length < 3) break;
      expect(page.data!.links!.some((l) => l.rel === 'next')).toBe(true);
    }
    expect(seen.sort()).toEqual(CONNECTION_TYPES.map((ty) => bodies[ty].name as string).sort());

    const kafka = bodies.Kafka as unknown as StreamsConnection;
    const duplicate = await c.api.POST(COLLECTION, { params: { path }, body: kafka });
    expect(duplicate.data).toBeUndefined();
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error).toMatchObject({ error: 409, errorCode: 'STREAM_CONNECTION_NAME_ALREADY_EXISTS' });

    for (const type of CONNECTION_TYPES) {
      const connectionName = bodies[type].name as string;
      const deleted = await c.api.DELETE(ONE, { params: { path: { ...path, connectionName } } });
      expect(deleted.response.status).toBe(202);
      const gone = await c.api.GET(ONE, { params: { path: { ...path, connectionName } } });
      expect(gone.response.status).toBe(404);
      expect(gone.error).toMatchObject({ errorCode: 'STREAM_CONNECTION_NOT_FOUND_FOR_NAME' });
    }
    const empty = await c.api.GET(COLLECTION, { params: { path } });
    expect(empty.data!.results).toEqual([]);

    await c.revoke();
    const afterRevoke = await c.api.GET(COLLECTION, { params: { path } });
    expect(afterRevoke.response.status).toBe(401);
    expect(afterRevoke.data).toBeUndefined();
  } finally {
    await c.close();
  }
}
