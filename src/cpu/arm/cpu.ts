// ArmCpu: the 32-bit ARM guest CPU state (registers live in cpu.regs, see regs.ts).
//
// cpu.pc is the guest pc with bit 0 set for Thumb code (the translation cache key
// carries the instruction set state).

import type { GuestMemory } from '../../memory/guest-memory';
import { CpuState } from '../types';
import { newFpStatus, type FpStatus } from '../fpu';
import { CF_SLOT, DREG_SLOT, EXCL_ADDR_SLOT, FPOK_SLOT, FPSCR_SLOT, GE_SLOT, NF_SLOT, Q_SLOT, REG_SLOTS, SREG_SLOT, VF_SLOT, ZF_SLOT } from './regs';

// FPSCR cumulative exception bits and their FPU-library flags.
const FPSCR_FLAGS: readonly [number, number][] = [[0, 16 /* IOC ← NV */], [1, 8 /* DZC */], [2, 4 /* OFC */], [3, 2 /* UFC */], [4, 1 /* IXC */], [7, 128 /* IDC */]];
const CUMULATIVE = 0x9f;
/** FPSCR bits that hold state: NZCV, QC, AHP, DN, FZ, RMode, Stride, Len (trap enables read as zero). */
const FPSCR_STORED = 0xf8000000 | 0x07000000 | 0x00c00000 | 0x00370000;

export class ArmCpu extends CpuState {
  /** ARM flavour of the FPU status: tininess before rounding; FZ/DN/RMode follow FPSCR. */
  readonly fp: FpStatus = newFpStatus();
  /** The standard FPSCR value NEON arithmetic uses (RN, FZ, DN; flags accrue into cpu.fp as well). */
  readonly fpStd: FpStatus = newFpStatus();

  constructor(mem: GuestMemory, regs: Int32Array = new Int32Array(REG_SLOTS)) {
    super(mem, regs);
    this.regs[EXCL_ADDR_SLOT] = -1;
    this.fpscr = 0;
    this.fpStd.ftz = true; this.fpStd.defaultNaN = true; this.fpStd.tininessAfterRounding = false;
  }

  get thumb(): boolean { return (this.pc & 1) !== 0; }

  r(i: number): number { return i === 15 ? (this.pc & ~1) >>> 0 : this.regs[i] >>> 0; }
  setR(i: number, v: number): void { if (i === 15) this.pc = v >>> 0; else this.regs[i] = v | 0; }

  /** NZCVQ and GE as in the APSR. */
  get apsr(): number {
    const r = this.regs;
    return ((r[NF_SLOT] & 0x80000000) | (r[ZF_SLOT] === 0 ? 0x40000000 : 0) | (r[CF_SLOT] ? 0x20000000 : 0)
      | (r[VF_SLOT] < 0 ? 0x10000000 : 0) | (r[Q_SLOT] ? 0x08000000 : 0) | ((r[GE_SLOT] & 15) << 16)) >>> 0;
  }
  set apsr(v: number) {
    const r = this.regs;
    r[NF_SLOT] = v & 0x80000000; r[ZF_SLOT] = v & 0x40000000 ? 0 : 1; r[CF_SLOT] = (v >>> 29) & 1;
    r[VF_SLOT] = (v << 3) & 0x80000000; r[Q_SLOT] = (v >>> 27) & 1; r[GE_SLOT] = (v >>> 16) & 15;
  }
  /** CPSR as a signal frame or a debugger shows it (user mode, T bit from the pc). */
  get cpsr(): number { return (this.apsr | (this.thumb ? 0x20 : 0) | 0x10) >>> 0; }

  get fpscr(): number {
    let v = this.regs[FPSCR_SLOT] & ~CUMULATIVE;
    for (const [bit, f] of FPSCR_FLAGS) if (this.fp.flags & f) v |= 1 << bit;
    return v >>> 0;
  }
  set fpscr(v: number) {
    this.regs[FPOK_SLOT] = 0; // fast paths off until the next slow VFP operation re-checks (fpu/fast.ts)
    this.regs[FPSCR_SLOT] = v & FPSCR_STORED;
    let f = 0;
    for (const [bit, fl] of FPSCR_FLAGS) if (v & (1 << bit)) f |= fl;
    this.fp.flags = f;
    this.fp.rm = [0, 3, 2, 1][(v >>> 22) & 3]; // RN RP RM RZ → library RNE RUP RDN RTZ
    this.fp.ftz = (v & (1 << 24)) !== 0;
    this.fp.defaultNaN = (v & (1 << 25)) !== 0;
    this.fp.tininessAfterRounding = false;
  }

  /** Whether the VFP fast paths may run: round to nearest and inexact already raised. */
  fastFpOk(): boolean { return this.fp.rm === 0 && (this.fp.flags & 1) !== 0; }

  /** s register raw bits (int32). */
  s(i: number): number { return this.regs[SREG_SLOT(i)]; }
  setS(i: number, v: number): void { this.regs[SREG_SLOT(i)] = v | 0; }
  /** d register raw bits as an unsigned bigint. */
  getD(i: number): bigint { return (BigInt(this.regs[DREG_SLOT(i) + 1] >>> 0) << 32n) | BigInt(this.regs[DREG_SLOT(i)] >>> 0); }
  setD(i: number, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.regs[DREG_SLOT(i)] = Number(u & 0xffffffffn) | 0;
    this.regs[DREG_SLOT(i) + 1] = Number(u >> 32n) | 0;
  }
  /** d register as a host double / from a host double. */
  dAsNumber(i: number): number { const dv = new DataView(new ArrayBuffer(8)); dv.setInt32(0, this.regs[DREG_SLOT(i)], true); dv.setInt32(4, this.regs[DREG_SLOT(i) + 1], true); return dv.getFloat64(0, true); }
  setDNumber(i: number, x: number): void { const dv = new DataView(new ArrayBuffer(8)); dv.setFloat64(0, x, true); this.regs[DREG_SLOT(i)] = dv.getInt32(0, true); this.regs[DREG_SLOT(i) + 1] = dv.getInt32(4, true); }
  sAsNumber(i: number): number { const dv = new DataView(new ArrayBuffer(4)); dv.setInt32(0, this.regs[SREG_SLOT(i)], true); return dv.getFloat32(0, true); }
  setSNumber(i: number, x: number): void { const dv = new DataView(new ArrayBuffer(4)); dv.setFloat32(0, x, true); this.regs[SREG_SLOT(i)] = dv.getInt32(0, true); }

  /** Drops the exclusive monitor (Linux does this on every return from the kernel). */
  clearExclusive(): void { this.regs[EXCL_ADDR_SLOT] = -1; }
}

export function createArmCpu(mem: GuestMemory): ArmCpu {
  return new ArmCpu(mem, mem.allocRegs(REG_SLOTS));
}

/** Sets the entry point (bit 0 set = Thumb) and the stack pointer. */
export function setStart(cpu: ArmCpu, pc: number, sp: number): void {
  cpu.pc = pc >>> 0;
  cpu.regs[13] = sp | 0;
}
