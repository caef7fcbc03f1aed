// The reference target in a container (reference/container.ts): built from the project's Dockerfile, started through
// testcontainers on host networking, answering a real Digest-authenticated create on 127.0.0.1, then stopped.
// Mandatory when CONTAINER_TEST_REQUIRED=1 or CI=true (.ci/run): a missing engine then fails the test. Elsewhere,
// without a Docker engine, it skips itself at run time and says why.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { VENDOR_MEDIA_TYPE } from '../../contracts/types';
import { parseCredential } from '../../client/credentials';
import {
  dockerAvailable,
  parseDockerHost,
  parseReadyLine,
  type RunningTarget,
  startTargetContainer,
  targetArgs,
} from '../../reference/container';
import { ReferenceTargetContainer } from '../../reference/testcontainers';

const REQUIRED = process.env.CONTAINER_TEST_REQUIRED === '1' || process.env.CI === 'true';

describe('target container', () => {
  it('builds the image, serves a Digest-authenticated Kafka create on 127.0.0.1, and stops', async (ctx) => {
    await requireDocker(ctx);
    const target = await startTargetContainer({});
    let closed = false;
    try {
      expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(target.containerId).toMatch(/^[0-9a-f]{64}$/);
      // Figures for the report (not asserted: speed is measured by benchmarks, never by tests).
      process.stdout.write(
        `[container] image build ${ms(target.timings.imageBuildMs)}, start ${ms(target.timings.startMs)}` +
          (target.timings.bundleMs > 0 ? `, bundle ${ms(target.timings.bundleMs)}` : '') +
          '\n',
      );

      const { res, text, body, password } = await createKafka(target);

      expect(res.status, text.slice(0, 500)).toBe(200);
      expect(res.headers.get('content-type')?.split(';')[0]?.trim()).toBe(VENDOR_MEDIA_TYPE);
      expect(text).not.toContain(password);
      const created = JSON.parse(text) as Record<string, unknown>;
      expect(loadContract().validateResponseBody(created)).toEqual([]);
      expect(created).toMatchObject({ name: body.name, type: 'Kafka', bootstrapServers: body.bootstrapServers });

      const stopStarted = performance.now();
      await target.close();
      closed = true;
      process.stdout.write(`[container] stop ${ms(performance.now() - stopStarted)}\n`);
      // Stopped means stopped: nothing listens on the port any more.
      await expect(fetch(target.url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    } finally {
      if (!closed) await target.close();
    }
  }, 240_000);

  it('passes faults and a configuration file through to the target in the container', async (ctx) => {
    await requireDocker(ctx);
    const dir = mkdtempSync(join(tmpdir(), 'sc-container-'));
    const configPath = join(dir, 'target.json');
    const groupId = 'c0ffee0123456789abcdef01';
    writeFileSync(configPath, JSON.stringify({ groups: [{ id: groupId, tenants: ['container-config-tenant'] }] }));
    const target = await startTargetContainer({ faults: ['status-201'], configPath });
    try {
      expect(target.info.groupId).toBe(groupId);
      expect(target.info.tenant).toBe('container-config-tenant');
      // The fault catalogue's status-201: a valid create is answered 201 instead of 200.
      const { res, text } = await createKafka(target);
      expect(res.status, text.slice(0, 500)).toBe(201);
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('target container helpers', () => {
  it('asks only unix sockets and loopback TCP for a Docker engine', () => {
    expect(parseDockerHost('unix:///var/run/docker.sock')).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(parseDockerHost('tcp://127.0.0.1:2375')).toEqual({ host: '127.0.0.1', port: 2375 });
    expect(parseDockerHost('tcp://localhost:2376/')).toEqual({ host: 'localhost', port: 2376 });
    expect(parseDockerHost('tcp://[::1]:2375')).toEqual({ host: '::1', port: 2375 });
    for (const refused of ['tcp://10.0.0.5:2375', 'tcp://docker.example.com:2375', 'ssh://user@host', 'unix://relative.sock', 'tcp://127.0.0.1:70000', '']) {
      expect(parseDockerHost(refused), refused).toBeUndefined();
    }
  });

  it('passes the port, each fault and the in-container config path to the target', () => {
    expect(targetArgs({ port: 8123 })).toEqual(['--port', '8123']);
    expect(targetArgs({ port: 1, faults: ['status-201', 'leak-password'], configPath: '/home/me/t.json' })).toEqual([
      '--port', '1', '--fault', 'status-201', '--fault', 'leak-password', '--config', '/config/target-config.json',
    ]);
    expect(targetArgs({ port: 2, tls: { kind: 'generated' } })).toEqual(['--port', '2', '--tls']);
    expect(targetArgs({ port: 2, tls: { kind: 'files', certFile: '/home/me/c.pem', keyFile: '/home/me/k.pem' } })).toEqual([
      '--port', '2', '--tls-cert', '/config/tls-cert.pem', '--tls-key', '/config/tls-key.pem',
    ]);
  });

  it('passes the realistic mode, chaos, seed, sample connections and lenient variants to the target', () => {
    expect(targetArgs({ port: 3, realistic: true, chaos: 'reset-after=1/200,latency=0.01:200ms', seed: 7, sampleConnections: true, lenient: ['no-links'] })).toEqual([
      '--port', '3', '--lenient', 'no-links', '--realistic', '--chaos', 'reset-after=0.005,latency=0.01:200ms', '--seed', '7', '--sample-connections',
    ]);
    expect(() => targetArgs({ port: 3, chaos: 'reset=1' })).toThrow(/unknown chaos kind/);
    expect(() => new ReferenceTargetContainer().withChaos('latency=0.1')).toThrow(/latency: give a rate and a duration/);
    expect(() => new ReferenceTargetContainer().withLenient('nope' as never)).toThrow(/unknown lenient variant/);
    expect(() => new ReferenceTargetContainer().withSeed(1.5)).toThrow(/seed must be an integer/);
  });

  it('recognises the ready line and nothing else', () => {
    const ready = {
      url: 'http://127.0.0.1:1234', groupId: '0123456789abcdef01234567', tenant: 't', auth: 'digest:a:b',
      readonlyAuth: 'digest:c:d', serviceAccount: 'service-account:e:f', bearer: 'bearer:g',
    };
    expect(parseReadyLine(JSON.stringify(ready))).toEqual(ready);
    expect(parseReadyLine(JSON.stringify({ ...ready, extra: 1 }))).toEqual(ready);
    const tls = { ...ready, url: 'https://127.0.0.1:1234', caFile: '/tmp/x/ca.pem', ca: '-----BEGIN CERTIFICATE-----\n...' };
    expect(parseReadyLine(JSON.stringify(tls))).toEqual(tls);
    expect(parseReadyLine(JSON.stringify({ ...ready, seed: 42 }))).toEqual({ ...ready, seed: 42 });
    expect(parseReadyLine('listening on 127.0.0.1:1234')).toBeUndefined();
    expect(parseReadyLine('{"url": "http://127.0.0.1:1"')).toBeUndefined();
    expect(parseReadyLine(JSON.stringify({ ...ready, auth: undefined }))).toBeUndefined();
    expect(parseReadyLine('null')).toBeUndefined();
  });
});

/** Skips at run time without a Docker engine, unless the container test is mandatory here: then it fails. */
async function requireDocker(ctx: TestContext): Promise<void> {
  if (await dockerAvailable()) return;
  if (REQUIRED) {
    throw new Error(
      'the container test is mandatory here (CONTAINER_TEST_REQUIRED=1 or CI=true) but no Docker engine answers ' +
        `(DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}); start one with scripts/docker-engine.sh start`,
    );
  }
  const why =
    'no Docker engine answers (DOCKER_HOST, /var/run/docker.sock, .docker-ci/docker.sock): container test skipped; ' +
    'run `bash .ci/run` or `scripts/docker-engine.sh start` to include it';
  // The default reporter shows a skip's count, not its note: say it where it will be read too.
  process.stderr.write(`[container] ${why}\n`);
  ctx.skip(why);
}

async function createKafka(target: RunningTarget): Promise<{ res: Response; text: string; body: Record<string, unknown>; password: string }> {
  const credential = parseCredential(target.info.auth);
  if (credential.kind !== 'digest') throw new Error(`the ready line's auth is a ${credential.kind} credential, not digest`);
  const password = `kafka-secret-${randomBytes(6).toString('hex')}`;
  const body = {
    name: `container-kafka-${randomBytes(4).toString('hex')}`,
    type: 'Kafka',
    bootstrapServers: 'broker-1.example.com:9092,broker-2.example.com:9092',
    authentication: { mechanism: 'PLAIN', username: 'streams', password },
    security: { protocol: 'SASL_SSL' },
    config: { 'auto.offset.reset': 'earliest' },
  };
  const url =
    `${target.url}/api/atlas/v2/groups/${encodeURIComponent(target.info.groupId)}` +
    `/streams/${encodeURIComponent(target.info.tenant)}/connections`;
  const res = await digestPost(url, JSON.stringify(body), credential.publicKey, credential.privateKey);
  return { res, text: await res.text(), body, password };
}

/** POST with HTTP Digest (RFC 7616, MD5, qop=auth): one unauthenticated try for the challenge, then the answer. */
async function digestPost(url: string, body: string, username: string, password: string): Promise<Response> {
  const headers = { 'content-type': VENDOR_MEDIA_TYPE, accept: VENDOR_MEDIA_TYPE };
  const first = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  await first.arrayBuffer();
  expect(first.status).toBe(401);
  const challenge = first.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Digest /i);
  const param = (name: string) => new RegExp(`(?:^Digest|,)\\s*${name}=(?:"([^"]*)"|([^,\\s]*))`, 'i').exec(challenge)?.slice(1).find((v) => v !== undefined);
  const realm = param('realm') ?? '';
  const nonce = param('nonce') ?? '';
  const qop = param('qop')?.split(/\s*,\s*/).includes('auth') ? 'auth' : undefined;
  const uri = new URL(url).pathname + new URL(url).search;
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const ha1 = md5(`${username}:${realm}:${password}`);
  const ha2 = md5(`POST:${uri}`);
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const response = qop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
  const opaque = param('opaque');
  const authorization =
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=MD5, response="${response}"` +
    (qop ? `, qop=${qop}, nc=${nc}, cnonce="${cnonce}"` : '') +
    (opaque !== undefined ? `, opaque="${opaque}"` : '');
  return fetch(url, { method: 'POST', headers: { ...headers, authorization }, body, signal: AbortSignal.timeout(10_000) });
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
