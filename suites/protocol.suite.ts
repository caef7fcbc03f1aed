import { protocol } from './definitions/protocol';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(protocol);
