import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { httpHeaders } from '../values/httpHeaders';
import { httpUrl } from '../values/httpUrl';
import { region } from '../values/region';
import { connectionName } from './name';
import type { HttpsConnection } from '../../contracts/types';

/** Https: an absolute http(s) url (essential) and optional headers. */
export function httpsBody(plan: Plan): fc.Arbitrary<HttpsConnection> {
  return objectOf({
    name: connectionName(plan),
    type: fc.constant('Https' as const),
    region: optional(plan, 'region', region()),
    url: always(plan, 'url', httpUrl()),
    headers: optional(plan, 'headers', httpHeaders()),
  }) as fc.Arbitrary<HttpsConnection>;
}
