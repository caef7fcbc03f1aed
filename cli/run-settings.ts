// certify's value forms beyond the run settings: rule lists, and the command line as the certificate records it
// (credentials masked).
import { isRuleId, type RuleId } from '../contracts/rules';
import { UsageError } from '../util/usage-error';

/** `a,b` -> rule ids; a UsageError naming any unknown one. */
export function ruleList(name: string, text: string | undefined): RuleId[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = ids.filter((id) => !isRuleId(id));
  if (bad.length > 0 || ids.length === 0) throw new UsageError(`--${name}: unknown rule(s) ${bad.join(', ') || '(none given)'} (see contracts/RULES.md)`);
  return ids as RuleId[];
}

const SECRET_FLAGS = new Set(['--auth', '--readonly-auth', '--compare-auth']);

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
