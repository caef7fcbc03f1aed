// getGroupStreamConnection and listGroupStreamConnections.
import { isPlainObject } from '../../util/json';
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
  const found = store.read(scope.groupId, scope.tenant, name);
  if (!found) return notFoundConnection(x, scope, name);
  const shown = present.connection(scope, found);
  x.success(200, isPlainObject(shown) ? hooks.readBackView(shown) : shown);
};

/** `includeCount=false` leaves totalCount out, as the vendor's other list operations do; this operation's spec does
 *  not declare the parameter, so any other value (or none) keeps it, and it is never an error. */
function includeCount(rawQuery: string): boolean {
  if (!rawQuery.includes('includeCount')) return true;
  return new URLSearchParams(rawQuery).get('includeCount')?.toLowerCase() !== 'false';
}

export const listConnections: Handler = (x, { scope, query }, { store, present, hooks }) => {
  const asked = typeof query.itemsPerPage === 'number' ? query.itemsPerPage : 100;
  const itemsPerPage = hooks.listPageCap === undefined ? asked : Math.min(asked, hooks.listPageCap);
  const pageNum = typeof query.pageNum === 'number' ? query.pageNum : 1;
  const all = store.list(scope.groupId, scope.tenant);
  const page = all.slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage);
  const link = (n: number, rel: string) => ({ href: `${present.collectionUrl(scope)}?itemsPerPage=${itemsPerPage}&pageNum=${n}`, rel });
  const links = [link(pageNum, 'self')];
  // Atlas's paging links: where the previous and the next page are, when there are such pages.
  if (pageNum > 1) links.push(link(pageNum - 1, 'previous'));
  if (pageNum * itemsPerPage < all.length) links.push(link(pageNum + 1, 'next'));
  const body: Record<string, unknown> = { results: page.map((c) => present.connection(scope, c)) };
  if (includeCount(x.rawQuery)) body.totalCount = all.length;
  body.links = links;
  x.success(200, body);
};
