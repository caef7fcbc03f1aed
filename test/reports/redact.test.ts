import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRedactor, secretPattern } from '../../results/redact';
import type { Exchange } from '../../client/exchange';

const S = { value: 's3cr3t-Väl"ue/\\', env: 'CONFORMANCE_SECRET_1' };
const T = { value: 'tokenABCDEFGH', env: 'CONFORMANCE_BEARER' };

describe('createRedactor', () => {
  const r = createRedactor([S, T]);

  it('replaces a secret in every written form by its ${ENV} reference', () => {
    const forms = [
      S.value,
      JSON.stringify(S.value).slice(1, -1),
      JSON.stringify(JSON.stringify(S.value).slice(1, -1)).slice(1, -1),
      JSON.stringify(S.value).slice(1, -1).replace(/ä/, '\\u00e4'),
      JSON.stringify(S.value).slice(1, -1).replace(/ä/, '\\u00E4').replace(/s/, '\\u0073'),
      encodeURIComponent(S.value),
      encodeURIComponent(S.value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      S.value.replace(/"/g, '&quot;'),
      S.value.replace(/"/g, '&#34;').replace(/\//, '&#x2f;'),
      S.value.replace(/[$`"\\]/g, '\\$&'),
    ];
    for (const form of forms) {
      expect(r.text(`<${form}>`), form).toBe('<${CONFORMANCE_SECRET_1}>');
    }
  });

  it('leaves text without secrets alone and is deterministic and idempotent', () => {
    const text = 'nothing secret here: token ABC, s3cr3t-V';
    expect(r.text(text)).toBe(text);
    const once = r.text(`a ${T.value} b ${S.value}`);
    expect(once).toBe('a ${CONFORMANCE_BEARER} b ${CONFORMANCE_SECRET_1}');
    expect(r.text(once)).toBe(once);
    expect(createRedactor([T, S]).text(`a ${T.value} b ${S.value}`)).toBe(once);
  });

  it('replaces a secret containing another as a whole', () => {
    const inner = { value: 'abcdef', env: 'INNER' };
    const outer = { value: 'xxabcdefyy', env: 'OUTER' };
    expect(createRedactor([inner, outer]).text('1 xxabcdefyy 2 abcdef')).toBe('1 ${OUTER} 2 ${INNER}');
  });

  it('redacts short secrets but warns, without naming their value', () => {
    const warnings: string[] = [];
    const short = createRedactor([{ value: 'q9z', env: 'SHORT_ONE' }], { onWarning: (w) => warnings.push(w) });
    expect(short.text('aq9zb')).toBe('a${SHORT_ONE}b');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('SHORT_ONE');
    expect(warnings[0]).not.toContain('q9z');
    expect(short.warnings).toEqual(warnings);
  });

  it('rejects a secret whose env is not a variable name', () => {
    expect(() => createRedactor([{ value: 'abcdef', env: 'not a name' }])).toThrow(/environment variable/);
  });

  it('redacts Authorization headers by structure even when the credential is not a listed secret', () => {
    const h = r.headers({
      Authorization:
        'Digest username="pub", realm="MMS Public API", nonce="n1", uri="/x", qop=auth, nc=00000001, cnonce="c", response="6629fae49393a05397450978507c4ef1"',
      'proxy-authorization': 'Basic dXNlcjpwYXNz',
      'x-other': `v=${T.value}`,
    });
    expect(h.Authorization).toContain('response="[redacted]"');
    expect(h.Authorization).toContain('realm="MMS Public API"');
    expect(h.Authorization).not.toContain('6629fae4');
    expect(h['proxy-authorization']).toBe('Basic [redacted]');
    expect(h['x-other']).toBe('v=${CONFORMANCE_BEARER}');
    expect(r.headers({ authorization: `Bearer ${T.value}` }).authorization).toBe('Bearer ${CONFORMANCE_BEARER}');
    expect(r.headers({ authorization: 'Bearer unknown.token' }).authorization).toBe('Bearer [redacted]');
    expect(r.headers({ authorization: 'garbage' }).authorization).toBe('garbage [redacted]');
    expect(r.headers({ authorization: ' ' }).authorization).toBe('[redacted]');
  });

  it('redacts arbitrary JSON values: strings, keys, nested arrays and numbers that spell a secret', () => {
    const n = createRedactor([{ value: '31415926', env: 'PIN' }, T]);
    expect(n.json({ [T.value]: [1, { deep: `x${T.value}` }, 31415926, null, true] })).toEqual({
      '${CONFORMANCE_BEARER}': [1, { deep: 'x${CONFORMANCE_BEARER}' }, '${PIN}', null, true],
    });
  });

  it('redacts both kinds of exchange', () => {
    const base = { id: 'x-1', startedAt: 't', durationMs: 1, request: { method: 'POST' as const, url: `http://127.0.0.1/?t=${T.value}`, headers: { authorization: `Bearer ${T.value}` }, body: `{"p":"${T.value}"}` } };
    const ok: Exchange = { ...base, outcome: 'response', response: { status: 200, statusText: 'OK', headers: { 'x-echo': T.value }, body: `{"p":"${T.value}"}`, json: { p: T.value } } };
    const err: Exchange = { ...base, outcome: 'transport-error', error: { kind: 'reset', message: `reset after ${T.value}` } };
    for (const x of [ok, err]) expect(JSON.stringify(r.exchange(x))).not.toContain(T.value);
    expect(JSON.stringify(r.exchange(ok))).toContain('${CONFORMANCE_BEARER}');
  });

  it('leaves no secret in any text, whatever surrounds it (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 12, unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (secret, before, after) => {
        const red = createRedactor([{ value: secret, env: 'P' }]);
        const out = red.text(before + secret + after);
        expect(out.includes(secret)).toBe(false);
        expect(red.find(out)).toBeUndefined();
        const json = red.text(JSON.stringify({ v: before + secret + after }));
        expect(JSON.parse(json).v.includes(secret)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the matcher', () => {
  // The regex alternation of every secret (secretPattern) states what a match is; the trie must find the same
  // secrets at the same places, with the same extent, whatever mix of forms the text holds.
  const byRegex = (secrets: { value: string; env: string }[], text: string) => {
    const pattern = new RegExp(secrets.map((s) => `(${secretPattern(s.value)})`).join('|'), 'g');
    return [...text.matchAll(pattern)].filter((m) => m[0] !== '').map((m) => ({ index: m.index, text: m[0], env: secrets[m.slice(1).findIndex((g) => g !== undefined)]!.env }));
  };
  const forms = (v: string) => fc.constantFrom(v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v), v.replace(/[&"]/g, (c) => (c === '&' ? '&amp;' : '&quot;')), JSON.stringify(JSON.stringify(v)).slice(2, -2));

  it('finds what the regex of every secret finds (property)', () => {
    const prefix = fc.constantFrom('', 'sc', 'scsecret-', 'ab"&');
    const secretValues = fc.uniqueArray(fc.tuple(prefix, fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', 'c', '"', '&', '%', '\\', 'é', ' ', '$', '😀') })).map(([p, v]) => p + v), { minLength: 1, maxLength: 6 })
      .filter((vs) => vs.every((v) => [...v].length >= 4));
    fc.assert(
      fc.property(
        secretValues.chain((values) => fc.tuple(fc.constant(values), fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(...values).chain(forms)), { maxLength: 8 }))),
        ([values, pieces]) => {
          const secrets = values.map((value, i) => ({ value, env: `S${i}` }));
          const red = createRedactor(secrets);
          const text = pieces.join('');
          // The redactor orders its secrets longest first; the regex is given the same order.
          const ordered = [...red.secrets];
          expect(red.matches(text).filter((m) => m.kind === 'secret').map(({ index, text: t, env }) => ({ index, text: t, env }))).toEqual(byRegex(ordered, text));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('redacting our own structures', () => {
  it('redacts every string but keeps keys and numbers, so a one-character secret renames no field', () => {
    const r = createRedactor([{ value: 'b', env: 'CONFORMANCE_PRIVATE_KEY' }], { onWarning: () => {} });
    const out = r.strings({ breaker: { classes: [{ sent: 4, class: 'a b c' }] }, incidents: ['saw b'] }) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['breaker', 'incidents']);
    expect(out.breaker).toEqual({ classes: [{ sent: 4, class: 'a $CONFORMANCE_PRIVATE_KEY c'.replace('$CONFORMANCE_PRIVATE_KEY', r.text('b')) }] });
    expect(r.text('b')).not.toBe('b');
    // json() is for counterexamples, where a key may be a secret: it redacts keys too.
    expect(Object.keys(r.json({ breaker: 1 }) as object)).not.toEqual(['breaker']);
  });
});
