import { path } from './definitions/path';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(path);
