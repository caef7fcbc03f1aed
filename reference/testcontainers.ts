// A testcontainers module for consumers, in the style of the database and Microcks modules: configure, start, and
// read what a client needs (url, CA, credentials, project and stream instance) from the started container.
//
//   const target = await new ReferenceTargetContainer().withTls().withFault('status-201').start();
//   const vendorLike = await new ReferenceTargetContainer().withRealistic().withChaos('reset-after=0.005').withSeed(7).start();
//   ... point the SDK at target.getUrl(), trust target.getCa(), authenticate with target.getCredentials() ...
//   await target.stop();
//
// The image is built from this package's Dockerfile on first use (startTargetContainer); the container runs on host
// networking and listens on 127.0.0.1 only.
import type { ReadyInfo } from './config';
import { type RunningContainerTarget, startTargetContainer, type StartTargetContainerOptions } from './container';
import { type TargetCredentials, targetCredentials } from './credentials';
import { type ChaosSpec, checkChaos, parseChaos } from './chaos';
import { type FaultName, isFaultName } from './faults';
import { isLenientName, type LenientName } from './lenient';
import type { TlsOption } from './tls';

export class ReferenceTargetContainer {
  private readonly options: { -readonly [K in keyof StartTargetContainerOptions]: StartTargetContainerOptions[K] } = {};
  private readonly faults: FaultName[] = [];
  private readonly lenient: LenientName[] = [];

  /** `imageName`: the image to build and run (default `stream-conformance-target:local`). */
  constructor(imageName?: string) {
    if (imageName !== undefined) this.options.imageName = imageName;
  }

  /** Serve HTTPS: with a certificate from a CA made at start-up (the default; getCa() gives it), or with a
   *  certificate and key from files on this machine. */
  withTls(tls: TlsOption = { kind: 'generated' }): this {
    this.options.tls = tls;
    return this;
  }

  /** Switch on fault switches (reference/README.md), to see how the client under test copes. */
  withFault(...faults: FaultName[]): this {
    for (const f of faults) {
      if (!isFaultName(f)) throw new Error(`unknown fault ${JSON.stringify(f)}`);
      if (!this.faults.includes(f)) this.faults.push(f);
    }
    return this;
  }

  /** Lenient variants: the other things the profile allows (reference/README.md). */
  withLenient(...variants: LenientName[]): this {
    for (const l of variants) {
      if (!isLenientName(l)) throw new Error(`unknown lenient variant ${JSON.stringify(l)}`);
      if (!this.lenient.includes(l)) this.lenient.push(l);
    }
    return this;
  }

  /** Behave as the vendor's service does: reads that settle, PENDING then READY, Kafka deletes refused while
   *  deploying, its rate limit, charset, server defaults, no links, PLAINTEXT. Timings: withConfigFile's
   *  `realistic` (reference/README.md). */
  withRealistic(): this {
    this.options.realistic = true;
    return this;
  }

  /** Transport faults at the given rates, e.g. `reset-after=0.005,truncate=0.002,latency=0.01:200ms`. */
  withChaos(chaos: ChaosSpec | string): this {
    this.options.chaos = typeof chaos === 'string' ? parseChaos(chaos) : checkChaos(chaos);
    return this;
  }

  /** Seed of the drawn delays and the chaos (default: random; getReadyInfo().seed). */
  withSeed(seed: number): this {
    if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be an integer, got ${seed}`);
    this.options.seed = seed;
    return this;
  }

  /** Every stream instance starts with its sample connection (sample_stream_solar). */
  withSampleConnections(): this {
    this.options.sampleConnections = true;
    return this;
  }

  /** A target configuration file (projects, stream instances, credentials, fixtures; reference/README.md). */
  withConfigFile(path: string): this {
    this.options.configPath = path;
    return this;
  }

  /** The port on 127.0.0.1 (default: a free one). */
  withPort(port: number): this {
    this.options.port = port;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.options.startupTimeoutMs = ms;
    return this;
  }

  async start(): Promise<StartedReferenceTargetContainer> {
    return new StartedReferenceTargetContainer(await startTargetContainer({ ...this.options, faults: [...this.faults], lenient: [...this.lenient] }));
  }
}

export class StartedReferenceTargetContainer {
  private readonly credentials: TargetCredentials;

  constructor(private readonly running: RunningContainerTarget) {
    this.credentials = targetCredentials(running.info);
  }

  /** Base URL, `http://127.0.0.1:PORT` or, with TLS, `https://127.0.0.1:PORT`. */
  getUrl(): string {
    return this.running.url;
  }

  /** PEM of the CA that signed the certificate (withTls() with a generated certificate), else undefined. */
  getCa(): string | undefined {
    return this.running.info.ca;
  }

  /** A file on this machine holding getCa() (for NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, curl --cacert), removed by
   *  stop(). */
  getCaFile(): string | undefined {
    return this.running.info.caFile;
  }

  getCredentials(): TargetCredentials {
    return this.credentials;
  }

  /** The project id and stream instance name the credentials may use. */
  getGroupId(): string {
    return this.running.info.groupId;
  }

  getTenant(): string {
    return this.running.info.tenant;
  }

  /** The ready line as the `target` command prints it. */
  getReadyInfo(): ReadyInfo {
    return this.running.info;
  }

  getId(): string {
    return this.running.containerId;
  }

  /** Stops and removes the container, and removes the CA file. */
  stop(): Promise<void> {
    return this.running.close();
  }
}
