import { describe } from 'vitest';
import { faultTests } from './faults';

describe('judge of recorded faults, part 2 of 2', () => faultTests(1, 2));
