// The handlers, registered by the contract's operationId, with the access each needs of the caller.
import type { Access } from '../authorize';
import { createConnection } from './create';
import { deleteConnection } from './delete';
import { getConnection, listConnections } from './read';
import type { Handler } from './types';

export type { Handler, OperationDeps } from './types';

export interface Operation {
  access: Access;
  handle: Handler;
}

export const CONNECTION_OPERATIONS = {
  createGroupStreamConnection: { access: 'create', handle: createConnection },
  getGroupStreamConnection: { access: 'read', handle: getConnection },
  deleteGroupStreamConnection: { access: 'write', handle: deleteConnection },
  listGroupStreamConnections: { access: 'read', handle: listConnections },
} as const satisfies Record<string, Operation>;

export type ConnectionOperationId = keyof typeof CONNECTION_OPERATIONS;
