// Label integrity: whether a case is what its label says, judged by the contract alone. The engine uses these
// as shrinking preconditions, so a shrunk invalid case that became valid is never reported as a failure.
import { type Contract, parseJsonPath, type ShouldCheck, toJsonPath } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import { isRuleId, ruleById, type RuleId } from '../contracts/rules';
import { type ConnectionType, type Fixtures, isConnectionType } from '../contracts/types';
import { getAt, siteOf } from './operators/paths';
import type { InvalidCase } from './invalid';

export const ONE_MIB = 1024 * 1024;

/** The rule a SHOULD finding belongs to: description-level enumerations and credentials, or essentials. */
export function ruleOfShould(keyword: ShouldCheck): RuleId {
  return keyword === 'enum' || keyword === 'combination' ? 'description-enums' : 'essential-fields';
}

/**
 * True when the case is exactly what its label claims:
 * - MUST reject-invalid: the body fails the contract's schema at the labelled path (raw text: it is not JSON);
 * - SHOULD essential-fields / description-enums: the body passes the schema, and checkShould finds a violation
 *   at the labelled path and none belonging to another rule (so the case isolates the rule);
 * - SHOULD payload-too-large: an otherwise clean body whose JSON text exceeds 1 MiB;
 * - MUST no-5xx (probes of what the profile leaves open): a schema-valid body whose only departure from a clean
 *   one is the open thing at the labelled path (an undeclared property, a blank name, a read-only field, an open
 *   host:port list, a fixture in another case).
 */
export function labelHolds(c: InvalidCase, contract: Contract, fixtures: Fixtures): boolean {
  try {
    if (!isPlainObject(c) || typeof c.operator !== 'string' || typeof c.path !== 'string') return false;
    if (!isRuleId(c.rule) || ruleById(c.rule).level !== c.level) return false;
    if ('raw' in c) return c.rule === 'reject-invalid' && c.path === '$' && typeof c.raw === 'string' && !parses(c.raw);
    if (!('body' in c)) return false;
    const body = c.body;
    switch (c.rule) {
      case 'reject-invalid':
        return contract.validateRequestBody(body).some((v) => v.path === c.path);
      case 'essential-fields':
      case 'description-enums': {
        if (contract.validateRequestBody(body).length > 0) return false;
        const found = contract.checkShould(body, fixtures);
        return found.some((v) => v.path === c.path) && found.every((v) => ruleOfShould(v.keyword) === c.rule);
      }
      case 'payload-too-large':
        return c.path === '$' && Buffer.byteLength(JSON.stringify(body), 'utf8') > ONE_MIB && isClean(body, contract, fixtures);
      case 'no-5xx':
        return openProbeHolds(c.operator, body, c.path, contract, fixtures);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** True when a body is one a target must accept: schema-valid, no SHOULD finding, no read-only field sent. */
export function validHolds(body: unknown, contract: Contract, fixtures: Fixtures): boolean {
  try {
    if (!isClean(body, contract, fixtures) || !isPlainObject(body)) return false;
    const type = body.type as ConnectionType;
    return contract.readOnlyPaths(type).every((p) => getAt(body, p.split('.')) === undefined);
  } catch {
    return false;
  }
}

function isClean(body: unknown, contract: Contract, fixtures: Fixtures): boolean {
  return contract.validateRequestBody(body).length === 0 && contract.checkShould(body, fixtures).length === 0;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What each open probe changes, as the contract and the profile's words say it; SHOULD findings only at the path. */
const OPEN_PROBES: Record<string, (v: unknown, body: Record<string, unknown>, path: string, contract: Contract) => boolean> = {
  'extra-property': (_v, body, path, contract) => isUndeclared(body, path, contract),
  'blank-name': (v, _b, path) => path === '$.name' && typeof v === 'string' && v !== '' && v.trim() === '',
  'read-only-field': (_v, body, path, contract) =>
    isConnectionType(body.type) && contract.readOnlyPaths(body.type).some((p) => toJsonPathOf(p) === path),
  'open-host-port-list': (v, body, path, contract) =>
    typeof v === 'string' && isConnectionType(body.type) && contract.fields(body.type).some((f) => f.conformanceFormat === 'host-port-list' && toJsonPathOf(f.path) === path),
  'fixture-case': (v, body, path, contract) =>
    typeof v === 'string' && isConnectionType(body.type) && contract.fields(body.type).some((f) => f.fixture !== undefined && toJsonPathOf(f.path) === path),
};

function toJsonPathOf(dotted: string): string {
  return toJsonPath(dotted.split('.'));
}

function openProbeHolds(operator: string, body: unknown, path: string, contract: Contract, fixtures: Fixtures): boolean {
  const probe = OPEN_PROBES[operator];
  if (!probe || !isPlainObject(body) || contract.validateRequestBody(body).length > 0) return false;
  if (!contract.checkShould(body, fixtures).every((v) => v.path === path)) return false;
  const v = getAt(body, parseJsonPath(path));
  return v !== undefined && probe(v, body, path, contract);
}

function isUndeclared(body: unknown, path: string, contract: Contract): boolean {
  if (!isPlainObject(body) || !isConnectionType(body.type)) return false;
  const segs = parseJsonPath(path);
  if (segs.length === 0 || getAt(body, segs) === undefined) return false;
  const site = siteOf(body.type, segs, contract);
  return !contract.fields(body.type).some((f) => f.path === site);
}
