// The Pact stub server serving contracts/pacts, used the way a client team would (pacts/README.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACT_FILE_NAME, PACTS_DIR } from '../../pacts/names';
import { PROVIDER_STATE_HEADER, type RunningStub, startStub, stubArgs } from '../../pacts/stub';
import { createStreamConnection } from '../../pacts/consumer/client';

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub({ port: 0 });
});
afterAll(async () => {
  await stub?.close();
});

const pact = JSON.parse(readFileSync(fileURLToPath(new URL(PACT_FILE_NAME, PACTS_DIR)), 'utf8'));
const recorded = (d: string) => pact.interactions.find((i: any) => i.description === d).request;
const path = '/api/atlas/v2/groups/5f2b3c4d5e6f7a8b9c0d1e2f/streams/pact-stream-instance/connections';
const headers = { Authorization: 'Bearer my-test-token', Accept: 'application/vnd.atlas.2023-02-01+json', 'Content-Type': 'application/vnd.atlas.2023-02-01+json' };
// The recorded Kafka body with other values where the pact matches by type or regex: the stub must still answer.
const recordedKafka = recorded('a valid request to create a connection of type Kafka').body.content;
const kafka = {
  ...recordedKafka,
  bootstrapServers: 'my-broker.internal:9092',
  authentication: { ...recordedKafka.authentication, username: 'someone-else' },
};
const https = recorded('a valid request to create a connection of type Https').body.content;

describe('pacts:stub', () => {
  it('passes the pact file and the provider-state header to the stub server', () => {
    const args = stubArgs({ port: 8991 });
    expect(args[0]).toBe('stub');
    expect(args).toContain('--provider-state-header-name');
    expect(args[args.indexOf('--port') + 1]).toBe('8991');
    expect(args[args.indexOf('--file') + 1]).toMatch(/contracts\/pacts\/atlas-streams-client-atlas-admin-api-streams-connections\.json$/);
  });

  it('stops the server process itself on close (no orphan left behind)', async () => {
    const other = await startStub({ port: 0 });
    await other.close();
    await expect(fetch(`${other.url}/`)).rejects.toThrow();
  });

  it('answers a valid create on 127.0.0.1 with the recorded success, without write-only fields', async () => {
    expect(stub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await createStreamConnection({ baseUrl: stub.url, path, headers, body: kafka });
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/vnd.atlas.2023-02-01+json');
    expect(res.json).toMatchObject({ name: 'pact-kafka', type: 'Kafka' });
    expect(JSON.stringify(res.json)).not.toMatch(/password|pact-fake-secret/i);
  });

  it('answers the recorded error when the client selects it by provider state', async () => {
    const res = await createStreamConnection({
      baseUrl: stub.url,
      path,
      headers: { ...headers, [PROVIDER_STATE_HEADER]: 'the caller has exhausted its rate limit' },
      body: https,
    });
    expect(res.status).toBe(429);
    expect(res.retryAfter).toMatch(/^\d+$/);
  });

  it('answers the unknown-instance error for the path and state the pact names', async () => {
    const res = await createStreamConnection({
      baseUrl: stub.url,
      path: path.replace('pact-stream-instance', 'pact-missing-stream-instance'),
      headers: { ...headers, [PROVIDER_STATE_HEADER]: 'does not exist in group' },
      body: { ...https, url: 'https://hooks.example.org/x' },
    });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: 404, errorCode: 'STREAM_TENANT_NOT_FOUND_FOR_NAME' });
  });
});
