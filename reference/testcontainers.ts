// A testcontainers module for consumers, in the style of the database and Microcks modules: configure, start, and
// read what a client needs (url, CA, credentials, project and stream instance) from the started container.
//
//   const target = await new ReferenceTargetContainer().withTls().withFault('status-201').start();
//   ... point the SDK at target.getUrl(), trust target.getCa(), authenticate with target.getCredentials() ...
//   await target.stop();
//
// The image is built from this package's Dockerfile on first use (startTargetContainer); the container runs on host
// networking and listens on 127.0.0.1 only.
import type { ReadyInfo } from './config';
import { type RunningContainerTarget, startTargetContainer, type StartTargetContainerOptions } from './container';
import { type TargetCredentials, targetCredentials } from './credentials';
import { type FaultName, isFaultName } from './faults';
import type { TlsOption } from './tls';

export class ReferenceTargetContainer {
  private readonly options: { -readonly [K in keyof StartTargetContainerOptions]: StartTargetContainerOptions[K] } = {};
  private readonly faults: FaultName[] = [];

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
    return new StartedReferenceTargetContainer(await startTargetContainer({ ...this.options, faults: [...this.faults] }));
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
