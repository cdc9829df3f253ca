// nodemu's JavaScript entry point. The embedding API grows here (see issue on the JS API);
// for now it exposes the program runner the CLI uses.
export { runProgram } from './linux-user/run';
export type { RunOptions, RunResult } from './linux-user/run';
export type { Arch } from './cpu/types';
