import { positive } from './definitions/positive';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(positive, SUITES);
