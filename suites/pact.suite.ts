import { pact } from './definitions/pact';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(pact, SUITES);
