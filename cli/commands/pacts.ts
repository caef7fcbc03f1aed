// Placeholder until the pacts command lands; replaced by its real implementation.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('stream-conformance pacts: not available in this build\n');
  return 2;
}
