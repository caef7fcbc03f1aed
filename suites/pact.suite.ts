import { pact } from './definitions/pact';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(pact);
