// A consumer's own vitest configuration running the conformance suites against its implementation (here the
// bundled reference target the test started over HTTPS, whose details it hands over in CONSUMER_TARGET).
import { defineConfig } from 'vitest/config';
import { streamConformance } from 'stream-conformance/vitest';

const t = JSON.parse(process.env.CONSUMER_TARGET ?? '{}');
export default defineConfig(
  streamConformance({
    target: t.url,
    groupId: t.groupId,
    tenant: t.tenant,
    auth: t.auth,
    readonlyAuth: t.readonlyAuth,
    // The target serves HTTPS with a certificate from a CA of its own: trust that CA (its PEM text).
    ca: t.ca,
    runs: 3,
    seed: 7,
    suites: ['auth', 'positive', 'negative', 'protocol'],
    reportDir: 'conformance-reports',
  }),
);
