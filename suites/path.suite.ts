import { path } from './definitions/path';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(path, SUITES);
