// deleteGroupStreamConnection: 202 {}; the connection stays DELETING for the configured time, then is gone.
import { notFoundConnection } from './read';
import type { Handler } from './types';

export const deleteConnection: Handler = (x, { scope, name }, { store, config, hooks }) => {
  if (!store.get(scope.groupId, scope.tenant, name)) return notFoundConnection(x, scope, name);
  if (hooks.deleteRemoves) store.delete(scope.groupId, scope.tenant, name, config.deletingMs);
  x.success(202, {});
};
