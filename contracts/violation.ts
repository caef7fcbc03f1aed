// What the contract's checks report: a violation at a JSONPath, MUST (schema) or SHOULD (the profile's errata).

export interface Violation {
  /** JSONPath of the offending value, e.g. `$.authentication.mechanism`, `$.config["a.b"]`, `$.schemaRegistryUrls[2]`. */
  path: string;
  /** JSON-schema keyword or conformance check that failed (`type`, `enum`, `required`, `essential`, ...). */
  keyword: string;
  message: string;
}

/** Kinds of SHOULD checks taken from the profile's errata (the `x-conformance-*` extensions of the contract). */
export type ShouldCheck = 'essential' | 'non-empty' | 'fixture' | 'enum' | 'format' | 'combination';
export interface ShouldViolation extends Violation {
  keyword: ShouldCheck;
}
