// Entry point of the bundled reference target (dist/container/target.mjs, the container's program): the `target`
// command alone, without the CLI's dispatcher or tsx, so the image needs nothing but node.
import { run } from './command';

// As PID 1 in a container, node gets no default handler for SIGTERM/SIGINT and would ignore `docker stop` until it
// is killed 10 s later; exit promptly instead, unless the command installed handlers of its own.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
  });
}

process.exitCode = await run(process.argv.slice(2));
