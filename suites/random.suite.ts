import { random } from './definitions/random';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(random, SUITES);
