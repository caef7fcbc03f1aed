import { describe } from 'vitest';
import { lenientTests } from './lenient';

describe('lenient variants, part 1 of 2', () => lenientTests(0, 2));
