// Throughput of the reference target against a bare node:http server answering a canned 200, each in its own
// process, driven by autocannon from this one. Writes figures to bench/out/target.json (git-ignored run output) or the path given.
// Run: npx tsx reference/bench.ts [out.json]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { spawnTarget } from './child';
import { digestAuthorization, parseDigest } from './digest';

const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => Promise<{ requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number }>;

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;

const BARE = `
const http = require('node:http');
const body = JSON.stringify({ ok: true });
const s = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + s.address().port })));
process.on('SIGTERM', () => s.close(() => process.exit(0)));
`;

async function startBare(): Promise<{ url: string; close(): void }> {
  const child = spawn(process.execPath, ['-e', BARE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).url)));
  return { url, close: () => child.kill('SIGTERM') };
}

async function measure(name: string, opts: Record<string, unknown>) {
  await autocannon({ ...opts, connections: CONNECTIONS, duration: 1 }); // warm-up
  const r = await autocannon({ ...opts, connections: CONNECTIONS, duration: DURATION_S });
  const row = { name, requestsPerSecond: Math.round(r.requests.average), p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
  process.stderr.write(`${JSON.stringify(row)}\n`);
  return row;
}

const bare = await startBare();
const target = await spawnTarget();
try {
  const base = `${target.url}/api/atlas/v2/groups/${target.info.groupId}/streams/${target.info.tenant}/connections`;
  const headers = { authorization: `Bearer ${target.info.bearer}`, accept: 'application/vnd.atlas.2023-02-01+json', 'content-type': 'application/vnd.atlas.2023-02-01+json' };
  const rows = [await measure('bare node:http canned 200', { url: bare.url })];
  let n = 0;
  rows.push(
    await measure('target POST create Kafka (bearer, unique names)', {
      url: base,
      method: 'POST',
      headers,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            body: JSON.stringify({
              name: `bench-${(n += 1)}`,
              type: 'Kafka',
              bootstrapServers: 'b1.example.com:9092',
              authentication: { mechanism: 'PLAIN', username: 'u', password: 'p' },
              security: { protocol: 'SASL_SSL' },
              config: { 'auto.offset.reset': 'earliest' },
            }),
          }),
        },
      ],
    }),
  );
  rows.push(await measure('target POST invalid body (400)', { url: base, method: 'POST', headers, body: JSON.stringify({ name: 'x', type: 'Kafka', bootstrapServers: 5 }) }));
  rows.push(await measure('target GET one (200, bearer)', { url: `${base}/bench-1`, headers }));
  // Digest as a certification run does it: one nonce, nc counting up.
  const challenge = parseDigest((await fetch(base, { headers: { accept: headers.accept } })).headers.get('www-authenticate') ?? '')!;
  const [, user, password] = target.info.auth.split(':') as [string, string, string];
  const onePath = new URL(`${base}/bench-1`).pathname;
  let nc = 0;
  rows.push(
    await measure('target GET one (200, Digest)', {
      url: `${base}/bench-1`,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            headers: { accept: headers.accept, authorization: digestAuthorization({ challenge, username: user, password, method: 'GET', uri: onePath, nc: (nc += 1) }) },
          }),
        },
      ],
    }),
  );
  const ratio = rows[1]!.requestsPerSecond / rows[0]!.requestsPerSecond;
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    durationSeconds: DURATION_S,
    connections: CONNECTIONS,
    rows,
    createVsBareRatio: Math.round(ratio * 100) / 100,
    goal: 'create >= 0.5 x bare',
  };
  const file = process.argv[2] ?? new URL('../bench/out/target.json', import.meta.url).pathname;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stderr.write(`wrote ${file}\n`);
} finally {
  await target.close();
  bare.close();
}
