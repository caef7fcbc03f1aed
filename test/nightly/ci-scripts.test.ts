// The nightly workflow's shell helpers, run by bash with stand-ins for `gh` and `docker` on PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

function stub(dir: string, name: string, body: string): void {
  const file = join(dir, name);
  writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(file, 0o755);
}

function bash(script: string, args: string[], env: Record<string, string>, cwd: string) {
  return spawnSync('bash', [join(ROOT, script), ...args], { cwd, env: { ...env }, encoding: 'utf8' });
}

describe('nightly/download-previous.sh', () => {
  /** A fake gh: lists runs 300 (tonight), 200, 100; `run download` succeeds for the ids in GH_HAS. */
  function setup(has: string) {
    const dir = mkdtempSync(join(tmpdir(), 'sc-gh-'));
    const bin = join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    stub(
      bin,
      'gh',
      `echo "$*" >> "${join(dir, 'calls')}"
if [[ "$1 $2" == "run list" ]]; then printf '300\\n200\\n100\\n'; exit 0; fi
if [[ "$1 $2" == "run download" ]]; then
  id="$3"; shift 3
  while [[ $# -gt 0 ]]; do case "$1" in --dir) dest="$2"; shift 2;; *) shift;; esac; done
  if [[ " $GH_HAS " == *" $id "* ]]; then mkdir -p "$dest"; echo "{\\"from\\": $id}" > "$dest/certificate.json"; exit 0; fi
  echo "no artifact" >&2; exit 1
fi
exit 3`,
    );
    const env = { PATH: `${bin}:${process.env.PATH}`, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '300', GITHUB_REF_NAME: 'main', GH_HAS: has, GH_TOKEN: 'ghs_token_value' };
    return { dir, env, calls: () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') };
  }

  it('downloads the artifact of the newest earlier run that has it, never tonight\'s', () => {
    const { dir, env, calls } = setup('100 300');
    const r = bash('nightly/download-previous.sh', ['nightly-merged-reference', 'previous/reference'], env, dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'previous/reference/certificate.json'), 'utf8'))).toEqual({ from: 100 });
    expect(calls()[0]).toBe('run list --repo o/r --workflow nightly.yml --branch main --status completed --limit 30 --json databaseId --jq .[].databaseId');
    expect(calls().slice(1).map((c) => c.split(' ')[2])).toEqual(['200', '100']);
    expect(r.stderr).toContain('previous nightly-merged-reference: run 100');
    expect(r.stdout + r.stderr).not.toContain('ghs_token_value');
  });

  it('says so and succeeds when no earlier run has the artifact (the first night)', () => {
    const { dir, env } = setup('');
    const r = bash('nightly/download-previous.sh', ['nightly-merged-reference', 'previous/reference'], env, dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('::notice::no earlier run of nightly.yml on main has an artifact named nightly-merged-reference');
    expect(existsSync(join(dir, 'previous/reference'))).toBe(false);
  });

  it('needs an artifact name and a destination', () => {
    const { dir, env } = setup('');
    const r = bash('nightly/download-previous.sh', [], env, dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('usage: download-previous.sh ARTIFACT DEST');
  });
});

describe('nightly/ensure-docker.sh', () => {
  it('uses the runner\'s engine when one answers, and then exports nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-docker-'));
    stub(dir, 'docker', `case "$1" in info) exit 0;; version) echo 27.1.0;; *) exit 9;; esac`);
    const r = bash('nightly/ensure-docker.sh', [], { PATH: `${dir}:${process.env.PATH}` }, ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("using the runner's Docker engine (27.1.0)");
  });
});
