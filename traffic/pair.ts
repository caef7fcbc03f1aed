// What a sequence of the operation's exchanges shows, connection by connection: a create and the GET after it
// (read-back), a second create of a name that exists (duplicate), creates of one name in flight at once
// (concurrent), a DELETE and the last GET after it (cleanup), and a create sent twice, plain and with
// envelope=true or pretty=true (the twins those rules compare).
import { isDeepStrictEqual } from 'node:util';
import { semanticStatus } from '../oracles';
import type { Exchange } from '../client/exchange';
import { connectionKey, type Operation } from './select';

export interface Pairs {
  readBacks: { create: Operation; get: Operation }[];
  duplicates: { dup: Operation; before?: Operation; after?: Operation }[];
  concurrent: Operation[][];
  cleanups: { del: Operation; finalGet?: Operation }[];
  /** Deletes of a connection the recording saw created, with no GET after them: the cleanup cannot be told. */
  cleanupsUnseen: number;
  envelopeTwins: { env: Operation; plain: Operation }[];
  prettyTwins: { pretty: Operation; plain: Operation }[];
  /** Creates whose name existed (an earlier create of it succeeded and was not deleted): a 409 is about the name. */
  nameTaken: Set<Operation>;
}

export function succeeded(ex: Exchange): boolean {
  const s = semanticStatus(ex);
  return s !== undefined && s >= 200 && s < 300;
}

const startOf = (op: Operation) => Date.parse(op.rec.exchange.startedAt);
const endOf = (op: Operation) => startOf(op) + op.rec.exchange.durationMs;

export function pairOperations(operations: readonly Operation[]): Pairs {
  const out: Pairs = { readBacks: [], duplicates: [], concurrent: [], cleanups: [], cleanupsUnseen: 0, envelopeTwins: [], prettyTwins: [], nameTaken: new Set() };
  const byKey = new Map<string, Operation[]>();
  for (const op of operations) {
    if (op.kind === 'list' || op.name === undefined) continue;
    const key = connectionKey(op);
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(op);
  }
  for (const ops of byKey.values()) pairConnection(ops, out);
  twins(operations, out);
  return out;
}

function pairConnection(ops: Operation[], out: Pairs): void {
  // Creates of the name in flight at once (only where the recording has times).
  const groups = new Map<Operation, Operation[]>();
  const creates = ops.filter((o) => o.kind === 'create' && !o.rec.noTiming);
  for (let i = 0; i < creates.length; ) {
    const group = [creates[i]!];
    let end = endOf(creates[i]!);
    let j = i + 1;
    while (j < creates.length && startOf(creates[j]!) < end) {
      group.push(creates[j]!);
      end = Math.max(end, endOf(creates[j]!));
      j++;
    }
    if (group.length > 1) for (const g of group) groups.set(g, group);
    i = j;
  }
  let live: Operation | undefined;
  const nextMutation = (from: number) => {
    const k = ops.findIndex((o, i) => i > from && (o.kind === 'create' || o.kind === 'delete'));
    return k < 0 ? ops.length : k;
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind === 'create') {
      const group = groups.get(op);
      if (group) {
        if (group[0] !== op) continue;
        // Judged when one of them won and the name did not exist before (else all 409s are right).
        const won = group.filter((g) => succeeded(g.rec.exchange));
        if (!live && won.length > 0) out.concurrent.push(group);
        if (live) for (const g of group) out.nameTaken.add(g);
        live ??= won[0];
        i = ops.indexOf(group[group.length - 1]!);
        continue;
      }
      if (live) {
        out.nameTaken.add(op);
        const between = ops.slice(ops.indexOf(live) + 1, i).filter((o) => o.kind === 'get');
        const before = [...between].reverse().find((g) => g.rec.exchange.outcome === 'response' && g.rec.exchange.response.status === 200);
        const after = ops.slice(i + 1, nextMutation(i)).find((o) => o.kind === 'get');
        out.duplicates.push({ dup: op, ...(before ? { before } : {}), ...(after ? { after } : {}) });
        continue;
      }
      if (!succeeded(op.rec.exchange)) continue;
      live = op;
      const gets = ops.slice(i + 1, nextMutation(i)).filter((o) => o.kind === 'get');
      // Reads may be eventual: the first GET that found it, else the last one tried.
      const get = gets.find((g) => g.rec.exchange.outcome === 'response' && g.rec.exchange.response.status === 200) ?? gets[gets.length - 1];
      if (get) out.readBacks.push({ create: op, get });
    } else if (op.kind === 'delete' && live) {
      // The deletes of this connection before it is created again: the first accepted one is judged (a DELETE
      // refused while the connection deploys and retried later is the target's right), else the last.
      const stop = ops.findIndex((o, k) => k > i && o.kind === 'create');
      const span = ops.slice(i, stop < 0 ? ops.length : stop);
      const deletes = span.filter((o) => o.kind === 'delete');
      const del = deletes.find((d) => succeeded(d.rec.exchange)) ?? deletes[deletes.length - 1]!;
      const finalGet = span.slice(span.indexOf(del) + 1).filter((o) => o.kind === 'get').pop();
      if (finalGet) out.cleanups.push({ del, finalGet });
      else out.cleanupsUnseen++;
      live = undefined;
      i = i + span.length - 1;
    }
  }
}

/** A create sent plain, then again with envelope=true or pretty=true and the same body (but for its name). */
function twins(operations: readonly Operation[], out: Pairs): void {
  const creates = operations.filter((o) => o.kind === 'create');
  creates.forEach((op, i) => {
    const env = op.query.get('envelope') === 'true';
    const pr = op.query.get('pretty') === 'true';
    if (!env && !pr) return;
    const plain = creates
      .slice(Math.max(0, i - 8), i)
      .reverse()
      .find((p) => [...p.query.keys()].length === 0 && p.groupId === op.groupId && p.tenant === op.tenant && sameRequest(p, op));
    if (!plain) return;
    if (env) out.envelopeTwins.push({ env: op, plain });
    else out.prettyTwins.push({ pretty: op, plain });
  });
}

function sameRequest(a: Operation, b: Operation): boolean {
  if (a.body === undefined || b.body === undefined) return a.rec.exchange.request.body === b.rec.exchange.request.body && a.rec.exchange.request.body !== undefined;
  const strip = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(v as object), name: undefined } : v);
  return isDeepStrictEqual(strip(a.body), strip(b.body));
}
