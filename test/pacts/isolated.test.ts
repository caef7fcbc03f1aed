// The verifier child started ahead of time (pacts/verify/isolated.ts): it loads and waits on its IPC channel,
// answers once when asked, a child that goes away without answering is reported rather than waited for, and a child
// whose parent is gone exits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type IsolatedVerifyOptions, type PreparedVerifier, prepareVerifier, verifyPactsIsolated, warmVerifier } from '../../pacts/verify/isolated';
import { DEFAULT_CONFIG } from '../../reference/config';
import { type RunningTarget, startTarget } from '../../reference/server';

let target: RunningTarget | undefined;
let verifier: PreparedVerifier | undefined;
let dir: string | undefined;
afterEach(async () => {
  verifier?.stop();
  await target?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  target = verifier = dir = undefined;
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function options(): Promise<IsolatedVerifyOptions> {
  target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: null } });
  return {
    targetUrl: target.url,
    groupId: target.info.groupId,
    tenant: target.info.tenant,
    auth: target.info.auth,
    readonlyAuth: target.info.readonlyAuth,
    timeoutMs: 5000,
    rateLimitProbe: 5,
  };
}

describe('prepared pact verifier', () => {
  it('waits until asked, then answers with every interaction', async () => {
    const opts = await options();
    verifier = prepareVerifier(opts);
    await sleep(1500);
    expect(alive(verifier.pid!)).toBe(true);
    const result = await verifier.verify(60_000);
    expect(result.interactions).toHaveLength(18);
    // Without a rate limit the 429 interaction is not assessed; everything else passes.
    expect(result.interactions.filter((i) => !i.ok && !i.notAssessed)).toEqual([]);
    for (let i = 0; i < 100 && alive(verifier.pid!); i++) await sleep(20);
    expect(alive(verifier.pid!), 'the child exits once it has answered').toBe(false);
  });

  it('reports a child that ends without an answer instead of waiting for it', async () => {
    verifier = prepareVerifier(await options());
    process.kill(verifier.pid!, 'SIGKILL');
    await expect(verifier.verify(30_000)).rejects.toThrow(/the pact verifier process ended \(SIGKILL\) without a result/);
  });

  it('a warmed verifier is the one verifyPactsIsolated uses', async () => {
    const opts = await options();
    warmVerifier(opts);
    const result = await verifyPactsIsolated(opts, 60_000);
    expect(result.interactions).toHaveLength(18);
  });

  it('stop() ends a child that was never asked', async () => {
    verifier = prepareVerifier(await options());
    await sleep(300);
    verifier.stop();
    for (let i = 0; i < 50 && alive(verifier.pid!); i++) await sleep(20);
    expect(alive(verifier.pid!)).toBe(false);
  });

  it('a child whose parent is gone exits instead of waiting for ever', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sc-pact-test-'));
    const script = join(dir, 'parent.ts');
    const isolated = fileURLToPath(new URL('../../pacts/verify/isolated.ts', import.meta.url));
    // The parent starts a verifier, prints its pid and exits at once, as a crashed certify would.
    writeFileSync(
      script,
      `import { prepareVerifier } from ${JSON.stringify(isolated)};
       const v = prepareVerifier({ targetUrl: 'http://127.0.0.1:9', groupId: 'g', tenant: 't', auth: 'bearer:x', timeoutMs: 1000, rateLimitProbe: 1 });
       console.log(v.pid);
       process.exit(0);`,
    );
    const pid = Number(execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' }).trim());
    expect(pid).toBeGreaterThan(0);
    for (let i = 0; i < 250 && alive(pid); i++) await sleep(20);
    expect(alive(pid)).toBe(false);
  });
});
