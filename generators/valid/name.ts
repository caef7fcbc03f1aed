import fc from 'fast-check';
import { NAME_PLACEHOLDER } from '../context';
import { always, type Plan } from '../plan';

/** The `name` of a non-Sample connection: a placeholder the outermost map turns into ctx.nextName(). */
export function connectionName(plan: Plan): fc.Arbitrary<string> {
  return always(plan, 'name', fc.constant(NAME_PLACEHOLDER));
}
