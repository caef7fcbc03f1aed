// SHOULD operators from the profile's errata, each on a schema-valid body: a missing essential field, an
// unknown sample source or cluster, a malformed host:port list or URL (essential-fields), a Kafka mechanism,
// protocol or method outside the enumerations in the descriptions, or a mechanism without its credentials
// (description-enums).
import fc from 'fast-check';
import { NAME_PLACEHOLDER } from '../context';
import { httpUrl } from '../values/httpUrl';
import { label } from '../values/label';
import { secret } from '../values/secret';
import { isPlainObject } from '../../util/json';
import { type ConnectionType, type Fixtures, OPEN_ENUM_VALUES } from '../../contracts/types';
import { variantTargets, variantOf } from './common';
import { cloneBody, deleteAt, jsonPath, setAt, writableFields } from './paths';
import { defineOperator, type OperatorEnv } from './types';

export const missingEssential = defineOperator({
  name: 'missing-essential',
  rule: 'essential-fields',
  level: 'SHOULD',
  description: "removes a field the profile calls essential (or the object holding it)",
  profile: 'essential fields and description-level enums above -> 400 when violated',
  targets: (type, env) =>
    env.contract.essentialPaths(type).flatMap((p) => {
      const parent = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : undefined;
      const parentOptional = parent !== undefined && !env.contract.essentialPaths(type).includes(parent);
      return variantTargets(p, parentOptional ? ['absent', 'parent-absent'] : ['absent']);
    }),
  params: () => fc.constant(null),
  apply(base, _type, target) {
    const body = cloneBody(base);
    const segs = target.site.split('.');
    deleteAt(body, variantOf(target.id) === 'parent-absent' ? segs.slice(0, -1) : segs);
    return { path: jsonPath(segs), body };
  },
});

function fixtureValues(type: ConnectionType, site: string, env: OperatorEnv): string[] {
  const f = env.contract.fields(type).find((x) => x.path === site);
  return f?.fixture ? env.fixtures[f.fixture as keyof Fixtures] : [];
}

export const unknownFixture = defineOperator({
  name: 'unknown-fixture',
  rule: 'essential-fields',
  level: 'SHOULD',
  description: 'a sample source or cluster name the target does not know (made up)',
  profile: 'name must be a known sample source ... clusterName (fixture `clusterNames`',
  targets: (type, env) =>
    writableFields(type, env)
      .filter((f) => f.fixture)
      .flatMap((f) => variantTargets(f.path, ['unknown'])),
  params: () => label('unknown-'),
  apply(base, type, target, made, env) {
    const body = cloneBody(base);
    const known = fixtureValues(type, target.site, env);
    // A made-up name is a fresh run name: unique per case, and never a fixture. Whether a fixture in another case
    // is "known" the profile does not say: that is the fixture-case probe (open.ts).
    const value = target.site === 'name' ? NAME_PLACEHOLDER : made;
    if (known.includes(value)) return undefined;
    const segs = target.site.split('.');
    setAt(body, segs, value);
    return { path: jsonPath(segs), body };
  },
});

/** Values breaking the SHOULD formats (contract x-conformance-format), each a target of its own. */
const BAD_FORMATS: Record<string, Record<string, string>> = {
  'host-port-list': {
    'no-port': 'broker-1.example.com',
    'port-too-big': 'broker-1.example.com:65536',
    'port-not-number': 'broker-1.example.com:kafka',
    'trailing-comma': 'broker-1.example.com:9092,',
    'leading-comma': ',broker-1.example.com:9092',
    'with-scheme': 'PLAINTEXT://broker-1.example.com:9092',
    'no-host': ':9092',
    'space-in-host': 'broker 1.example.com:9092',
    empty: '',
  },
  'absolute-http-url': {
    'no-scheme': 'webhook.example.com/events',
    relative: '/events',
    ftp: 'ftp://files.example.com/events',
    mailto: 'mailto:ops@example.com',
    'scheme-only': 'https://',
    words: 'not a url',
    empty: '',
  },
};

export const essentialFormat = defineOperator({
  name: 'essential-format',
  rule: 'essential-fields',
  level: 'SHOULD',
  description: 'bootstrapServers not a host:port list, or url not an absolute http(s) URL',
  profile: 'bootstrapServers "host:port[,host:port]*" ... url (absolute http/https URL) ... essential fields and description-level enums above -> 400 when violated',
  targets: (type, env) =>
    writableFields(type, env)
      .filter((f) => f.conformanceFormat)
      .flatMap((f) => variantTargets(f.path, Object.keys(BAD_FORMATS[f.conformanceFormat!] ?? {}))),
  params: () => fc.constant(null),
  apply(base, type, target, _p, env) {
    const f = env.contract.fields(type).find((x) => x.path === target.site)!;
    const value = BAD_FORMATS[f.conformanceFormat!]![variantOf(target.id)]!;
    const body = cloneBody(base);
    const segs = target.site.split('.');
    setAt(body, segs, value);
    return { path: jsonPath(segs), body };
  },
});

/** Spellings a client could plausibly send, by field: Kafka's own names, lower case, neighbours. */
const BAD_ENUM_VALUES: Record<string, readonly string[]> = {
  'authentication.mechanism': ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'plain', 'GSSAPI', 'AWS_MSK_IAM', 'OAUTH', ''],
  'authentication.method': ['oidc', 'OAUTH2', 'DEFAULT', ''],
  // PLAINTEXT is open in profile v1.1 (OPEN_ENUM_VALUES): not a violation.
  'security.protocol': ['sasl_ssl', 'TLS', 'SSL ', ''],
};
const FALLBACK_BAD_ENUM = ['UNKNOWN', ''];

/** Full OAUTHBEARER credentials (method OIDC included), so only the field under test is wrong. */
function oauthParams() {
  return fc.record({ clientId: label('client-'), clientSecret: secret('clientsecret'), tokenEndpointUrl: httpUrl({ schemes: ['https'] }) });
}

type Creds = { username: string; password: string; clientId: string; clientSecret: string; tokenEndpointUrl: string };

function credentialParams(): fc.Arbitrary<Creds> {
  return fc.record({ username: label('user-'), password: secret('password'), clientId: label('client-'), clientSecret: secret('clientsecret'), tokenEndpointUrl: httpUrl({ schemes: ['https'] }) });
}

const CREDENTIAL_FIELDS = ['username', 'password', 'method', 'clientId', 'clientSecret', 'tokenEndpointUrl', 'scope', 'saslOauthbearerExtensions'];

/** `authentication` with mechanism `m` and exactly the credentials the contract asks of it. */
function authenticationFor(current: unknown, m: string, creds: Creds, env: OperatorEnv): Record<string, unknown> {
  const auth: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
  for (const f of CREDENTIAL_FIELDS) delete auth[f];
  auth.mechanism = m;
  const values: Record<string, string> = { ...creds, method: 'OIDC' };
  for (const need of env.contract.kafkaCombinations[m] ?? []) auth[need] = values[need] ?? `sc-${need}`;
  return auth;
}

export const descriptionEnum = defineOperator({
  name: 'description-enum',
  rule: 'description-enums',
  level: 'SHOULD',
  description: 'a Kafka mechanism, method or security protocol outside the enumerations in the descriptions',
  profile: 'mechanism in PLAIN|SCRAM-256|SCRAM-512|OAUTHBEARER ... OAUTHBEARER needs method "OIDC" ... protocol in SASL_PLAINTEXT|SASL_SSL|SSL',
  targets: (type, env) =>
    writableFields(type, env)
      .filter((f) => f.conformanceEnum)
      .flatMap((f) => {
        const bad = (BAD_ENUM_VALUES[f.path] ?? FALLBACK_BAD_ENUM).filter((v) => !f.conformanceEnum!.includes(v) && !OPEN_ENUM_VALUES[f.path]?.includes(v));
        return bad.map((v) => ({ id: `${f.path}/${JSON.stringify(v)}`, site: f.path }));
      }),
  params: () => oauthParams(),
  apply(base, _type, target, oauth, env) {
    const body = cloneBody(base);
    const value = JSON.parse(target.id.slice(target.site.length + 1)) as string;
    if (target.site === 'authentication.method') {
      // A method only means something with OAUTHBEARER: send the full set, then the wrong method.
      body.authentication = authenticationFor(body.authentication, 'OAUTHBEARER', { username: '', password: '', ...oauth }, env);
    }
    const segs = target.site.split('.');
    setAt(body, segs, value);
    return { path: jsonPath(segs), body };
  },
});

export const kafkaCredentials = defineOperator({
  name: 'kafka-credentials',
  rule: 'description-enums',
  level: 'SHOULD',
  description: 'a Kafka mechanism without one of the credentials it needs (PLAIN/SCRAM: username, password; OAUTHBEARER: method, clientId, clientSecret, tokenEndpointUrl)',
  profile: 'PLAIN/SCRAM-* need username+password; OAUTHBEARER needs method "OIDC", clientId, clientSecret, tokenEndpointUrl',
  targets: (type, env) =>
    type !== 'Kafka'
      ? []
      : Object.entries(env.contract.kafkaCombinations).flatMap(([m, needs]) => needs.map((f) => ({ id: `authentication.${f}/${m}`, site: `authentication.${f}` }))),
  params: () => credentialParams(),
  apply(base, _type, target, creds, env) {
    const body = cloneBody(base);
    const m = variantOf(target.id);
    const auth = authenticationFor(body.authentication, m, creds, env);
    const missing = target.site.slice('authentication.'.length);
    delete auth[missing];
    body.authentication = auth;
    return { path: jsonPath(target.site.split('.')), body };
  },
});
