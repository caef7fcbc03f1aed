import { describe } from 'vitest';
import { faultTests } from './faults';

describe('judge of recorded faults, part 1 of 2', () => faultTests(0, 2));
