// `stream-conformance pacts <verify|generate|stub>`: the Pact side of the suite (pacts/README.md).
//   verify   replays contracts/pacts against a target with the Pact verifier (flags as certify's);
//            exit 0 every interaction verified, 1 one failed, 2 the run could not be made.
//   generate runs the consumer tests and rewrites contracts/pacts (same seed, same bytes).
//   stub     serves the pacts with the Pact stub server on 127.0.0.1.
import { writeFileSync } from 'node:fs';
import { readCaFile, tlsTrust, UsageError } from '../args';
import { flagUsage, type FlagTable, parseFlags, wholeNumber } from '../../util/flags';
import { RUN_FLAGS } from '../../runner/settings';
import { DEFAULT_CONFIG } from '../../reference/config';
import { type FaultName, isFaultName } from '../../reference/faults';
import { startTarget } from '../../reference/server';
import { AuthSetupError, type Credential, describeCredential, parseCredential } from '../../client';
import { DEFAULT_RATE_LIMIT_PROBE, type VerifyResult, verifyPacts } from '../../pacts/verify/run';

/** pacts verify's flags: the target's as certify's (runner/settings.ts), and its own. */
const VERIFY_FLAGS = {
  target: RUN_FLAGS.target,
  'group-id': RUN_FLAGS['group-id'],
  tenant: RUN_FLAGS.tenant,
  auth: RUN_FLAGS.auth,
  'readonly-auth': { ...RUN_FLAGS['readonly-auth'], help: 'a credential without the create role (the read-only interaction needs it)' },
  timeout: RUN_FLAGS.timeout,
  ca: { type: 'string', env: 'CONFORMANCE_CA', value: 'FILE', help: "PEM file of the private CA that signed an https target's certificate" },
  insecure: { type: 'boolean', help: "UNSAFE, for diagnosis only: do not verify the https target's certificate (warns)" },
  'rate-limit-probe': {
    type: 'string',
    value: 'N',
    help: `look for the target's rate limit with at most N requests, for the 429 interaction; off by default against a --target (that interaction is then reported not verifiable), on with ${DEFAULT_RATE_LIMIT_PROBE} against the bundled target`,
  },
  pact: { type: 'string', value: 'FILE', help: 'pact file (default contracts/pacts/<consumer>-<provider>.json)' },
  json: { type: 'string', value: 'FILE', help: 'also write the per-interaction verdicts as JSON' },
  fault: { type: 'string', multiple: true, value: 'NAME', help: 'bundled target only: switch on a reference fault (repeatable)' },
  help: { type: 'boolean', help: 'this text' },
} as const satisfies FlagTable;

const USAGE = [
  'usage: stream-conformance pacts <command> [options]',
  '',
  'commands:',
  '  verify     verify contracts/pacts against a target with the Pact verifier',
  '  generate   run the consumer tests and rewrite contracts/pacts   [--seed N] [--dir DIR]',
  '  stub       serve the pacts with the Pact stub server            [--port N] [--file PACT.json]',
  '',
  "verify options (as certify's):",
  ...flagUsage(VERIFY_FLAGS),
  '',
  'Exit status: 0 verified, 1 an interaction failed, 2 the run could not be made.',
].join('\n');

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'verify':
      return verify(rest, process.env);
    case 'generate':
      return (await import('../../pacts/generate')).main(rest);
    case 'stub':
      return (await import('../../pacts/stub')).main(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return sub === undefined ? 2 : 0;
    default:
      process.stderr.write(`stream-conformance pacts: unknown command ${JSON.stringify(sub)}\n${USAGE}\n`);
      return 2;
  }
}

export interface VerifyArgs {
  target?: string;
  groupId?: string;
  tenant?: string;
  auth?: Credential;
  readonlyAuth?: Credential;
  timeoutMs: number;
  /** PEM of --ca. */
  caPem?: string;
  insecure: boolean;
  /** Absent: the default for the target (off for --target, on for the bundled one). */
  rateLimitProbe?: number;
  pact?: string;
  json?: string;
  faults: FaultName[];
  help: boolean;
}

export { UsageError };

export function parseVerifyArgs(argv: string[], env: NodeJS.ProcessEnv): VerifyArgs {
  const { values } = parseFlags(argv, VERIFY_FLAGS, { env });
  const str = (name: keyof typeof VERIFY_FLAGS): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const credential = (name: 'auth' | 'readonly-auth'): Credential | undefined => {
    const text = str(name);
    if (text === undefined) return undefined;
    try {
      return parseCredential(text);
    } catch (e) {
      throw new UsageError(`--${name}: ${(e as Error).message}`);
    }
  };
  const faults = (values.fault ?? []).map((f) => {
    if (!isFaultName(f)) throw new UsageError(`--fault: unknown fault ${JSON.stringify(f)}`);
    return f;
  });
  const target = str('target');
  const groupId = str('group-id');
  const tenant = str('tenant');
  const auth = credential('auth');
  const readonlyAuth = credential('readonly-auth');
  if (target !== undefined) {
    if (faults.length > 0) throw new UsageError('--fault applies to the bundled target only (drop --target)');
    const missing = [groupId === undefined && '--group-id', tenant === undefined && '--tenant', auth === undefined && '--auth'].filter(Boolean);
    if (missing.length > 0) throw new UsageError(`--target needs ${missing.join(', ')}`);
    if (!/^[a-f0-9]{24}$/.test(groupId!)) throw new UsageError('--group-id must be 24 lower-case hex digits');
  }
  const pact = str('pact');
  const json = str('json');
  const caFile = str('ca');
  const caPem = caFile === undefined ? undefined : readCaFile(caFile);
  return {
    ...(target !== undefined ? { target } : {}),
    ...(groupId !== undefined ? { groupId } : {}),
    ...(tenant !== undefined ? { tenant } : {}),
    ...(auth ? { auth } : {}),
    ...(readonlyAuth ? { readonlyAuth } : {}),
    timeoutMs: wholeNumber('timeout', str('timeout'), 10_000, 1),
    ...(caPem !== undefined ? { caPem } : {}),
    insecure: values.insecure === true,
    ...(str('rate-limit-probe') !== undefined ? { rateLimitProbe: wholeNumber('rate-limit-probe', str('rate-limit-probe'), 0, 1) } : {}),
    ...(pact !== undefined ? { pact } : {}),
    ...(json !== undefined ? { json } : {}),
    faults,
    help: values.help === true,
  };
}

/**
 * The bundled reference target, started for verification with a token-bucket rate limit so the 429 interaction
 * can be verified: roomy enough for the other seventeen interactions and their state changes, refilled so
 * slowly that once drained it stays drained for the one request that follows.
 */
export const BUNDLED_RATE_LIMIT = { capacity: 300, refillPerSecond: 0.05 } as const;

export async function verify(argv: string[], env: NodeJS.ProcessEnv, out = process.stdout, err = process.stderr): Promise<number> {
  let args: VerifyArgs;
  try {
    args = parseVerifyArgs(argv, env);
  } catch (e) {
    err.write(`stream-conformance pacts verify: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  let bundled: Awaited<ReturnType<typeof startTarget>> | undefined;
  let result: VerifyResult;
  try {
    if (args.target === undefined) {
      bundled = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: { ...BUNDLED_RATE_LIMIT } }, faults: args.faults });
      out.write(`bundled reference target at ${bundled.url}${args.faults.length ? ` with faults ${args.faults.join(', ')}` : ''}\n`);
    }
    const targetUrl = args.target ?? bundled!.url;
    const credential = args.auth ?? parseCredential(bundled!.info.auth);
    const readOnly = args.readonlyAuth ?? (bundled ? parseCredential(bundled.info.readonlyAuth) : undefined);
    const groupId = args.groupId ?? bundled!.info.groupId;
    const tenant = args.tenant ?? bundled!.info.tenant;
    out.write(`verifying pacts against ${targetUrl} (group ${groupId}, stream instance ${tenant}) as ${describeCredential(credential)}\n`);
    if (args.insecure) err.write("WARNING: --insecure: the target's TLS certificate is not verified; anyone on the path could impersonate it and read the credentials. Use --ca FILE instead.\n");
    const tls = tlsTrust(args);
    result = await verifyPacts({
      targetUrl,
      groupId,
      tenant,
      credential,
      ...(readOnly ? { readOnlyCredential: readOnly } : {}),
      timeoutMs: args.timeoutMs,
      ...(tls ? { tls } : {}),
      // A thousand requests at a shared project someone else runs is not a probe: off unless asked for.
      rateLimitProbe: args.rateLimitProbe ?? (bundled ? DEFAULT_RATE_LIMIT_PROBE : 0),
      ...(args.pact ? { pactFile: args.pact } : {}),
      // The bundled target is thrown away afterwards (and its rate limit drained): nothing left there matters.
      ...(bundled ? {} : { log: (line: string) => err.write(`stream-conformance pacts verify: ${line}\n`) }),
    });
  } catch (e) {
    const msg = e instanceof AuthSetupError ? `cannot authenticate: ${e.message}` : (e as Error).message;
    err.write(`stream-conformance pacts verify: ${msg}\n`);
    return 2;
  } finally {
    await bundled?.close();
  }
  out.write(`\n${formatSummary(result)}\n`);
  if (args.json) {
    try {
      writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
    } catch (e) {
      err.write(`stream-conformance pacts verify: cannot write ${args.json}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  return result.ok ? 0 : 1;
}

export function formatSummary(r: VerifyResult): string {
  const lines = r.interactions.map((i) => {
    if (i.notAssessed) return `NOT VERIFIABLE  [${i.level}] ${i.description}\n        ${i.notAssessed}`;
    return `${i.ok ? 'PASS' : 'FAIL'}  [${i.level}] ${i.description}${i.ok ? '' : i.reasons.map((x) => `\n        ${x}`).join('')}`;
  });
  const open = r.interactions.filter((i) => i.notAssessed).length;
  const failed = r.interactions.filter((i) => !i.ok && !i.notAssessed).length;
  const verified = r.interactions.length - open;
  const tail = open > 0 ? ` (${open} not verifiable)` : '';
  lines.push('', failed === 0 ? `pact verification passed: ${verified} interactions${tail}` : `pact verification FAILED: ${failed} of ${verified} interactions${tail}`);
  return lines.join('\n');
}
