import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toCurl } from '../../results/curl';
import { createRedactor, type Secret } from '../../results/redact';
import type { HttpRequest } from '../../client/exchange';

const SECRET = `pa$$'w"0rd\`!\\ ü🔑`;
const PRIVATE = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const SECRETS: Secret[] = [
  { value: SECRET, env: 'CONFORMANCE_SECRET_1' },
  { value: PRIVATE, env: 'CONFORMANCE_PRIVATE_KEY' },
];
const ENV = { CONFORMANCE_SECRET_1: SECRET, CONFORMANCE_PRIVATE_KEY: PRIVATE, CONFORMANCE_PUBLIC_KEY: 'pub', CONFORMANCE_BEARER: 'tok' };
const URL = 'http://127.0.0.1:8080/api/atlas/v2/groups/5f1a2b3c4d5e6f7a8b9c0d1e/streams/t/connections?envelope=true&pretty=false';

interface Run {
  args: string[];
  stdin: string;
}

/**
 * Runs a curl line in a real shell with `curl` replaced by a function that prints its arguments (NUL-separated)
 * and then its standard input, so the test sees exactly the bytes curl would have been given.
 */
function runCurl(line: string, shell: 'bash' | 'dash' = 'bash', preamble = ''): Run {
  const fake = `curl() { printf '%s\\0' "$@"; printf 'STDIN\\0'; if [ ! -t 0 ]; then cat; fi; }`;
  const r = spawnSync(shell, [...(shell === 'bash' ? ['--norc', '--noprofile'] : []), '-c', `${preamble}${fake}\n${line}`], {
    env: { PATH: process.env.PATH, ...ENV },
    input: '',
    maxBuffer: 1 << 24,
  });
  expect(r.stderr.toString(), `stderr of ${line}`).toBe('');
  expect(r.status).toBe(0);
  const out = r.stdout.toString('utf8');
  const cut = out.indexOf('STDIN\0');
  return { args: out.slice(0, cut).split('\0').slice(0, -1), stdin: out.slice(cut + 6) };
}

function sentBody(run: Run): string {
  const i = run.args.indexOf('--data-binary');
  expect(i).toBeGreaterThan(-1);
  return run.args[i + 1] === '@-' ? run.stdin : run.args[i + 1]!;
}

function headerArgs(run: Run): string[] {
  return run.args.flatMap((a, i) => (run.args[i - 1] === '-H' ? [a] : []));
}

const post = (body: string | undefined, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'POST',
  url: URL,
  headers: { 'content-type': 'application/vnd.atlas.2023-02-01+json', accept: 'application/vnd.atlas.2023-02-01+json', ...headers },
  ...(body !== undefined ? { body } : {}),
});

describe('toCurl', () => {
  it('reproduces a body with secrets and every shell-special character byte for byte, on one line, without the secret', () => {
    const body = JSON.stringify({ name: `it's $HOME \`id\` "q" \\ !! ${'%s'} ü 🔑`, type: 'Kafka', authentication: { password: SECRET } });
    const line = toCurl(post(body), { secrets: SECRETS, credential: { kind: 'digest' } });
    expect(line).not.toContain('\n');
    expect(line).not.toContain(SECRET);
    expect(line).toContain('"$CONFORMANCE_SECRET_1"');
    const run = runCurl(line);
    expect(sentBody(run)).toBe(body);
    expect(run.args.at(-1)).toBe(URL);
    expect(run.args).toContain('--globoff');
    expect(run.args.slice(run.args.indexOf('-X'), run.args.indexOf('-X') + 2)).toEqual(['-X', 'POST']);
  });

  it('survives bash history expansion (an interactive paste), where a double-quoted "!" would not', () => {
    const body = '{"name":"a!ls b","x":"!!"}';
    const line = toCurl(post(body), { secrets: SECRETS, credential: { kind: 'none' } });
    expect(sentBody(runCurl(line, 'bash', 'set -o history -H\n'))).toBe(body);
  });

  it('reproduces bodies with line breaks, tabs, NUL and other control characters via printf, also in dash', () => {
    const body = `{"name":"a\nb\r\t\u0000\u0001\u007f%d 100% \\n"}\n${SECRET}\n`;
    const line = toCurl(post(body), { secrets: SECRETS, credential: { kind: 'none' } });
    expect(line).not.toContain('\n');
    expect(line).not.toContain(SECRET);
    for (const shell of ['bash', 'dash'] as const) expect(sentBody(runCurl(line, shell))).toBe(body);
  });

  it('reproduces arbitrary bodies around planted secrets (property, bash and dash)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (a, b, dash) => {
        const body = `${a}${SECRET}${b}${PRIVATE}`;
        const line = toCurl(post(body), { secrets: SECRETS, credential: { kind: 'none' } });
        expect(line).not.toContain('\n');
        expect(createRedactor(SECRETS).find(line)).toBeUndefined();
        expect(sentBody(runCurl(line, dash ? 'dash' : 'bash'))).toBe(body);
      }),
      { numRuns: 40 },
    );
  });

  it('puts Digest credentials in -u as variable references and drops Authorization, Host and Content-Length', () => {
    const req = post('{}', { authorization: `Digest username="pub", response="abc"`, host: '127.0.0.1:8080', 'content-length': '2', 'x-trace': `id-${PRIVATE}` });
    const line = toCurl(req, { secrets: SECRETS });
    expect(line).toContain('--digest -u "$CONFORMANCE_PUBLIC_KEY:$CONFORMANCE_PRIVATE_KEY"');
    expect(line).not.toContain(PRIVATE);
    const run = runCurl(line);
    expect(run.args[run.args.indexOf('-u') + 1]).toBe(`pub:${PRIVATE}`);
    const headers = headerArgs(run);
    expect(headers).toContain(`x-trace: id-${PRIVATE}`);
    expect(headers.some((h) => /^(authorization|host|content-length):/i.test(h))).toBe(false);
  });

  it('sends a bearer token by reference, and fetches one first for a service account', () => {
    const bearer = runCurl(toCurl(post('{}', { authorization: 'Bearer tok' }), { secrets: SECRETS }));
    expect(headerArgs(bearer)).toContain('Authorization: Bearer tok');
    const sa = toCurl(post('{}'), { secrets: SECRETS, credential: { kind: 'service-account' } });
    expect(sa).toMatch(/^CONFORMANCE_BEARER="\$\(curl .*"\$CONFORMANCE_CLIENT_ID:\$CONFORMANCE_CLIENT_SECRET".*'http:\/\/127\.0\.0\.1:8080\/api\/oauth\/token'/);
    expect(sa).toContain('-H "Authorization: Bearer $CONFORMANCE_BEARER"');
    expect(sa).toContain('# note:');
    const run = spawnSync('bash', ['-n', '-c', sa]);
    expect(run.status).toBe(0);
  });

  it('keeps a probe without Accept or Content-Type without them (curl would add its own)', () => {
    const req: HttpRequest = { method: 'POST', url: URL, headers: {}, body: '{}' };
    const headers = headerArgs(runCurl(toCurl(req, { secrets: [] })));
    expect(headers).toContain('Accept:');
    expect(headers).toContain('Content-Type:');
    const get: HttpRequest = { method: 'GET', url: URL, headers: { accept: 'application/json' } };
    const run = runCurl(toCurl(get, { secrets: [] }));
    expect(run.args).not.toContain('--data-binary');
    expect(headerArgs(run)).toEqual(['accept: application/json']);
  });

  it('replaces secrets in the URL and header names and values', () => {
    const req: HttpRequest = { method: 'DELETE', url: `${URL}&k=${PRIVATE}`, headers: { [`x-${PRIVATE}`]: `v ${SECRET}`, accept: '*/*' } };
    const line = toCurl(req, { secrets: SECRETS });
    expect(line).not.toContain(PRIVATE);
    expect(line).not.toContain(SECRET);
    const run = runCurl(line);
    expect(run.args.at(-1)).toBe(`${URL}&k=${PRIVATE}`);
    expect(headerArgs(run)).toContain(`x-${PRIVATE}: v ${SECRET}`);
  });

  it('turns ${ENV} placeholders of an already redacted request into references', () => {
    const raw = post(JSON.stringify({ password: `${PRIVATE}!`, key: PRIVATE }));
    const redacted = createRedactor(SECRETS).request(raw);
    expect(redacted.body).toContain('${CONFORMANCE_PRIVATE_KEY}');
    const line = toCurl(redacted, { secrets: SECRETS, credential: { kind: 'none' } });
    expect(line).toBe(toCurl(raw, { secrets: SECRETS, credential: { kind: 'none' } }));
    expect(sentBody(runCurl(line))).toBe(raw.body);
  });

  it('derives the JSON-escaped form of a secret in the shell, so a JSON body is reproduced exactly', () => {
    const body = JSON.stringify({ password: SECRET, again: SECRET }); // JSON escapes the secret's quote and backslash
    const line = toCurl(post(body), { secrets: SECRETS, credential: { kind: 'none' } });
    expect(line).toMatch(/^CONFORMANCE_SECRET_1_JSON="\$\(printf /);
    expect(line.match(/CONFORMANCE_SECRET_1_JSON=/g)).toHaveLength(1);
    expect(line).not.toContain('# note');
    for (const shell of ['bash', 'dash'] as const) expect(sentBody(runCurl(line, shell))).toBe(body);
  });

  it('notes a secret recorded in another escaped form (its reference expands to the raw value)', () => {
    const body = `{"password":"${encodeURIComponent(SECRET)}"}`;
    const line = toCurl(post(body), { secrets: SECRETS, credential: { kind: 'none' } });
    expect(line).not.toContain(encodeURIComponent(SECRET));
    expect(line).toMatch(/# note: .*escaped form/);
    expect(sentBody(runCurl(line))).toBe(`{"password":"${SECRET}"}`);
  });

  it('points a truncated or large body to a file instead of inlining it', () => {
    const big = 'x'.repeat(70 * 1024);
    for (const req of [post(big), { ...post(big.slice(0, 1024)), bodyTruncated: true, bodyBytes: 2_000_000 }]) {
      const line = toCurl(req, { secrets: SECRETS, credential: { kind: 'none' } });
      expect(line.length).toBeLessThan(2000);
      expect(line).toContain('--data-binary @body.json');
      expect(line).toMatch(/# note: the request body \(\d+ bytes\) (was truncated|is too large)/);
      const run = runCurl(line);
      expect(run.args[run.args.indexOf('--data-binary') + 1]).toBe('@body.json');
    }
  });
});
