import { it } from 'vitest';
import { recordReference } from '../traffic/helpers';
import { writeFileSync } from 'node:fs';
it('probe', async () => {
  const t = Date.now();
  const r = await recordReference({ suites: ['auth', 'path', 'protocol', 'positive', 'conflict'], types: ['Kafka'], runs: 1 });
  console.log(r.result.exchanges?.length, Date.now() - t, 'ms', r.result.certificate.verdict);
  writeFileSync(`/tmp/cmp-all.har`, r.har);
}, 300_000);
