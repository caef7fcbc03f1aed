// Nothing left behind: after a certification the stream instance holds exactly what it held before the run. The
// same check run with the sweeps switched off finds what they would have removed, so it can fail.
import { describe, expect, it } from 'vitest';
import { parseCredential, TargetClient } from '../../client';
import { certify } from '../../runner/certification';
import { listNames } from '../../engine/ledger';
import type { LenientName } from '../../reference/lenient';
import { startTarget } from '../../reference/server';
import { configFor } from './harness';

const PRE_EXISTING = ['pre-existing-connection', 'sample_stream_solar'];

async function leftAfterRun(opts: { sweeps: boolean; lenient?: LenientName[] }) {
  const target = await startTarget({ lenient: opts.lenient ?? [] });
  const client = new TargetClient({ baseUrl: target.url, credential: parseCredential(target.info.auth) });
  try {
    // Someone else's connections, one of them named like the run's Sample cases: the run must leave them be.
    for (const name of PRE_EXISTING) {
      const body = name.startsWith('sample') ? { name, type: 'Sample' } : { name, type: 'Https', url: 'https://example.com/hook' };
      expect((await client.create(target.info.groupId, target.info.tenant, body)).outcome).toBe('response');
    }
    const result = await certify({ ...configFor(target.info, { runs: 6, seed: 5, pact: true }), sweeps: opts.sweeps });
    const after = await listNames(client, target.info.groupId, target.info.tenant);
    if (!after.ok) throw new Error(after.why);
    return { names: [...after.names].sort(), result };
  } finally {
    await client.close();
    await target.close();
  }
}

describe('a certification leaves nothing behind', () => {
  it('the stream instance holds only what it held before, pact provider states included', async () => {
    const { names, result } = await leftAfterRun({ sweeps: true });
    expect(names).toEqual([...PRE_EXISTING].sort());
    expect(result.certificate.incidents.filter((i) => i.startsWith('leak check'))).toEqual([]);
  });

  it('the same check fails when the sweeps are switched off, and the leak check reports it', async () => {
    const { names, result } = await leftAfterRun({ sweeps: false });
    expect(names.length).toBeGreaterThan(PRE_EXISTING.length);
    expect(result.certificate.incidents.some((i) => i.startsWith('leak check:'))).toBe(true);
  });

  it('lists a target that pages by two in full', async () => {
    const { names } = await leftAfterRun({ sweeps: true, lenient: ['list-pages-of-2'] });
    expect(names).toEqual([...PRE_EXISTING].sort());
  });
});
