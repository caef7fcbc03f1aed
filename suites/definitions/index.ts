import type { SuiteDef } from '../engine/suite';
import { auth } from './auth';
import { conflict } from './conflict';
import { negative } from './negative';
import { pact } from './pact';
import { path } from './path';
import { positive } from './positive';
import { protocol } from './protocol';

/** In run order. Suites run one after another: Sample connections share one name, so suites must not overlap. */
export const SUITES: readonly SuiteDef[] = [auth, path, protocol, positive, negative, conflict, pact];
