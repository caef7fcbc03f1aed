// `stream-conformance/target`: the reference target for consumers' own tests: in this process (startTarget), as a
// child process (spawnTarget), or in a container through testcontainers (startTargetContainer); each answers a
// RunningTarget whose `info` holds the url and the credentials, and whose close() stops it.
export { startTarget, type StartOptions, type RunningTarget } from '../reference/server';
export { spawnTarget, type SpawnOptions } from '../reference/child';
export {
  startTargetContainer,
  dockerAvailable,
  type StartTargetContainerOptions,
  type RunningContainerTarget,
  type ContainerTimings,
} from '../reference/container';
export { FAULTS, FAULT_NAMES, isFaultName, type Fault, type FaultName } from '../reference/faults';
export {
  DEFAULT_CONFIG,
  DEFAULT_GROUP_ID,
  DEFAULT_TENANT,
  resolveConfig,
  loadConfigFile,
  ConfigError,
  type TargetConfig,
  type TargetConfigInput,
  type ReadyInfo,
} from '../reference/config';
