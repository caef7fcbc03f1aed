import type { SuiteDef } from '../../engine/suite';
import { auth } from './auth';
import { conflict } from './conflict';
import { dimensions } from './dimensions';
import { negative } from './negative';
import { pact } from './pact';
import { path } from './path';
import { positive } from './positive';
import { protocol } from './protocol';
import { random } from './random';

/**
 * In run order. Suites run one after another: Sample connections share one name, so suites must not overlap.
 * Every deterministic probe and the coverage matrix come first, the random cases last (a budget cuts those first).
 */
export const SUITES: readonly SuiteDef[] = [auth, path, protocol, positive, negative, conflict, dimensions, pact, random];
