// Makes a certificate fit to publish: every failure gets a curl line reproducing its request (when the engine gave
// none), and every string in it, exchanges and counterexamples included, goes through the redactor. The engine
// redacts too; doing it again here means a report never depends on every producer having remembered to.
import type { Certificate, Failure } from '../results/model';
import { toCurl } from '../results/curl';
import type { Redactor, Secret } from '../results/redact';

export function prepareCertificate(cert: Certificate, secrets: readonly Secret[], redactor: Redactor): Certificate {
  const rules = cert.rules.map((rule) => ({
    ...rule,
    statement: redactor.text(rule.statement),
    ...(rule.note !== undefined ? { note: redactor.text(rule.note) } : {}),
    failures: rule.failures.map((f) => prepareFailure(f, secrets, redactor)),
  }));
  // The rest of the certificate (target, incidents, counts, sections) is ours: its strings are redacted, its keys
  // and numbers kept.
  const rest = redactor.strings({ ...cert, rules: [] }) as Certificate;
  return { ...rest, rules };
}

function prepareFailure(f: Failure, secrets: readonly Secret[], redactor: Redactor): Failure {
  // The curl line is built from the exchange as recorded, before redaction, so secrets become shell references;
  // a request the engine already redacted works too (its `${ENV}` placeholders become references as well).
  // An engine curl line with a secret in clear would, once redacted, no longer run: build one from the exchange.
  const runnable = f.curl !== undefined && redactor.text(f.curl) === f.curl;
  const curl = runnable || !f.exchange ? f.curl : toCurl(f.exchange.request, { secrets, redactor });
  const out: Failure = {
    ...f,
    id: redactor.text(f.id),
    operator: redactor.text(f.operator),
    message: redactor.text(f.message),
  };
  if ('counterexample' in f) out.counterexample = redactor.json(f.counterexample);
  if (f.exchange) out.exchange = redactor.exchange(f.exchange);
  if (curl !== undefined) out.curl = redactor.text(curl);
  return out;
}
