// Entry point of the `stream-conformance` command: dispatches to one module per subcommand.
// Exit codes follow certify's convention: 0 ok, 1 a MUST rule failed (or a check failed), 2 the run could not be made.

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  certify: { summary: 'certify a target against the conformance profile', load: () => import('./commands/certify') },
  target: { summary: 'start the bundled reference target on 127.0.0.1', load: () => import('../reference/command') },
  generate: { summary: 'print generated valid or invalid request bodies as NDJSON', load: () => import('./commands/generate') },
  pacts: { summary: 'verify or regenerate the Pact contracts', load: () => import('./commands/pacts') },
  judge: { summary: 'judge recorded traffic (HAR files) with the same rules; sends nothing', load: () => import('./commands/judge') },
  compare: { summary: 'replay recorded traffic (HAR files) against another target and report every difference', load: () => import('./commands/compare') },
  verify: { summary: 'check the signature and manifest of a signed certify run', load: () => import('./commands/verify') },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: stream-conformance <command> [options]', '', 'commands:', ...lines, '', 'Run `stream-conformance <command> --help` for its options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`stream-conformance: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}
