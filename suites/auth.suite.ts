import { auth } from './definitions/auth';
import { SUITES } from './definitions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(auth, SUITES);
