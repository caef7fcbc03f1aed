import { describe } from 'vitest';
import { lenientTests } from './lenient';

describe('lenient variants, part 2 of 3', () => lenientTests(1, 3));
