import { conflict } from './definitions/conflict';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(conflict, SUITES);
