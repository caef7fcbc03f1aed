// Public API of the generators: valid bodies and labelled invalid cases per connection type, the deterministic
// matrix, and the label checks the engine uses while shrinking. See README-level notes in each module.
export { createGenContext, type GenContext, NAME_PLACEHOLDER, MAX_NAME_LENGTH, checkFixtures } from './context';
export { validBody, validCore, ALWAYS_SENT } from './valid';
export { invalidCase, matrixRows, type InvalidCase, type MatrixRow } from './invalid';
export { enumerateValid, enumerateInvalid, invalidMatrix, validRequirements, satisfies, requirementId, seedFor, type MatrixCase, type Requirement } from './enumerate';
export { labelHolds, validHolds, ruleOfShould, ONE_MIB } from './labels';
export { secretValues } from './secrets';
export { coverageMatrix } from './coverage';
export { OPERATORS, operatorByName, type Operator, type OperatorEnv, type Target, type Mutation } from './operators';
export { SECRET_PREFIX } from './values/secret';
export { siteOf } from './operators/paths';
export { boundaryCase, enumerateBoundaries, freeStringSites, NAME_BOUNDARIES, VALUE_BOUNDARIES, type BoundaryCase } from './boundaries';
