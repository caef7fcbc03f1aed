// The consumer side of the pact, reduced to what a client of the operation does: POST a connection body with a
// credential and a versioned Accept header, then read status, media type and JSON body. The consumer tests run it
// against the Pact mock server; a client team's own tests do the same against `npm run pacts:stub`.

export interface CreateRequest {
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface CreateResponse {
  status: number;
  contentType: string;
  retryAfter: string | null;
  text: string;
  json: unknown;
}

export async function createStreamConnection(req: CreateRequest): Promise<CreateResponse> {
  const res = await fetch(new URL(req.path, req.baseUrl), { method: 'POST', headers: req.headers, body: JSON.stringify(req.body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), text, json };
}
