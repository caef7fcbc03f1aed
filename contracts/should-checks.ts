// The SHOULD checks of a body, from the profile's errata as the contract's `x-conformance-*` extensions carry them:
// an empty name, Sample names among the known sources, essential fields, fixtures, description-level enums,
// formats (host:port lists, absolute URLs) and the Kafka mechanism's credential combinations.
import { isPlainObject } from '../util/json';
import type { FieldSpec } from './fields';
import { toJsonPath } from './json-path';
import { type ConnectionType, type Fixtures, isConnectionType, OPEN_ENUM_VALUES } from './types';
import type { ShouldViolation } from './violation';

function getPath(body: unknown, segments: readonly string[]): unknown {
  let cur: unknown = body;
  for (const k of segments) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** What checkShould looks at for one type, worked out once: only the fields that carry a SHOULD check. */
export interface ShouldPlan {
  essentials: { segments: string[]; path: string }[];
  fields: { segments: string[]; path: string; spec: FieldSpec }[];
}

export function shouldPlan(fields: FieldSpec[], essentials: string[]): ShouldPlan {
  const at = (dotted: string) => toJsonPath(dotted.split('.'));
  return {
    essentials: essentials.map((p) => ({ segments: p.split('.'), path: at(p) })),
    fields: fields
      .filter((f) => !f.path.includes('[]') && !f.path.includes('{}'))
      .filter((f) => (f.fixture && f.fixture !== 'sampleSources') || f.conformanceEnum || f.conformanceFormat)
      .map((f) => ({ segments: f.path.split('.'), path: at(f.path), spec: f })),
  };
}

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/;

/** `host:port[,host:port]*`, each port 1..65535, hosts as names, IPv4 or bracketed IPv6. */
export function isHostPortList(v: string): boolean {
  if (v.trim() === '') return false;
  return v.split(',').every((entry) => {
    const e = entry.trim();
    const i = e.lastIndexOf(':');
    if (i <= 0) return false;
    const host = e.slice(0, i);
    const port = e.slice(i + 1);
    if (!/^[0-9]{1,5}$/.test(port)) return false;
    const n = Number(port);
    return n >= 1 && n <= 65535 && HOST.test(host);
  });
}

export function isAbsoluteHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export function checkShould(body: unknown, fixtures: Fixtures, plan: (t: ConnectionType) => ShouldPlan, combinations: Record<string, string[]>): ShouldViolation[] {
  if (!isPlainObject(body) || !isConnectionType(body.type)) return [];
  const type = body.type;
  const out: ShouldViolation[] = [];
  // The profile: "an empty name -> 400". A blank but non-empty name ("   ") is open: a target may accept it.
  if (body.name === '') {
    out.push({ path: '$.name', keyword: 'non-empty', message: '$.name should not be empty' });
  }
  if (type === 'Sample' && typeof body.name === 'string' && !fixtures.sampleSources.includes(body.name)) {
    out.push({ path: '$.name', keyword: 'fixture', message: `$.name should be a known sample source (${fixtures.sampleSources.join(', ')})` });
  }
  const p = plan(type);
  for (const e of p.essentials) {
    const v = getPath(body, e.segments);
    if (v === undefined || v === null) out.push({ path: e.path, keyword: 'essential', message: `${e.path} is essential for ${type}` });
  }
  for (const { segments, path, spec: f } of p.fields) {
    const v = getPath(body, segments);
    if (typeof v !== 'string') continue;
    if (f.fixture && f.fixture !== 'sampleSources' && !fixtures[f.fixture].includes(v)) {
      out.push({ path, keyword: 'fixture', message: `${path} should be one of ${fixtures[f.fixture].join(', ')}` });
    }
    if (f.conformanceEnum && !f.conformanceEnum.includes(v) && !OPEN_ENUM_VALUES[f.path]?.includes(v)) {
      out.push({ path, keyword: 'enum', message: `${path} should be one of ${f.conformanceEnum.join(', ')}` });
    }
    if (f.conformanceFormat === 'host-port-list' && !isHostPortList(v)) {
      out.push({ path, keyword: 'format', message: `${path} should be host:port[,host:port]*` });
    }
    if (f.conformanceFormat === 'absolute-http-url' && !isAbsoluteHttpUrl(v)) {
      out.push({ path, keyword: 'format', message: `${path} should be an absolute http(s) URL` });
    }
  }
  if (type === 'Kafka' && isPlainObject(body.authentication) && typeof body.authentication.mechanism === 'string') {
    const auth = body.authentication;
    for (const need of combinations[auth.mechanism as string] ?? []) {
      if (auth[need] === undefined || auth[need] === null) {
        const path = toJsonPath(['authentication', need]);
        out.push({ path, keyword: 'combination', message: `${path} is needed with mechanism ${String(auth.mechanism)}` });
      }
    }
  }
  return out;
}
