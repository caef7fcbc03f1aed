// Where certify's settings come from, and in which order: a flag, else its environment variable, else the config
// file (`--config FILE`, JSON or YAML, default `stream-conformance.config.{json,yaml,yml}` in the working
// directory). Plus the value forms the new flags take: durations, rule lists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isRuleId, type RuleId } from '../contracts/rules';
import { UsageError } from './args';

export const CONFIG_FILE_NAMES = ['stream-conformance.config.json', 'stream-conformance.config.yaml', 'stream-conformance.config.yml'];

export type ConfigValues = Record<string, string | string[] | boolean>;

/** The config file's settings, keyed by flag name (`group-id`, `max-duration`...); {} when there is none. */
export function readConfigFile(explicit: string | undefined, known: readonly string[], cwd = process.cwd()): { file?: string; values: ConfigValues } {
  const file = explicit ?? CONFIG_FILE_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p));
  if (file === undefined) return { values: {} };
  let parsed: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    parsed = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new UsageError(`--config: cannot read ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--config: ${file} must hold an object of settings named like the flags`);
  const values: ConfigValues = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!known.includes(k)) throw new UsageError(`--config: ${file}: unknown setting ${JSON.stringify(k)} (settings are named like the flags: ${known.join(', ')})`);
    if (typeof v === 'number') values[k] = String(v);
    else if (typeof v === 'string' || typeof v === 'boolean') values[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) values[k] = v as string[];
    else throw new UsageError(`--config: ${file}: ${k} must be a string, a number, a boolean or a list of strings`);
  }
  return { file, values };
}

/** `90`, `90s`, `5m`, `1h` -> milliseconds. */
export function duration(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(text);
  const n = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'] : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds, or like 90s, 5m, 1h; got ${JSON.stringify(text)}`);
  return Math.round(n * 1000);
}

/** `a,b` -> rule ids; a UsageError naming any unknown one. */
export function ruleList(name: string, text: string | undefined): RuleId[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = ids.filter((id) => !isRuleId(id));
  if (bad.length > 0 || ids.length === 0) throw new UsageError(`--${name}: unknown rule(s) ${bad.join(', ') || '(none given)'} (see contracts/RULES.md)`);
  return ids as RuleId[];
}

const SECRET_FLAGS = new Set(['--auth', '--readonly-auth']);

/**
 * The command line as given, with the values of the credential flags masked (`digest:PUB:***`), and any other
 * occurrence of a secret the run knows replaced by `***`.
 */
export function maskedCommandLine(argv: readonly string[], secrets: readonly string[]): string[] {
  const mask = (v: string) => {
    const kind = /^(digest|service-account):([^:]*):/.exec(v);
    return kind ? `${kind[1]}:${kind[2]}:***` : /^bearer:/.test(v) ? 'bearer:***' : '***';
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    if (eq > 0 && SECRET_FLAGS.has(a.slice(0, eq))) out.push(`${a.slice(0, eq)}=${mask(a.slice(eq + 1))}`);
    else if (SECRET_FLAGS.has(a) && i + 1 < argv.length) out.push(a, mask(argv[++i]!));
    else out.push(a);
  }
  const known = secrets.filter((s) => s.length >= 4).sort((x, y) => y.length - x.length);
  return out.map((a) => known.reduce((t, s) => t.split(s).join('***'), a));
}
