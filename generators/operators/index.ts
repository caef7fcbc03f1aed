// The operator table. Order is the order of the deterministic matrix.
import { missingType, typeCase, typeSwap, unknownType } from './discriminator';
import { extraProperty } from './extra';
import { blankName, emptyName, missingName } from './name';
import { fixtureCase, openHostPortList, readOnlyField } from './open';
import {
  enumViolationOp,
  formatViolation,
  maxItemsOp,
  minItemsOp,
  missingRequired,
  patternViolationOp,
  uniqueItemsOp,
  wrongJsonType,
} from './schema';
import { bodyArray, bodyBoolean, bodyNull, bodyNumber, bodyString, malformedJson, payloadTooLarge } from './shape';
import { descriptionEnum, essentialFormat, kafkaCredentials, missingEssential, unknownFixture } from './should';
import type { Operator } from './types';

export const OPERATORS: readonly Operator[] = [
  // MUST: the discriminator and the name
  missingType,
  unknownType,
  typeCase,
  typeSwap,
  missingName,
  // MUST: schema violations at property paths
  wrongJsonType,
  enumViolationOp,
  patternViolationOp,
  missingRequired,
  minItemsOp,
  maxItemsOp,
  uniqueItemsOp,
  formatViolation,
  // MUST: the body as a whole
  bodyArray,
  bodyString,
  bodyNumber,
  bodyBoolean,
  bodyNull,
  malformedJson,
  // SHOULD: errata
  missingEssential,
  emptyName,
  unknownFixture,
  essentialFormat,
  descriptionEnum,
  kafkaCredentials,
  payloadTooLarge,
  // MUST no-5xx only: what the profile leaves open (a target may accept or refuse it)
  extraProperty,
  blankName,
  readOnlyField,
  openHostPortList,
  fixtureCase,
];

export function operatorByName(name: string): Operator | undefined {
  return OPERATORS.find((o) => o.name === name);
}

export type { Mutation, Operator, OperatorEnv, Target } from './types';
