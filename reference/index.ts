// The reference target's public entry point (`stream-conformance/target`): start it in this process, as a child
// process (through the CLI's `target` command), or in a container (testcontainers module); each gives the ready
// information (url, CA, credentials) and a close()/stop() that leaves nothing behind.
export { startTarget, type RunningTarget, type StartOptions } from './server';
export { spawnTarget, type SpawnOptions } from './child';
export {
  dockerAvailable,
  type RunningContainerTarget,
  startTargetContainer,
  type StartTargetContainerOptions,
  type ContainerTimings,
} from './container';
export { ReferenceTargetContainer, StartedReferenceTargetContainer } from './testcontainers';
export { type ApiKey, type TargetCredentials, targetCredentials } from './credentials';
export {
  ConfigError,
  DEFAULT_CONFIG,
  DEFAULT_REALISTIC,
  type RealisticConfig,
  type SeededConnection,
  DEFAULT_GROUP_ID,
  DEFAULT_TENANT,
  loadConfigFile,
  type ReadyInfo,
  resolveConfig,
  type TargetConfig,
  type TargetConfigInput,
} from './config';
export { FAULT_NAMES, FAULTS, type Fault, type FaultName, isFaultName } from './faults';
export type { TlsOption } from './tls';
export { digestAuthorization, parseDigest } from './digest';
export { LENIENT, LENIENT_NAMES, type LenientName, isLenientName, REALISTIC } from './lenient';
export { CHAOS_KINDS, type ChaosCounts, type ChaosKind, type ChaosSpec, ChaosSyntaxError, formatChaos, parseChaos } from './chaos';
