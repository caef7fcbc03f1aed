// Before a run: the target answers and the credential authenticates (else certify exits 2 with one line saying
// why). A target that hangs, resets or answers garbage is not refused here: it is certified, and fails.
import { AuthSetupError, type Credential, describeCredential, TargetClient } from '../client';
import { type TlsTrust, untrustedCertificate } from '../client/transport';

/** Checks before the run that the target answers and the credential authenticates (else exit 2, one line).
 *  `answering`: also refuse a target that does not answer in time (or at all) and a stream instance it does not
 *  know (compare: nothing could be compared). */
export async function preflight(target: string, groupId: string, tenant: string, credential: Credential, timeoutMs: number, tls?: TlsTrust, opts: { answering?: boolean } = {}): Promise<string | undefined> {
  const client = new TargetClient({ baseUrl: target, credential, timeoutMs, ...(tls ? { tls } : {}) });
  try {
    await client.prepare();
    const ex = await client.list(groupId, tenant);
    if (ex.outcome === 'transport-error') {
      // A target that hangs, resets or answers garbage is certified (and fails); one that cannot be reached is not.
      if (ex.error.kind === 'refused') return `target unreachable at ${target}: ${ex.error.message}`;
      if (ex.error.kind === 'other' && /ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(ex.error.message)) return `target unreachable at ${target}: ${ex.error.message}`;
      const tlsProblem = untrustedCertificate(ex.error);
      if (tlsProblem || !opts.answering) return tlsProblem;
      return `the target at ${target} did not answer a listing of ${tenant} (${ex.error.kind}: ${ex.error.message})`;
    }
    if (opts.answering && ex.response.status === 404) return `the target at ${target} does not know stream instance ${tenant} of project ${groupId} (a listing answered 404; check --group-id and --tenant)`;
    if (ex.response.status === 401) return `no credential that authenticates: the target answered 401 to ${describeCredential(credential)} (check --auth)`;
    return undefined;
  } catch (e) {
    if (e instanceof AuthSetupError) return `no credential that authenticates: ${e.message}`;
    return `cannot reach the target at ${target}: ${(e as Error).message}`;
  } finally {
    await client.close();
  }
}

