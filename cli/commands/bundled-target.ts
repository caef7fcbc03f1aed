// The reference target that `certify` starts when no --target is given: in a container where a Docker engine
// answers (the image is what consumers run too), else as a local child process.
import { dockerAvailable, startTargetContainer } from '../../reference/container';
import { spawnTarget } from '../../reference/child';
import type { FaultName } from '../../reference/faults';
import type { ReadyInfo } from '../../reference/server';

export interface BundledTarget {
  kind: 'container' | 'process';
  info: ReadyInfo;
  close(): Promise<void>;
}

/** `tls`: over HTTPS with a certificate from a CA made at start-up (its PEM in `info.ca`). */
export async function startBundledTarget(launch: 'auto' | 'container' | 'process', faults: readonly FaultName[], tls = false): Promise<BundledTarget> {
  const useContainer = launch === 'container' || (launch === 'auto' && (await dockerAvailable()));
  const tlsOption = tls ? { tls: { kind: 'generated' as const } } : {};
  if (useContainer) {
    const t = await startTargetContainer({ faults, ...tlsOption });
    return { kind: 'container', info: t.info, close: () => t.close() };
  }
  const t = await spawnTarget({ faults, ...tlsOption });
  return { kind: 'process', info: t.info, close: () => t.close() };
}
