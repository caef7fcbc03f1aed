// Seeded draws for the realistic target's timings and the chaos layer: SHA-256 of (seed, stream, n) in counter
// mode, so each stream (a timing, a chaos kind) draws its own reproducible sequence whatever the others draw.
// node:crypto rather than a PRNG package: the package's dependencies have none (fast-check's pure-rand is not
// ours to import), and a hash per draw costs about a microsecond, nothing next to an HTTP exchange.
import { createHash, randomBytes } from 'node:crypto';

/** A fresh 31-bit seed (printed in the ready line, so a run can be repeated). */
export function randomSeed(): number {
  return randomBytes(4).readUInt32BE(0) >>> 1;
}

/** Uniform draws in [0, 1) from one named stream of a seed. */
export function drawStream(seed: number, stream: string): () => number {
  let n = 0;
  return () => {
    const h = createHash('sha256').update(`${seed}\u0000${stream}\u0000${n++}`).digest();
    // 53 bits of the hash as a double in [0, 1).
    return (h.readUInt32BE(0) * 2 ** 21 + (h.readUInt32BE(4) >>> 11)) / 2 ** 53;
  };
}

export interface Range {
  min: number;
  max: number;
}

/** A whole number of milliseconds drawn uniformly from [min, max]. */
export function between(draw: () => number, r: Range): number {
  return r.max <= r.min ? r.min : Math.floor(r.min + draw() * (r.max - r.min + 1));
}
