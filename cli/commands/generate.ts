// Placeholder until the generate command lands; replaced by its real implementation.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('stream-conformance generate: not available in this build\n');
  return 2;
}
