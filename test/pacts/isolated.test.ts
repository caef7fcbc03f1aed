// The verifier child started ahead of time (pacts/verify/isolated.ts): it waits for `go`, answers once, and a child
// that goes away without answering is reported rather than waited for.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TSX_IMPORT } from '../../bin/ts-loader.mjs';
import { ANSWER_FILE, type IsolatedVerifyOptions, type PreparedVerifier, prepareVerifier, runPreparedVerifier } from '../../pacts/verify/isolated';
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

async function prepared(): Promise<{ t: RunningTarget; v: PreparedVerifier; d: string }> {
  target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: null } });
  dir = mkdtempSync(join(tmpdir(), 'sc-pact-test-'));
  const opts: IsolatedVerifyOptions = {
    targetUrl: target.url,
    groupId: target.info.groupId,
    tenant: target.info.tenant,
    auth: target.info.auth,
    readonlyAuth: target.info.readonlyAuth,
    timeoutMs: 5000,
    rateLimitProbe: 5,
  };
  verifier = prepareVerifier(opts, dir);
  return { t: target, v: verifier, d: dir };
}

describe('prepared pact verifier', () => {
  it('waits for go, then answers with every interaction', async () => {
    const { v, d } = await prepared();
    await sleep(1500);
    expect(existsSync(join(d, ANSWER_FILE))).toBe(false);
    expect(alive(v.pid!)).toBe(true);
    const result = (await runPreparedVerifier(d, 60_000))!;
    expect(result.interactions).toHaveLength(18);
    // Without a rate limit the 429 interaction is not assessed; everything else passes.
    expect(result.interactions.filter((i) => !i.ok && !i.notAssessed)).toEqual([]);
  });

  it('reports a child that ends without an answer instead of waiting for it', async () => {
    const { v, d } = await prepared();
    process.kill(v.pid!, 'SIGKILL');
    await expect(runPreparedVerifier(d, 30_000)).rejects.toThrow(/the pact verifier process ended \(SIGKILL\) without a result/);
  });

  it('tells nothing and gives undefined where no verifier was started', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sc-pact-test-'));
    expect(await runPreparedVerifier(dir, 1000, 200)).toBeUndefined();
    expect(existsSync(join(dir, 'go'))).toBe(false);
  });

  it('stop() ends a child that was never told to go', async () => {
    const { v } = await prepared();
    await sleep(300);
    v.stop();
    for (let i = 0; i < 50 && alive(v.pid!); i++) await sleep(20);
    expect(alive(v.pid!)).toBe(false);
  });

  it('a waiting child ends when the process that started it is gone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sc-pact-test-'));
    const script = join(dir, 'parent.mts');
    const isolated = fileURLToPath(new URL('../../pacts/verify/isolated.ts', import.meta.url));
    // The parent starts a verifier, prints its pid and exits at once, as a crashed certify would.
    writeFileSync(
      script,
      `import { prepareVerifier } from ${JSON.stringify(isolated)};
       const v = prepareVerifier({ targetUrl: 'http://127.0.0.1:9', groupId: 'g', tenant: 't', auth: 'bearer:x', timeoutMs: 1000, rateLimitProbe: 1 }, ${JSON.stringify(dir)});
       console.log(v.pid);
       process.exit(0);`,
    );
    const pid = Number(execFileSync(process.execPath, [...TSX_IMPORT, script], { encoding: 'utf8' }).trim());
    expect(pid).toBeGreaterThan(0);
    for (let i = 0; i < 250 && alive(pid); i++) await sleep(20);
    expect(alive(pid)).toBe(false);
  });
});
