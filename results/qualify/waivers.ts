// Waivers: known deviations an implementer declares (`--waivers FILE`, JSON or YAML: a list of
// {rule, type?, operator?, reason, expires}). A failure matching an unexpired waiver is reported as waived with its
// reason; a rule whose every failure is waived is `waived`, counted neither against the verdict nor as a pass.
// An expired waiver fails the run; one that matched nothing is reported stale.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isRuleId } from '../../contracts/rules';
import { isConnectionType } from '../../contracts/types';
import type { Failure, RuleResult, Waiver, WaiverOutcome } from '../model';

export class WaiverFileError extends Error {
  override name = 'WaiverFileError';
}

export function readWaivers(file: string): Waiver[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new WaiverFileError(`--waivers: cannot read ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new WaiverFileError(`--waivers: ${file} is not ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseWaivers(value, file);
}

export function parseWaivers(value: unknown, source = 'waivers'): Waiver[] {
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.waivers) ? value.waivers : undefined;
  if (!list) throw new WaiverFileError(`--waivers: ${source} must hold a list of {rule, type?, operator?, reason, expires}`);
  return list.map((w: unknown, i: number) => {
    const at = `${source}[${i}]`;
    if (!isObject(w)) throw new WaiverFileError(`--waivers: ${at} is not an object`);
    if (typeof w.rule !== 'string' || !isRuleId(w.rule)) throw new WaiverFileError(`--waivers: ${at}.rule ${JSON.stringify(w.rule)} is not a rule id (see contracts/RULES.md)`);
    if (w.type !== undefined && !isConnectionType(w.type)) throw new WaiverFileError(`--waivers: ${at}.type ${JSON.stringify(w.type)} is not a connection type`);
    if (w.operator !== undefined && typeof w.operator !== 'string') throw new WaiverFileError(`--waivers: ${at}.operator must be a string`);
    if (typeof w.reason !== 'string' || w.reason.trim() === '') throw new WaiverFileError(`--waivers: ${at}.reason must say why (a non-empty string)`);
    const expires = w.expires instanceof Date ? w.expires.toISOString().slice(0, 10) : w.expires;
    if (typeof expires !== 'string' || !Number.isFinite(expiryTime(expires))) throw new WaiverFileError(`--waivers: ${at}.expires must be a date (YYYY-MM-DD) or date-time`);
    return { rule: w.rule, ...(w.type !== undefined ? { type: w.type } : {}), ...(w.operator !== undefined ? { operator: w.operator } : {}), reason: w.reason, expires };
  });
}

/** A date alone holds through the end of that day (UTC). */
function expiryTime(expires: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T23:59:59.999Z`) : Date.parse(expires);
}

function matches(w: Waiver, rule: RuleResult, f: Failure): boolean {
  return w.rule === rule.id && (w.type === undefined || w.type === f.type) && (w.operator === undefined || w.operator === f.operator);
}

/** Marks waived failures and rules; returns the rules and what became of each waiver. */
export function applyWaivers(rules: RuleResult[], waivers: readonly Waiver[], now: Date): { rules: RuleResult[]; outcomes: WaiverOutcome[] } {
  const live = waivers.map((w) => ({ w, expired: expiryTime(w.expires) < now.getTime(), matched: 0 }));
  const out = rules.map((rule) => {
    if (rule.status !== 'failed') return rule;
    let waivedAll = true;
    const failures = rule.failures.map((f) => {
      const hit = live.find((l) => matches(l.w, rule, f));
      if (!hit) {
        waivedAll = false;
        return f;
      }
      hit.matched++;
      if (hit.expired) {
        waivedAll = false;
        return f;
      }
      return { ...f, waived: hit.w.reason };
    });
    // A rule with failed checks beyond those listed cannot be known to be covered by the waivers: stays failed.
    const unlisted = rule.cases > 0 && rule.note !== undefined && /failed checks; the first/.test(rule.note) && !live.some((l) => !l.expired && l.w.rule === rule.id && l.w.type === undefined && l.w.operator === undefined);
    return { ...rule, failures, ...(waivedAll && !unlisted ? { status: 'waived' as const } : {}) };
  });
  const outcomes = live.map(({ w, expired, matched }) => ({ ...w, matched, state: expired ? ('expired' as const) : matched > 0 ? ('active' as const) : ('stale' as const) }));
  return { rules: out, outcomes };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
