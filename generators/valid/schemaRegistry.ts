import fc from 'fast-check';
import { always, objectOf, oneOfValues, optional, type Plan } from '../plan';
import { label } from '../values/label';
import { region } from '../values/region';
import { schemaRegistryUrls } from '../values/schemaRegistryUrl';
import { secret } from '../values/secret';
import { connectionName } from './name';
import type { SchemaRegistryAuthentication, SchemaRegistryConnection } from '../../contracts/types';

const A = 'schemaRegistryAuthentication';

function authentication(plan: Plan): fc.Arbitrary<SchemaRegistryAuthentication> {
  // USER_INFO fields forced present, or forced absent, decide the branch.
  const userInfoForced = ['username', 'password'].some((f) => ['present', 'value'].includes(plan.at(`${A}.${f}`)?.kind ?? ''));
  const userInfoBarred = ['username', 'password'].some((f) => plan.isForced(`${A}.${f}`, 'absent'));
  const types = (['USER_INFO', 'SASL_INHERIT'] as const).filter((t) => (t === 'USER_INFO' ? !userInfoBarred : !userInfoForced));
  return oneOfValues(plan, `${A}.type`, types).chain(
    (type): fc.Arbitrary<unknown> =>
      type === 'USER_INFO'
        ? objectOf({ type: fc.constant(type), username: always(plan, `${A}.username`, label('sr-user-')), password: always(plan, `${A}.password`, secret('srpassword')) })
        : objectOf({ type: fc.constant(type) }),
  ) as fc.Arbitrary<SchemaRegistryAuthentication>;
}

/** SchemaRegistry: provider CONFLUENT, 1..10 unique URIs and USER_INFO or SASL_INHERIT authentication (all required). */
export function schemaRegistryBody(plan: Plan): fc.Arbitrary<SchemaRegistryConnection> {
  return objectOf({
    name: connectionName(plan),
    type: fc.constant('SchemaRegistry' as const),
    region: optional(plan, 'region', region()),
    provider: oneOfValues(plan, 'provider', ['CONFLUENT'] as const),
    schemaRegistryUrls: always(plan, 'schemaRegistryUrls', schemaRegistryUrls()),
    schemaRegistryAuthentication: authentication(plan),
  }) as fc.Arbitrary<SchemaRegistryConnection>;
}
