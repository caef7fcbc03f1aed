// The request's dimensions beyond the body schema, each varied on purpose (generators/dimensions.ts): path
// parameter spellings, the JSON text's structure, query flags crossed with every kind of answer, and names
// reused. Each case is judged by the rules that certainly apply; where the profile leaves the answer open only
// the checks every answer gets (no 5xx, the ApiError shape, no secret echoed) are made. Everything a case may
// have created is deleted.
import { VENDOR_MEDIA_TYPE, type ConnectionType } from '../../contracts/types';
import { connectionsPath } from '../../client';
import type { Exchange } from '../../client/exchange';
import {
  ANSWER_KINDS,
  type AnswerKind,
  breaksSchema,
  type Judgement,
  pathSpellings,
  QUERY_FLAGS,
  type QueryFlag,
  STRUCTURE_CLASSES,
  stringLeaves,
  structureCases,
  UNICODE_FORMS,
  type UnicodeForm,
  withInvalidUnicode,
} from '../../generators/dimensions';
import fc from 'fast-check';
import { enumerateValid, siteOf, validBody } from '../../generators';
import {
  concurrentCreate,
  duplicate409,
  envelope,
  errorCode,
  groupIdFormat,
  pretty,
  readBack,
  rejectsInvalid,
  responseNameType,
  secretsIn,
  status200,
  unknownTenant,
  unwrapEnvelope,
} from '../../oracles';
import { cleanupGone, originalUnchanged } from '../../oracles';
import type { Sent } from '../../engine/recorder';
import { type Judged, type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, isSuccess, statusOf, takenByOthers, tookEffect } from '../../engine/lifecycle';
import { statusIs } from '../../client/settle';
import type { RuleId } from '../../contracts/rules';
import { runGeneratedCases, runScratch } from '../../engine/property';
import { type SuiteDef, seedFor } from '../../engine/suite';
import { isPlainObject } from '../../util/json';
import { type Body, probeBodies, probeBody } from './probe-body';

const API_PREFIX = '/api/atlas/v2';
const HEADERS = { accept: VENDOR_MEDIA_TYPE, 'content-type': VENDOR_MEDIA_TYPE };

function postRaw(ctx: SuiteContext, path: string, body: string | Buffer, credential?: import('../../client').Credential): Promise<Exchange> {
  return ctx.client.send({ method: 'POST', path: `${API_PREFIX}${path}`, headers: HEADERS, body, ...(credential ? { credential } : {}) });
}

/**
 * Whether a create answer says it created: its status, or its envelope's when the query has an envelope flag in
 * any spelling (a target may take `envelope=TRUE` or `envelope=1` for true: the profile leaves that open).
 */
function created(ex: Exchange): boolean {
  if (ex.outcome !== 'response') return false;
  const env = /[?&]envelope=/i.test(ex.request.url) ? unwrapEnvelope(ex.response.json) : undefined;
  const status = env?.status ?? ex.response.status;
  return status >= 200 && status < 300;
}

/** The name of a body sent as bytes, as a UTF-8 decoder that replaces what is invalid reads it (NUL included). */
function decodedName(raw: Buffer): string | undefined {
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return isPlainObject(v) && typeof v.name === 'string' ? v.name : undefined;
  } catch {
    return undefined;
  }
}

/** The name a 2xx create answer shows (enveloped or not), else the one sent. */
function createdName(ex: Exchange, sent: string | undefined): string | undefined {
  if (ex.outcome !== 'response') return sent;
  const json = unwrapEnvelope(ex.response.json)?.content ?? ex.response.json;
  return isPlainObject(json) && typeof json.name === 'string' ? json.name : sent;
}

/** A connection a case may have created is deleted where it was created; one no URL can address is an incident. */
async function cleanUp(ctx: SuiteContext, ex: Exchange, sentName: string | undefined, type: ConnectionType | undefined, groupId = ctx.config.groupId, tenant = ctx.config.tenant): Promise<void> {
  if (!created(ex)) return;
  // The name sent, when it is a string that was sent as such; the answer's only for one sent as invalid bytes.
  const name = sentName ?? createdName(ex, undefined);
  if (name === undefined || name === '' || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) {
    ctx.rec.incident(`dimensions: a create was accepted whose connection cannot be addressed to delete it (${name === undefined ? 'no name' : 'name not well-formed Unicode'})`);
    return;
  }
  ctx.rec.trackCreated({ groupId, tenant, name, ...(type ? { type } : {}) });
  await deleteAndWait(ctx, name, type, groupId, tenant);
}

// ------------------------------------------------------------------------------------------------ path

async function pathCases(ctx: SuiteContext): Promise<void> {
  const { groupId, tenant } = ctx.config;
  await Promise.all(
    pathSpellings(groupId, tenant).map((p) =>
      ctx.pool(() =>
        runScratch(ctx, async (s) => {
          const body = probeBody(s, `dimension-${p.cls}`);
          const operator = `path ${p.cls}`;
          s.rec.countCase('none', operator, undefined, { dimension: 'path', cls: p.cls });
          const ex = await postRaw(s, p.path, JSON.stringify(body));
          const about = { operator, counterexample: { path: p.path, why: p.why, body } };
          observe(s, ex, { ...about, secrets: secretsIn(body.type, body, s.contract) });
          judgePath(s, p.judge, ex, about);
          if (isSuccess(ex)) {
            // Accepted through another spelling: where it lives is where that spelling leads (RFC 3986), or the
            // real resource; both are tried, the one found deleted.
            const at = p.sameAs ?? { groupId, tenant };
            await cleanUp(s, ex, body.name, body.type, at.groupId, at.tenant);
          }
        }),
      ),
    ),
  );
}

function judgePath(ctx: SuiteContext, j: Judgement, ex: Exchange, about: Judged): void {
  if (j === 'group-id-format') judge(ctx, groupIdFormat(ex), [ex], about);
  if (j === 'unknown-tenant') judge(ctx, unknownTenant(ex), [ex], about);
}

// ------------------------------------------------------------------------------------------------ JSON structure

/** A type whose bodies can stand for another in a duplicate `type` key (never Sample: its names are fixtures). */
function otherType(ctx: SuiteContext, type: ConnectionType): ConnectionType {
  return ctx.config.types.find((t) => t !== type && t !== 'Sample') ?? (type === 'Kafka' ? 'Https' : 'Kafka');
}

interface StructureRun {
  operator: string;
  sent: Sent[];
  run: (s: SuiteContext, operator: string) => Promise<void>;
}

async function structureForType(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  const [base] = probeBodies(ctx, 'dimension-structure', 1, type) as [Body];
  // Each case its own name (Sample's is its fixture), so that the cases, run side by side, never meet a taken name.
  const rename = type === 'Sample' ? undefined : () => ctx.gen.nextName();
  const cases: StructureRun[] = structureCases(base, otherType(ctx, type), rename).map((c) => ({
    operator: `structure ${c.cls}`,
    sent: [{ dimension: 'json-structure', cls: c.cls }],
    run: (s, op) => sendStructure(s, type, op, c.cls, c.raw, c.judge, c.name, c.same),
  }));
  cases.push(...unicodeCases(ctx, type));
  const one = (c: StructureRun) =>
    runScratch(ctx, async (s) => {
      s.rec.countCase(type, c.operator, undefined, c.sent);
      await c.run(s, c.operator);
    });
  // Sample connections share their fixture name: one at a time.
  if (type === 'Sample') for (const c of cases) await one(c);
  else await Promise.all(cases.map((c) => ctx.pool(() => one(c))));
}

async function sendStructure(s: SuiteContext, type: ConnectionType, operator: string, cls: string, raw: Buffer, j: Judgement, name: string | undefined, same?: Record<string, unknown>, site?: string): Promise<void> {
  const ex = await s.client.create(s.config.groupId, s.config.tenant, undefined, { rawBody: raw });
  const shown = raw.length > 2048 ? { bodyBytes: raw.length, bodyPrefix: raw.subarray(0, 200).toString('utf8') } : { body: raw.toString('utf8') };
  const about = { type, operator, counterexample: { class: cls, ...(site ? { field: site } : {}), ...shown } };
  observe(s, ex, { ...about, secrets: same ? secretsIn(type, same, s.contract) : [] });
  if (j === 'reject-invalid') judge(s, rejectsInvalid(ex, `a body whose ${cls} breaks the schema`), [ex], about);
  // A body written with escapes stands for the same value: accepted, it is answered with that name and type.
  if (same && statusOf(ex) === 200) judge(s, responseNameType(same, ex), [ex], about);
  await cleanUp(s, ex, name ?? decodedName(raw), type);
}

/**
 * Invalid Unicode in every string field of the type: each field of the valid bodies of the deterministic phase
 * gets one form (the forms rotate, and each is sent at least once per type). A lone surrogate is never written
 * into a name: a connection so named could not be addressed by any URL to delete it.
 */
function unicodeCases(ctx: SuiteContext, type: ConnectionType): StructureRun[] {
  const bodies = enumerateValid(type, ctx.gen, seedFor(ctx.config.seed, 'dimension-unicode', type)) as Body[];
  const specs = new Map(ctx.contract.fields(type).map((f) => [f.path, f]));
  const seen = new Map<string, { body: Body; segs: (string | number)[] }>();
  for (const body of bodies) {
    for (const leaf of stringLeaves(body)) {
      const site = siteOf(type, leaf.segs, ctx.contract);
      if (!seen.has(site)) seen.set(site, { body, segs: leaf.segs });
    }
  }
  const out: StructureRun[] = [];
  const used = new Set<UnicodeForm>();
  let i = 0;
  const add = (site: string, form: UnicodeForm) => {
    const { body: from, segs } = seen.get(site)!;
    // Each case its own name (Sample's is its fixture): the cases run side by side.
    const body = type === 'Sample' ? from : { ...from, name: ctx.gen.nextName() };
    used.add(form);
    const raw = withInvalidUnicode(body, segs, form);
    const j: Judgement = breaksSchema(specs.get(site)) ? 'reject-invalid' : 'open';
    const name = site === 'name' ? undefined : body.name;
    out.push({
      operator: `structure unicode:${form} field:${site}`,
      sent: [
        { dimension: 'json-structure', cls: `unicode:${form}` },
        { dimension: 'json-structure', cls: `field:${site}` },
      ],
      run: (s, op) => sendStructure(s, type, op, `unicode:${form}`, raw, j, name, undefined, site),
    });
  };
  for (const site of seen.keys()) {
    let form = UNICODE_FORMS[i++ % UNICODE_FORMS.length]!;
    if (site === 'name' && form === 'lone-surrogate') form = UNICODE_FORMS[i++ % UNICODE_FORMS.length]!;
    add(site, form);
  }
  const spare = [...seen.keys()].find((s) => s !== 'name') ?? 'name';
  for (const form of UNICODE_FORMS) if (!used.has(form) && !(spare === 'name' && form === 'lone-surrogate')) add(spare, form);
  return out;
}

/** Random cases per type in the random suite: one for every ten random bodies (--runs), at least one. */
export const RANDOM_STRUCTURE_SHARE = 10;

/**
 * The random phase's share of the JSON-structure dimension: a random valid body of the type with a random structure
 * class, or a random form of invalid Unicode in a random string field. Judged as in the deterministic phase.
 */
export async function randomStructureCases(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  if (ctx.config.runs <= 0) return;
  const specs = new Map(ctx.contract.fields(type).map((f) => [f.path, f]));
  await runGeneratedCases(ctx, {
    arb: fc.record({ body: validBody(type, ctx.gen), cls: fc.constantFrom(...STRUCTURE_CLASSES), pick: fc.nat() }),
    type,
    runs: Math.max(1, Math.ceil(ctx.config.runs / RANDOM_STRUCTURE_SHARE)),
    seed: seedFor(ctx.config.seed, 'dimension-random', type),
    sequential: type === 'Sample',
    runCase: async (s, { body, cls, pick }) => {
      const b = body as Body;
      const operator = `random structure ${cls}`;
      if (!cls.startsWith('unicode:')) {
        const c = structureCases(b, otherType(s, type)).find((x) => x.cls === cls)!;
        s.rec.countCase(type, operator, undefined, [{ dimension: 'random', cls: 'structure' }, { dimension: 'json-structure', cls }]);
        return sendStructure(s, type, operator, cls, c.raw, c.judge, c.name, c.same);
      }
      const form = cls.slice('unicode:'.length) as UnicodeForm;
      const leaves = stringLeaves(b).filter((l) => !(form === 'lone-surrogate' && l.segs[0] === 'name'));
      const leaf = leaves[pick % leaves.length]!;
      const site = siteOf(type, leaf.segs, s.contract);
      s.rec.countCase(type, operator, undefined, [{ dimension: 'random', cls: 'structure' }, { dimension: 'json-structure', cls }, { dimension: 'json-structure', cls: `field:${site}` }]);
      const j: Judgement = breaksSchema(specs.get(site)) ? 'reject-invalid' : 'open';
      return sendStructure(s, type, operator, cls, withInvalidUnicode(b, leaf.segs, form), j, site === 'name' ? undefined : b.name, undefined, site);
    },
    holds: () => true,
    show: ({ body, cls, pick }) => ({ class: cls, pick, body }),
  });
}

// ------------------------------------------------------------------------------------------------ query flags

/** Top-level keys that differ between two creates of one body under two names, or two errors about two names. */
const PER_CONNECTION = ['name', 'id', 'state', 'links'];
const PER_ERROR = ['detail', 'parameters'];

interface KindSetup {
  /** Sends the kind's request with this raw query. */
  send(query: string, index: number): Promise<{ ex: Exchange; name?: string; type?: ConnectionType }>;
  /** Whether the flag's meaning is judged for this kind (not for 401: the Digest handshake's answer). */
  judged: boolean;
}

async function queryFlags(ctx: SuiteContext): Promise<void> {
  const { groupId, tenant } = ctx.config;
  const collection = (t: string) => `/groups/${encodeURIComponent(groupId)}/streams/${encodeURIComponent(t)}/connections`;
  const withQuery = (path: string, q: string) => (q === '' ? path : `${path}?${q}`);
  const bodies = probeBodies(ctx, 'dimension-query', QUERY_FLAGS.length * 2 + 1);
  const [original] = bodies as [Body];
  const first = await ctx.client.create(groupId, tenant, original);
  ctx.rec.countCase('none', 'query original', undefined, []);
  observe(ctx, first, { operator: 'query original', secrets: secretsIn(original.type, original, ctx.contract) });
  const haveOriginal = isSuccess(first);
  if (haveOriginal) ctx.rec.trackCreated({ groupId, tenant, name: original.name, type: original.type });
  const before = haveOriginal ? await ctx.client.get(groupId, tenant, original.name) : undefined;
  const invalidText = JSON.stringify({ type: original.type });
  const kinds: Record<AnswerKind, KindSetup> = {
    success: {
      judged: true,
      // One body under a name of its own per flag: what the answers must have in common is the point.
      send: async (q, i) => {
        const b = { ...bodies[1]!, name: bodies[1 + i]!.name };
        return { ex: await postRaw(ctx, withQuery(collection(tenant), q), JSON.stringify(b)), name: b.name, type: b.type };
      },
    },
    'invalid-body-400': { judged: true, send: async (q) => ({ ex: await postRaw(ctx, withQuery(collection(tenant), q), invalidText) }) },
    'unknown-tenant-404': {
      judged: true,
      send: async (q, i) => {
        const b = bodies[1 + QUERY_FLAGS.length + i]!;
        return { ex: await postRaw(ctx, withQuery(collection(`${ctx.config.runPrefix}-no-such-instance`), q), JSON.stringify(b)) };
      },
    },
    'duplicate-409': {
      judged: haveOriginal,
      send: async (q) => ({ ex: await postRaw(ctx, withQuery(collection(tenant), q), JSON.stringify({ ...bodies[bodies.length - 1]!, name: original.name })) }),
    },
    'no-credentials-401': {
      judged: false,
      send: async (q, i) => {
        const b = bodies[1 + i]!;
        const ex = await postRaw(ctx, withQuery(collection(tenant), q), JSON.stringify({ ...b, name: `${b.name}-401` }), { kind: 'none' });
        return { ex, name: `${b.name}-401`, type: b.type };
      },
    },
  };
  let duplicateAnswer: Exchange | undefined;
  for (const kind of ANSWER_KINDS) {
    const baseline = new Map<string, Exchange>();
    // The plain answer first: the flags' answers are compared with it.
    for (const [i, flag] of QUERY_FLAGS.entries()) {
      const operator = `query ${flag.cls} × ${kind}`;
      ctx.rec.countCase('none', operator, undefined, { dimension: 'query-flags', cls: flag.cls, against: kind });
      const { ex, name, type } = await kinds[kind].send(flag.query, i);
      const about = { operator, counterexample: { query: flag.query, kind } };
      observe(ctx, ex, about);
      if (flag.cls === 'none') baseline.set(kind, ex);
      else if (kinds[kind].judged) judgeFlag(ctx, flag, kind, ex, baseline.get(kind), about);
      if (kind === 'duplicate-409' && flag.cls === 'none') duplicateAnswer = ex;
      if (kind === 'success' || kind === 'no-credentials-401') await cleanUp(ctx, ex, name, type);
    }
  }
  if (haveOriginal && before) {
    // Every flagged duplicate was refused: the original is as it was.
    const after = await ctx.client.get(groupId, tenant, original.name);
    observe(ctx, after, { operator: 'query original' });
    const about = { operator: 'query duplicates', counterexample: { original } };
    judge(ctx, originalUnchanged(before, after, 'duplicates sent with every query flag were answered'), [before, after], about);
    if (duplicateAnswer) judge(ctx, duplicate409(duplicateAnswer, before, after), [duplicateAnswer, before, after], about);
    await deleteAndWait(ctx, original.name, original.type);
  }
}

function judgeFlag(ctx: SuiteContext, flag: QueryFlag, kind: AnswerKind, ex: Exchange, plain: Exchange | undefined, about: Judged): void {
  if (!flag.certain || plain?.outcome !== 'response') return;
  const semantic = plain.response.status;
  const ignore = semantic < 300 ? PER_CONNECTION : PER_ERROR;
  if (flag.certain === 'envelope') {
    const expected = semantic < 300 ? { status: semantic, content: plain.response.json, ignore } : { status: semantic };
    judge(ctx, envelope(ex, expected), [ex, plain], about);
  } else if (statusOf(ex) === semantic) {
    judge(ctx, pretty(ex, plain.response.json, ignore), [ex, plain], about);
  }
  void kind;
}

// ------------------------------------------------------------------------------------------------ state

/** Another type for a name reused across types (never Sample: its names must be sample sources). */
function othersThan(ctx: SuiteContext, type: ConnectionType, n: number): ConnectionType[] {
  const pool = [...new Set([...ctx.config.types, 'Kafka', 'Https', 'S3', 'GCPPubSub'] as ConnectionType[])].filter((t) => t !== type && t !== 'Sample');
  return pool.slice(0, n);
}

async function getSettled(ctx: SuiteContext, name: string, type: ConnectionType): Promise<Exchange> {
  // Reads may lag a create (profile v1.1): a 404 right after a 200 is polled, within a bound.
  let ex = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, name);
  for (let wait = 50; statusOf(ex) === 404 && wait <= 800; wait *= 2) {
    await new Promise((r) => setTimeout(r, wait));
    ex = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, name);
  }
  observe(ctx, ex, { type, operator: 'state read' });
  return ex;
}

/** The original a state probe works on; none when it could not be created (said as an incident, or, for a name
 *  another run or the instance's sample holds, as the probe's rules not assessed). */
async function createOriginal(ctx: SuiteContext, type: ConnectionType, purpose: string, operator: string, rules: readonly RuleId[]): Promise<Body | undefined> {
  const body = probeBody(ctx, purpose, type);
  const ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, body);
  observe(ctx, ex, { type, operator, secrets: secretsIn(type, body, ctx.contract) });
  if (await takenByOthers(ctx, ex, body.name, type, rules)) return undefined;
  // A lost answer is a transport incident the client counts already: the probe is not made, and a connection the
  // create may have made goes to the sweep.
  if (ex.outcome !== 'response') {
    if (tookEffect(ex)) ctx.rec.trackCreated({ groupId: ctx.config.groupId, tenant: ctx.config.tenant, name: body.name, type });
    return undefined;
  }
  if (!isSuccess(ex)) {
    ctx.rec.incident(`dimensions/${type}: the original of "${operator}" could not be created (${statusOf(ex) ?? 'no answer'}), so the probe was not made`);
    return undefined;
  }
  ctx.rec.trackCreated({ groupId: ctx.config.groupId, tenant: ctx.config.tenant, name: body.name, type });
  return body;
}

const STATE_PROBES: { cls: string; run: (ctx: SuiteContext, type: ConnectionType, operator: string) => Promise<void> }[] = [
  {
    // The same name with another type: a duplicate (names are unique in the stream instance), 409, original unchanged.
    cls: 'reuse-across-types',
    run: async (ctx, type, operator) => {
      const original = await createOriginal(ctx, type, 'dimension-state-types', operator, [duplicate409.rule, errorCode.rule]);
      if (!original) return;
      const other = othersThan(ctx, type, 1)[0]!;
      const again = { ...probeBody(ctx, `dimension-state-types-${other}`, other), name: original.name };
      const before = await getSettled(ctx, original.name, type);
      const dup = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, again);
      const after = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, original.name);
      const about = { type, operator, counterexample: { original, duplicate: again } };
      for (const ex of [dup, after]) observe(ctx, ex, { ...about, secrets: secretsIn(other, again, ctx.contract) });
      judge(ctx, duplicate409(dup, before, after), [dup, before, after], about);
      if (statusOf(dup) === 409) judge(ctx, errorCode(dup, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'), [dup], about);
      await deleteAndWait(ctx, original.name, type);
    },
  },
  {
    // Create, delete, seen gone, create again: the name is free, so 200. A 409 is asked again for a while (a
    // service whose deletion settles late), then judged.
    cls: 'reuse-after-delete',
    run: async (ctx, type, operator) => {
      const original = await createOriginal(ctx, type, 'dimension-state-delete', operator, [status200.rule]);
      if (!original) return;
      const gone = await deleteAndWait(ctx, original.name, type);
      if (!gone.gone) return; // cleanup's finding, not this probe's
      const again = { ...probeBody(ctx, 'dimension-state-delete-again', type), name: original.name };
      let ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, again);
      for (let wait = 100; statusOf(ex) === 409 && wait <= 1600; wait *= 2) {
        await new Promise((r) => setTimeout(r, wait));
        ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, again);
      }
      const about = { type, operator, counterexample: { first: original, again } };
      observe(ctx, ex, { ...about, secrets: secretsIn(type, again, ctx.contract) });
      // A sample source's name may have been taken by another run between the delete and this create.
      if (await takenByOthers(ctx, ex, again.name, type, [status200.rule])) return;
      judge(ctx, status200(ex), [ex], about);
      await cleanUp(ctx, ex, again.name, type);
    },
  },
  {
    // The name in another case: whether it is the same name the profile does not say (open); refused or not,
    // the original stays as it was.
    cls: 'other-case',
    run: async (ctx, type, operator) => {
      const original = await createOriginal(ctx, type, 'dimension-state-case', operator, [originalUnchanged.rule]);
      if (!original) return;
      const flipped = swapCase(original.name);
      const variant = { ...probeBody(ctx, 'dimension-state-case-variant', type), name: flipped };
      const before = await getSettled(ctx, original.name, type);
      const ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, variant);
      const after = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, original.name);
      const about = { type, operator, counterexample: { original, variant } };
      for (const x of [ex, after]) observe(ctx, x, { ...about, secrets: secretsIn(type, variant, ctx.contract) });
      judge(ctx, originalUnchanged(before, after, `a create of ${JSON.stringify(flipped)} was answered ${statusOf(ex) ?? 'nothing'}`), [before, ex, after], about);
      if (flipped !== original.name) await cleanUp(ctx, ex, flipped, type);
      await deleteAndWait(ctx, original.name, type);
    },
  },
  {
    // One name, bodies of different types at once: exactly one 200, the rest 409, and the one stored is the winner's.
    cls: 'concurrent-different-bodies',
    run: async (ctx, type, operator) => {
      const lead = probeBody(ctx, 'dimension-state-concurrent', type);
      const bodies: Body[] = [lead, ...othersThan(ctx, type, 3).map((t) => ({ ...probeBody(ctx, `dimension-state-concurrent-${t}`, t), name: lead.name }))];
      const answers = await Promise.all(bodies.map((b) => ctx.client.create(ctx.config.groupId, ctx.config.tenant, b)));
      const about = { type, operator, counterexample: { name: lead.name, types: bodies.map((b) => b.type) } };
      answers.forEach((ex, i) => observe(ctx, ex, { ...about, secrets: secretsIn(bodies[i]!.type, bodies[i], ctx.contract) }));
      // As conflict's concurrent creates: all refused for a name the run does not own, nothing to judge; lost
      // answers last (judge()).
      if (!answers.some((a) => isSuccess(a) || tookEffect(a)) && answers.every((a) => statusIs(a, 409)) && (await takenByOthers(ctx, answers[0]!, lead.name, type, ['concurrent-create']))) return;
      judge(ctx, concurrentCreate([...answers.filter((a) => !tookEffect(a)), ...answers.filter(tookEffect)]), answers, about);
      const winners = answers.flatMap((ex, i) => (isSuccess(ex) ? [bodies[i]!] : []));
      if (winners.length === 0) return;
      ctx.rec.trackCreated({ groupId: ctx.config.groupId, tenant: ctx.config.tenant, name: lead.name, type: winners[0]!.type });
      if (winners.length === 1) {
        const got = await getSettled(ctx, lead.name, type);
        judge(ctx, readBack(winners[0], got), [got], about);
      }
      await deleteAndWait(ctx, lead.name, winners[0]!.type);
    },
  },
];

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

async function stateForType(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  // One after another: Sample's probes share one name, and each probe's original must not meet another's.
  for (const p of STATE_PROBES) {
    await runScratch(ctx, async (s) => {
      const operator = `state ${p.cls}`;
      s.rec.countCase(type, operator, undefined, { dimension: 'state', cls: p.cls });
      await p.run(s, type, operator);
    });
  }
}

export const dimensions: SuiteDef = {
  name: 'dimensions',
  oracles: [groupIdFormat, unknownTenant, rejectsInvalid, responseNameType, originalUnchanged, duplicate409, errorCode, envelope, pretty, status200, concurrentCreate, readBack, cleanupGone],
  summary: 'path spellings, JSON structure and invalid Unicode, query flags x every answer, names reused: judged where the profile decides, never 5xx',
  tests: (config) => [
    { name: 'path parameter spellings', run: (ctx) => pathCases(ctx) },
    { name: 'query flags x every kind of answer', run: (ctx) => queryFlags(ctx) },
    ...config.types.flatMap((type) => [
      { name: `${type}: JSON structure and invalid Unicode in every string field`, type, run: (ctx: SuiteContext) => structureForType(ctx, type) },
      { name: `${type}: names reused (types, delete, case, concurrent)`, type, run: (ctx: SuiteContext) => stateForType(ctx, type) },
    ]),
  ],
};
