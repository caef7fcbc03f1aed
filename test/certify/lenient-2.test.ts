import { describe } from 'vitest';
import { lenientTests } from './lenient';

describe('lenient variants, part 3 of 3', () => lenientTests(2, 3));
