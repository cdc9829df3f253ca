// Error plumbing for syscall implementations: throw SysError(E.X) anywhere
// below Kernel.syscall and the guest gets -X.

import { E } from '../syscalls/errno';

/** A syscall failure with a guest errno (positive). Not an Error: no stack capture. */
export class SysError {
  constructor(readonly errno: number) {}
}

export function fail(errno: number): never {
  throw new SysError(errno);
}

export function check(cond: boolean, errno: number): asserts cond {
  if (!cond) throw new SysError(errno);
}

export { E };
