import fc from 'fast-check';
import { always, objectOf, oneOfValues, optional, type Plan } from '../plan';
import { hexId } from '../values/hexId';
import { label } from '../values/label';
import { region } from '../values/region';
import { connectionName } from './name';
import type { ClusterConnection, Fixtures } from '../../contracts/types';

const BUILT_IN_ROLES = ['read', 'readWrite', 'readAnyDatabase', 'readWriteAnyDatabase', 'atlasAdmin'];

/** Cluster: clusterName from the fixtures; clusterGroupId and dbRoleToExecute optional and nullable. */
export function clusterBody(plan: Plan, fixtures: Fixtures): fc.Arbitrary<ClusterConnection> {
  const role = objectOf({
    role: optional(plan, 'dbRoleToExecute.role', fc.oneof(fc.constantFrom(...BUILT_IN_ROLES), label('custom-role-'))),
    type: optional(plan, 'dbRoleToExecute.type', oneOfValues(plan, 'dbRoleToExecute.type', ['BUILT_IN', 'CUSTOM'] as const)),
  });
  return objectOf({
    name: connectionName(plan),
    type: fc.constant('Cluster' as const),
    region: optional(plan, 'region', region()),
    clusterName: always(plan, 'clusterName', fc.constantFrom(...fixtures.clusterNames)),
    clusterGroupId: optional(plan, 'clusterGroupId', hexId(), { nullable: true }),
    dbRoleToExecute: optional(plan, 'dbRoleToExecute', role, { nullable: true }),
  }) as fc.Arbitrary<ClusterConnection>;
}
