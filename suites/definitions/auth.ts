// Authentication and authorisation: no credentials and wrong credentials are answered 401; a credential without the
// create role 401 or 403. Any probe a target wrongly accepts is cleaned up.
import type { Credential } from '../../client';
import { authInvalid, authMissing, authRole, secretsIn } from '../../oracles';
import type { Exchange } from '../../client/exchange';
import type { Oracle } from '../../oracles';
import { type SuiteContext, judge, observe } from '../../engine/context';
import { sweep, trackIfCreated } from '../../engine/lifecycle';
import type { SuiteDef } from '../../engine/suite';
import { probeBody } from './probe-body';

async function probe(ctx: SuiteContext, operator: string, credential: Credential, oracle: Oracle<[Exchange]>): Promise<void> {
  const body = probeBody(ctx, `auth-${operator}`);
  ctx.rec.countCase('none', operator);
  const ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, body, { credential });
  const about = { operator, counterexample: { credential: describeCredential(credential), body } };
  observe(ctx, ex, { ...about, secrets: secretsIn(body.type, body, ctx.contract) });
  judge(ctx, oracle(ex), [ex], about);
  trackIfCreated(ctx, ex, body, body.type);
}

function describeCredential(c: Credential): string {
  switch (c.kind) {
    case 'none':
      return 'no Authorization header';
    case 'digest':
      return `Digest user ${c.publicKey} with a wrong password`;
    case 'bearer':
      return 'a bearer token the target never issued';
    case 'service-account':
      return 'a service account';
  }
}

/** A private key that differs from the real one (the same public key), or made-up Digest credentials. */
function wrongDigest(c: Credential): Credential {
  if (c.kind === 'digest') return { kind: 'digest', publicKey: c.publicKey, privateKey: `${c.privateKey}-wrong` };
  return { kind: 'digest', publicKey: 'conformance-unknown-user', privateKey: 'conformance-wrong-password' };
}

export const auth: SuiteDef = {
  name: 'auth',
  oracles: [authMissing, authInvalid, authRole],
  summary: 'no credentials and wrong Digest password or bearer token -> 401; read-only credential -> 401/403',
  tests: () => [
    { name: 'no credentials -> 401', run: (ctx) => probe(ctx, 'no-credentials', { kind: 'none' }, authMissing) },
    { name: 'wrong Digest password -> 401', run: (ctx) => probe(ctx, 'wrong-digest-password', wrongDigest(ctx.credential), authInvalid) },
    {
      name: 'unknown Digest user -> 401',
      run: (ctx) => probe(ctx, 'unknown-digest-user', { kind: 'digest', publicKey: `${ctx.config.runPrefix}-nobody`, privateKey: 'conformance-wrong-password' }, authInvalid),
    },
    {
      name: 'wrong bearer token -> 401',
      run: (ctx) => probe(ctx, 'wrong-bearer-token', { kind: 'bearer', token: `conformance-not-a-token-${ctx.config.runPrefix}` }, authInvalid),
    },
    {
      name: 'read-only credential -> 401/403',
      run: async (ctx) => {
        if (!ctx.readonlyCredential) {
          ctx.rec.notAssessedBecause('auth-role', 'no read-only credential was given (--readonly-auth)');
          return;
        }
        await probe(ctx, 'read-only-credential', ctx.readonlyCredential, authRole);
      },
    },
    { name: 'cleanup of wrongly accepted probes', run: (ctx) => sweep(ctx) },
  ],
};
