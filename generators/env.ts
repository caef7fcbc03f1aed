import { loadContract } from '../contracts/loader';
import type { GenContext } from './context';
import type { OperatorEnv } from './operators/types';

/** The contract and fixtures operators work against. */
export function envOf(ctx: GenContext): OperatorEnv {
  return { contract: loadContract(), fixtures: ctx.fixtures };
}
