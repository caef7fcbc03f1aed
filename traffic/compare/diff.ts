// Where a replayed answer differs from the recorded one: the status, the errorCode, the media type, and the body
// field by field (JSON paths). Left aside as legitimately different: the values of server-assigned `id`s, of
// `links` and of date-times, `state` moving on (PENDING, READY, DELETING), and the names, project and stream
// instance the replay was mapped to (undone in the replayed answer first). A field present on one side only is a
// difference (a target may add server defaults or leave `links` out: the classification says whether the profile
// allows it). A listing's body depends on everything else the stream instance holds: only its status, errorCode
// and media type are compared, and bodies only of answers with the same status (the status divergence stands for
// the rest). Pure.
import { toJsonPath } from '../../contracts/loader';
import type { Exchange } from '../../client/exchange';
import { parseMediaType, unwrapEnvelope } from '../../oracles';
import { isPlainObject } from '../../util/json';
import type { DivergenceAspect } from '../../results/model';
import type { OperationKind } from '../select';

/** A divergence before it is classified. */
export interface RawDivergence {
  aspect: DivergenceAspect;
  path?: string;
  recorded: string;
  replayed: string;
  /** Only the media type's parameters differ (charset): dropped when the profile allows both answers. */
  paramsOnly?: boolean;
}

export const IGNORED = [
  'the values of server-assigned `id` fields (their presence is compared)',
  'the values of `links` (their presence is compared)',
  'the values of date-times (their presence is compared)',
  '`state` moving on between PENDING, READY and DELETING',
  'the connection names, project and stream instance the replay was mapped to',
  'the body of a listing (it depends on everything else the stream instance holds)',
  'the bodies of two answers whose statuses differ (the status divergence stands for them)',
  'which of the creates of one name in flight at once wins (the race\'s statuses, taken together, are compared)',
  'headers other than Content-Type; charset and other media type parameters where the profile allows both answers',
];

const VALUE_IGNORED = new Set(['id', 'links']);
const MOVING_STATES = new Set(['PENDING', 'READY', 'DELETING']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ABSENT = '(absent)';
const MAX_SHOWN = 200;

export function shown(v: unknown): string {
  if (v === undefined) return ABSENT;
  const s = JSON.stringify(v) ?? String(v);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

type Response = Extract<Exchange, { outcome: 'response' }>['response'];

/** Every string in a JSON value passed through `f`. */
export function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [f(k), mapStrings(x, f)]));
  return v;
}

/** The ApiError's errorCode of an answer (inside the envelope, with envelope=true). */
function errorCodeOf(json: unknown, enveloped: boolean): unknown {
  const body = enveloped ? (unwrapEnvelope(json)?.content ?? json) : json;
  return isPlainObject(body) ? body.errorCode : undefined;
}

/** Divergences of two answers to the same request; `unmap` undoes the replay's mapping in the replayed strings. */
export function diffAnswers(kind: OperationKind, url: string, recorded: Response, replayed: Response, unmap: (s: string) => string, recordedBodyKnown = true): RawDivergence[] {
  const out: RawDivergence[] = [];
  if (recorded.status !== replayed.status) out.push({ aspect: 'status', recorded: String(recorded.status), replayed: String(replayed.status) });
  const enveloped = /[?&]envelope=true(&|$)/i.test(url);
  const a = recorded.json;
  const b = replayed.json === undefined ? undefined : mapStrings(replayed.json, unmap);
  const codeA = errorCodeOf(a, enveloped);
  const codeB = errorCodeOf(b, enveloped);
  if (codeA !== codeB && recordedBodyKnown) out.push({ aspect: 'errorCode', recorded: shown(codeA), replayed: shown(codeB) });
  const typeA = recorded.headers['content-type'];
  const typeB = replayed.headers['content-type'];
  if ((typeA ?? '') !== (typeB ?? '')) {
    const ma = parseMediaType(typeA);
    const mb = parseMediaType(typeB);
    const sameEssence = ma !== undefined && mb !== undefined && ma.essence === mb.essence;
    if (!sameEssence || JSON.stringify(sortKeys(ma!.params)) !== JSON.stringify(sortKeys(mb!.params))) {
      out.push({ aspect: 'media-type', recorded: shown(typeA), replayed: shown(typeB), ...(sameEssence ? { paramsOnly: true } : {}) });
    }
  }
  // Bodies of two statuses (an error and a connection, two errors) are two different things: the status says it.
  if (!recordedBodyKnown || recorded.status !== replayed.status || (kind === 'list' && recorded.status === 200)) return out;
  if (a === undefined || b === undefined) {
    const ta = a === undefined ? recorded.body : undefined;
    const tb = b === undefined ? unmap(replayed.body) : undefined;
    if (a !== undefined || b !== undefined || ta !== tb) out.push({ aspect: 'body', path: '$', recorded: a === undefined ? shown(ta) : shown(a), replayed: b === undefined ? shown(tb) : shown(b) });
    return out;
  }
  const errorCodePaths = new Set(['$.errorCode', '$.content.errorCode']);
  out.push(...diffJson(a, b).filter((d) => !errorCodePaths.has(d.path!)));
  const multiLine = (t: string) => t.trim().includes('\n');
  if (multiLine(recorded.body) !== multiLine(replayed.body)) {
    out.push({ aspect: 'layout', recorded: multiLine(recorded.body) ? 'multi-line' : 'one line', replayed: multiLine(replayed.body) ? 'multi-line' : 'one line' });
  }
  return out;
}

function sortKeys(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([x], [y]) => x.localeCompare(y));
}

/** Field-by-field differences of two JSON values (recorded, replayed), with the values left aside as above. */
export function diffJson(recorded: unknown, replayed: unknown): RawDivergence[] {
  const out: RawDivergence[] = [];
  const walk = (a: unknown, b: unknown, at: (string | number)[]) => {
    const key = at[at.length - 1];
    const path = toJsonPath(at);
    if (a === undefined || b === undefined) {
      if (a !== b) out.push({ aspect: 'body', path, recorded: shown(a), replayed: shown(b) });
      return;
    }
    if (typeof key === 'string' && VALUE_IGNORED.has(key)) return;
    if (key === 'state' && typeof a === 'string' && typeof b === 'string' && MOVING_STATES.has(a) && MOVING_STATES.has(b)) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], [...at, k]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...at, i]);
      return;
    }
    if (typeof a === 'string' && typeof b === 'string' && DATE_TIME.test(a) && DATE_TIME.test(b)) return;
    if (!Object.is(a, b) && JSON.stringify(a) !== JSON.stringify(b)) out.push({ aspect: 'body', path, recorded: shown(a), replayed: shown(b) });
  };
  walk(recorded, replayed, []);
  return out;
}
