// The secrets a recording made by someone else may hold in clear, beyond the write-only values of its bodies (which
// aggregate finds) and Authorization headers (which the redactor redacts by structure): bearer tokens, cookies,
// API-key headers and credential-like query parameters. Each becomes a secret of the reports, so that neither it
// nor an echo of it anywhere reaches one.
import type { Exchange } from '../client/exchange';
import type { Secret } from '../results/redact';

const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-auth-token', 'x-access-token', 'proxy-authorization']);
const SECRET_QUERY = /token|secret|password|passwd|signature|api[-_]?key|auth|session|credential/i;

export function recordingSecrets(exchanges: readonly Exchange[], known: readonly Secret[]): Secret[] {
  const values = new Set<string>();
  const add = (v: string | undefined) => {
    const s = v?.trim();
    if (s && s.length >= 4 && !s.startsWith('${')) values.add(s);
  };
  for (const ex of exchanges) {
    const h = ex.request.headers;
    const auth = /^\s*bearer\s+(\S+)/i.exec(h.authorization ?? '');
    if (auth) add(auth[1]);
    const basic = /^\s*basic\s+(\S+)/i.exec(h.authorization ?? '');
    if (basic) {
      add(basic[1]);
      const pair = Buffer.from(basic[1]!, 'base64').toString('utf8');
      add(pair.slice(pair.indexOf(':') + 1));
    }
    const all = ex.outcome === 'response' ? [h, ex.response.headers] : [h];
    for (const headers of all) {
      for (const [name, value] of Object.entries(headers)) {
        if (!SECRET_HEADERS.has(name)) continue;
        if (name === 'cookie' || name === 'set-cookie') {
          for (const line of value.split('\n')) for (const part of (name === 'cookie' ? line.split(';') : [line.split(';')[0]!])) add(part.slice(part.indexOf('=') + 1));
        } else add(value);
      }
    }
    try {
      for (const [k, v] of new URL(ex.request.url).searchParams) if (SECRET_QUERY.test(k)) add(v);
    } catch {
      // not a URL: nothing to find
    }
  }
  const have = new Set(known.map((s) => s.value));
  let n = 0;
  return [...values].filter((v) => !have.has(v)).map((value) => ({ value, env: `CONFORMANCE_RECORDED_SECRET_${++n}` }));
}
