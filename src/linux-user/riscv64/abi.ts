// riscv64 Linux syscall convention: number in a7 (x17), arguments in a0..a5
// (x10..x15), result in a0. Register x[i] is cpu.regs[2i] (low) and
// cpu.regs[2i+1] (high).

import type { CpuState } from '../../cpu/types';
import type { SyscallAbi } from '../args';

const A0 = 10;
const A7 = 17;

export const riscv64Abi: SyscallAbi = {
  nr(cpu: CpuState): number {
    // The number is a long; anything beyond 32 bits is not a valid syscall.
    const hi = cpu.regs[2 * A7 + 1];
    const lo = cpu.regs[2 * A7];
    return hi === 0 ? lo >>> 0 : hi === -1 && lo < 0 ? lo : -1;
  },
  arg(cpu: CpuState, i: number): number {
    const r = A0 + i;
    return cpu.regs[2 * r + 1] * 0x1_0000_0000 + (cpu.regs[2 * r] >>> 0);
  },
  argLo(cpu: CpuState, i: number): number {
    return cpu.regs[2 * (A0 + i)];
  },
  setResult(cpu: CpuState, v: number): void {
    cpu.regs[2 * A0] = v | 0; // ToInt32 is exact modulo 2^32 for integers
    cpu.regs[2 * A0 + 1] = Math.floor(v / 0x1_0000_0000) | 0;
  },
};
