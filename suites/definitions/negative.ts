// Invalid bodies of every type, each labelled with the rule it breaks: rejected 4xx (exactly 400 preferred), never
// 2xx or 5xx, answered with an ApiError, and no secret of the body echoed in the error.
import { isPlainObject } from '../../util/json';
import { type ConnectionType, isConnectionType } from '../../contracts/types';
import { enumerateInvalid, type InvalidCase, invalidCase, labelHolds } from '../../generators';
import { exact400, rejectsInvalid, rejectsEssential, rejectsEnum, secretsIn, cleanupGone } from '../../oracles';
import { payloadTooLarge } from '../../oracles/request-limits';
import { type SuiteContext, judge, observe } from '../../engine/context';
import { deleteAndWait, isSuccess, trackIfCreated } from '../../engine/lifecycle';
import type { Exchange } from '../../client/exchange';
import { runGeneratedCases, runScratch } from '../../engine/property';
import { type SuiteDef, seedFor } from '../../engine/suite';
import { representatives } from '../../engine/minimal';

/**
 * Write-only fields are those of the variant a body claims: a Kafka password in a body typed Sample is an unknown
 * extra property there, which the profile lets a target keep. A body whose type is not a connection type is judged
 * by the type it was made from.
 */
function claimedType(body: unknown): ConnectionType | undefined {
  const t = isPlainObject(body) ? body.type : undefined;
  return isConnectionType(t) ? t : undefined;
}

function label(c: InvalidCase) {
  return { operator: c.operator, rule: c.rule, level: c.level, path: c.path };
}

/** A copy of a short slice: V8 keeps a slice of a long string pointing into it, which would keep a megabyte body
 *  alive for as long as its counterexample. */
function detached(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** The bytes a case sends. */
function bodyText(c: InvalidCase): string | undefined {
  return 'raw' in c ? c.raw : JSON.stringify(c.body);
}

/** Large bodies are shown by their size and shape, not in full. `text` is the case's body text and `bytes` its
 *  length in UTF-8, when at hand (a megabyte body is not measured twice). */
export function showCase(c: InvalidCase, text = bodyText(c), bytes?: number): unknown {
  if (text !== undefined && text.length > 4096) return { ...label(c), bodyBytes: bytes ?? Buffer.byteLength(text), bodyPrefix: detached(text.slice(0, 256)) };
  return 'raw' in c ? { ...label(c), raw: c.raw } : { ...label(c), body: c.body };
}

export async function invalidCaseRun(ctx: SuiteContext, type: ConnectionType, c: InvalidCase): Promise<void> {
  ctx.rec.countCase(type, c.operator, c.rule);
  const text = bodyText(c);
  // Encoded once: its size for the counterexample, and the bytes the client sends as they are.
  const payload = Buffer.from(text ?? '', 'utf8');
  const secrets = 'body' in c ? secretsIn(claimedType(c.body) ?? type, c.body, ctx.contract) : [];
  const about = { type, operator: c.operator, counterexample: showCase(c, text, payload.length), label: label(c) };
  const ex = await ctx.client.create(ctx.config.groupId, ctx.config.tenant, undefined, { rawBody: payload });
  observe(ctx, ex, { ...about, secrets });
  const rejected = ex.outcome === 'response' && ex.response.status >= 400 && ex.response.status < 500;
  const judgeExact = rejected && !(await nameTaken(ctx, ex, c));
  switch (c.rule) {
    case 'reject-invalid':
      judge(ctx, rejectsInvalid(ex), [ex], about);
      if (judgeExact) judge(ctx, exact400(ex), [ex], about);
      break;
    case 'essential-fields':
    case 'description-enums':
      judge(ctx, (c.rule === 'essential-fields' ? rejectsEssential : rejectsEnum)(ex), [ex], about);
      if (judgeExact) judge(ctx, exact400(ex), [ex], about);
      break;
    case 'payload-too-large':
      judge(ctx, payloadTooLarge(ex), [ex], about);
      break;
    default:
      // Cases the spec allows a target to accept or reject (unknown extra properties): only "never 5xx" applies.
      break;
  }
  if (isSuccess(ex) && 'body' in c) {
    const name = trackIfCreated(ctx, ex, c.body, type);
    // A Sample name is a fixed sample source: the next Sample case must not meet this one's connection.
    if (name !== undefined && FIXED_NAMES.has(type)) await deleteAndWait(ctx, name, type);
  }
}

/** Types whose names cannot be unique per case (the profile: Sample names must be a known source). */
const FIXED_NAMES = new Set<ConnectionType>(['Sample']);

/**
 * A 409 for a name that is taken (by an earlier case or by anyone) is an answer about the name, which the profile
 * lets a target check before the body: it is not held against exact-400.
 */
async function nameTaken(ctx: SuiteContext, ex: Exchange, c: InvalidCase): Promise<boolean> {
  if (ex.outcome !== 'response' || ex.response.status !== 409 || !('body' in c) || !isPlainObject(c.body)) return false;
  const name = c.body.name;
  if (typeof name !== 'string') return false;
  // The empty name addresses the collection, so it cannot be read back; a 409 for it can only be about the name.
  if (name === '') return true;
  const probe = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, name);
  observe(ctx, probe, { type: claimedType(c.body), operator: 'name-taken-probe' });
  return probe.outcome === 'response' && probe.response.status === 200;
}

/** The deterministic matrix of a type (every operator x path): part of the plan's first phase. */
async function negativeForType(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  // A minimal run: one case per operator and rule (engine/minimal.ts).
  const matrix = representatives(ctx.config, enumerateInvalid(type, ctx.gen, seedFor(ctx.config.seed, 'negative', type)), (c) => `${c.operator}|${c.rule}`);
  const runOne = (c: InvalidCase) => runScratch(ctx, (s) => invalidCaseRun(s, type, c));
  if (FIXED_NAMES.has(type)) for (const c of matrix) await runOne(c);
  else await Promise.all(matrix.map((c) => ctx.pool(() => runOne(c))));
}

/** `runs` random invalid bodies of a type, shrunk when they fail: the plan's last phase (suites/definitions/random.ts). */
export async function randomInvalidCases(ctx: SuiteContext, type: ConnectionType): Promise<void> {
  await runGeneratedCases(ctx, {
    arb: invalidCase(type, ctx.gen),
    type,
    runs: ctx.config.runs,
    seed: seedFor(ctx.config.seed, 'negative', type),
    sequential: FIXED_NAMES.has(type),
    runCase: (s, c) => invalidCaseRun(s, type, c),
    holds: (c) => labelHolds(c, ctx.contract, ctx.config.fixtures),
    show: (c) => showCase(c),
  });
}

export const negative: SuiteDef = {
  name: 'negative',
  oracles: [rejectsInvalid, exact400, rejectsEssential, rejectsEnum, payloadTooLarge, cleanupGone],
  summary: 'invalid bodies of every type, each labelled with its rule: 4xx (exactly 400), never 2xx/5xx, ApiError, no secret echoed',
  tests: (config) => config.types.map((type) => ({ name: type, type, run: (ctx) => negativeForType(ctx, type) })),
};
