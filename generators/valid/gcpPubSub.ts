import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { gcpServiceAccount } from '../values/gcpServiceAccount';
import { region } from '../values/region';
import { publicPrivateNetworking } from './networking';
import { connectionName } from './name';
import type { GCPPubSubConnection } from '../../contracts/types';

/** GCPPubSub: gcp.serviceAccountId essential; publicPrivateNetworking optional. */
export function gcpPubSubBody(plan: Plan): fc.Arbitrary<GCPPubSubConnection> {
  return objectOf({
    name: connectionName(plan),
    type: fc.constant('GCPPubSub' as const),
    region: optional(plan, 'region', region()),
    gcp: objectOf({ serviceAccountId: always(plan, 'gcp.serviceAccountId', gcpServiceAccount()) }),
    publicPrivateNetworking: optional(plan, 'publicPrivateNetworking', publicPrivateNetworking(plan, 'publicPrivateNetworking')),
  }) as fc.Arbitrary<GCPPubSubConnection>;
}
