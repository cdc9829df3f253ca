// Runs one guest program: memory, loader, CPU, kernel, CPU loop.
// (Implementation in progress — signatures are the contract for the CLI.)

import type { Arch } from '../cpu/types';

export interface RunOptions {
  /** Host path of the program to load. */
  path: string;
  /** Guest argv (argv[0] already chosen, e.g. by -0). */
  argv: string[];
  /** Guest environment, "NAME=value" strings. */
  env: string[];
  /** Architecture picked from the ELF header (or forced by nodemu-<arch>). */
  arch: Arch;
  /** -L / NODEMU_LD_PREFIX */
  ldPrefix?: string;
  /** -s: guest stack size in bytes */
  stackSize?: number;
  /** -strace */
  strace?: boolean;
}

export type RunResult = { code: number; signal?: undefined } | { code?: undefined; signal: number };

export function runProgram(_opts: RunOptions): RunResult {
  throw new Error('not yet implemented');
}
