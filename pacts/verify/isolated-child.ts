// The child side of isolated.ts: runs verifyPacts with the options in its environment and writes the answer (never
// a credential) to the file named by its one argument.
import { writeFileSync } from 'node:fs';
import { parseCredential } from '../../suites/client';
import { type ChildAnswer, INPUT_ENV, type IsolatedVerifyOptions } from './isolated';
import { verifyPacts } from './run';
import { VerifySetupError } from './setup-error';

async function childMain(out: string): Promise<void> {
  const o = JSON.parse(process.env[INPUT_ENV] ?? '{}') as IsolatedVerifyOptions;
  let answer: ChildAnswer;
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
    });
    answer = { ok: true, result };
  } catch (e) {
    answer = { ok: false, setup: e instanceof VerifySetupError, message: (e as Error).message };
  }
  writeFileSync(out, JSON.stringify(answer), { mode: 0o600 });
}

const out = process.argv[2];
if (out) await childMain(out);
else {
  process.stderr.write('usage: isolated-child.ts RESULT_FILE (options in the environment)\n');
  process.exitCode = 2;
}
