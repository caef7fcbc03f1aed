// Versioned content negotiation: Atlas serves `application/vnd.atlas.YYYY-MM-DD+json` by the latest resource
// version not after the date asked for. This resource has one version, 2023-02-01, so any valid date from then on
// is served by it and anything else (no Accept, application/json, */*, an earlier or impossible date, a malformed
// vendor type) is 406 INVALID_VERSION_DATE. `*/*` names no version, so it is not a versioned Accept (profile:
// "missing/application/json/... -> 406").
import { RESOURCE_VERSION } from '../contracts/types';

export type AcceptVerdict = { ok: true } | { ok: false; detail: string };

const VENDOR = /^application\/vnd\.atlas\.([^+]*)\+json$/;

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function judge(accept: string | undefined): AcceptVerdict {
  if (accept === undefined || accept.trim() === '') {
    return { ok: false, detail: 'Missing versioned Accept header: send application/vnd.atlas.YYYY-MM-DD+json.' };
  }
  let sawVendor = false;
  for (const range of accept.split(',')) {
    const [typePart, ...params] = range.split(';');
    const type = typePart!.trim().toLowerCase();
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    const m = VENDOR.exec(type);
    if (!m) continue;
    sawVendor = true;
    const date = m[1]!;
    if (isCalendarDate(date) && date >= RESOURCE_VERSION) return { ok: true };
  }
  return {
    ok: false,
    detail: sawVendor
      ? `Invalid or unsupported version date in the Accept header; the earliest version of this resource is ${RESOURCE_VERSION}.`
      : 'The Accept header names no API version: send application/vnd.atlas.YYYY-MM-DD+json.',
  };
}

// Clients send the same few Accept values over and over; remember the verdicts for the common ones.
const cache = new Map<string, AcceptVerdict>();

export function negotiateVersion(accept: string | undefined): AcceptVerdict {
  if (accept === undefined || accept.length > 256) return judge(accept);
  let v = cache.get(accept);
  if (!v) {
    v = judge(accept);
    if (cache.size >= 256) cache.clear();
    cache.set(accept, v);
  }
  return v;
}
