// Valid bodies of every type: answered 200 with the vendor media type, a body valid for its variant, the same
// name and type, the non-secret fields unchanged and no secret; then read back by GET and deleted.
import type { ConnectionType } from '../../contracts/types';
import { enumerateValid, validBody, validHolds } from '../../generators';
import { echoFields, responseNameType, responseSchema, secretsIn, status200, successMediaType, readBack, cleanupGone } from '../../oracles';
import { type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, isSuccess, readBackAndJudge, takenByOthers, trackIfCreated } from '../../engine/lifecycle';
import { runGeneratedCases, runScratch } from '../../engine/property';
import { type SuiteDef, seedFor } from '../../engine/suite';
import { boundariesForType } from './boundary';
import { representatives } from '../../engine/minimal';

type Body = { name: string; type: ConnectionType } & Record<string, unknown>;

export async function validCase(ctx: SuiteContext, type: ConnectionType, body: Body, operator = 'valid'): Promise<void> {
  ctx.rec.countCase(type, operator);
  const secrets = secretsIn(type, body, ctx.contract);
  const about = { type, operator, counterexample: body };
  const ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, body);
  observe(ctx, ex, { ...about, secrets });
  if (await takenByOthers(ctx, ex, body.name, type, ['status-200', 'read-back', 'cleanup'])) return;
  judge(ctx, status200(ex), [ex], about);
  if (isSuccess(ex) && ex.outcome === 'response') {
    judge(ctx, successMediaType(ex), [ex], about);
    judge(ctx, responseSchema(ex, ctx.contract), [ex], about);
    judge(ctx, responseNameType(body, ex), [ex], about);
    judge(ctx, echoFields(body, ex.response.json, ctx.contract.writeOnlyPaths(type)), [ex], about);
  }
  const name = trackIfCreated(ctx, ex, body, type);
  if (name === undefined) return;
  await readBackAndJudge(ctx, body, type, secrets);
  await deleteAndWait(ctx, name, type);
}

/** The deterministic valid bodies of a type (every variant and optional field): part of the plan's first phase. */
async function positiveForType(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  const seed = seedFor(ctx.config.seed, 'positive', type);
  // A minimal run: one valid body per type (engine/minimal.ts).
  const enumerated = representatives(ctx.config, enumerateValid(type, ctx.gen, seed) as Body[], () => type);
  const runOne = (body: Body) => runScratch(ctx, (s) => validCase(s, type, body));
  // Sample connections are named after the target's sample sources, so two of them cannot exist at once.
  const sequential = type === 'Sample';
  if (sequential) for (const b of enumerated) await runOne(b);
  else await Promise.all(enumerated.map((b) => ctx.pool(() => runOne(b))));
  // The boundary names and values are part of the deterministic matrix: every type sees each of them (not in a
  // minimal run: they judge no rule the valid bodies do not).
  if (!ctx.config.minimal) await boundariesForType(ctx, type, sequential);
}

/** `runs` random valid bodies of a type, shrunk when they fail: the plan's last phase (suites/definitions/random.ts). */
export async function randomValidCases(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  await runGeneratedCases(ctx, {
    arb: validBody(type, ctx.gen),
    type,
    runs: ctx.config.runs,
    seed: seedFor(ctx.config.seed, 'positive', type),
    sequential: type === 'Sample',
    runCase: (s, body) => validCase(s, type, body as Body),
    holds: (body) => validHolds(body, ctx.contract, ctx.config.fixtures),
  });
}

export const positive: SuiteDef = {
  name: 'positive',
  oracles: [status200, successMediaType, responseSchema, responseNameType, echoFields, readBack, cleanupGone],
  summary: 'valid bodies of every type: 200, vendor media type, variant schema, name/type and fields echoed, no secret, read back, deleted; boundary names and values: echoed exactly when accepted, never 5xx',
  tests: (config) => config.types.map((type) => ({ name: type, type, run: (ctx) => positiveForType(ctx, type) })),
};
