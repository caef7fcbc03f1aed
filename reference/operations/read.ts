// getGroupStreamConnection and listGroupStreamConnections.
import { isPlainObject } from '../../contracts/loader';
import type { Exchange } from '../exchange';
import type { Scope } from '../present';
import type { Handler } from './types';

export function notFoundConnection(x: Exchange, { tenant }: Scope, name: string): void {
  x.fail({
    status: 404,
    errorCode: 'STREAM_CONNECTION_NOT_FOUND_FOR_NAME',
    detail: `No stream connection named ${name} exists in stream instance ${tenant}.`,
    parameters: [name, tenant],
  });
}

export const getConnection: Handler = (x, { scope, name }, { store, present, hooks }) => {
  const found = store.get(scope.groupId, scope.tenant, name);
  if (!found) return notFoundConnection(x, scope, name);
  const shown = present.connection(scope, found);
  x.success(200, isPlainObject(shown) ? hooks.readBackView(shown) : shown);
};

export const listConnections: Handler = (x, { scope, query }, { store, present }) => {
  const itemsPerPage = typeof query.itemsPerPage === 'number' ? query.itemsPerPage : 100;
  const pageNum = typeof query.pageNum === 'number' ? query.pageNum : 1;
  const all = store.list(scope.groupId, scope.tenant);
  const page = all.slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage);
  const self = `${present.collectionUrl(scope)}?itemsPerPage=${itemsPerPage}&pageNum=${pageNum}`;
  x.success(200, { results: page.map((c) => present.connection(scope, c)), totalCount: all.length, links: [{ href: self, rel: 'self' }] });
};
