// `stream-conformance/cli`: the command line as a function, for wrappers that run it in their own process.
// main(argv) answers the exit status (0 conformant / ok, 1 a MUST rule failed, 2 the run could not be made).
export { main, usage } from '../cli/main';
