import { random } from './definitions/random';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(random);
