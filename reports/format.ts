// Small text helpers the report writers share.
import type { Exchange } from '../client/exchange';

/** Pretty JSON for people; never throws (cycles, BigInt and the like are shown as text). */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '(none)';
  try {
    const seen = new WeakSet<object>();
    return (
      JSON.stringify(
        value,
        (_k, v: unknown) => {
          if (typeof v === 'bigint') return `${v}n`;
          if (typeof v === 'object' && v !== null) {
            if (seen.has(v)) return '[circular]';
            seen.add(v);
          }
          return v;
        },
        2,
      ) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** At most `max` characters, with a note of how much was cut. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}\n... (${s.length - max} more characters)`;
}

/** The exchange as an HTTP transcript: request line, headers, body; then the response or the transport error. */
export function exchangeTranscript(x: Exchange, maxBody = 16 * 1024): { request: string; response: string } {
  const req = x.request;
  const request = [
    `${req.method} ${req.url}`,
    ...Object.entries(req.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    '',
    req.body === undefined ? '' : truncate(req.body, maxBody) + (req.bodyTruncated ? `\n... (truncated in the record, ${req.bodyBytes ?? '?'} bytes)` : ''),
  ].join('\n');
  const response =
    x.outcome === 'response'
      ? [
          `${x.response.status} ${x.response.statusText}`,
          ...Object.entries(x.response.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
          '',
          truncate(x.response.body ?? '', maxBody),
        ].join('\n')
      : `(no HTTP response: ${x.error.kind}: ${x.error.message})`;
  return { request, response };
}

/** One line, for tables and attributes. */
export function oneLine(s: string, max = 300): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Control characters (NUL, BEL, ...) shown as \uXXXX: invisible or replaced by renderers otherwise. */
export function visibleControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\0-\x08\x0B\x0C\x0E-\x1F\x7F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
