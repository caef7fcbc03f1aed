// Run by test/package/install.test.ts from a project that installed the packed tarball: each entry point used the
// way a consumer would, printing one JSON line of what it saw.
import fc from 'fast-check';
import { startTarget } from 'stream-conformance/target';
import { createGenContext, validBody, invalidCase } from 'stream-conformance/generators';
import { loadContract, RULES } from 'stream-conformance/contract';

const contract = loadContract();
const ctx = createGenContext({ runPrefix: 'consumer' });
const valid = fc.sample(validBody('Kafka', ctx), { seed: 1, numRuns: 20 });
const invalid = fc.sample(invalidCase('Https', ctx), { seed: 1, numRuns: 20 });
const target = await startTarget();
let status;
try {
  const { groupId, tenant } = target.info;
  const res = await fetch(`${target.url}/api/atlas/v2/groups/${groupId}/streams/${tenant}/connections`, { method: 'GET' });
  status = res.status;
} finally {
  await target.close();
}
console.log(JSON.stringify({
  validViolations: valid.map((b) => contract.validateRequestBody(b).length),
  invalidRules: [...new Set(invalid.map((c) => c.rule))],
  rules: RULES.length,
  unauthenticatedList: status,
}));
