// aarch64 Linux syscall convention: `svc #0` with the number in x8, arguments
// in x0..x5, result in x0 (other registers preserved). The front end keeps
// X[i] in cpu.regs[2i] (low) and cpu.regs[2i+1] (high), see
// src/cpu/aarch64/regs.ts.

import type { CpuState } from '../../cpu/types';
import type { SyscallAbi } from '../args';

const X0 = 0;
const X8 = 8;

export const aarch64Abi: SyscallAbi = {
  nr(cpu: CpuState): number {
    // The kernel reads the number as an int from w8 (upper bits ignored,
    // see arch/arm64/kernel/syscall.c: scno = regs->regs[8] as unsigned int).
    return cpu.regs[2 * X8] >>> 0;
  },
  arg(cpu: CpuState, i: number): number {
    const r = X0 + i;
    return cpu.regs[2 * r + 1] * 0x1_0000_0000 + (cpu.regs[2 * r] >>> 0);
  },
  argLo(cpu: CpuState, i: number): number {
    return cpu.regs[2 * (X0 + i)];
  },
  setResult(cpu: CpuState, v: number): void {
    cpu.regs[2 * X0] = v | 0;
    cpu.regs[2 * X0 + 1] = Math.floor(v / 0x1_0000_0000) | 0;
  },
};
