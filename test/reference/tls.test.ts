// The reference target over HTTPS: a certificate for 127.0.0.1 and localhost signed by a CA made at start-up, whose
// PEM is in the ready information and on disk until the target stops; or a certificate the caller supplies. Clients
// that do not trust the CA are refused; keep-alive connections are reused.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTargetArgs, UsageError } from '../../reference/command';
import { type RunningTarget, startTarget } from '../../reference/server';
import { prepareTls } from '../../reference/tls';
import { ACCEPT } from './helpers';

interface Got {
  status: number;
  json: any;
  reused: boolean;
}

function get(target: RunningTarget, opts: { host?: string; ca?: string; agent?: Agent; path?: string }): Promise<Got> {
  const u = new URL(target.url);
  const path = opts.path ?? `/api/atlas/v2/groups/${target.info.groupId}/streams/${target.info.tenant}/connections`;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: opts.host ?? u.hostname, port: u.port, path, ...(opts.ca ? { ca: opts.ca } : {}), ...(opts.agent ? { agent: opts.agent } : {}), headers: { accept: ACCEPT, authorization: `Bearer ${target.info.bearer}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined, reused: req.reusedSocket }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('a CA made at start-up', () => {
  let target: RunningTarget;
  beforeAll(async () => {
    target = await startTarget({ tls: { kind: 'generated' } });
  });
  afterAll(() => target.close());

  it('serves https on 127.0.0.1 and localhost to a client that trusts the CA of the ready information', async () => {
    expect(target.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(target.info.url).toBe(target.url);
    expect(target.info.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(existsSync(target.info.caFile!)).toBe(true);
    for (const host of ['127.0.0.1', 'localhost']) {
      const r = await get(target, { host, ca: target.info.ca! });
      expect(r.status).toBe(200);
      expect(r.json.results).toEqual(expect.any(Array));
      expect(r.json.links[0].href.startsWith(target.url)).toBe(true);
    }
  });

  it('is refused by a client that does not trust that CA', async () => {
    await expect(get(target, {})).rejects.toThrow(/unable to verify|self.signed|certificate/i);
  });

  it('serves a keep-alive client on one reused connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: target.info.ca! });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await get(target, { agent }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(answers.slice(1).every((a) => a.reused)).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('removes the CA folder when it stops', async () => {
    const t = await startTarget({ tls: { kind: 'generated' } });
    const file = t.info.caFile!;
    expect(existsSync(file)).toBe(true);
    await t.close();
    expect(existsSync(file)).toBe(false);
  });
});

describe('a certificate the caller supplies', () => {
  it('is served from --tls-cert/--tls-key files, with no CA of its own in the ready information', async () => {
    const made = await prepareTls({ kind: 'generated' });
    const dir = mkdtempSync(join(tmpdir(), 'sc-tls-files-'));
    writeFileSync(join(dir, 'cert.pem'), made.cert);
    writeFileSync(join(dir, 'key.pem'), made.key);
    const args = parseTargetArgs(['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')]);
    expect(args.tls).toEqual({ kind: 'files', certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') });
    const t = await startTarget({ tls: args.tls! });
    try {
      expect(t.info.caFile).toBeUndefined();
      expect(t.info.ca).toBeUndefined();
      expect((await get(t, { ca: made.caPem! })).status).toBe(200);
    } finally {
      await t.close();
      made.dispose();
    }
  });

  it('needs both files, and files that exist', () => {
    expect(() => parseTargetArgs(['--tls-cert', '/tmp/x.pem'])).toThrow(UsageError);
    expect(() => parseTargetArgs(['--tls-key', '/tmp/x.pem'])).toThrow(/go together/);
    expect(() => parseTargetArgs(['--tls-cert', '/nonexistent/c.pem', '--tls-key', '/nonexistent/k.pem'])).toThrow(/no such file/);
    expect(parseTargetArgs(['--tls']).tls).toEqual({ kind: 'generated' });
    expect(parseTargetArgs([]).tls).toBeUndefined();
  });
});
