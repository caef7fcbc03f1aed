// The results model: what one exchange with a target was, what an oracle concluded of it, and what a run adds up
// to. Suites produce these, reports consume them; nothing here does I/O.
import type { ConnectionType } from '../contracts/types';
import type { Level, RuleId } from '../contracts/rules';
import type { PoliciesReport } from '../client/policies';
import type { Exchange } from '../client/exchange';
import type { Verdict } from '../oracles/verdict';

/** How a generated case was labelled (generators/): which mutation made it invalid and where. */
export interface CaseLabel {
  operator: string;
  rule: RuleId;
  level: Level;
  path: string;
}

/** One judged observation: a rule applied to one case. Suites emit these; the aggregator folds them into rules. */
export interface Check {
  rule: RuleId;
  type?: ConnectionType;
  /** The suite that made it (e.g. `positive`, `negative`, `auth`). */
  suite: string;
  /** Operator of the invalid case, or a short name of the probe (`valid`, `no-credentials`, ...). */
  operator: string;
  verdict: Verdict;
  /** Exchanges the verdict rests on (ids into the run's exchange log). */
  exchangeIds: string[];
  /** The shrunk (smallest known) input that shows a failure: a body, or a description of the probe. */
  counterexample?: unknown;
  label?: CaseLabel;
  seed?: number;
}

/** `waived`: failed, but every failure matched an unexpired waiver (counted neither against the verdict nor as a pass). */
export type RuleStatus = 'passed' | 'failed' | 'not-assessed' | 'waived';

/** A known deviation the implementer declares (`--waivers`): a matching failure is reported, not counted. */
export interface Waiver {
  rule: RuleId;
  type?: ConnectionType;
  operator?: string;
  reason: string;
  /** ISO date (YYYY-MM-DD, through the end of that day UTC) or date-time. */
  expires: string;
}

export interface WaiverOutcome extends Waiver {
  /** active: matched failures; stale: matched nothing; expired: past its date (an error that fails the run). */
  state: 'active' | 'stale' | 'expired';
  matched: number;
}

/** What the run's budget cut: the limits, when and why sending stopped, and the cases and tests not run. */
export interface BudgetSection {
  limits: { maxRequests?: number; maxDurationMs?: number };
  exhaustedBy?: 'max-requests' | 'max-duration';
  exhaustedAt?: string;
  /** Sends refused after the budget was spent. */
  refused: number;
  /**
   * Cases (by type and operator, with the rule an invalid case's label names; `valid` cases are about every rule of
   * a valid create) and tests (`test: NAME`) stopped before they ended.
   */
  cut: { suite: string; type?: ConnectionType; what: string; rule?: RuleId; count: number }[];
  /** Rules left without any check in a run the budget cut. */
  notAssessed?: RuleId[];
}

/** What makes the run tell less than a full certification: skipped rules, a spent budget. */
export interface Qualification {
  partial: boolean;
  reasons: string[];
  /** Rules left out by --rules / --skip-rules. */
  skippedRules: RuleId[];
}

/** How the run was made, for whoever checks the certificate later. */
export interface Provenance {
  toolVersion: string;
  nodeVersion: string;
  /** The certify command line, every secret in it masked. */
  commandLine: string[];
  /** SHA-256 of every other report file of the run, by file name. */
  manifest: Record<string, string>;
  /** Fingerprint (SHA-256 of the public key's SPKI DER, hex) of the key that signs certificate.json, when signed. */
  signedBy?: string;
}

/** Re-run classification of a failure (nightly): gone on re-run, sometimes, always. */
export type FlakeClass = 'FIXED' | 'FLAKY' | 'FAILED';

export interface Failure {
  /** Stable within the certificate, e.g. `no-secret-leak#3`. */
  id: string;
  rule: RuleId;
  type?: ConnectionType;
  operator: string;
  message: string;
  counterexample?: unknown;
  /** The exchange that shows it, secrets already redacted. */
  exchange?: Exchange;
  /** A curl command reproducing the request; secrets replaced by environment variable references. */
  curl?: string;
  classification?: FlakeClass;
  /** The reason of the waiver this failure matched (`--waivers`): reported, not counted. */
  waived?: string;
}

/** Rules per status at one level (`waived` only when some are). */
export type Tally = Record<Exclude<RuleStatus, 'waived'>, number> & { waived?: number };

export interface RuleResult {
  id: RuleId;
  level: Level;
  statement: string;
  status: RuleStatus;
  /** Connection types the rule was checked for (empty for type-independent rules). */
  types: ConnectionType[];
  /** Checks made for this rule. */
  cases: number;
  failures: Failure[];
  /** Why a rule was not assessed, or other context. */
  note?: string;
}

/** How an https target's identity was checked. */
export interface TargetTls {
  /** False with --insecure: any certificate was accepted, so nothing shows the answers came from `target`. */
  verified: boolean;
  /** A private CA was trusted besides the system's (--ca, or the bundled target's own). */
  privateCa: boolean;
}

export interface Certificate {
  verdict: 'conformant' | 'non-conformant';
  /** Conformance profile version certified against. */
  profile: string;
  suiteVersion: string;
  contractSha256: string;
  target: string;
  /** For an https target: whether its certificate was verified. */
  tls?: TargetTls;
  seed: number;
  runs: number;
  startedAt: string;
  endedAt: string;
  types: ConnectionType[];
  rules: RuleResult[];
  /** Cases sent per connection type and operator (`valid` for valid cases). */
  counts: Partial<Record<ConnectionType | 'none', Record<string, number>>>;
  /** Per dimension of the request and type: what was sent, what came back, and what a full run sends that this did not. */
  coverage?: CoverageMap;
  exchanges: number;
  summary: { must: Tally; should: Tally };
  /** Why the run could not be completed in full, if it could not (the rest of the results still stand). */
  incidents: string[];
  /** The verdict in words, with its qualifications: "CONFORMANT with 1 waiver", "CONFORMANT (partial: ...)". */
  verdictText?: string;
  /** What the client saw of the target's robustness: classes that hung or failed, 429 back-off, flaky retries. */
  transport?: Omit<PoliciesReport, 'budget'> & {
    /** Without a budget: the cases and tests cut because the breaker held their class open (else in `budget.cut`). */
    cut?: BudgetSection['cut'];
  };
  budget?: BudgetSection;
  /** Settings that shape what a verdict rests on: the settle bound (how long the run waited for reads and
   *  deletions to settle before judging them) and the request profile. */
  settings?: { settleMs: number; profile: 'default' | 'minimal' };
  waivers?: WaiverOutcome[];
  /** `stream-conformance compare`: how the answers of this target differ from a recording's. */
  comparison?: ComparisonSection;
  qualification?: Qualification;
  provenance?: Provenance;
}

/** Cases and answers are counted per connection type, or `none` for type-independent ones. */
export type TypeKey = ConnectionType | 'none';

/** What one dimension of the request sent for one type (classes of values) and the classes of answer that came back. */
export interface CoverageCell {
  sent: Record<string, number>;
  answers: Record<string, number>;
  combinations?: Record<string, number>;
}

export interface CoverageDimension {
  id: string;
  title: string;
  perType: boolean;
  /** Per type (`none` for type-independent dimensions): what was sent and what came back. */
  cells: Partial<Record<TypeKey, CoverageCell>>;
}

export interface CoverageGap {
  dimension: string;
  type?: ConnectionType;
  /** Classes (or `a × b` combinations) a full run sends that this one did not; `everything` when nothing was. */
  missing: string[];
}

export interface CoverageMap {
  dimensions: CoverageDimension[];
  gaps: CoverageGap[];
}


/** What part of an answer differs between the recording and its replay. */
export type DivergenceAspect = 'status' | 'errorCode' | 'media-type' | 'body' | 'layout' | 'verdict';

/** One way a replayed answer differs from the recorded one. */
export interface Divergence {
  aspect: DivergenceAspect;
  /** The JSON path in the body (`$.config.retries`), for `body`. */
  path?: string;
  /** The recorded value (JSON text, or `(absent)`). */
  recorded: string;
  /** The replayed value, the same way. */
  replayed: string;
  /** allowed: both answers pass every rule that applies (a difference of behaviour the profile allows); failure:
   *  one answer fails a rule the other passes. */
  class: 'allowed' | 'failure';
  /** For a failure: the rules failed on one side that it is part of. */
  rules?: RuleId[];
}

/** A rule one answer of a compared pair fails and the other does not. */
export interface SidedFailure {
  rule: RuleId;
  side: 'recorded' | 'replayed';
  message: string;
}

/** One recorded exchange replayed, with its divergences (only exchanges with some are listed). */
export interface ExchangeComparison {
  /** Place in the recording's operation sequence (1-based). */
  index: number;
  /** `POST /api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections` as recorded (names as recorded). */
  request: string;
  /** The HAR entry (file and place). */
  source: string;
  recordedStatus: string;
  replayedStatus: string;
  divergences: Divergence[];
  /** Rules failed on one side only (the reason a divergence is a failure). */
  failing: SidedFailure[];
}

export interface ComparisonSection {
  recordings: string[];
  /** The target the recording was replayed against. */
  target: string;
  /** Exchanges of the operation in the recording. */
  operations: number;
  /** Compared pairs (both answered). */
  compared: number;
  /** Compared pairs with no divergence. */
  identical: number;
  allowed: number;
  failures: number;
  /** --strict: every divergence fails the comparison. */
  strict: boolean;
  exchanges: ExchangeComparison[];
  /** Recorded requests not sent, with why (a 429 the recorder retried, a body the recording left out...). */
  notReplayed: { index: number; request: string; reason: string }[];
  /** Answers lost in transport (either side): transport incidents, never divergences. */
  lost: { index: number; request: string; side: 'recorded' | 'replayed'; error: string }[];
  /** What the comparison leaves aside, in words. */
  ignored: string[];
}
