// deleteGroupStreamConnection: 202 {}; the connection stays DELETING for the configured time, then is gone. A
// connection that still deploys (kafka-delete-deploying) is refused 409 STREAM_KAFKA_CONNECTION_IS_DEPLOYING, as
// the vendor's service refuses Kafka connections.
import { notFoundConnection } from './read';
import type { Handler } from './types';

export const deleteConnection: Handler = (x, { scope, name }, { store, config, hooks }) => {
  const found = store.get(scope.groupId, scope.tenant, name);
  if (!found) return notFoundConnection(x, scope, name);
  if (store.deploying(found)) {
    return x.fail({
      status: 409,
      errorCode: 'STREAM_KAFKA_CONNECTION_IS_DEPLOYING',
      detail: `The stream connection ${name} is still deploying; retry the delete later.`,
      parameters: [name],
    });
  }
  if (hooks.deleteRemoves) store.delete(scope.groupId, scope.tenant, name, config.deletingMs);
  x.success(202, {});
};
