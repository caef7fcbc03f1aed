// Runs the reference target in a container through testcontainers: the bundle (dist/container/) is built into an image
// from the project's Dockerfile and started on host networking, so the server inside listens on 127.0.0.1:PORT and
// is reached there; nothing is ever sent to a container-network address.
//
// Engines without a bridge network (the one scripts/docker-engine.sh starts) need two testcontainers settings,
// applied here when unset: TESTCONTAINERS_RYUK_DISABLED=true (its reaper image cannot be pulled without a registry,
// and close() removes what we start) and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (host discovery otherwise fails with
// "Could not find a working container runtime strategy").
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../util/package-root';
import { behaviourFlags } from './child';
import type { ChaosSpec } from './chaos';
import type { FaultName } from './faults';
import type { LenientName } from './lenient';
import type { ReadyInfo, RunningTarget } from './server';
import type { TlsOption } from './tls';

const REPO_ROOT = PACKAGE_ROOT;
/** The self-contained bundle the image is built from (scripts/build-target.mjs; shipped prebuilt in the package). */
export const BUNDLE_DIR = join(REPO_ROOT, 'dist', 'container');
/** The repository's private engine (scripts/docker-engine.sh), used when DOCKER_HOST is unset. */
const PRIVATE_ENGINE_SOCKET = join(REPO_ROOT, '.docker-ci', 'docker.sock');
const DEFAULT_SOCKET = '/var/run/docker.sock';
const CONFIG_IN_CONTAINER = '/config/target-config.json';
const TLS_CERT_IN_CONTAINER = '/config/tls-cert.pem';
const TLS_KEY_IN_CONTAINER = '/config/tls-key.pem';

export const DEFAULT_IMAGE_NAME = 'stream-conformance-target:local';

export interface ContainerTimings {
  /** Bundling dist/container/ (0 when an existing bundle was used). */
  bundleMs: number;
  imageBuildMs: number;
  /** From asking for the container to reading its ready line. */
  startMs: number;
}

export type { ReadyInfo, RunningTarget };

export interface RunningContainerTarget extends RunningTarget {
  containerId: string;
  imageName: string;
  timings: ContainerTimings;
}

export interface StartTargetContainerOptions {
  /** Port on 127.0.0.1 (host networking); a free one is picked when absent. */
  port?: number;
  faults?: readonly FaultName[];
  /** Lenient variants (reference/lenient.ts). */
  lenient?: readonly LenientName[];
  /** Behave as the vendor's service does (timings from the config file's `realistic`). */
  realistic?: boolean;
  /** Transport faults: a spec or its text (reference/chaos.ts). */
  chaos?: ChaosSpec | string;
  /** Seed of the drawn delays and the chaos (default: random, in the ready line). */
  seed?: number;
  /** The stream instances start with their sample connections. */
  sampleConnections?: boolean;
  /** A target configuration file on this machine; copied into the container. */
  configPath?: string;
  imageName?: string;
  /** Re-bundle dist/container/ and build the image without Docker's layer cache. */
  rebuild?: boolean;
  /** Milliseconds to wait for the ready line (default 30 s). */
  startupTimeoutMs?: number;
  /** Serve HTTPS: a CA made at start-up inside the container (its PEM comes back in `info.ca`, and is written to
   *  `info.caFile` on this machine until close()), or a certificate and key from files on this machine. */
  tls?: TlsOption;
}

/**
 * Builds the image (Docker's layer cache makes an unchanged build take well under a second) and starts the target
 * in it. close() stops and removes the container; the image stays for the next start.
 */
export async function startTargetContainer(opts: StartTargetContainerOptions = {}): Promise<RunningContainerTarget> {
  if (opts.configPath !== undefined && !existsSync(opts.configPath)) {
    throw new Error(`target configuration file not found: ${opts.configPath}`);
  }
  await prepareTestcontainersEnvironment();
  const { GenericContainer, Wait, getContainerRuntimeClient, ImageName } = await import('testcontainers');

  const bundleStarted = performance.now();
  const bundled = await ensureBundle(opts.rebuild ?? false);
  const bundleMs = bundled ? performance.now() - bundleStarted : 0;

  const imageName = opts.imageName ?? DEFAULT_IMAGE_NAME;
  const buildStarted = performance.now();
  // BuildKit: the legacy builder commits a container per Dockerfile step, which on the vfs storage driver copies
  // the whole 100 MB root file system each time (9 s against under 1 s).
  await GenericContainer.fromDockerfile(REPO_ROOT)
    .withBuildkit()
    .withCache(!(opts.rebuild ?? false))
    .build(imageName, { deleteOnExit: false });
  // testcontainers reads the build's output without looking for errors in it: a failed build surfaces only as a
  // missing image (or, after an earlier good build, an unchanged one).
  if (!(await (await getContainerRuntimeClient()).image.exists(ImageName.fromString(imageName)))) {
    throw new Error(
      `building ${imageName} from ${join(REPO_ROOT, 'Dockerfile')} failed; is its base image present ` +
        '(scripts/seed-base-image.sh) or a registry reachable? `docker build .` shows the error',
    );
  }
  const imageBuildMs = performance.now() - buildStarted;

  const port = opts.port ?? (await freeLoopbackPort());
  const command = targetArgs({ ...opts, port });
  const output = new OutputCollector();
  let container = new GenericContainer(imageName)
    .withNetworkMode('host')
    .withCommand(command)
    .withLogConsumer((stream) => output.consume(stream))
    .withWaitStrategy(Wait.forLogMessage(/^\{.*"url"\s*:/))
    .withStartupTimeout(opts.startupTimeoutMs ?? 30_000);
  if (opts.configPath !== undefined) {
    container = container.withCopyFilesToContainer([{ source: resolve(opts.configPath), target: CONFIG_IN_CONTAINER, mode: 0o444 }]);
  }
  if (opts.tls?.kind === 'files') {
    // Readable by the image's unprivileged user; the container is private to this run and removed by close().
    container = container.withCopyFilesToContainer([
      { source: resolve(opts.tls.certFile), target: TLS_CERT_IN_CONTAINER, mode: 0o444 },
      { source: resolve(opts.tls.keyFile), target: TLS_KEY_IN_CONTAINER, mode: 0o444 },
    ]);
  }

  const startStarted = performance.now();
  let started;
  try {
    started = await container.start();
  } catch (err) {
    throw new Error(`the target container did not become ready: ${errorText(err)}${output.describeForError()}`);
  }
  let info: ReadyInfo;
  try {
    info = await output.readyInfo(5_000);
  } catch (err) {
    await started.stop({ timeout: 0 }).catch(() => undefined);
    throw err;
  }
  const startMs = performance.now() - startStarted;
  // The CA file named in the ready line is inside the container: write its PEM where this machine's clients can
  // read it.
  const caDir = info.ca !== undefined ? mkdtempSync(join(tmpdir(), 'stream-conformance-ca-')) : undefined;
  if (caDir !== undefined) {
    info.caFile = join(caDir, 'ca.pem');
    writeFileSync(info.caFile, info.ca!, { mode: 0o644 });
  }

  let closed: Promise<void> | undefined;
  return {
    url: info.url,
    info,
    containerId: started.getId(),
    imageName,
    timings: { bundleMs, imageBuildMs, startMs },
    close: () => {
      // The target exits on SIGTERM at once (reference/standalone.ts); 5 s is only a bound before SIGKILL.
      closed ??= started
        .stop({ timeout: 5_000, remove: true })
        .then(() => undefined)
        .finally(() => caDir !== undefined && rmSync(caDir, { recursive: true, force: true }));
      return closed;
    },
  };
}

/** The container's command line: the `target` command's flags (it listens on 127.0.0.1 only, always). */
export function targetArgs(
  opts: { port: number; faults?: readonly FaultName[]; configPath?: string; tls?: TlsOption } & Pick<StartTargetContainerOptions, 'lenient' | 'realistic' | 'chaos' | 'seed' | 'sampleConnections'>,
): string[] {
  const args = ['--port', String(opts.port)];
  for (const fault of opts.faults ?? []) args.push('--fault', fault);
  args.push(...behaviourFlags(opts));
  if (opts.configPath !== undefined) args.push('--config', CONFIG_IN_CONTAINER);
  if (opts.tls?.kind === 'generated') args.push('--tls');
  if (opts.tls?.kind === 'files') args.push('--tls-cert', TLS_CERT_IN_CONTAINER, '--tls-key', TLS_KEY_IN_CONTAINER);
  return args;
}

/**
 * Whether a Docker engine answers, within `timeoutMs`: a GET /_ping on DOCKER_HOST, else the default socket, else
 * the repository's private engine. Only unix sockets and loopback TCP are asked; any other DOCKER_HOST counts as
 * unavailable, since this suite sends nothing off the machine.
 */
export async function dockerAvailable(timeoutMs = 2_000): Promise<boolean> {
  return (await findDockerHost(timeoutMs)) !== undefined;
}

async function findDockerHost(timeoutMs: number): Promise<string | undefined> {
  const candidates = process.env.DOCKER_HOST
    ? [process.env.DOCKER_HOST]
    : [`unix://${DEFAULT_SOCKET}`, `unix://${PRIVATE_ENGINE_SOCKET}`];
  for (const host of candidates) {
    if (await pingDocker(host, timeoutMs)) return host;
  }
  return undefined;
}

/** Sets DOCKER_HOST (when unset) and the two testcontainers settings before testcontainers first reads them. */
async function prepareTestcontainersEnvironment(): Promise<void> {
  const host = await findDockerHost(2_000);
  if (host === undefined) {
    throw new Error(
      `no Docker engine answers (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}; tried ${DEFAULT_SOCKET} and ${PRIVATE_ENGINE_SOCKET}); ` +
        'start one with `scripts/docker-engine.sh start`',
    );
  }
  process.env.DOCKER_HOST ??= host;
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}

export function pingDocker(dockerHost: string, timeoutMs: number): Promise<boolean> {
  const target = parseDockerHost(dockerHost);
  if (target === undefined) return Promise.resolve(false);
  if ('socketPath' in target && !existsSync(target.socketPath)) return Promise.resolve(false);
  return new Promise((resolvePing) => {
    const req = request({ ...target, method: 'GET', path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolvePing(res.statusCode === 200));
      res.on('error', () => resolvePing(false));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolvePing(false));
    req.end();
  });
}

type DockerEndpoint = { socketPath: string } | { host: string; port: number };

/** unix:///path, or tcp://127.0.0.1|localhost|[::1]:port; anything else is refused (undefined). */
export function parseDockerHost(dockerHost: string): DockerEndpoint | undefined {
  if (dockerHost.startsWith('unix://')) {
    const socketPath = dockerHost.slice('unix://'.length);
    return socketPath.startsWith('/') ? { socketPath } : undefined;
  }
  const tcp = /^tcp:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})\/?$/.exec(dockerHost);
  if (!tcp) return undefined;
  const port = Number(tcp[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: tcp[1] === '[::1]' ? '::1' : tcp[1]!, port };
}

/** Builds dist/container/ when it is missing (or always, when asked); answers whether it built. */
async function ensureBundle(force: boolean): Promise<boolean> {
  const ready = existsSync(join(BUNDLE_DIR, 'target.mjs')) && existsSync(join(BUNDLE_DIR, 'contracts', 'openapi.yaml'));
  if (ready && !force) return false;
  // An installed package ships the bundle and not the bundler (a dev dependency): rebuilding is for a checkout.
  if (!existsSync(join(REPO_ROOT, 'scripts', 'build-target.mjs'))) {
    if (ready) return false;
    throw new Error(`the container bundle ${BUNDLE_DIR} is missing from this installation of stream-conformance`);
  }
  try {
    await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'scripts', 'build-target.mjs')], { cwd: REPO_ROOT });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`bundling the target failed (npm run build:target): ${stderr.trim() || errorText(err)}`);
  }
  return true;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port on 127.0.0.1'))));
    });
  });
}

/**
 * Collects the container's output lines: finds the ready line, and keeps the last few other lines for error
 * messages. The ready line holds credentials, so it is never kept as text.
 */
class OutputCollector {
  private readonly tail: string[] = [];
  private info: ReadyInfo | undefined;
  private waiters: Array<(info: ReadyInfo) => void> = [];
  private partial = '';

  consume(stream: Readable): void {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (this.partial + chunk).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.line(line.replace(/\r$/, ''));
    });
    stream.on('end', () => {
      if (this.partial) this.line(this.partial);
      this.partial = '';
    });
    stream.on('error', () => undefined);
  }

  readyInfo(timeoutMs: number): Promise<ReadyInfo> {
    if (this.info) return Promise.resolve(this.info);
    return new Promise((resolveInfo, reject) => {
      const timer = setTimeout(() => reject(new Error(`the target printed no JSON ready line${this.describeForError()}`)), timeoutMs);
      this.waiters.push((info) => {
        clearTimeout(timer);
        resolveInfo(info);
      });
    });
  }

  describeForError(): string {
    return this.tail.length === 0 ? '' : `; its last output:\n${this.tail.join('\n')}`;
  }

  private line(line: string): void {
    const info = parseReadyLine(line);
    if (info) {
      this.info ??= info;
      for (const wake of this.waiters.splice(0)) wake(info);
      return;
    }
    if (line.trimStart().startsWith('{')) return; // JSON that is not a ready line: it may still carry secrets
    this.tail.push(line);
    if (this.tail.length > 20) this.tail.shift();
  }
}

export function parseReadyLine(line: string): ReadyInfo | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const keys = ['url', 'groupId', 'tenant', 'auth', 'readonlyAuth', 'serviceAccount', 'bearer'] as const;
  if (!keys.every((k) => typeof v[k] === 'string')) return undefined;
  const optional = (['caFile', 'ca'] as const).filter((k) => typeof v[k] === 'string');
  const seed = typeof v.seed === 'number' ? { seed: v.seed } : {};
  return { ...Object.fromEntries([...keys, ...optional].map((k) => [k, v[k]])), ...seed } as unknown as ReadyInfo;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
