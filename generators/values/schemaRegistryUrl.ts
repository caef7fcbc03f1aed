import fc from 'fast-check';
import { httpUrl } from './httpUrl';

/** A schema registry endpoint (an absolute URI; ajv's `uri` format). */
export function schemaRegistryUrl(): fc.Arbitrary<string> {
  return httpUrl();
}

/** 1..10 distinct schema registry URIs (the contract's minItems, maxItems and uniqueItems). */
export function schemaRegistryUrls(minLength = 1, maxLength = 10): fc.Arbitrary<string[]> {
  return fc.uniqueArray(schemaRegistryUrl(), { minLength, maxLength });
}
