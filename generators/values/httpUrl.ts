import fc from 'fast-check';
import { DIGITS, LOWER } from './chars';
import { charString } from './charString';
import { hostName } from './hostName';

function pathSegment(): fc.Arbitrary<string> {
  return charString(`${LOWER}${DIGITS}-_`, 1, 10);
}

/** An absolute http(s) URL: scheme, host, optional port, path and query. */
export function httpUrl(opts: { schemes?: readonly ('http' | 'https')[] } = {}): fc.Arbitrary<string> {
  const schemes = opts.schemes ?? ['https', 'http'];
  return fc
    .record({
      scheme: fc.constantFrom(...schemes),
      host: hostName(),
      port: fc.option(fc.constantFrom(443, 8080, 8081, 8443, 9000), { nil: undefined }),
      path: fc.array(pathSegment(), { maxLength: 3 }),
      query: fc.option(fc.tuple(charString(LOWER, 1, 6), pathSegment()), { nil: undefined }),
    })
    .map(({ scheme, host, port, path, query }) => {
      const p = path.length ? `/${path.join('/')}` : '';
      const q = query ? `?${query[0]}=${query[1]}` : '';
      return `${scheme}://${host}${port === undefined ? '' : `:${port}`}${p}${q}`;
    });
}
