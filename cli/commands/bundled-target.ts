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

export async function startBundledTarget(launch: 'auto' | 'container' | 'process', faults: readonly FaultName[]): Promise<BundledTarget> {
  const useContainer = launch === 'container' || (launch === 'auto' && (await dockerAvailable()));
  if (useContainer) {
    const t = await startTargetContainer({ faults });
    return { kind: 'container', info: t.info, close: () => t.close() };
  }
  const t = await spawnTarget({ faults });
  return { kind: 'process', info: t.info, close: () => t.close() };
}
