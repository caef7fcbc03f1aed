// The consumer tests: each interaction is registered with a Pact V4 mock server on 127.0.0.1 and exercised by the
// consumer client (pacts/consumer/client.ts), which checks what a client relies on. Pact writes the pact file only
// when every interaction was matched, so the file in contracts/pacts/ is the record of passing consumer tests.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MatchersV3 as M, PactV4 } from './pact-lib';
import { loadContract } from '../contracts/loader';
import { VENDOR_MEDIA_TYPE } from '../contracts/types';
import { exampleBodies } from './bodies';
import { createStreamConnection, type CreateResponse } from './consumer/client';
import { type InteractionSpec, buildInteractions } from './interactions';
import { CONSUMER, DEFAULT_PACT_SEED, FAKE_SECRET_PREFIX, PACT_FILE_NAME, PROVIDER } from './names';

export interface WritePactsOptions {
  /** Directory the pact file is written to (created if missing; an existing pact file there is replaced). */
  dir: string;
  seed?: number;
}

export interface WritePactsResult {
  file: string;
  interactions: number;
}

/** Runs every consumer test and writes the pact file. Throws, naming the interaction, when one fails. */
export async function writePacts(opts: WritePactsOptions): Promise<WritePactsResult> {
  const contract = loadContract();
  const specs = buildInteractions(exampleBodies(opts.seed ?? DEFAULT_PACT_SEED), contract);
  mkdirSync(opts.dir, { recursive: true });
  const file = join(opts.dir, PACT_FILE_NAME);
  // Pact merges into an existing file; start from nothing so the file holds exactly these interactions.
  rmSync(file, { force: true });
  const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: opts.dir, host: '127.0.0.1', logLevel: 'error' });
  for (const spec of specs) {
    for (let attempt = 1; ; attempt++) {
      try {
        await record(pact, spec);
        break;
      } catch (e) {
        // Each interaction gets a fresh mock server on a port the OS picks; on a busy machine the request has been
        // seen answered by the previous one, still closing on the same port, while the new one reports it "expected
        // but not received". That interaction is recorded again, in a new server; any other failure is final.
        const message = (e as Error).message;
        if (attempt < 3 && /expected but not received/.test(message)) continue;
        throw new Error(`consumer test "${spec.description}" failed: ${message}`);
      }
    }
  }
  if (!existsSync(file)) throw new Error(`pact file was not written: ${file}`);
  return { file, interactions: specs.length };
}

async function record(pact: PactV4, spec: InteractionSpec): Promise<void> {
  let interaction = pact.addInteraction();
  for (const s of spec.states) interaction = interaction.given(s.name, s.params as never);
  const status = spec.response.statuses ? M.matchStatus(spec.response.status, spec.response.statuses) : spec.response.status;
  await interaction
    .uponReceiving(spec.description)
    .withRequest('POST', injectedPath(spec), (b) => {
      b.headers(spec.request.headers as never);
      vendorJsonBody(b, 'request', spec.request.body);
    })
    .willRespondWith(status, (b) => {
      b.headers(spec.response.headers as never);
      const mediaType = spec.response.status === 200 ? VENDOR_MEDIA_TYPE : 'application/json';
      if (mediaType === VENDOR_MEDIA_TYPE) vendorJsonBody(b, 'response', spec.response.body);
      else b.jsonBody(spec.response.body);
    })
    .executeTest(async (server) => {
      const res = await createStreamConnection({ baseUrl: server.url, ...spec.send });
      assertClientExpectations(spec, res);
    });
}

/**
 * The path as a regex matcher whose example the verifier regenerates from provider-state values (`${groupId}`,
 * `${tenantName}`). MatchersV3.fromProviderState would pair the generator with a `type` matcher, which accepts any
 * path and leaves a stub server unable to tell the unknown-instance interaction from the others.
 */
function injectedPath(spec: InteractionSpec): never {
  return {
    'pact:matcher:type': 'regex',
    regex: spec.request.pathRegex,
    'pact:generator:type': 'ProviderState',
    expression: spec.request.pathExpression,
    value: spec.request.path,
  } as never;
}

/**
 * pact-js's `jsonBody` always records `application/json`; the operation's bodies are the vendor media type, and
 * the pact must say so. The FFI call underneath takes the content type as an argument and still processes the
 * matchers of any JSON media type, so it is called directly with the vendor type.
 */
function vendorJsonBody(builder: unknown, direction: 'request' | 'response', template: unknown): void {
  const interaction = (builder as { interaction?: Record<string, unknown> }).interaction;
  const fn = interaction?.[direction === 'request' ? 'withRequestBody' : 'withResponseBody'];
  if (typeof fn !== 'function') throw new Error('pact-js builder has no FFI interaction: vendor media type body cannot be recorded');
  fn.call(interaction, M.matcherValueOrString(template), VENDOR_MEDIA_TYPE);
}

/** What the client relies on in each answer, checked on the mock server's answer (so on the pact's examples). */
export function assertClientExpectations(spec: InteractionSpec, res: CreateResponse): void {
  const expected = [spec.response.status, ...(spec.response.statuses ?? [])];
  if (!expected.includes(res.status)) throw new Error(`status ${res.status}, expected ${expected.join(' or ')}`);
  if (res.text.includes(FAKE_SECRET_PREFIX)) throw new Error('a write-only value came back in the response body');
  const body = res.json as Record<string, unknown> | undefined;
  if (spec.kind.kind === 'success') {
    if (!res.contentType.startsWith(VENDOR_MEDIA_TYPE)) throw new Error(`content type ${res.contentType}, expected ${VENDOR_MEDIA_TYPE}`);
    if (body?.name !== spec.send.body.name || body?.type !== spec.send.body.type) throw new Error('response name/type differ from the request');
    return;
  }
  if (!res.contentType.startsWith('application/json')) throw new Error(`content type ${res.contentType}, expected application/json`);
  if (body?.error !== res.status) throw new Error(`error ${String(body?.error)} differs from status ${res.status}`);
  if (typeof body?.errorCode !== 'string') throw new Error('errorCode missing');
  if (spec.kind.error === 'rate-limited' && !/^[0-9]+$/.test(res.retryAfter ?? '')) throw new Error('429 without Retry-After seconds');
}
