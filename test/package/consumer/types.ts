import fc from 'fast-check';
import { main } from 'stream-conformance/cli';
import { startTarget, spawnTarget, startTargetContainer, FAULT_NAMES, type RunningTarget, type FaultName } from 'stream-conformance/target';
import { createGenContext, validBody, invalidCase, CONNECTION_TYPES, type ConnectionType, type InvalidCase } from 'stream-conformance/generators';
import { loadContract, RULES, type RuleId, type Violation } from 'stream-conformance/contract';
import { streamConformance, type StreamConformanceOptions } from 'stream-conformance/vitest';

const ctx = createGenContext({ runPrefix: 'mine' });
const type: ConnectionType = 'Kafka';
const [body] = fc.sample(validBody(type, ctx), 1);
const bad: InvalidCase[] = fc.sample(invalidCase('Https', ctx), 3);
const violations: Violation[] = loadContract().validateRequestBody(body);
const rule: RuleId = RULES[0].id;
const fault: FaultName = FAULT_NAMES[0]!;
const running: Promise<RunningTarget> = startTarget({ faults: [fault] });
const exit: Promise<number> = main(['--help']);
const preset: StreamConformanceOptions = { target: 'http://127.0.0.1:1', groupId: 'g', tenant: 't', auth: 'bearer:x', types: ['Kafka'] };
void [bad, violations, rule, running, exit, spawnTarget, startTargetContainer, CONNECTION_TYPES, streamConformance(preset).test.include];
// @ts-expect-error the types are precise: not a connection type
validBody('NotAType', ctx);
