// pretty (SHOULD): with pretty=true the body is multi-line, indented JSON with the same content.
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { describeDiffs, got, jsonDiff } from './common';

/**
 * `plainJson` is the body of the same request without pretty=true; `ignore` lists top-level keys that may differ
 * between the two answers (id, state, links of two different connections, say).
 */
export const pretty = defineOracle(
  { oracleName: 'pretty', rule: 'pretty', profile: 'pretty=true -> multi-line indented JSON, same content.' },
  (prettyEx: Exchange, plainJson: unknown, ignore: readonly string[] = []): Verdict => {
    if (prettyEx.outcome !== 'response') return fail(`expected a pretty-printed answer, got ${got(prettyEx)}`);
    const { body, json } = prettyEx.response;
    if (json === undefined) return fail('pretty=true answer is not JSON');
    const problems: string[] = [];
    // An empty object or array, or a scalar, has nothing to lay out over several lines.
    const layable = (isPlainObject(plainJson) && Object.keys(plainJson).length > 0) || (Array.isArray(plainJson) && plainJson.length > 0);
    if (layable) {
      const lines = body.trim().split(/\r?\n/);
      if (lines.length < 2) problems.push('body is on one line');
      else if (!lines.slice(1, -1).some((l) => /^[ \t]+\S/.test(l))) problems.push('body lines are not indented');
    }
    const diffs = jsonDiff(plainJson, json, { ignoreKeys: ignore, limit: 3 });
    if (diffs.length > 0) problems.push(`content differs from the plain answer: ${describeDiffs(diffs)}`);
    return problems.length === 0 ? PASS : fail(`pretty=true: ${problems.join('; ')}`);
  },
);
