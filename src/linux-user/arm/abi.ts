// 32-bit ARM (EABI) Linux syscall convention: `svc #0` with the number in r7,
// arguments in r0..r5, result in r0. Registers are 32 bits: cpu.regs[i] is
// r<i> (see src/cpu/arm/regs.ts); plain arguments are read sign-extended
// (int, long, off_t), SyscallArgs' unsigned views give size_t and pointers.
//
// A 64-bit argument (loff_t, u64) occupies two registers, low word first, and
// EABI starts such a pair at an even register: pread64(fd, buf, count, pos)
// passes pos in r4:r5 and leaves r3 unused. argMap() turns those calls into
// the generic handlers' argument order, where the value is one argument.
//
// Private calls (__ARM_NR_BASE 0xf0000): set_tls writes TPIDRURO (what
// `mrc p15, 0, rX, c13, c0, 3` and the kuser helper at 0xffff0fe0 read),
// get_tls reads it, cacheflush discards translations of a range,
// breakpoint raises SIGTRAP.

import type { CpuState } from '../../cpu/types';
import { E } from '../../syscalls/errno';
import type { ArgMap, SyscallAbi } from '../args';
import { fail } from '../errors';
import type { Handler } from '../kernel';
import { raiseSelf } from '../sys-proc';

const SIGTRAP = 5;
const R0 = 0;
const R7 = 7;
/** cpu.regs slot of TPIDRURO (src/cpu/arm/regs.ts TPIDRURO_SLOT; not imported to keep the front end unloaded). */
const TPIDRURO_SLOT = 20;

/** Calls with register-pair arguments → generic handler and argument sources. */
const PAIRS: ReadonlyMap<string, ArgMap> = new Map<string, ArgMap>([
  ['pread64', ['pread64', [0, 1, 2, [4, 5]]]],
  ['pwrite64', ['pwrite64', [0, 1, 2, [4, 5]]]],
  ['truncate64', ['truncate', [0, [2, 3]]]],
  ['ftruncate64', ['ftruncate', [0, [2, 3]]]],
  ['readahead', ['readahead', [0, [2, 3], 4]]],
  // arm_fadvise64_64(fd, advice, offset, len): advice moved up front to keep the pairs aligned.
  ['arm_fadvise64_64', ['fadvise64', [0, [2, 3], [4, 5], 1]]],
  // sync_file_range2(fd, flags, offset, nbytes), likewise.
  ['arm_sync_file_range', ['sync_file_range', [0, [2, 3], [4, 5], 1]]],
  ['fallocate', ['fallocate', [0, 1, [2, 3], [4, 5]]]],
  // The vector calls pass pos as two longs (pos_l, pos_h), not as an aligned pair.
  ['preadv', ['preadv', [0, 1, 2, [3, 4]]]],
  ['pwritev', ['pwritev', [0, 1, 2, [3, 4]]]],
  ['preadv2', ['preadv2', [0, 1, 2, [3, 4], 5]]],
  ['pwritev2', ['pwritev2', [0, 1, 2, [3, 4], 5]]],
]);

const armHandlers: Record<string, Handler> = {
  set_tls: (k, a) => {
    k.cpu!.regs[TPIDRURO_SLOT] = a.int(0);
    return 0;
  },
  get_tls: (k) => k.cpu!.regs[TPIDRURO_SLOT],
  cacheflush: (k, a) => {
    const start = a.ptr(0), end = a.ptr(1);
    if (a.int(2) !== 0) fail(E.EINVAL);
    if (end < start) fail(E.EINVAL);
    k.onFlushCode(start, end);
    return 0;
  },
  breakpoint: (k) => raiseSelf(k, SIGTRAP),
};

export const armAbi: SyscallAbi = {
  nr(cpu: CpuState): number {
    return cpu.regs[R7] >>> 0;
  },
  arg(cpu: CpuState, i: number): number {
    return cpu.regs[R0 + i] | 0;
  },
  argLo(cpu: CpuState, i: number): number {
    return cpu.regs[R0 + i];
  },
  setResult(cpu: CpuState, v: number): void {
    cpu.regs[R0] = v | 0;
  },
  argMap: (name) => PAIRS.get(name),
  handlers: armHandlers,
};
