import { describe } from 'vitest';
import { faultTests } from './faults';

describe('reference faults, part 3 of 3', () => faultTests(2, 3));
