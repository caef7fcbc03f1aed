// Boundary cases of valid bodies (generators/boundaries.ts): long, short and Unicode names, long and Unicode free
// strings. The profile limits none of these, so a target may refuse one (4xx); what it must never do is fail (5xx,
// judged for every answer) or accept one and give back something else: an accepted case is judged like any valid
// one (200, media type, schema, name and fields echoed exactly, read back, deleted).
import type { ConnectionType } from '../../contracts/types';
import { type BoundaryCase, boundaryCase, enumerateBoundaries, validHolds } from '../../generators';
import { echoFields, responseNameType, responseSchema, secretsIn, status200, successMediaType } from '../../oracles';
import { type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, isSuccess, readBackAndJudge, statusOf, trackIfCreated } from '../../engine/lifecycle';
import { runGeneratedCases, runScratch } from '../../engine/property';
import { seedFor } from '../../engine/suite';

type Body = { name: string; type: ConnectionType } & Record<string, unknown>;

export async function boundaryCaseRun(ctx: SuiteContext, c: BoundaryCase): Promise<void> {
  const body = c.body as Body;
  const operator = `boundary-${c.site === 'name' ? 'name' : 'value'}/${c.boundary}`;
  // A name that cannot carry the run prefix may be someone else's: the case is sent only when the name is free.
  if (!body.name.includes(ctx.config.runPrefix)) {
    const probe = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, body.name);
    observe(ctx, probe, { type: c.type, operator: 'boundary-name-free' });
    if (statusOf(probe) !== 404) {
      ctx.rec.countCase(c.type, 'boundary-name-taken');
      return;
    }
  }
  ctx.rec.countCase(c.type, operator);
  const secrets = secretsIn(c.type, body, ctx.contract);
  const about = { type: c.type, operator, counterexample: { site: c.site, boundary: c.boundary, body } };
  const ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, body);
  observe(ctx, ex, { ...about, secrets });
  if (!isSuccess(ex) || ex.outcome !== 'response') return;
  judge(ctx, status200(ex), [ex], about);
  judge(ctx, successMediaType(ex), [ex], about);
  judge(ctx, responseSchema(ex, ctx.contract), [ex], about);
  judge(ctx, responseNameType(body, ex), [ex], about);
  judge(ctx, echoFields(body, ex.response.json, ctx.contract.writeOnlyPaths(c.type)), [ex], about);
  const name = trackIfCreated(ctx, ex, body, c.type);
  if (name === undefined) return;
  await readBackAndJudge(ctx, body, c.type, secrets);
  await deleteAndWait(ctx, name, c.type);
}

/** The matrix of a type, then random boundary cases (a quarter of --runs); one at a time where names are fixed. */
export async function boundariesForType(ctx: SuiteContext, type: ConnectionType, sequential: boolean): Promise<void> {
  const seed = seedFor(ctx.config.seed, 'boundary', type);
  const matrix = enumerateBoundaries(type, ctx.gen, seed);
  const runOne = (c: BoundaryCase) => runScratch(ctx, (s) => boundaryCaseRun(s, c));
  if (sequential) for (const c of matrix) await runOne(c);
  else await Promise.all(matrix.map((c) => ctx.pool(() => runOne(c))));
  await runGeneratedCases(ctx, {
    arb: boundaryCase(type, ctx.gen),
    type,
    runs: Math.ceil(ctx.config.runs / 4),
    seed,
    sequential,
    runCase: (s, c) => boundaryCaseRun(s, c),
    holds: (c) => validHolds(c.body, ctx.contract, ctx.config.fixtures),
    show: (c) => ({ site: c.site, boundary: c.boundary, body: c.body }),
  });
}
