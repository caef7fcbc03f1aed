// Probes of what the profile leaves open: a target may accept or refuse them, so only "no 5xx" (and what every
// answer is held to) is judged. Each is one change to a valid body, so a 4xx answers the probe, not the rest.
import fc from 'fast-check';
import type { ConnectionType, Fixtures } from '../../contracts/types';
import { CONNECTION_STATES } from '../../contracts/types';
import { hexId } from '../values/hexId';
import { variantTargets, variantOf } from './common';
import { cloneBody, jsonPath, setAt, writableFields } from './paths';
import { defineOperator, type OperatorEnv } from './types';

const NO_5XX = 'no request ever produces a 5xx.';

/** Read-only fields sent in a request: the profile names them read-only in responses and says nothing of requests. */
const READ_ONLY_SITES = ['id', 'state', 'links'] as const;

export const readOnlyField = defineOperator({
  name: 'read-only-field',
  rule: 'no-5xx',
  level: 'MUST',
  description: 'a read-only field (id, state, links) sent in the request: open in the profile, only "no 5xx" is judged',
  profile: `Read-only in responses: id, state (PENDING|READY|DELETING|FAILED), links [{href, rel}]. ... ${NO_5XX}`,
  targets: (type, env) => {
    const readOnly = new Set(env.contract.readOnlyPaths(type));
    return READ_ONLY_SITES.filter((s) => readOnly.has(s)).map((s) => ({ id: s, site: s }));
  },
  params: () => fc.record({ id: hexId(), state: fc.constantFrom(...CONNECTION_STATES) }),
  apply(base, _type, target, p) {
    const body = cloneBody(base);
    const value = target.site === 'id' ? p.id : target.site === 'state' ? p.state : [{ href: `https://cloud.example.com/connections/${p.id}`, rel: 'self' }];
    setAt(body, [target.site], value);
    return { path: jsonPath([target.site]), body };
  },
});

/**
 * host:port lists the profile's `"host:port[,host:port]*"` neither admits nor rules out: spaces around entries, a
 * bracketed IPv6 host, port 0.
 */
export const OPEN_HOST_PORT_LISTS: Record<string, string> = {
  'leading-space': ' broker-1.example.com:9092',
  'trailing-space': 'broker-1.example.com:9092 ',
  'space-after-comma': 'broker-1.example.com:9092, broker-2.example.com:9092',
  'ipv6-loopback': '[::1]:9092',
  'ipv6-documentation': '[2001:db8::1]:9093,broker-2.example.com:9092',
  'port-zero': 'broker-1.example.com:0',
};

export const openHostPortList = defineOperator({
  name: 'open-host-port-list',
  rule: 'no-5xx',
  level: 'MUST',
  description: 'a bootstrapServers list with spaces around entries, an IPv6 host or port 0: open in the profile, only "no 5xx" is judged',
  profile: `bootstrapServers "host:port[,host:port]*" ... ${NO_5XX}`,
  targets: (type, env) =>
    writableFields(type, env)
      .filter((f) => f.conformanceFormat === 'host-port-list')
      .flatMap((f) => variantTargets(f.path, Object.keys(OPEN_HOST_PORT_LISTS))),
  params: () => fc.constant(null),
  apply(base, _type, target) {
    const body = cloneBody(base);
    const segs = target.site.split('.');
    setAt(body, segs, OPEN_HOST_PORT_LISTS[variantOf(target.id)]);
    return { path: jsonPath(segs), body };
  },
});

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

function fixtureValues(type: ConnectionType, site: string, env: OperatorEnv): string[] {
  const f = env.contract.fields(type).find((x) => x.path === site);
  return f?.fixture ? env.fixtures[f.fixture as keyof Fixtures] : [];
}

/** Fixture values whose case-swapped spelling is not itself a fixture. */
export function caseSwappable(values: readonly string[]): string[] {
  return values.filter((v) => swapCase(v) !== v && !values.includes(swapCase(v)));
}

/** Whether "a known sample source" (or cluster) is matched with or without regard to case, the profile does not say. */
export const fixtureCase = defineOperator({
  name: 'fixture-case',
  rule: 'no-5xx',
  level: 'MUST',
  description: 'a known sample source or cluster name in another case: open in the profile, only "no 5xx" is judged',
  profile: `name must be a known sample source ... clusterName (fixture \`clusterNames\` ... ${NO_5XX}`,
  targets: (type, env) =>
    writableFields(type, env)
      .filter((f) => f.fixture && caseSwappable(fixtureValues(type, f.path, env)).length > 0)
      .map((f) => ({ id: `${f.path}/case-swapped`, site: f.path })),
  params: (type, target, env) => fc.constantFrom(...caseSwappable(fixtureValues(type, target.site, env))),
  apply(base, _type, target, known) {
    const body = cloneBody(base);
    const segs = target.site.split('.');
    setAt(body, segs, swapCase(known));
    return { path: jsonPath(segs), body };
  },
});
