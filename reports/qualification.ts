// What qualifies a run beyond its rule results, as plain lines every report renders its own way (one source, so
// the HTML, Markdown and JUnit reports cannot disagree): signature, waivers, budget, skipped rules, and what the
// client saw of the target's robustness.
import type { Certificate } from '../results/model';

export interface ReportSection {
  title: string;
  lines: string[];
}

export function signatureLine(cert: Certificate): string {
  return cert.provenance?.signedBy ? `signed (certificate.jws, Ed25519) by key fingerprint sha256:${cert.provenance.signedBy}` : 'not signed';
}

/** How an https target's certificate was checked; undefined for http. */
export function tlsLine(cert: Certificate): string | undefined {
  if (!cert.tls) return undefined;
  return cert.tls.verified ? `certificate verified${cert.tls.privateCa ? ' (a private CA trusted besides the system\'s)' : ''}` : 'certificate NOT verified (--insecure)';
}

export function qualificationSections(cert: Certificate): ReportSection[] {
  const out: ReportSection[] = [];
  const p = cert.provenance;
  out.push({
    title: 'Signature and provenance',
    lines: [
      signatureLine(cert),
      ...(p ? [`tool ${p.toolVersion}, Node ${p.nodeVersion}`, `command line: ${p.commandLine.join(' ')}`, ...Object.entries(p.manifest).map(([f, h]) => `sha256 ${f}: ${h}`)] : []),
    ],
  });
  if (cert.qualification?.partial) out.push({ title: 'Partial run', lines: cert.qualification.reasons });
  if (cert.qualification?.skippedRules.length) out.push({ title: 'Skipped rules', lines: [cert.qualification.skippedRules.join(', ')] });
  if (cert.waivers?.length) {
    out.push({
      title: 'Waivers',
      lines: cert.waivers.map((w) => `${w.state}: ${w.rule}${w.type ? ` [${w.type}]` : ''}${w.operator ? ` (${w.operator})` : ''}, ${w.matched} failure(s) matched, expires ${w.expires}: ${w.reason}`),
    });
  }
  const b = cert.budget;
  if (b) {
    const limits = [b.limits.maxDurationMs !== undefined ? `max duration ${b.limits.maxDurationMs / 1000} s` : '', b.limits.maxRequests !== undefined ? `max requests ${b.limits.maxRequests}` : ''].filter(Boolean).join(', ');
    out.push({
      title: 'Budget',
      lines: [
        `${limits}: ${b.exhaustedBy ? `spent (${b.exhaustedBy}) at ${b.exhaustedAt}; ${b.refused} send(s) refused, cleanup still done` : 'not spent'}`,
        ...b.cut.map((c) => `cut in ${c.suite}${c.type ? ` [${c.type}]` : ''}: ${c.what}${c.rule ? ` (rule ${c.rule})` : ''} x${c.count}`),
        ...(b.notAssessed?.length ? [`rules without any check in this run: ${b.notAssessed.join(', ')}`] : []),
      ],
    });
  }
  const t = cert.transport;
  const lost = t ? Object.entries(t.flaky.byKind ?? {}).filter(([, n]) => (n ?? 0) > 0) : [];
  if (t && ((t.cut?.length ?? 0) > 0 || t.breaker.classes.length > 0 || t.breaker.targetDown || t.backoff.retriedWithoutRetryAfter > 0 || t.deletesGivenUp || t.settleGivenUp || t.pacing || t.flaky.incidents.length > 0)) {
    out.push({
      title: 'What the target did to the run',
      lines: [
        ...(t.breaker.targetDown ? [`target taken as down: ${t.breaker.targetDown}`] : []),
        ...t.breaker.classes.map(
          (c) =>
            `class "${c.class}": ${c.sent} sent, ${c.answered} answered, ${c.timeouts} timed out, ${c.transportErrors} other transport errors, ${c.notSent} not sent${c.openedAt ? ` (breaker opened ${c.openedAt})` : ''}${c.suspectTimeoutMs !== undefined ? `; short timeout ${c.suspectTimeoutMs} ms (configured ${t.breaker.configuredTimeoutMs} ms, p99 latency ${t.breaker.p99LatencyMs ?? '?'} ms)` : ''}`,
        ),
        ...(t.backoff.retriedWithoutRetryAfter > 0 ? [`429 without Retry-After retried ${t.backoff.retriedWithoutRetryAfter} time(s), ${t.backoff.waitedMs} ms of the ${t.backoff.totalBudgetMs} ms back-off budget waited${t.backoff.exhausted ? ' (budget spent: later retries did not wait)' : ''}`] : []),
        ...(t.deletesGivenUp ? [`deletions: ${t.deletesGivenUp}`] : []),
        ...(t.settleGivenUp ? [`settling: ${t.settleGivenUp}`] : []),
        ...(t.pacing ? [`rate limit advertised: ${t.pacing.limit ?? '?'}; the run paced itself: ${t.pacing.paced} request(s) sent one at a time, ${(t.pacing.waitedMs / 1000).toFixed(1)} s waited`] : []),
        ...(lost.length > 0 ? [`transport incidents by kind (answers lost; never a rule failure): ${lost.map(([k, n]) => `${k} ${n}`).join(', ')}`] : []),
        ...(t.flaky.incidents.length > 0 ? [`transport errors retried: ${t.flaky.counts['retried-ok']} flaky (retry answered), ${t.flaky.counts['failed-again']} failed again, ${t.flaky.counts['took-effect']} took effect`] : []),
        ...(t.cut ?? []).map((c) => `not sent (class held open) in ${c.suite}${c.type ? ` [${c.type}]` : ''}: ${c.what}${c.rule ? ` (rule ${c.rule})` : ''} x${c.count}`),
        ...t.flaky.incidents.slice(0, 10).map((i) => `${i.outcome}: ${i.request} at ${i.at}: ${i.error}`),
      ],
    });
  }
  return out;
}
