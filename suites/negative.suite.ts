import { negative } from './definitions/negative';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(negative);
