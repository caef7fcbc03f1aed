import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import {
  echoFields,
  envelope,
  pretty,
  responseNameType,
  responseSchema,
  successMediaType,
  unwrapEnvelope,
  versionRejected,
  versionServed,
} from '../../oracles';
import { apiError, broken, messageOf, res } from './exchanges';

const contract = loadContract();
const kafka = {
  name: 'kafka-1',
  type: 'Kafka',
  bootstrapServers: 'a.example:9092,b.example:9092',
  authentication: { mechanism: 'PLAIN', username: 'user', password: 'correct-horse-battery' },
  security: { protocol: 'SASL_SSL' },
  config: { 'auto.offset.reset': 'earliest' },
};
const { password: _p, ...authBack } = kafka.authentication;
const kafkaBack = { ...kafka, authentication: authBack, state: 'READY', id: '0123456789abcdef01234567' };

describe('success-media-type', () => {
  it('passes the vendor type with parameters and any case', () => {
    expect(successMediaType(res(200)).ok).toBe(true);
    expect(successMediaType(res(200, { headers: { 'content-type': 'Application/Vnd.Atlas.2023-02-01+JSON; charset=utf-8' } })).ok).toBe(true);
  });
  it('fails application/json on a 200 and a missing type', () => {
    expect(messageOf(successMediaType(res(200, { headers: { 'content-type': 'application/json' } })))).toBe(
      'response Content-Type application/json is not application/vnd.atlas.2023-02-01+json',
    );
    const none = res(200);
    if (none.outcome === 'response') delete none.response.headers['content-type'];
    expect(messageOf(successMediaType(none))).toContain('Content-Type missing');
  });
  it('does not judge non-200 answers', () => {
    expect(successMediaType(apiError(400)).ok).toBe(true);
  });
});

describe('response-schema', () => {
  it('passes a body valid for its variant', () => {
    expect(responseSchema(res(200, { json: kafkaBack }), contract)).toMatchObject({ ok: true });
  });
  it('fails a state outside the enum, naming the path and variant', () => {
    const m = messageOf(responseSchema(res(200, { json: { ...kafkaBack, state: 'ACTIVE' } }), contract));
    expect(m).toContain('200 body does not match the "Kafka" schema');
    expect(m).toContain('$.state');
  });
  it('fails a non-JSON 200 body and an unknown type', () => {
    expect(messageOf(responseSchema(res(200, { body: '<html>' }), contract))).toContain('200 body is not JSON');
    expect(messageOf(responseSchema(res(200, { json: { name: 'x', type: 'Nope' } }), contract))).toContain('$.type');
  });
});

describe('response-name-type', () => {
  it('passes equal name and type', () => {
    expect(responseNameType(kafka, res(200, { json: kafkaBack })).ok).toBe(true);
  });
  it('fails a changed name and a missing type', () => {
    expect(messageOf(responseNameType(kafka, res(200, { json: { ...kafkaBack, name: 'kafka-' } })))).toBe(
      'response name "kafka-" differs from the request\'s "kafka-1"',
    );
    const { type: _t, ...noType } = kafkaBack;
    expect(messageOf(responseNameType(kafka, res(200, { json: noType })))).toBe('response has no type (request\'s is "Kafka")');
  });
});

describe('echo-fields', () => {
  it('passes when every non-secret leaf comes back, additions allowed, secrets skipped', () => {
    expect(echoFields(kafka, kafkaBack, contract.writeOnlyPaths('Kafka')).ok).toBe(true);
  });
  it('compares arrays of scalars regardless of order', () => {
    const sent = { name: 'r', type: 'SchemaRegistry', schemaRegistryUrls: ['https://a', 'https://b'] };
    expect(echoFields(sent, { ...sent, schemaRegistryUrls: ['https://b', 'https://a'] }, []).ok).toBe(true);
    expect(messageOf(echoFields(sent, { ...sent, schemaRegistryUrls: ['https://b'] }, []))).toBe(
      '$.schemaRegistryUrls sent ["https://a","https://b"] came back as ["https://b"]',
    );
  });
  it('names a dropped map entry and a changed value', () => {
    const back = { ...kafkaBack, config: {}, bootstrapServers: 'c.example:9092' };
    const m = messageOf(echoFields(kafka, back, contract.writeOnlyPaths('Kafka')));
    expect(m).toContain('$.config["auto.offset.reset"] sent "earliest" is missing from the response');
    expect(m).toContain('$.bootstrapServers sent "a.example:9092,b.example:9092" came back as "c.example:9092"');
  });
  it('never names a write-only value', () => {
    const m = messageOf(echoFields(kafka, { name: 'kafka-1' }, contract.writeOnlyPaths('Kafka')));
    expect(m).not.toContain('correct-horse-battery');
    expect(m).toContain('$.type sent "Kafka" is missing');
  });
  it('takes a null sent as satisfied by an absent value', () => {
    const sent = { name: 'c', type: 'Cluster', clusterName: 'Cluster0', clusterGroupId: null };
    expect(echoFields(sent, { name: 'c', type: 'Cluster', clusterName: 'Cluster0' }, []).ok).toBe(true);
  });
});

describe('envelope', () => {
  it('unwraps an envelope and refuses other shapes', () => {
    expect(unwrapEnvelope({ status: 200, content: { a: 1 } })).toEqual({ status: 200, content: { a: 1 } });
    expect(unwrapEnvelope({ error: 400, errorCode: 'X' })).toBeUndefined();
    expect(unwrapEnvelope({ status: '200', content: {} })).toBeUndefined();
  });
  it('passes the real status or 200 with the semantic status in the body', () => {
    const body = { status: 409, content: { error: 409, errorCode: 'STREAM_CONNECTION_NAME_ALREADY_EXISTS' } };
    expect(envelope(res(409, { json: body }), { status: 409 }).ok).toBe(true);
    expect(envelope(res(200, { json: body }), { status: 409 }).ok).toBe(true);
  });
  it('fails an ignored envelope and a wrong status', () => {
    expect(messageOf(envelope(res(200, { json: kafkaBack }), { status: 200 }))).toBe('envelope=true: body has no integer status (got undefined); body has no content');
    expect(messageOf(envelope(res(201, { json: { status: 201, content: {} } }), { status: 200 }))).toBe(
      'envelope=true: HTTP status 201 Created is neither the semantic 200 nor 200; envelope status 201 is not the semantic status 200',
    );
  });
  it('compares content with the plain body when asked, ignoring the given keys', () => {
    const plain = { ...kafkaBack, id: 'a' };
    const wrapped = { status: 200, content: { ...kafkaBack, id: 'b' } };
    expect(envelope(res(200, { json: wrapped }), { status: 200, content: plain, ignore: ['id'] }).ok).toBe(true);
    expect(messageOf(envelope(res(200, { json: wrapped }), { status: 200, content: plain }))).toContain('content differs from the un-enveloped body: $.id was "a", now "b"');
  });
});

describe('pretty', () => {
  it('passes indented multi-line JSON with the same content', () => {
    const ex = res(200, { body: JSON.stringify(kafkaBack, null, 2) });
    expect(pretty(ex, kafkaBack).ok).toBe(true);
  });
  it('fails a one-line body', () => {
    expect(messageOf(pretty(res(200, { json: kafkaBack }), kafkaBack))).toBe('pretty=true: body is on one line');
  });
  it('fails different content unless the key is ignored', () => {
    const ex = res(200, { body: JSON.stringify({ ...kafkaBack, id: 'other' }, null, 1) });
    expect(messageOf(pretty(ex, kafkaBack))).toContain('content differs from the plain answer: $.id');
    expect(pretty(ex, kafkaBack, ['id']).ok).toBe(true);
  });
  it('fails unindented lines and no answer', () => {
    expect(messageOf(pretty(res(200, { body: '{\n"a": 1,\n"b": 2\n}' }), { a: 1, b: 2 }))).toBe('pretty=true: body lines are not indented');
    expect(messageOf(pretty(broken(), {}))).toContain('no response (timeout');
  });
});

describe('versioned-accept', () => {
  const later = { request: { headers: { accept: 'application/vnd.atlas.2025-03-12+json' } } };
  it('versionServed wants 200 with the 2023-02-01 type', () => {
    expect(versionServed(res(200, later)).ok).toBe(true);
    expect(messageOf(versionServed(res(200, { ...later, headers: { 'content-type': 'application/vnd.atlas.2025-03-12+json' } })))).toBe(
      'expected Accept application/vnd.atlas.2025-03-12+json to be served as application/vnd.atlas.2023-02-01+json, got Content-Type application/vnd.atlas.2025-03-12+json',
    );
    expect(messageOf(versionServed(apiError(406)))).toContain('expected 200 served as 2023-02-01 for a request without Accept, got 406 Not Acceptable');
  });
  it('versionRejected wants 406', () => {
    expect(versionRejected(apiError(406)).ok).toBe(true);
    expect(messageOf(versionRejected(res(200, { request: { headers: { accept: 'application/json' } } })))).toBe('expected 406 for Accept application/json, got 200 OK');
  });
});
