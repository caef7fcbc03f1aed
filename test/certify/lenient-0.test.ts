import { describe } from 'vitest';
import { lenientTests } from './lenient';

describe('lenient variants, part 1 of 3', () => lenientTests(0, 3));
