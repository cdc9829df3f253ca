// Syscall arguments as read from the guest registers, with the C-type views
// a handler needs (an `int` argument only has 32 meaningful bits, etc.).

import type { CpuState } from '../cpu/types';

/** Per-arch register convention for system calls (src/linux-user/<arch>/abi.ts). */
export interface SyscallAbi {
  nr(cpu: CpuState): number;
  /** 64-bit register as a JS number: signed, hi*2^32 + (lo>>>0); exact within ±2^53. */
  arg(cpu: CpuState, i: number): number;
  /** Raw low 32 bits of the register. */
  argLo(cpu: CpuState, i: number): number;
  /** Sign-extends `v` into the result register. */
  setResult(cpu: CpuState, v: number): void;
}

const TWO64 = 2 ** 64;

export class SyscallArgs {
  /** Signed full-register values. */
  readonly raw = [0, 0, 0, 0, 0, 0];
  /** Low 32 bits. */
  readonly lo = [0, 0, 0, 0, 0, 0];

  constructor(readonly longSize: 4 | 8) {}

  load(abi: SyscallAbi, cpu: CpuState): this {
    for (let i = 0; i < 6; i++) { this.raw[i] = abi.arg(cpu, i); this.lo[i] = abi.argLo(cpu, i); }
    return this;
  }

  /** Sets arguments directly (tests, internal calls). */
  set(values: readonly number[]): this {
    for (let i = 0; i < 6; i++) {
      const v = values[i] ?? 0;
      this.raw[i] = v;
      this.lo[i] = Number(BigInt.asIntN(32, BigInt(Math.trunc(v))));
    }
    return this;
  }

  /** C int. */
  int(i: number): number { return this.lo[i] | 0; }
  /** C unsigned int. */
  uint(i: number): number { return this.lo[i] >>> 0; }
  /** C long (signed). */
  long(i: number): number { return this.longSize === 8 ? this.raw[i] : this.lo[i] | 0; }
  /** C unsigned long / size_t (values above 2^53 are approximate; they are invalid anyway). */
  ulong(i: number): number {
    if (this.longSize === 4) return this.lo[i] >>> 0;
    const v = this.raw[i];
    return v < 0 ? v + TWO64 : v;
  }
  /** Guest pointer. */
  ptr(i: number): number { return this.ulong(i); }
  /** A 64-bit signed value in one register (off_t, loff_t on 64-bit targets). */
  i64(i: number): number { return this.raw[i]; }
}
