import { protocol } from './definitions/protocol';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(protocol, SUITES);
