import { auth } from './definitions/auth';
import { defineSuite } from '../engine/vitest-suite';

defineSuite(auth);
