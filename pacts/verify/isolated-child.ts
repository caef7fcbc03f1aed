// The child side of isolated.ts: loads the verifier, waits for `go` in the folder named by its one argument, runs
// verifyPacts with the options in its environment and writes the answer (never a credential) there.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCredential } from '../../suites/client';
import { ANSWER_FILE, type ChildAnswer, GO_FILE, INPUT_ENV, type IsolatedVerifyOptions, POLL_MS, writeAtomically } from './isolated';
import { verifyPacts } from './run';
import { VerifySetupError } from './setup-error';

async function answer(o: IsolatedVerifyOptions): Promise<ChildAnswer> {
  try {
    const result = await verifyPacts({
      targetUrl: o.targetUrl,
      groupId: o.groupId,
      tenant: o.tenant,
      credential: parseCredential(o.auth),
      ...(o.readonlyAuth ? { readOnlyCredential: parseCredential(o.readonlyAuth) } : {}),
      timeoutMs: o.timeoutMs,
      rateLimitProbe: o.rateLimitProbe,
      ...(o.rate !== undefined ? { ratePerSecond: o.rate } : {}),
      ...(o.tls ? { tls: o.tls } : {}),
    });
    return { ok: true, result };
  } catch (e) {
    return { ok: false, setup: e instanceof VerifySetupError, message: (e as Error).message };
  }
}

async function childMain(dir: string): Promise<void> {
  // The parent holds our stdin open; when it ends, the run is over (or its process gone): stop waiting.
  process.stdin.on('end', () => process.exit(3));
  process.stdin.on('error', () => process.exit(3));
  process.stdin.resume();
  const o = JSON.parse(process.env[INPUT_ENV] ?? '{}') as IsolatedVerifyOptions;
  while (!existsSync(join(dir, GO_FILE))) await sleep(POLL_MS);
  writeAtomically(join(dir, ANSWER_FILE), JSON.stringify(await answer(o)));
  process.exit(0);
}

const dir = process.argv[2];
if (dir) await childMain(dir);
else {
  process.stderr.write('usage: isolated-child.ts DIR (options in the environment; verifies once DIR/go exists)\n');
  process.exitCode = 2;
}
