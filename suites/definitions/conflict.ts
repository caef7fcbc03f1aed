// Names are unique within a stream instance: a second create of a name is answered 409 and changes nothing, and of
// N concurrent creates of one name exactly one wins. Run for every type (Sample names come from the fixtures).
import type { ConnectionType } from '../../contracts/types';
import { concurrentCreate, duplicate409, errorCode, secretsIn, cleanupGone } from '../../oracles';
import { type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, isSuccess, trackIfCreated } from '../../engine/lifecycle';
import type { SuiteDef } from '../../engine/suite';
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
  const name = trackIfCreated(ctx, first, original, type);
  if (name === undefined) {
    ctx.rec.incident(`conflict/${type}: the original could not be created (${describe(first)}), so the duplicate was not tried`);
    return;
  }
  const before = await ctx.client.get(groupId, tenant, name);
  const dup = await ctx.client.create(groupId, tenant, again);
  const after = await ctx.client.get(groupId, tenant, name);
  for (const ex of [before, dup, after]) observe(ctx, ex, { ...about, secrets });
  judge(ctx, duplicate409(dup, before, after), [dup, before, after], about);
  if (dup.outcome === 'response' && dup.response.status === 409) {
    judge(ctx, errorCode(dup, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'), [dup], about);
  }
  await deleteAndWait(ctx, name, type);
}

async function concurrent(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  const n = ctx.config.concurrentCreates;
  const bodies = probeBodies(ctx, 'concurrent', n, type);
  const name = bodies[0]!.name;
  const same = bodies.map((b) => ({ ...b, name }));
  ctx.rec.countCase(type, 'concurrent-creates');
  const about = { type, operator: 'concurrent-creates', counterexample: { name, creates: n } };
  // All at once on purpose: this probe is the one place where overlap is the point.
  const answers = await Promise.all(same.map((b) => ctx.client.create(ctx.config.groupId, ctx.config.tenant, b)));
  answers.forEach((ex, i) => observe(ctx, ex, { ...about, secrets: secretsIn(type, same[i], ctx.contract) }));
  judge(ctx, concurrentCreate(answers), answers, about);
  if (answers.some(isSuccess)) {
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
      { name: `${type}: ${config.concurrentCreates} concurrent creates -> one 200`, type, run: (ctx: SuiteContext) => concurrent(ctx, type) },
    ]),
};
