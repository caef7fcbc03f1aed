// Parameters most operators share: how to pick keys and indexes, and valid fillers for fields a mutation has to
// add around the one it breaks (a USER_INFO branch's username and password, say).
import fc from 'fast-check';
import { dottedKey } from '../values/kafkaConfig';
import { label } from '../values/label';
import { secret } from '../values/secret';
import type { FieldSpec } from '../../contracts/loader';
import type { Pick } from './paths';

export interface Fill {
  pick: Pick;
  secret: string;
  word: string;
}

export function fillParams(): fc.Arbitrary<Fill> {
  return fc.record({
    pick: fc.record({ key: dottedKey(), index: fc.nat(9) }),
    secret: secret('filler'),
    word: label('sc-'),
  });
}

/** A valid stand-in for a string field the mutation needs present: a distinctive secret when write-only. */
export function filler(fill: Fill): (f: FieldSpec) => unknown {
  return (f) => (f.writeOnly ? fill.secret : fill.word);
}

/** A target per variant of one site: `site/variant`. */
export function variantTargets(site: string, variants: readonly string[]): { id: string; site: string }[] {
  return variants.map((v) => ({ id: `${site}/${v}`, site }));
}

export function variantOf(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}
