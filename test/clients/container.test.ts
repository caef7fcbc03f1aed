// An example of a consumer's own test, written as a consumer writes it: the reference target in a container through
// the testcontainers module, over TLS, and the consumer's generated Atlas client pointed at it (url, CA,
// credentials). In a consumer's project the import is `stream-conformance/target`.
// Mandatory when CONTAINER_TEST_REQUIRED=1 or CI=true (.ci/run); elsewhere it skips itself without a Docker engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAvailable, ReferenceTargetContainer, type StartedReferenceTargetContainer } from '../../reference';
import { atlasClient } from './atlas-client';
import { runClientSequence } from './sequence';

const REQUIRED = process.env.CONTAINER_TEST_REQUIRED === '1' || process.env.CI === 'true';
const docker = await dockerAvailable();
if (!docker && REQUIRED) {
  throw new Error(
    'the container test is mandatory here (CONTAINER_TEST_REQUIRED=1 or CI=true) but no Docker engine answers ' +
      `(DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}); start one with scripts/docker-engine.sh start`,
  );
}
if (!docker) process.stderr.write('[container] no Docker engine answers: the testcontainers client test is skipped\n');

describe.skipIf(!docker)('my Atlas client against the reference target container', () => {
  let atlas: StartedReferenceTargetContainer;
  beforeAll(async () => {
    atlas = await new ReferenceTargetContainer().withTls().start();
  }, 240_000);
  afterAll(() => atlas?.stop());

  it('runs its whole sequence over TLS', async () => {
    expect(atlas.getUrl()).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { serviceAccount } = atlas.getCredentials();
    await runClientSequence({ url: atlas.getUrl(), ca: atlas.getCa()!, groupId: atlas.getGroupId(), tenant: atlas.getTenant(), ...serviceAccount });
  });

  it('gives the CA as a file too, and a client without it is refused', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(atlas.getCaFile()!, 'utf8')).toBe(atlas.getCa());
    const c = atlasClient({ baseUrl: atlas.getUrl(), ...atlas.getCredentials().serviceAccount });
    await expect(c.authenticate()).rejects.toThrow();
    await c.close();
  });
});

describe.skipIf(!docker)('a reference target container with my own certificate', () => {
  it('serves the certificate and key files given to withTls', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { prepareTls } = await import('../../reference/tls');
    const mine = await prepareTls({ kind: 'generated' });
    const dir = mkdtempSync(join(tmpdir(), 'sc-mine-'));
    writeFileSync(join(dir, 'cert.pem'), mine.cert);
    writeFileSync(join(dir, 'key.pem'), mine.key);
    const atlas = await new ReferenceTargetContainer().withTls({ kind: 'files', certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') }).start();
    try {
      expect(atlas.getCa()).toBeUndefined();
      const c = atlasClient({ baseUrl: atlas.getUrl(), ca: mine.caPem!, ...atlas.getCredentials().serviceAccount });
      expect((await c.authenticate()).access_token).toEqual(expect.any(String));
      await c.close();
    } finally {
      await atlas.stop();
      mine.dispose();
    }
  }, 240_000);
});

describe.skipIf(!docker)('a faulty reference target container', () => {
  it('shows the client what a broken server does (a fault switch through withFault)', async () => {
    const atlas = await new ReferenceTargetContainer().withTls().withFault('read-back-wrong-type').start();
    try {
      const c = atlasClient({ baseUrl: atlas.getUrl(), ca: atlas.getCa()!, ...atlas.getCredentials().serviceAccount });
      await c.authenticate();
      const path = { groupId: atlas.getGroupId(), tenantName: atlas.getTenant() };
      const body = { name: 'faulty-https', type: 'Https' as const, url: 'https://example.com/hook' };
      expect((await c.api.POST('/api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections', { params: { path }, body })).response.status).toBe(200);
      const got = await c.api.GET('/api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections/{connectionName}', { params: { path: { ...path, connectionName: 'faulty-https' } } });
      expect(got.data?.type).toBe('https');
      await c.close();
    } finally {
      await atlas.stop();
    }
  }, 240_000);
});
