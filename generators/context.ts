// The generator context: the run prefix and fixtures a run generates against, and the name counter that makes
// every generated connection name unique within a run (so a real target can be cleaned up by prefix).
// The counter starts at 0 in every context: the same seed gives the same names on any machine.
import { DEFAULT_FIXTURES, type Fixtures } from '../contracts/types';

export interface GenContext {
  runPrefix: string;
  fixtures: Fixtures;
  /** runPrefix + counter; every fourth name carries non-ASCII characters (URL-encoding is the client's job). */
  nextName(): string;
  /**
   * A blank but non-empty name (whitespace only), unique within the context: its counter written in base 4 with
   * whitespace digits, ASCII or Unicode by `kind`. Blank names cannot carry the run prefix; the run's ledger
   * records them like any other name it sends.
   */
  nextBlank(kind: BlankKind): string;
  /**
   * A one-character name, unique within the context and likely unique across runs (a CJK ideograph chosen by the
   * run prefix and a counter). It cannot carry the prefix: the suites check it is free before they use it.
   */
  nextShortName(): string;
}

export type BlankKind = 'ascii' | 'unicode';
const BLANK_DIGITS: Record<BlankKind, readonly string[]> = {
  ascii: [' ', '\t', '\n', '\r'],
  unicode: ['\u00a0', '\u2003', '\u3000', '\u2028'],
};
/** The CJK Unified Ideographs block: 20,992 one-character names. */
const CJK_FIRST = 0x4e00;
const CJK_COUNT = 0x5200;
/** Blank names have at least this many characters (a two-space name is the least surprising blank). */
const MIN_BLANK_LENGTH = 2;

export const DEFAULT_RUN_PREFIX = 'sc';
/** Names stay within this many UTF-16 code units (Atlas names are short; 64 leaves room for any run prefix we write). */
export const MAX_NAME_LENGTH = 64;
const MAX_PREFIX_LENGTH = 40;

/** Suffixes cycle with the counter; the plain one twice so most names stay ASCII. */
const SUFFIXES = ['', '-é', '', '-日本', '', '-ünï', '', '-🚀'] as const;

/**
 * Stands for "a fresh connection name" inside bodies and raw texts until the outermost `map` of an arbitrary
 * replaces it with ctx.nextName(). Drawing the name last means every shrink candidate (fast-check re-runs `map`
 * on them) gets its own name, so a shrunk case never collides with the case it came from.
 */
export const NAME_PLACEHOLDER = '@@sc-fresh-name@@';
/** Like NAME_PLACEHOLDER, for a fresh blank name (see GenContext.nextBlank). */
export const BLANK_PLACEHOLDER: Record<BlankKind, string> = { ascii: '@@sc-fresh-blank-ascii@@', unicode: '@@sc-fresh-blank-unicode@@' };

export function createGenContext(opts: { runPrefix?: string; fixtures?: Fixtures } = {}): GenContext {
  const runPrefix = opts.runPrefix ?? DEFAULT_RUN_PREFIX;
  if (typeof runPrefix !== 'string' || runPrefix.trim() === '') throw new Error('runPrefix must be a non-empty string');
  if (runPrefix.length > MAX_PREFIX_LENGTH) throw new Error(`runPrefix must be at most ${MAX_PREFIX_LENGTH} characters`);
  const fixtures = checkFixtures(opts.fixtures ?? DEFAULT_FIXTURES);
  let counter = 0;
  let blanks = 0;
  let shorts = 0;
  let offset = 0;
  for (const ch of runPrefix) offset = (offset * 31 + ch.codePointAt(0)!) % CJK_COUNT;
  return {
    runPrefix,
    fixtures,
    nextName() {
      const n = counter++;
      return `${runPrefix}-${n}${SUFFIXES[n % SUFFIXES.length]}`;
    },
    nextBlank(kind) {
      const digits = BLANK_DIGITS[kind];
      let n = blanks++;
      let out = '';
      do {
        out = digits[n % 4]! + out;
        n = Math.floor(n / 4);
      } while (n > 0);
      return out.padStart(MIN_BLANK_LENGTH, digits[0]!);
    },
    nextShortName() {
      return String.fromCodePoint(CJK_FIRST + ((offset + shorts++ * 7919) % CJK_COUNT));
    },
  };
}

/** Fixtures as given, or an error naming what is wrong (a Sample body cannot exist without a sample source). */
export function checkFixtures(value: unknown): Fixtures {
  const f = value as Partial<Record<keyof Fixtures, unknown>> | null;
  const list = (key: keyof Fixtures): string[] => {
    const v = f?.[key];
    if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s.trim() !== '')) {
      throw new Error(`fixtures.${key} must be a non-empty array of non-empty strings`);
    }
    return [...(v as string[])];
  };
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new Error('fixtures must be a JSON object');
  return { sampleSources: list('sampleSources'), clusterNames: list('clusterNames') };
}

/**
 * Replaces every occurrence of NAME_PLACEHOLDER (in strings, keys excluded) with one fresh name, and a blank
 * placeholder (a whole string) with one fresh blank name.
 */
export function withFreshName<T>(value: T, ctx: GenContext): T {
  let name: string | undefined;
  const fresh = () => (name ??= ctx.nextName());
  const blank: Partial<Record<BlankKind, string>> = {};
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v === BLANK_PLACEHOLDER.ascii) return (blank.ascii ??= ctx.nextBlank('ascii'));
      if (v === BLANK_PLACEHOLDER.unicode) return (blank.unicode ??= ctx.nextBlank('unicode'));
      return v.includes(NAME_PLACEHOLDER) ? v.split(NAME_PLACEHOLDER).join(fresh()) : v;
    }
    if (Array.isArray(v)) return v.map(walk);
    // fromEntries defines own properties, so a key such as "__proto__" stays data.
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
