// RiscvCpu: the riscv64 guest CPU state (registers live in cpu.regs, see regs.ts).

import type { GuestMemory } from '../../memory/guest-memory';
import { CpuState } from '../types';
import { newFpStatus, type FpStatus } from '../fpu';
import { FPOK_SLOT, REG_SLOTS, RES_SLOT, XREG_SLOT, FREG_SLOT } from './regs';

/** The FPU library's status; its `flags` (RISC-V fflags bit order) IS the guest's fflags. */
export type RiscvFpStatus = FpStatus;

export class RiscvCpu extends CpuState {
  private frmBits = 0;
  /** RISC-V flavour: default NaN, no flushing, tininess after rounding. */
  readonly fp: RiscvFpStatus = newFpStatus();
  /** Approximate retired-instruction counter (see csr helpers). */
  instret = 0;

  constructor(mem: GuestMemory, regs: Int32Array = new Int32Array(REG_SLOTS)) {
    super(mem, regs);
    this.clearReservation();
  }

  // Every write of frm or fflags turns the FP fast paths off until the next slow
  // operation re-checks the state (src/cpu/fpu/fast.ts).
  /** Dynamic rounding mode (fcsr[7:5]); may hold an invalid value 5..7. */
  get frm(): number { return this.frmBits; }
  set frm(v: number) { this.frmBits = v; this.regs[FPOK_SLOT] = 0; }
  get fflags(): number { return this.fp.flags & 31; }
  set fflags(v: number) { this.fp.flags = v & 31; this.regs[FPOK_SLOT] = 0; }
  get fcsr(): number { return ((this.frm & 7) << 5) | (this.fp.flags & 31); }
  set fcsr(v: number) { this.frm = (v >>> 5) & 7; this.fp.flags = v & 31; }
  /** Whether the FP fast paths may run: frm = RNE and inexact already raised. */
  fastFpOk(): boolean { return this.frmBits === 0 && (this.fp.flags & 1) !== 0; }

  clearReservation(): void { this.regs[RES_SLOT] = -1; this.regs[RES_SLOT + 1] = -1; }

  /** x register as a bigint (signed). For the kernel, tests and debugging. */
  getX(i: number): bigint {
    if (i === 0) return 0n;
    return (BigInt(this.regs[XREG_SLOT(i) + 1]) << 32n) | BigInt(this.regs[XREG_SLOT(i)] >>> 0);
  }
  setX(i: number, v: bigint | number): void {
    if (i === 0) return;
    const u = BigInt.asUintN(64, BigInt(v));
    this.regs[XREG_SLOT(i)] = Number(u & 0xffffffffn) | 0;
    this.regs[XREG_SLOT(i) + 1] = Number(u >> 32n) | 0;
  }
  /** x register as a JS number (exact for values within ±2^53: pointers, syscall args). */
  x(i: number): number { return i === 0 ? 0 : this.regs[XREG_SLOT(i) + 1] * 0x1_0000_0000 + (this.regs[XREG_SLOT(i)] >>> 0); }
  setXn(i: number, v: number): void {
    if (i === 0) return;
    this.regs[XREG_SLOT(i)] = v | 0;
    this.regs[XREG_SLOT(i) + 1] = Math.floor(v / 0x1_0000_0000) | 0;
  }
  /** f register raw bits as an unsigned bigint. */
  getF(i: number): bigint {
    return (BigInt(this.regs[FREG_SLOT(i) + 1] >>> 0) << 32n) | BigInt(this.regs[FREG_SLOT(i)] >>> 0);
  }
  setF(i: number, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.regs[FREG_SLOT(i)] = Number(u & 0xffffffffn) | 0;
    this.regs[FREG_SLOT(i) + 1] = Number(u >> 32n) | 0;
  }
}

export function createRiscvCpu(mem: GuestMemory): RiscvCpu {
  return new RiscvCpu(mem, mem.allocRegs(REG_SLOTS));
}
