// Names are unique within a stream instance: a second create of a name is answered 409 and changes nothing, and of
// N concurrent creates of one name exactly one wins. Run for every type (Sample names come from the fixtures).
import type { ConnectionType } from '../../contracts/types';
import { concurrentCreate, duplicate409, errorCode, secretsIn, cleanupGone } from '../../oracles';
import { type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, isSuccess, settledRead, takenByOthers, tookEffect, trackIfCreated } from '../../engine/lifecycle';
import type { SuiteDef } from '../../engine/suite';
import { statusIs } from '../../client/settle';
import { concurrentCreatesOf } from '../../engine/minimal';
import { type Body, probeBodies } from './probe-body';

async function duplicate(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  const [original, second] = probeBodies(ctx, 'duplicate', 2, type) as [Body, Body];
  const again: Body = { ...second, name: original.name };
  const secrets = [...secretsIn(type, original, ctx.contract), ...secretsIn(type, again, ctx.contract)];
  const { groupId, tenant } = ctx.config;
  const about = { type, operator: 'duplicate-name', counterexample: { original, duplicate: again } };
  ctx.rec.countCase(type, 'duplicate-name');
  const first = await ctx.client.create(groupId, tenant, original);
  observe(ctx, first, { ...about, secrets });
  // A sample source that already exists (not the run's) is the original: its duplicate still gets 409, but it is
  // not the run's to compare over time (another run may delete it) nor to delete.
  if (await takenByOthers(ctx, first, original.name, type, [])) {
    const dup = await ctx.client.create(groupId, tenant, again);
    observe(ctx, dup, { ...about, secrets });
    judge(ctx, duplicate409(dup), [dup], about);
    if (statusIs(dup, 409)) judge(ctx, errorCode(dup, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'), [dup], about);
    ctx.rec.notAssessedBecause('duplicate-409', `the ${type} original ${JSON.stringify(original.name)} was not this run's: only the 409 of its duplicate was judged, not "original unchanged"`);
    return;
  }
  const name = trackIfCreated(ctx, first, original, type);
  if (name === undefined) {
    // A lost answer is a transport incident the client counts already (and a create it may have made is swept).
    if (first.outcome !== 'response') return;
    ctx.rec.incident(`conflict/${type}: the original could not be created (${describe(first)}), so the duplicate was not tried`);
    return;
  }
  // The original as the target shows it once its read settled (profile v1.1: reads are eventually consistent), and
  // again after the duplicate: a 404 inside the settle bound is the read settling, not the original gone.
  const { ex: before } = await settledRead(ctx, name);
  const dup = await ctx.client.create(groupId, tenant, again);
  const { ex: after } = await settledRead(ctx, name);
  for (const ex of [before, dup, after]) observe(ctx, ex, { ...about, secrets });
  judge(ctx, duplicate409(dup, before, after), [dup, before, after], about);
  if (dup.outcome === 'response' && dup.response.status === 409) {
    judge(ctx, errorCode(dup, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'), [dup], about);
  }
  await deleteAndWait(ctx, name, type);
}

async function concurrent(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  const n = concurrentCreatesOf(ctx.config);
  const bodies = probeBodies(ctx, 'concurrent', n, type);
  const name = bodies[0]!.name;
  const same = bodies.map((b) => ({ ...b, name }));
  ctx.rec.countCase(type, 'concurrent-creates');
  const about = { type, operator: 'concurrent-creates', counterexample: { name, creates: n } };
  // All at once on purpose: this probe is the one place where overlap is the point.
  const answers = await Promise.all(same.map((b) => ctx.client.create(ctx.config.groupId, ctx.config.tenant, b)));
  answers.forEach((ex, i) => observe(ctx, ex, { ...about, secrets: secretsIn(type, same[i], ctx.contract) }));
  // Answers first, lost ones (the create took effect, or the name was taken: unknown which) last: see judge().
  const ordered = [...answers.filter((a) => !tookEffect(a)), ...answers.filter(tookEffect)];
  // All refused for a fixed name that exists and is not the run's: no create could win, nothing to judge.
  if (!answers.some((a) => isSuccess(a) || tookEffect(a)) && answers.every((a) => statusIs(a, 409)) && (await takenByOthers(ctx, answers[0]!, name, type, ['concurrent-create']))) return;
  judge(ctx, concurrentCreate(ordered), ordered, about);
  if (answers.some((a) => isSuccess(a) || tookEffect(a))) {
    ctx.rec.trackCreated({ groupId: ctx.config.groupId, tenant: ctx.config.tenant, name, type });
    await deleteAndWait(ctx, name, type);
  }
}

function describe(ex: import('../../client/exchange').Exchange): string {
  return ex.outcome === 'response' ? `${ex.response.status}` : ex.error.kind;
}

export const conflict: SuiteDef = {
  name: 'conflict',
  oracles: [duplicate409, errorCode, concurrentCreate, cleanupGone],
  summary: 'duplicate name -> 409 with the original unchanged; N concurrent creates of one name -> exactly one 200',
  tests: (config) =>
    config.types.flatMap((type) => [
      { name: `${type}: duplicate name -> 409, original unchanged`, type, run: (ctx: SuiteContext) => duplicate(ctx, type) },
      { name: `${type}: ${concurrentCreatesOf(config)} concurrent creates -> one 200`, type, run: (ctx: SuiteContext) => concurrent(ctx, type) },
    ]),
};
