// The pieces of a request the client builds and checks: paths, query strings, headers, and the name a create
// claims (to check by name whether a create whose answer was lost took effect).

/** For a create with a JSON body naming its connection: the path of that connection, to check whether it exists. */
export function createdName(req: { method: string; path: string; body?: string | Buffer }): string | undefined {
  const path = req.path.split('?')[0]!;
  if (req.method !== 'POST' || !path.endsWith('/connections') || req.body === undefined) return undefined;
  try {
    const name = (JSON.parse(req.body.toString()) as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name !== '' ? `${path}/${encodeURIComponent(name)}` : undefined;
  } catch {
    return undefined;
  }
}

export function queryString(query: Record<string, string> | undefined): string {
  if (!query || Object.keys(query).length === 0) return '';
  return `?${new URLSearchParams(query).toString()}`;
}

export function lowerCaseHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

export function mergeHeaders(defaults: Record<string, string>, given: Record<string, string | null> | undefined): Record<string, string> {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(given ?? {})) {
    const name = k.toLowerCase();
    if (v === null) delete out[name];
    else out[name] = v;
  }
  return out;
}

/** The path is appended to the base URL as is: it must stay on that origin and be a valid request-target. */
export function checkPath(path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    throw new TypeError(`request path must start with a single '/', got ${JSON.stringify(String(path).slice(0, 100))}`);
  }
  if (!/^[\x21-\x7e]*$/.test(path)) {
    throw new TypeError('request path must be percent-encoded printable ASCII (no spaces or raw non-ASCII)');
  }
}

export function positive(n: number, name: string): number {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${String(n)}`);
  return n;
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms));
}
