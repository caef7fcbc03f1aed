// A generated Atlas client (openapi-typescript + openapi-fetch, tokens by oauth4webapi) against the bundled target
// started as a process over TLS: its whole sequence passes; the same client refuses the target without its CA, and
// oauth4webapi refuses a plain-HTTP token endpoint (why the target must speak TLS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTarget } from '../../reference/child';
import { targetCredentials } from '../../reference/credentials';
import type { RunningTarget } from '../../reference/server';
import { atlasClient } from './atlas-client';
import { runClientSequence } from './sequence';

let target: RunningTarget;
beforeAll(async () => {
  target = await spawnTarget({ tls: { kind: 'generated' } });
});
afterAll(() => target?.close());

describe('a generated Atlas client against the bundled target over TLS', () => {
  it('goes through token, create of every type, get, paging, duplicate, delete and revoke', async () => {
    const { serviceAccount } = targetCredentials(target.info);
    await runClientSequence({ url: target.url, ca: target.info.ca!, groupId: target.info.groupId, tenant: target.info.tenant, ...serviceAccount });
  });

  it('fails without the CA: the certificate is not trusted', async () => {
    const { serviceAccount } = targetCredentials(target.info);
    const c = atlasClient({ baseUrl: target.url, ...serviceAccount });
    const failure = await c.authenticate().then(() => undefined, (e: unknown) => e as Error & { cause?: { code?: string } });
    expect(failure?.cause?.code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    await c.close();
  });

  it('cannot get a token over plain HTTP: oauth4webapi refuses it', async () => {
    const plain = await spawnTarget();
    try {
      const c = atlasClient({ baseUrl: plain.url, ...targetCredentials(plain.info).serviceAccount });
      await expect(c.authenticate()).rejects.toThrow(/https/i);
      await c.close();
    } finally {
      await plain.close();
    }
  });
});
