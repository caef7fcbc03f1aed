// `certify --replay certificate.json --failure ID`: re-sends the request of one recorded failure and shows the
// answer. Secrets were replaced by ${ENV} references in the certificate; they are filled from the environment, and
// write-only values not set there get fresh random stand-ins (any value shows whether a target echoes it).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRedactor, parseCertificate, type Secret } from '../../reports';
import { parseCredential, TargetClient } from '../../client';
import type { CertifyArgs } from './certify';
import { tlsTrust } from '../args';

const REFERENCE = /\$\{([A-Z][A-Z0-9_]*)\}/g;

export async function replay(args: CertifyArgs): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const { file, failure: id } = args.replay!;
  let cert;
  try {
    cert = parseCertificate(readFileSync(file, 'utf8'));
  } catch (e) {
    err(`stream-conformance certify --replay: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const failure = cert.rules.flatMap((r) => r.failures).find((f) => f.id === id);
  if (!failure?.exchange) {
    err(`stream-conformance certify --replay: no failure with an exchange has id ${JSON.stringify(id)} in ${file}`);
    return 2;
  }
  const auth = args.auth;
  if (!auth) {
    err('stream-conformance certify --replay: give the credential with --auth (or CONFORMANCE_AUTH)');
    return 2;
  }
  const secrets: Secret[] = [];
  const fill = (text: string) =>
    text.replace(REFERENCE, (_, name: string) => {
      let value = process.env[name];
      if (value === undefined) value = `replay-${randomBytes(9).toString('hex')}`;
      if (!secrets.some((s) => s.env === name)) secrets.push({ value, env: name });
      return value;
    });
  const req = failure.exchange.request;
  const url = new URL(fill(req.url));
  const baseUrl = args.target ?? url.origin;
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'authorization' && k !== 'content-length' && k !== 'host').map(([k, v]) => [k, fill(v)]));
  if (req.bodyTruncated) err('note: the recorded body was truncated in the certificate; the replay sends the recorded prefix');
  const tls = tlsTrust(args);
  const client = new TargetClient({ baseUrl, credential: parseCredential(auth), timeoutMs: args.timeoutMs, ...(tls ? { tls } : {}) });
  try {
    const ex = await client.send({ method: req.method, path: url.pathname + url.search, headers, ...(req.body !== undefined ? { body: fill(req.body) } : {}) });
    const redact = createRedactor([...secrets, ...client.secrets().map((value, i) => ({ value, env: `CONFORMANCE_CREDENTIAL_${i + 1}` }))]);
    err(`Replayed ${failure.id} (${failure.rule}): ${failure.message}`);
    if (ex.outcome === 'transport-error') {
      process.stdout.write(`${redact.text(`no answer: ${ex.error.kind}: ${ex.error.message}`)}\n`);
      return 1;
    }
    const head = [`HTTP ${ex.response.status} ${ex.response.statusText}`, ...Object.entries(ex.response.headers).map(([k, v]) => `${k}: ${v}`)];
    process.stdout.write(`${redact.text([...head, '', ex.response.body].join('\n'))}\n`);
    return 0;
  } finally {
    await client.close();
  }
}
