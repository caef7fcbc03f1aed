// The one flag parser of every command: a command declares its flags as a table (type, environment variable, help)
// and gets their values with one precedence, a flag, else its environment variable, else the config file, and its
// usage text from the same table. node:util parseArgs reads the command line (strict: an unknown flag, a missing
// value or a stray positional is a UsageError, exit 2).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './usage-error';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Repeatable (`--fault a --fault b`); the value is then a list. */
  multiple?: boolean;
  short?: string;
  /** The environment variable that stands in for the flag when it is not given. */
  env?: string;
  /** The value's placeholder in the usage text (default V). */
  value?: string;
  help: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

export type FlagValue = string | string[] | boolean;

export interface ParsedFlags<T extends FlagTable> {
  /** The value of each flag given (on the command line, in the environment or in the config file), by flag name;
   *  a repeatable string flag is a list. */
  values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : T[K]['multiple'] extends true ? string[] : string };
  positionals: string[];
  /** Where each value came from, for messages. */
  source: { [K in keyof T]?: 'flag' | 'env' | 'config' };
  /** The config file that was read, if any. */
  configFile?: string;
}

export interface ParseOptions {
  env?: NodeJS.ProcessEnv;
  /** Positionals allowed (file names); default none. */
  positionals?: boolean;
  /** Read a config file of settings named like the flags: given by `--config FILE` or `envName`, else the first of
   *  `names` that exists in `cwd`. The table must have a `config` string flag. */
  configFile?: { names: readonly string[]; cwd?: string };
}

/** `--seed -5` would read -5 as a flag: join a negative number to the option before it (`--seed=-5`). */
export function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (/^--[a-z-]+$/.test(a) && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function parseFlags<T extends FlagTable>(argv: readonly string[], table: T, options: ParseOptions = {}): ParsedFlags<T> {
  const env = options.env ?? process.env;
  let parsed: { values: Record<string, FlagValue | undefined>; positionals: string[] };
  try {
    const config = Object.fromEntries(
      Object.entries(table).map(([name, f]) => [name, { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) }]),
    ) as NonNullable<ParseArgsConfig['options']>;
    parsed = parseArgs({ args: joinNegativeNumbers(argv), options: config, strict: true, allowPositionals: options.positionals === true }) as typeof parsed;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const values: Record<string, FlagValue> = {};
  const source: Record<string, 'flag' | 'env' | 'config'> = {};
  for (const [name, v] of Object.entries(parsed.values)) {
    if (v === undefined) continue;
    values[name] = v;
    source[name] = 'flag';
  }
  for (const [name, f] of Object.entries(table)) {
    if (values[name] !== undefined || !f.env) continue;
    const e = env[f.env];
    if (e === undefined || e === '') continue;
    values[name] = f.type === 'boolean' ? /^(1|true|yes)$/i.test(e) : f.multiple ? e.split(',').map((s) => s.trim()).filter(Boolean) : e;
    source[name] = 'env';
  }
  let configFile: string | undefined;
  if (options.configFile) {
    const explicit = typeof values.config === 'string' ? values.config : undefined;
    const file = readConfigFile(explicit, Object.keys(table).filter((k) => k !== 'config' && k !== 'help'), options.configFile.names, options.configFile.cwd);
    configFile = file.file;
    for (const [name, v] of Object.entries(file.values)) {
      if (values[name] !== undefined) continue;
      const f = table[name]!;
      if (f.type === 'boolean') values[name] = v === true || v === 'true';
      else if (f.multiple) values[name] = Array.isArray(v) ? v : String(v).split(',').map((s) => s.trim()).filter(Boolean);
      else values[name] = Array.isArray(v) ? v.join(',') : String(v);
      source[name] = 'config';
    }
  }
  return { values: values as ParsedFlags<T>['values'], positionals: parsed.positionals, source: source as ParsedFlags<T>['source'], ...(configFile ? { configFile } : {}) };
}

type ConfigValues = Record<string, string | string[] | boolean>;

/** The config file's settings, keyed by flag name (`group-id`, `max-duration`...); {} when there is none. */
export function readConfigFile(explicit: string | undefined, known: readonly string[], names: readonly string[], cwd = process.cwd()): { file?: string; values: ConfigValues } {
  const file = explicit ?? names.map((n) => join(cwd, n)).find((p) => existsSync(p));
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

/** The table's usage rows: `  --name V   help [ENV]`, aligned. */
export function flagUsage(table: FlagTable, width = 22): string[] {
  return Object.entries(table).map(([name, f]) => {
    const flag = `--${name}${f.type === 'string' ? ` ${f.value ?? 'V'}` : ''}${f.multiple ? '...' : ''}`;
    return `  ${flag.padEnd(width)} ${f.help}${f.env ? ` [${f.env}]` : ''}`;
  });
}

/** A whole-number option: `fallback` when absent, a UsageError naming the flag when malformed or out of [min, max]. */
export function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max?: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  const n = Number(text);
  if (max !== undefined && (n < min || n > max)) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  if (n < min) throw new UsageError(`--${name} must be at least ${min}, got ${n}`);
  return n;
}

/** `90`, `90s`, `5m`, `1h` -> milliseconds. */
export function duration(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  const n = m ? Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds, or like 500ms, 90s, 5m, 1h; got ${JSON.stringify(text)}`);
  return Math.round(n * 1000);
}
