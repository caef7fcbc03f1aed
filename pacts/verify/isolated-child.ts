// The child side of isolated.ts: loads the verifier at once (that is the point of starting it early), then waits on
// its IPC channel for one request, verifies, answers (never a credential) and exits. It exits too when the channel
// closes first: the process that started it is gone.
import { parseCredential } from '../../client';
import type { ChildAnswer, ChildRequest, IsolatedVerifyOptions } from './isolated';
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
      ...(o.settleMs !== undefined ? { settleMs: o.settleMs } : {}),
      ...(o.rate !== undefined ? { ratePerSecond: o.rate } : {}),
      ...(o.tls ? { tls: o.tls } : {}),
    });
    return { ok: true, result };
  } catch (e) {
    return { ok: false, setup: e instanceof VerifySetupError, message: (e as Error).message };
  }
}

if (!process.send) {
  process.stderr.write('pact-verifier-child: start it with child_process.fork (it takes its request over IPC)\n');
  process.exit(2);
}
process.on('disconnect', () => process.exit(3));
process.once('message', (m: ChildRequest) => {
  if (m?.kind !== 'verify') process.exit(2);
  void answer(m.options).then((a) => process.send!(a, undefined, {}, () => process.exit(0)));
});
