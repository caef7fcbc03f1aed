import { dimensions } from './definitions/dimensions';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(dimensions);
