// `stream-conformance/generators`: fast-check arbitraries of valid request bodies per connection type and of invalid
// ones labelled with the rule they break and the field path, for consumers' own property tests.
export {
  createGenContext,
  type GenContext,
  validBody,
  validCore,
  invalidCase,
  matrixRows,
  type InvalidCase,
  type MatrixRow,
  enumerateValid,
  enumerateInvalid,
  invalidMatrix,
  labelHolds,
  validHolds,
  secretValues,
  coverageMatrix,
  OPERATORS,
  operatorByName,
  type Operator,
  MAX_NAME_LENGTH,
} from '../generators';
export { CONNECTION_TYPES, isConnectionType, type ConnectionType, type ConnectionOf, type Fixtures, DEFAULT_FIXTURES } from '../contracts/types';
export type { CaseLabel } from '../results/model';
