// Signing and checking a run's reports: certificate.json carries the SHA-256 of every other report file, and
// certificate.jws is a detached JWS (EdDSA, Ed25519) over certificate.json's exact bytes. Change any byte of any
// report and either the manifest or the signature no longer holds.
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompactSign, compactVerify } from 'jose';

export const SIGNATURE_FILE = 'certificate.jws';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

function readKey(file: string, kind: 'private' | 'public'): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KeyFileError(`cannot read the ${kind} key ${file}: ${(e as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    // Never quoted: the file may hold a secret in some other form.
    throw new KeyFileError(`${file} is not a PEM ${kind} key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`${file} is a ${key.asymmetricKeyType ?? 'symmetric'} key; an Ed25519 key is needed`);
  return key;
}

export const readSigningKey = (file: string) => readKey(file, 'private');
export const readPublicKey = (file: string) => readKey(file, 'public');

/** SHA-256 of the public key's SPKI DER, hex: what the reports name the signer by. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return sha256(pub.export({ type: 'spki', format: 'der' }));
}

/** A detached compact JWS (`header..signature`) over the payload's bytes. */
export async function signDetached(payload: Buffer, key: KeyObject): Promise<string> {
  const jws = await new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid: keyFingerprint(key), cty: 'stream-conformance-certificate+json' }).sign(key);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

/** True when the detached JWS is a valid signature of the payload by the key. */
export async function verifyDetached(jws: string, payload: Buffer, key: KeyObject): Promise<boolean> {
  const parts = jws.replace(/\n$/, '').split('.');
  if (parts.length !== 3 || parts[1] !== '') return false;
  try {
    await compactVerify(`${parts[0]}.${payload.toString('base64url')}.${parts[2]}`, key, { algorithms: ['EdDSA'] });
    return true;
  } catch {
    return false;
  }
}
