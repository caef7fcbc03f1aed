// Valid request bodies per connection type. `validCore` leaves the name as a placeholder (see context.ts);
// `validBody` is what callers get: the core with a fresh name drawn through the outermost map.
import type fc from 'fast-check';
import { type GenContext, withFreshName } from '../context';
import { Plan } from '../plan';
import { awsLambdaBody } from './awsLambda';
import { awsWithNetworkingBody } from './awsWithNetworking';
import { azureBlobStorageBody } from './azureBlobStorage';
import { clusterBody } from './cluster';
import { gcpPubSubBody } from './gcpPubSub';
import { httpsBody } from './https';
import { kafkaBody } from './kafka';
import { sampleBody } from './sample';
import { schemaRegistryBody } from './schemaRegistry';
import type { ConnectionOf, ConnectionType, Fixtures } from '../../contracts/types';

/**
 * Properties the contract leaves optional that valid bodies always carry, and why: a Kafka authentication
 * without a mechanism, or security without a protocol, means nothing (the profile's enumerations have no "none").
 */
export const ALWAYS_SENT: Readonly<Partial<Record<ConnectionType, readonly string[]>>> = {
  Kafka: ['authentication.mechanism', 'security.protocol'],
};

export function validCore<T extends ConnectionType>(type: T, fixtures: Fixtures, plan: Plan = Plan.FREE): fc.Arbitrary<ConnectionOf<T>> {
  const arb = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'Sample':
        return sampleBody(plan, fixtures);
      case 'Cluster':
        return clusterBody(plan, fixtures);
      case 'Kafka':
        return kafkaBody(plan);
      case 'Https':
        return httpsBody(plan);
      case 'AWSLambda':
        return awsLambdaBody(plan);
      case 'S3':
      case 'AWSKinesisDataStreams':
        return awsWithNetworkingBody(type, plan);
      case 'SchemaRegistry':
        return schemaRegistryBody(plan);
      case 'AzureBlobStorage':
        return azureBlobStorageBody(plan);
      case 'GCPPubSub':
        return gcpPubSubBody(plan);
    }
    throw new Error(`unknown connection type ${String(type)}`);
  })();
  return arb as fc.Arbitrary<ConnectionOf<T>>;
}

/** Valid bodies of one type: essential fields always, every other property present in some cases, absent in others. */
export function validBody<T extends ConnectionType>(type: T, ctx: GenContext, plan: Plan = Plan.FREE): fc.Arbitrary<ConnectionOf<T>> {
  return validCore(type, ctx.fixtures, plan).map((body) => withFreshName(body, ctx));
}
