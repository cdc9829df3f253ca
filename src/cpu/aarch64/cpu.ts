// Aarch64Cpu: the AArch64 guest CPU state (registers live in cpu.regs, see regs.ts);
// FPCR/FPSR live in fields read and written by helpers.

import type { GuestMemory } from '../../memory/guest-memory';
import { CpuState } from '../types';
import type { FpStatus } from '../fpu';
import {
  CF_SLOT, EXCL_ADDR_SLOT, FPOK_SLOT, EXCL_SIZE_SLOT, NF_SLOT, REG_SLOTS, SP_SLOT, TPIDR_SLOT, VF_SLOT, VREG_SLOT, XREG_SLOT, ZF_SLOT,
} from './regs';

/** FPCR bits kept (AHP DN FZ RMode Stride FZ16 Len); trap enables are RAZ/WI. */
export const FPCR_MASK = 0x07ff0000;
export const FPCR_AHP = 1 << 26, FPCR_DN = 1 << 25, FPCR_FZ = 1 << 24;
/** FPSR.QC: cumulative saturation. */
export const FPSR_QC = 1 << 27;

// FPCR.RMode (RN, RP, RM, RZ) → FpStatus rm (RNE, RUP, RDN, RTZ).
const RMODE_TO_RM = [0, 3, 2, 1];

export class Aarch64Cpu extends CpuState {
  /** ARM flavour: NaN propagation, tininess before rounding; FPCR updates rm/ftz/defaultNaN. */
  readonly fp: FpStatus = { rm: 0, flags: 0, ftz: false, defaultNaN: false, tininessAfterRounding: false };
  private fpcrBits = 0;
  /** FPSR.QC (saturation), separate from the IEEE flags in fp.flags. */
  qc = 0;
  /** Views of the vector register file (little-endian host assumed, as for the rest of regs). */
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;

  constructor(mem: GuestMemory, regs: Int32Array = new Int32Array(REG_SLOTS)) {
    super(mem, regs);
    this.u8 = new Uint8Array(regs.buffer, regs.byteOffset, regs.byteLength);
    this.u16 = new Uint16Array(regs.buffer, regs.byteOffset, regs.byteLength >> 1);
    this.u32 = new Uint32Array(regs.buffer, regs.byteOffset, regs.byteLength >> 2);
    this.i32 = regs;
    this.clearExclusive();
  }

  get fpcr(): number { return this.fpcrBits; }
  // Writes of FPCR or FPSR turn the FP fast paths off until the next slow operation
  // re-checks the state (src/cpu/fpu/fast.ts).
  set fpcr(v: number) {
    this.regs[FPOK_SLOT] = 0;
    v &= FPCR_MASK;
    this.fpcrBits = v;
    this.fp.rm = RMODE_TO_RM[(v >>> 22) & 3];
    this.fp.ftz = (v & FPCR_FZ) !== 0;
    this.fp.defaultNaN = (v & FPCR_DN) !== 0;
  }
  /** Alternative half precision (FPCR.AHP). */
  get ahp(): boolean { return (this.fpcrBits & FPCR_AHP) !== 0; }

  /** FPSR: IOC DZC OFC UFC IXC in bits 0..4, IDC bit 7, QC bit 27. */
  get fpsr(): number {
    const f = this.fp.flags;
    return ((f & 16) ? 1 : 0) | ((f & 8) ? 2 : 0) | ((f & 4) ? 4 : 0) | ((f & 2) ? 8 : 0) | ((f & 1) ? 16 : 0) |
      ((f & 128) ? 128 : 0) | (this.qc ? FPSR_QC : 0);
  }
  set fpsr(v: number) {
    this.regs[FPOK_SLOT] = 0;
    this.fp.flags = ((v & 1) ? 16 : 0) | ((v & 2) ? 8 : 0) | ((v & 4) ? 4 : 0) | ((v & 8) ? 2 : 0) | ((v & 16) ? 1 : 0) |
      ((v & 128) ? 128 : 0);
    this.qc = (v & FPSR_QC) ? 1 : 0;
  }

  /** Whether the FP fast paths may run: round to nearest and inexact already raised. */
  fastFpOk(): boolean { return this.fp.rm === 0 && (this.fp.flags & 1) !== 0; }

  clearExclusive(): void {
    this.regs[EXCL_ADDR_SLOT] = -1; this.regs[EXCL_ADDR_SLOT + 1] = -1; this.regs[EXCL_SIZE_SLOT] = 0;
  }

  /** NZCV as in the NZCV system register (bits 31:28). */
  get nzcv(): number {
    const r = this.regs;
    return ((r[NF_SLOT] < 0 ? 8 : 0) | (r[ZF_SLOT] === 0 ? 4 : 0) | (r[CF_SLOT] ? 2 : 0) | (r[VF_SLOT] < 0 ? 1 : 0)) << 28 >>> 0;
  }
  set nzcv(v: number) {
    const r = this.regs;
    r[NF_SLOT] = v & 0x80000000 ? -1 : 0;
    r[ZF_SLOT] = v & 0x40000000 ? 0 : 1;
    r[CF_SLOT] = v & 0x20000000 ? 1 : 0;
    r[VF_SLOT] = v & 0x10000000 ? -1 : 0;
  }

  private slot(i: number): number { return i === 31 ? SP_SLOT : XREG_SLOT(i); }
  /** X register (31 = SP here) as a signed bigint. */
  getX(i: number): bigint { const s = this.slot(i); return (BigInt(this.regs[s + 1]) << 32n) | BigInt(this.regs[s] >>> 0); }
  setX(i: number, v: bigint | number): void {
    const s = this.slot(i);
    const u = BigInt.asUintN(64, BigInt(v));
    this.regs[s] = Number(u & 0xffffffffn) | 0;
    this.regs[s + 1] = Number(u >> 32n) | 0;
  }
  /** X register (31 = SP) as a JS number (exact within ±2^53: pointers, syscall args). */
  x(i: number): number { const s = this.slot(i); return this.regs[s + 1] * 0x1_0000_0000 + (this.regs[s] >>> 0); }
  setXn(i: number, v: number): void {
    const s = this.slot(i);
    this.regs[s] = v | 0;
    this.regs[s + 1] = Math.floor(v / 0x1_0000_0000) | 0;
  }
  get sp(): number { return this.x(31); }
  set sp(v: number) { this.setXn(31, v); }
  get tpidr(): bigint { return (BigInt(this.regs[TPIDR_SLOT + 1]) << 32n) | BigInt(this.regs[TPIDR_SLOT] >>> 0); }
  set tpidr(v: bigint) {
    const u = BigInt.asUintN(64, v);
    this.regs[TPIDR_SLOT] = Number(u & 0xffffffffn) | 0; this.regs[TPIDR_SLOT + 1] = Number(u >> 32n) | 0;
  }
  /** V register as an unsigned 128-bit bigint. */
  getV(i: number): bigint {
    const s = VREG_SLOT(i);
    let v = 0n;
    for (let k = 3; k >= 0; k--) v = (v << 32n) | BigInt(this.regs[s + k] >>> 0);
    return v;
  }
  setV(i: number, v: bigint): void {
    const s = VREG_SLOT(i);
    let u = BigInt.asUintN(128, v);
    for (let k = 0; k < 4; k++) { this.regs[s + k] = Number(u & 0xffffffffn) | 0; u >>= 32n; }
  }
  /** Low 64 bits of V register i (D view) as an unsigned bigint. */
  getD(i: number): bigint { return BigInt.asUintN(64, this.getV(i)); }
}

export function createAarch64Cpu(mem: GuestMemory): Aarch64Cpu {
  return new Aarch64Cpu(mem, mem.allocRegs(REG_SLOTS));
}

/** Registers of a freshly exec'd process: pc and sp; everything else is zero. */
export function setStart(cpu: Aarch64Cpu | CpuState, pc: number, sp: number): void {
  cpu.pc = pc;
  cpu.regs[SP_SLOT] = sp | 0;
  cpu.regs[SP_SLOT + 1] = Math.floor(sp / 0x1_0000_0000) | 0;
}
