// What an oracle concludes of one exchange (or a group of exchanges) for one rule.

export type Verdict = { ok: true } | { ok: false; message: string };

export const PASS: Verdict = { ok: true };
export function fail(message: string): Verdict {
  return { ok: false, message };
}
