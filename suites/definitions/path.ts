// Path parameters: a malformed groupId -> 400/404, an unknown well-formed one -> 401/403/404, an unknown stream
// instance -> 404 (STREAM_TENANT_NOT_FOUND_FOR_NAME).
import { randomBytes } from 'node:crypto';
import { errorCode, groupIdFormat, unknownGroup, unknownTenant } from '../../oracles';
import { type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, trackIfCreated } from '../../engine/lifecycle';
import type { SuiteDef } from '../../engine/suite';
import { probeBody } from './probe-body';

/** Group ids that break ^[a-f0-9]{24}$ in different ways, derived from the real one where that is sharper. */
export function malformedGroupIds(groupId: string): { operator: string; value: string }[] {
  const out = [
    { operator: 'group-id-upper-case', value: groupId.toUpperCase() },
    { operator: 'group-id-23-chars', value: groupId.slice(0, 23) },
    { operator: 'group-id-25-chars', value: `${groupId}0` },
    { operator: 'group-id-non-hex', value: `zz${groupId.slice(2)}` },
    { operator: 'group-id-word', value: 'not-a-project' },
  ];
  return out.filter((g) => g.value !== groupId && !/^[a-f0-9]{24}$/.test(g.value));
}

async function createAt(ctx: SuiteContext, operator: string, groupId: string, tenant: string) {
  const body = probeBody(ctx, `path-${operator}`);
  ctx.rec.countCase('none', operator);
  const ex = await ctx.client.create(groupId, tenant, body);
  const about = { operator, counterexample: { groupId, tenant, body } };
  observe(ctx, ex, about);
  const created = trackIfCreated(ctx, ex, body, body.type, groupId, tenant);
  return { ex, about, created, body };
}

export const path: SuiteDef = {
  name: 'path',
  oracles: [groupIdFormat, unknownGroup, unknownTenant, errorCode],
  summary: 'malformed groupId -> 400/404; unknown group -> 401/403/404; unknown stream instance -> 404',
  tests: (config) => [
    ...malformedGroupIds(config.groupId).map(({ operator, value }) => ({
      name: `groupId ${operator} -> 400/404`,
      run: async (ctx: SuiteContext) => {
        const r = await createAt(ctx, operator, value, ctx.config.tenant);
        judge(ctx, groupIdFormat(r.ex), [r.ex], r.about);
        if (r.created) await deleteAndWait(ctx, r.created, r.body.type, value, ctx.config.tenant);
      },
    })),
    {
      name: 'unknown well-formed groupId -> 401/403/404',
      run: async (ctx) => {
        let other = randomBytes(12).toString('hex');
        while (other === ctx.config.groupId) other = randomBytes(12).toString('hex');
        const r = await createAt(ctx, 'unknown-group', other, ctx.config.tenant);
        judge(ctx, unknownGroup(r.ex), [r.ex], r.about);
        if (r.created) await deleteAndWait(ctx, r.created, r.body.type, other, ctx.config.tenant);
      },
    },
    {
      name: 'unknown stream instance -> 404',
      run: async (ctx) => {
        const tenant = `${ctx.config.runPrefix}-no-such-instance`;
        const r = await createAt(ctx, 'unknown-tenant', ctx.config.groupId, tenant);
        judge(ctx, unknownTenant(r.ex), [r.ex], r.about);
        if (r.ex.outcome === 'response' && r.ex.response.status === 404) {
          judge(ctx, errorCode(r.ex, 'STREAM_TENANT_NOT_FOUND_FOR_NAME'), [r.ex], r.about);
        }
        if (r.created) await deleteAndWait(ctx, r.created, r.body.type, ctx.config.groupId, tenant);
      },
    },
  ],
};
