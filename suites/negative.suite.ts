import { negative } from './definitions/negative';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(negative, SUITES);
