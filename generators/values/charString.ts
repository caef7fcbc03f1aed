import fc from 'fast-check';

/**
 * A string of `minLength..maxLength` characters taken from `chars`. Built from an array of characters rather than
 * fc.string, which also injects well-known tricky strings ("__proto__", "propertyIsEnumerable"): good for fuzzing
 * names, wrong for values that must look real and for secrets that must be unique.
 */
export function charString(chars: string, minLength: number, maxLength: number = minLength): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...chars), { minLength, maxLength }).map((cs) => cs.join(''));
}
