import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { azureStorageAccountName } from '../values/azureStorageAccountName';
import { region } from '../values/region';
import { publicPrivateNetworking } from './networking';
import { connectionName } from './name';
import type { AzureBlobStorageConnection } from '../../contracts/types';

/** AzureBlobStorage: azure.servicePrincipalId (a UUID) and azure.storageAccountName essential; azure.region deprecated, optional. */
export function azureBlobStorageBody(plan: Plan): fc.Arbitrary<AzureBlobStorageConnection> {
  return objectOf({
    name: connectionName(plan),
    type: fc.constant('AzureBlobStorage' as const),
    region: optional(plan, 'region', region()),
    azure: objectOf({
      servicePrincipalId: always(plan, 'azure.servicePrincipalId', fc.uuid()),
      storageAccountName: always(plan, 'azure.storageAccountName', azureStorageAccountName()),
      region: optional(plan, 'azure.region', fc.constantFrom('eastus', 'westeurope', 'northeurope', 'eastus2')),
    }),
    publicPrivateNetworking: optional(plan, 'publicPrivateNetworking', publicPrivateNetworking(plan, 'publicPrivateNetworking')),
  }) as fc.Arbitrary<AzureBlobStorageConnection>;
}
