import { describe } from 'vitest';
import { faultTests } from './faults';

describe('reference faults, part 1 of 3', () => faultTests(0, 3));
