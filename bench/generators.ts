// Generator throughput: cases per second per connection type, valid bodies and invalid cases (random phase),
// plus the time of the deterministic matrix. Run: npx tsx bench/generators.ts [out.json]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import os from 'node:os';
import fc from 'fast-check';
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import { createGenContext, enumerateInvalid, enumerateValid, invalidCase, validBody } from '../generators';

const out = process.argv[2] ?? 'bench/out/generators.json';
const VALID_N = 5000;
const INVALID_N = 3000;
const SEED = 1;

interface Row {
  type: ConnectionType;
  validPerSecond: number;
  invalidPerSecond: number;
  matrixCases: number;
  matrixMs: number;
  enumeratedValid: number;
}

function perSecond(n: number, run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return Math.round((n / ms) * 1000);
}

function bench(type: ConnectionType): Row {
  // Warm up (JIT, contract compilation) so the first type is not penalised.
  fc.sample(validBody(type, createGenContext({})), { seed: SEED, numRuns: 200 });
  fc.sample(invalidCase(type, createGenContext({})), { seed: SEED, numRuns: 200 });
  const validPerSecond = perSecond(VALID_N, () => void fc.sample(validBody(type, createGenContext({})), { seed: SEED, numRuns: VALID_N }));
  const invalidPerSecond = perSecond(INVALID_N, () => void fc.sample(invalidCase(type, createGenContext({})), { seed: SEED, numRuns: INVALID_N }));
  const t0 = process.hrtime.bigint();
  const ctx = createGenContext({});
  const matrixCases = enumerateInvalid(type, ctx, SEED).length;
  const enumeratedValid = enumerateValid(type, ctx, SEED).length;
  const matrixMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
  return { type, validPerSecond, invalidPerSecond, matrixCases, matrixMs, enumeratedValid };
}

const rows = CONNECTION_TYPES.map(bench);
const result = {
  benchmark: 'generators',
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  seed: SEED,
  samples: { valid: VALID_N, invalid: INVALID_N },
  rows,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

const header = ['type', 'valid/s', 'invalid/s', 'matrix cases', 'matrix+enum ms', 'enum valid'];
const table = [header, ...rows.map((r) => [r.type, String(r.validPerSecond), String(r.invalidPerSecond), String(r.matrixCases), String(r.matrixMs), String(r.enumeratedValid)])];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
console.log(`\nwritten to ${out}`);
