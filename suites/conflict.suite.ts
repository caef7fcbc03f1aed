import { conflict } from './definitions/conflict';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(conflict);
