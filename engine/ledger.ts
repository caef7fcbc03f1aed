// The run's ledger: every connection name sent in a create that could have succeeded, whatever sent it (suites,
// probes, shrink candidates, Pact provider states and interactions) and whether or not it carries the run prefix.
// A create "could have succeeded" unless the target answered it 4xx: a 2xx created it, and a 5xx, a redirect or no
// answer at all may have. The final sweep deletes what of these is still there (engine/cleanup.ts).
import { isPlainObject } from '../util/json';
import type { Exchange } from '../client/exchange';
import { isNotSent, type SendRequest, type TargetClient } from '../client';

export interface LedgerEntry {
  groupId: string;
  tenant: string;
  name: string;
}

export function ledgerKey(e: LedgerEntry): string {
  return `${e.groupId}/${e.tenant}/${e.name}`;
}

const COLLECTION = /\/groups\/([^/?#]+)\/streams\/([^/?#]+)\/connections(?:\?.*)?$/;

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The connection a request would create: a POST to a connections collection with a JSON object body naming it. */
export function createdBy(req: Pick<SendRequest, 'method' | 'path' | 'body'>): LedgerEntry | undefined {
  if (req.method !== 'POST' || req.body === undefined) return undefined;
  const m = COLLECTION.exec(req.path);
  if (!m) return undefined;
  const groupId = decoded(m[1]!);
  const tenant = decoded(m[2]!);
  if (groupId === undefined || tenant === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body);
  } catch {
    return undefined;
  }
  // An empty name addresses the collection, not a connection: nothing could delete it (trackIfCreated says so).
  if (!isPlainObject(body) || typeof body.name !== 'string' || body.name === '') return undefined;
  return { groupId, tenant, name: body.name };
}

/** The status an answer means: with envelope=true a target may wrap another status in an HTTP 200. */
function meant(ex: Extract<Exchange, { outcome: 'response' }>): number {
  const j = ex.response.json;
  if (/[?&]envelope=true(&|$)/.test(ex.request.url) && isPlainObject(j) && Number.isInteger(j.status) && 'content' in j) return j.status as number;
  return ex.response.status;
}

export function couldHaveCreated(ex: Exchange): boolean {
  if (ex.outcome === 'transport-error') return true;
  const status = meant(ex);
  return status < 400 || status >= 500;
}

/** Makes `client` tell `record` of every create it sends that could have succeeded. */
export function recordCreates(client: TargetClient, record: (e: LedgerEntry) => void): void {
  client.onSent((req, ex) => {
    // The status first: most creates a run sends are refused, and parsing their bodies (some of them megabytes) was
    // a tenth of the worker's time.
    if (!couldHaveCreated(ex)) return;
    const entry = createdBy(req);
    if (entry) record(entry);
  });
}

/** Most pages read while listing one stream instance (a target that pages by 1 still lists 1,000 connections). */
const MAX_PAGES = 1000;
const PAGE_SIZE = 500;

export type Listing = { ok: true; names: Set<string> } | { ok: false; why: string };

function describe(ex: Exchange): string {
  return ex.outcome === 'response' ? String(ex.response.status) : `no answer (${ex.error.kind})`;
}

/**
 * Every connection name in a stream instance, page by page. The profile says nothing of paging, so pages may be
 * smaller than asked and totalCount may be absent: it reads until a page is empty, brings nothing new, or the
 * names reach totalCount.
 */
export async function listNames(client: TargetClient, groupId: string, tenant: string): Promise<Listing> {
  const names = new Set<string>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    let ex: Exchange;
    try {
      ex = await client.list(groupId, tenant, { query: { itemsPerPage: String(PAGE_SIZE), pageNum: String(page) } });
    } catch (e) {
      // Held back by the run's breaker or budget: the target is taken as down, so there is no listing.
      if (isNotSent(e)) return { ok: false, why: `listing ${tenant} was not sent (${(e as Error).message})` };
      throw e;
    }
    if (ex.outcome !== 'response' || ex.response.status !== 200 || !isPlainObject(ex.response.json) || !Array.isArray(ex.response.json.results)) {
      return { ok: false, why: `listing ${tenant} (page ${page}) answered ${describe(ex)}` };
    }
    const { results, totalCount } = ex.response.json;
    const before = names.size;
    for (const r of results) if (isPlainObject(r) && typeof r.name === 'string') names.add(r.name);
    const done = results.length === 0 || names.size === before || (typeof totalCount === 'number' && names.size >= totalCount);
    if (done) return { ok: true, names };
  }
  return { ok: true, names };
}
