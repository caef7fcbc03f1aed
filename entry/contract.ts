// `stream-conformance/contract`: our contract (contracts/openapi.yaml, shipped in the package) with its
// variant-aware validator (the variant chosen by `type`, as the discriminator says), and the rule catalogue the
// certification judges by.
export { loadContract, createContract, CONTRACT_URL, type Contract, type Violation, type ShouldViolation, type ShouldCheck, type FieldSpec } from '../contracts/loader';
export { RULES, RULE_IDS, ruleById, isRuleId, type Rule, type RuleId, type Level, type RuleSource } from '../contracts/rules';
export { CONNECTION_TYPES, CONNECTION_STATES, isConnectionType, VENDOR_MEDIA_TYPE, type ConnectionType, type ConnectionState, type StreamsConnection, type ConnectionOf } from '../contracts/types';
