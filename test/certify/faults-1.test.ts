import { describe } from 'vitest';
import { faultTests } from './faults';

describe('reference faults, part 2 of 3', () => faultTests(1, 3));
