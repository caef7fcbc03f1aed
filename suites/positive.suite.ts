import { positive } from './definitions/positive';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(positive);
