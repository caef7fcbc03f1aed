// Before a run: the target answers and the credential authenticates (else certify exits 2 with one line saying
// why). A target that hangs, resets or answers garbage is not refused here: it is certified, and fails.
import { AuthSetupError, type Credential, describeCredential, TargetClient } from '../suites/client';
import type { TlsTrust } from '../suites/client/transport';

/** Certificate verification failures (node's OpenSSL codes): a run cannot be made until the CA is given. */
const TLS_TRUST_ERROR = /SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|CERT_(UNTRUSTED|HAS_EXPIRED|NOT_YET_VALID)|ERR_TLS_CERT_ALTNAME_INVALID|unable to verify|self-signed certificate/i;

/** Checks before the run that the target answers and the credential authenticates (else exit 2, one line). */
export async function preflight(target: string, groupId: string, tenant: string, credential: Credential, timeoutMs: number, tls?: TlsTrust): Promise<string | undefined> {
  const client = new TargetClient({ baseUrl: target, credential, timeoutMs, ...(tls ? { tls } : {}) });
  try {
    await client.prepare();
    const ex = await client.list(groupId, tenant);
    if (ex.outcome === 'transport-error') {
      // A target that hangs, resets or answers garbage is certified (and fails); one that cannot be reached is not.
      if (ex.error.kind === 'refused') return `target unreachable at ${target}: ${ex.error.message}`;
      if (ex.error.kind === 'other' && /ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(ex.error.message)) return `target unreachable at ${target}: ${ex.error.message}`;
      if (ex.error.kind === 'other' && TLS_TRUST_ERROR.test(ex.error.message)) {
        return `the target's TLS certificate is not trusted (${ex.error.message}); give its CA with --ca FILE or NODE_EXTRA_CA_CERTS`;
      }
      return undefined;
    }
    if (ex.response.status === 401) return `no credential that authenticates: the target answered 401 to ${describeCredential(credential)} (check --auth)`;
    return undefined;
  } catch (e) {
    if (e instanceof AuthSetupError) return `no credential that authenticates: ${e.message}`;
    return `cannot reach the target at ${target}: ${(e as Error).message}`;
  } finally {
    await client.close();
  }
}

