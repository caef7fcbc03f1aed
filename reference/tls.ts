// TLS for the reference target: a certificate for 127.0.0.1 and localhost signed by a CA made at start-up
// (@peculiar/x509 on node's WebCrypto), or a certificate and key the caller supplies. The CA's PEM is written to a
// private temporary folder (0700) that close() removes, so clients can be pointed at it (--cacert,
// NODE_EXTRA_CA_CERTS, SSL_CERT_FILE); the CA's private key never leaves memory.
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @peculiar/x509 needs the Reflect metadata API before it loads (its README); loaded only when TLS is asked for.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** How the target serves TLS: a CA made at start-up, or files the caller supplies. */
export type TlsOption = { kind: 'generated' } | { kind: 'files'; certFile: string; keyFile: string };

export interface TlsMaterial {
  cert: string;
  key: string;
  /** PEM of the CA that signed `cert`; absent for a supplied certificate (its issuer is the caller's). */
  caPem?: string;
  /** Where `caPem` is on disk. */
  caFile?: string;
  /** Removes the CA's folder. Idempotent. */
  dispose(): void;
}

const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');

async function generate(now: Date): Promise<{ cert: string; key: string; caPem: string }> {
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 30 * DAY_MS);
  const caKeys = (await webcrypto.subtle.generateKey(ALG, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=stream-conformance reference target CA',
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '::1' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return { cert: leaf.toString('pem'), key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), caPem: ca.toString('pem') };
}

export async function prepareTls(option: TlsOption, now = new Date()): Promise<TlsMaterial> {
  if (option.kind === 'files') {
    return { cert: readFileSync(option.certFile, 'utf8'), key: readFileSync(option.keyFile, 'utf8'), dispose: () => {} };
  }
  const made = await generate(now);
  const dir = mkdtempSync(join(tmpdir(), 'stream-conformance-ca-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, made.caPem, { mode: 0o644 });
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    process.off('exit', dispose);
    rmSync(dir, { recursive: true, force: true });
  };
  // Also on an exit that skips close() (process.exit, an uncaught error); not on SIGKILL, which nothing survives.
  process.on('exit', dispose);
  return { ...made, caFile, dispose };
}
