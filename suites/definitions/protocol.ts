// The request around the body: envelope=true, pretty=true, the versioned Accept header and the request media type.
import { VENDOR_MEDIA_TYPE } from '../../contracts/types';
import { connectionsPath } from '../../client';
import { cleanupGone, envelope, errorCode, PER_CONNECTION, pretty, secretsIn, status200, versionRejected, versionServed } from '../../oracles';
import { unsupportedMediaType } from '../../oracles/request-limits';
import type { Exchange } from '../../client/exchange';
import { type Judged, type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, trackIfCreated } from '../../engine/lifecycle';
import type { SuiteDef } from '../../engine/suite';
import { type Body, probeBody, probeBodies } from './probe-body';

function status(ex: Exchange): number | undefined {
  return ex.outcome === 'response' ? ex.response.status : undefined;
}

/** Sends a create with exactly these headers (beyond authentication), so a header can be left out or bent. */
async function createWithHeaders(ctx: SuiteContext, body: Body, headers: Record<string, string>): Promise<Exchange> {
  return ctx.client.send({ method: 'POST', path: connectionsPath(ctx.config.groupId, ctx.config.tenant), headers, body: JSON.stringify(body) });
}

async function cleanupIfCreated(ctx: SuiteContext, ex: Exchange, body: Body): Promise<void> {
  const name = trackIfCreated(ctx, ex, body, body.type);
  if (name !== undefined) await deleteAndWait(ctx, name, body.type);
}

type Probe = { name: string; run: (ctx: SuiteContext) => Promise<void> };

/**
 * The same valid body created twice under two names, the second with `query`: what the two answers must have in
 * common is the point of the envelope and pretty probes. Both connections are cleaned up.
 */
async function twinCreates(ctx: SuiteContext, operator: string, query: Record<string, string>, judgeTwins: (plain: Exchange, twin: Exchange, about: Judged) => void): Promise<void> {
  const [plainBody, other] = probeBodies(ctx, operator, 2) as [Body, Body];
  const twinBody = { ...plainBody, name: other.name };
  const plain = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, plainBody);
  const twin = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, twinBody, { query });
  ctx.rec.countCase('none', operator);
  const about = { operator, counterexample: twinBody };
  const secrets = secretsIn(plainBody.type, plainBody, ctx.contract);
  observe(ctx, plain, { ...about, secrets });
  observe(ctx, twin, { ...about, secrets });
  judgeTwins(plain, twin, about);
  await cleanupIfCreated(ctx, plain, plainBody);
  await cleanupIfCreated(ctx, twin, twinBody);
}


const envelopeProbes: Probe[] = [
  {
    name: 'envelope=true on a valid create',
    run: (ctx) =>
      twinCreates(ctx, 'envelope-success', { envelope: 'true' }, (plain, env, about) => {
        const semantic = status(plain);
        if (plain.outcome !== 'response' || semantic === undefined) return;
        const expected = semantic < 300 ? { status: semantic, content: plain.response.json, ignore: PER_CONNECTION } : { status: semantic };
        judge(ctx, envelope(env, expected), [env, plain], about);
      }),
  },
  {
    name: 'envelope=true on an invalid body',
    run: async (ctx) => {
      const body = { type: probeBody(ctx, 'envelope-error').type };
      const raw = JSON.stringify(body);
      const plain = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, undefined, { rawBody: raw });
      const env = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, undefined, { rawBody: raw, query: { envelope: 'true' } });
      ctx.rec.countCase('none', 'envelope-error');
      const about = { operator: 'envelope-error', counterexample: body };
      observe(ctx, plain, about);
      observe(ctx, env, about);
      const semantic = status(plain);
      if (semantic !== undefined) judge(ctx, envelope(env, { status: semantic }), [env, plain], about);
    },
  },
  {
    name: 'envelope=true for an unknown stream instance',
    run: async (ctx) => {
      const [a, b] = probeBodies(ctx, 'envelope-not-found', 2) as [Body, Body];
      const tenant = `${ctx.config.runPrefix}-no-such-instance`;
      const plain = await ctx.client.create(ctx.config.groupId, tenant, a);
      const env = await ctx.client.create(ctx.config.groupId, tenant, b, { query: { envelope: 'true' } });
      ctx.rec.countCase('none', 'envelope-not-found');
      const about = { operator: 'envelope-not-found', counterexample: { tenant, body: b } };
      observe(ctx, plain, about);
      observe(ctx, env, about);
      const semantic = status(plain);
      if (semantic !== undefined) judge(ctx, envelope(env, { status: semantic }), [env, plain], about);
      for (const [ex, body] of [[plain, a], [env, b]] as const) {
        const name = trackIfCreated(ctx, ex, body, body.type, ctx.config.groupId, tenant);
        if (name) await deleteAndWait(ctx, name, body.type, ctx.config.groupId, tenant);
      }
    },
  },
];

const prettyProbe: Probe = {
  name: 'pretty=true: indented JSON, same content',
  run: (ctx) =>
    twinCreates(ctx, 'pretty', { pretty: 'true' }, (plain, pr, about) => {
      if (plain.outcome === 'response' && status(plain) === status(pr)) {
        judge(ctx, pretty(pr, plain.response.json, PER_CONNECTION), [pr, plain], about);
      }
    }),
};

const ACCEPT_PROBES: { operator: string; accept: string | undefined; served: boolean }[] = [
  { operator: 'accept-later-date', accept: 'application/vnd.atlas.2025-03-12+json', served: true },
  { operator: 'accept-missing', accept: undefined, served: false },
  { operator: 'accept-plain-json', accept: 'application/json', served: false },
  { operator: 'accept-earlier-date', accept: 'application/vnd.atlas.2022-01-01+json', served: false },
  { operator: 'accept-malformed-date', accept: 'application/vnd.atlas.20230201+json', served: false },
  { operator: 'accept-no-date', accept: 'application/vnd.atlas.latest+json', served: false },
];

const acceptProbes: Probe[] = ACCEPT_PROBES.map((p) => ({
  name: `Accept ${p.accept ?? '(none)'} -> ${p.served ? 'served as 2023-02-01' : '406'}`,
  run: async (ctx) => {
    const body = probeBody(ctx, p.operator);
    const headers: Record<string, string> = { 'content-type': VENDOR_MEDIA_TYPE };
    if (p.accept !== undefined) headers.accept = p.accept;
    const ex = await createWithHeaders(ctx, body, headers);
    ctx.rec.countCase('none', p.operator);
    const about = { operator: p.operator, counterexample: { accept: p.accept ?? null, body } };
    observe(ctx, ex, { ...about, secrets: secretsIn(body.type, body, ctx.contract) });
    judge(ctx, p.served ? versionServed(ex) : versionRejected(ex), [ex], about);
    if (!p.served && status(ex) === 406) judge(ctx, errorCode(ex, 'INVALID_VERSION_DATE'), [ex], about);
    await cleanupIfCreated(ctx, ex, body);
  },
}));

const CONTENT_TYPES: { operator: string; contentType: string; accepted: boolean }[] = [
  { operator: 'content-type-json', contentType: 'application/json', accepted: true },
  { operator: 'content-type-vendor-charset', contentType: `${VENDOR_MEDIA_TYPE}; charset=utf-8`, accepted: true },
  { operator: 'content-type-text', contentType: 'text/plain', accepted: false },
  { operator: 'content-type-xml', contentType: 'application/xml', accepted: false },
  { operator: 'content-type-form', contentType: 'application/x-www-form-urlencoded', accepted: false },
];

const contentTypeProbes: Probe[] = CONTENT_TYPES.map((p) => ({
  name: `Content-Type ${p.contentType} -> ${p.accepted ? '200' : '415'}`,
  run: async (ctx) => {
    const body = probeBody(ctx, p.operator);
    const ex = await createWithHeaders(ctx, body, { 'content-type': p.contentType, accept: VENDOR_MEDIA_TYPE });
    ctx.rec.countCase('none', p.operator);
    const about = { operator: p.operator, counterexample: { contentType: p.contentType, body } };
    observe(ctx, ex, { ...about, secrets: secretsIn(body.type, body, ctx.contract) });
    judge(ctx, p.accepted ? status200(ex) : unsupportedMediaType(ex), [ex], about);
    await cleanupIfCreated(ctx, ex, body);
  },
}));

export const protocol: SuiteDef = {
  name: 'protocol',
  oracles: [envelope, pretty, versionServed, versionRejected, errorCode, status200, unsupportedMediaType, cleanupGone],
  summary: 'envelope=true, pretty=true, versioned Accept (later served, others 406) and request media types (415)',
  tests: () => [...envelopeProbes, prettyProbe, ...acceptProbes, ...contentTypeProbes],
};
