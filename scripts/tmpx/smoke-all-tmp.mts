import { startTarget } from '../../reference/server';
import { main } from '../../cli/main';
import { FAULTS } from '../../reference/faults';
const out: string[] = [];
for (const f of FAULTS) {
  const t = await startTarget({ faults: [f.name] });
  const i = t.info;
  const t0 = Date.now();
  let stderr = '';
  const w = process.stderr.write.bind(process.stderr);
  (process.stderr as any).write = (c: any) => { stderr += String(c); return true; };
  let code: number;
  try {
    code = await main(['compare', process.argv[2]!, '--target', i.url, '--group-id', i.groupId, '--tenant', i.tenant, '--auth', i.auth, '--report-dir', '/tmp/cmp-out', '--only-instance', '--settle', '2', '--quiet']);
  } finally { (process.stderr as any).write = w; }
  const summary = stderr.split('\n').find((l) => l.startsWith('Compared')) ?? stderr.slice(-300);
  const firstFail = stderr.split('\n').find((l) => l.includes('FAILURE')) ?? '';
  out.push(`${f.name} (${f.breaks}) exit ${code} ${Date.now() - t0}ms :: ${summary.slice(0, 140)} :: ${firstFail.slice(0, 200)}`);
  await t.close();
}
console.log(out.join('\n'));
