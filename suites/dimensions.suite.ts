import { dimensions } from './definitions/dimensions';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(dimensions, SUITES);
