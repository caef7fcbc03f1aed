// Kafka `authentication`: a mechanism (always sent: the profile's SHOULD enumeration has no "none") with the
// credentials the contract's x-conformance-combinations ask of it; mTLS material and `aws` optional on top.
import fc from 'fast-check';
import { always, objectOf, oneOfValues, optional, type Plan } from '../plan';
import { httpUrl } from '../values/httpUrl';
import { label } from '../values/label';
import { pemCertificate } from '../values/pemCertificate';
import { secret } from '../values/secret';
import { awsConfig } from './awsConfig';
import { KAFKA_MECHANISMS, type KafkaAuthentication, type KafkaMechanism } from '../../contracts/types';

const P = 'authentication';
const USER_PASSWORD = ['username', 'password'] as const;
const OAUTH = ['method', 'clientId', 'clientSecret', 'tokenEndpointUrl', 'scope', 'saslOauthbearerExtensions'] as const;

/** Whether a mechanism can honour what the plan forces on the credential fields. */
function compatible(plan: Plan, m: KafkaMechanism): boolean {
  const forcedOn = (f: string) => {
    const k = plan.at(`${P}.${f}`)?.kind;
    return k === 'present' || k === 'value' || k === 'null';
  };
  const forcedOff = (f: string) => plan.isForced(`${P}.${f}`, 'absent');
  const [mine, theirs] = m === 'OAUTHBEARER' ? [OAUTH.slice(0, 4), USER_PASSWORD] : [USER_PASSWORD, OAUTH];
  return !mine.some(forcedOff) && !theirs.some(forcedOn);
}

export function kafkaAuthentication(plan: Plan): fc.Arbitrary<KafkaAuthentication> {
  const mechanisms = KAFKA_MECHANISMS.filter((m) => compatible(plan, m));
  if (mechanisms.length === 0) throw new Error('plan forces Kafka credentials no mechanism can carry');
  const common = {
    sslCertificate: optional(plan, `${P}.sslCertificate`, pemCertificate()),
    sslKey: optional(plan, `${P}.sslKey`, secret('sslkey')),
    sslKeyPassword: optional(plan, `${P}.sslKeyPassword`, secret('sslkeypw')),
    aws: optional(plan, `${P}.aws`, awsConfig(plan, `${P}.aws`, { roleArnEssential: false })),
  };
  return oneOfValues(plan, `${P}.mechanism`, mechanisms).chain((mechanism) =>
    (mechanism === 'OAUTHBEARER'
      ? objectOf({
          mechanism: fc.constant(mechanism),
          method: always(plan, `${P}.method`, fc.constant('OIDC')),
          clientId: always(plan, `${P}.clientId`, label('client-')),
          clientSecret: always(plan, `${P}.clientSecret`, secret('clientsecret')),
          tokenEndpointUrl: always(plan, `${P}.tokenEndpointUrl`, httpUrl({ schemes: ['https'] })),
          scope: optional(plan, `${P}.scope`, fc.constantFrom('openid', 'kafka', 'openid kafka.read kafka.write')),
          saslOauthbearerExtensions: optional(plan, `${P}.saslOauthbearerExtensions`, label('lkc-').map((c) => `logicalCluster=${c},identityPoolId=pool-1`)),
          ...common,
        })
      : objectOf({
          mechanism: fc.constant(mechanism),
          username: always(plan, `${P}.username`, label('user-')),
          password: always(plan, `${P}.password`, secret('password')),
          ...common,
        })) as fc.Arbitrary<KafkaAuthentication>,
  );
}
