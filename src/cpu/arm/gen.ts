// Per-instruction translation context and the IR generators shared by the A32,
// T16 and T32 handlers: register access (r15 reads as a constant), conditions,
// NZCV computation, the shifter operand with its carry-out, writes to the pc
// (branch / interworking), addressing modes.
//
// Flags live in four i32 globals (regs.ts): N = NF < 0, Z = ZF == 0, C = CF
// (0/1), V = VF < 0. Setting them costs one op each; conditions test them with
// one or two ops.

import { c32, Exit, type Cond, type IRBuilder, type Val, type Var } from '../../translate/ir';
import { CF, NF, RREGS, VF, VH, ZF } from './regs';

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;
export const ZERO = c32(0);
export const ONE = c32(1);

export class Ctx {
  end = false;
  /** Set while translating the instructions of an IT block (T16 data processing does not set flags then). */
  inIT = false;

  /**
   * @param pc    address of the instruction (bit 0 clear)
   * @param thumb instruction set state
   * @param len   instruction length in bytes
   */
  constructor(readonly b: IRBuilder, readonly pc: number, readonly thumb: boolean, readonly len: number) {}

  /** Translation-cache key of a code address in the current state. */
  key(addr: number): number { return ((addr >>> 0) | (this.thumb ? 1 : 0)) >>> 0; }
  /** Key of the next instruction. */
  get next(): number { return this.key(this.pc + this.len); }
  /** Value of r15 when read as an operand. */
  get pcv(): number { return (this.pc + (this.thumb ? 4 : 8)) >>> 0; }
  /** Align(PC, 4) (literal loads and ADR). */
  get pcAligned(): number { return this.pcv & ~3; }

  t32(): Var { return this.b.t32(); }
  t64(): Var { return this.b.t64(); }

  /** Source register; r15 reads as the constant pc value. */
  r(n: number): Val { return n === 15 ? c32(this.pcv) : RREGS[n]; }
  /** A snapshot of register n that later writes cannot change. */
  rs(n: number): Val { return n === 15 ? c32(this.pcv) : this.b.mov(this.t32(), RREGS[n]); }
  /**
   * Writes register n. r15 is a jump: `mode` says how the value is interpreted
   * (see writePc); the jump is emitted here, so call this last.
   */
  setR(n: number, v: Val, mode: PcWrite = 'alu'): void {
    if (n === 15) { this.writePc(v, mode); return; }
    this.b.mov(RREGS[n], v);
  }

  /**
   * Ends the block with a jump to the value v.
   *  - 'branch': BranchWritePC, stays in the current state.
   *  - 'bx': BXWritePC (interworking: bit 0 selects Thumb).
   *  - 'alu': ALUWritePC (interworks in ARM state, a plain branch in Thumb).
   *  - 'load': LoadWritePC (interworks).
   */
  writePc(v: Val, mode: PcWrite): void {
    const b = this.b;
    const inter = mode === 'bx' || mode === 'load' || (mode === 'alu' && !this.thumb);
    let t: Val;
    if (v.kind === 'const') {
      const x = v.lo >>> 0;
      t = c32(inter ? (x & 1 ? x : x & ~3) : this.thumb ? x | 1 : x & ~3);
    } else if (inter) {
      // bit 0 set: Thumb at x (key keeps bit 0); clear: ARM at x & ~3 (bit 1 clear).
      const m = b.shl(this.t32(), b.xor(this.t32(), b.and(this.t32(), v, ONE), ONE), ONE);
      t = b.and(this.t32(), v, b.un('not', this.t32(), m));
    } else {
      t = this.thumb ? b.or(this.t32(), v, ONE) : b.and(this.t32(), v, c32(~3));
    }
    if (t.kind === 'const') b.goto(t.lo >>> 0); else b.gotoPtr(t);
    this.end = true;
  }

  /** Jump to a constant target address in state `thumb` (default: current). */
  jump(addr: number, thumb = this.thumb): void {
    this.b.goto(((addr >>> 0) | (thumb ? 1 : 0)) >>> 0);
    this.end = true;
  }

  /** 32-bit half i of the extension registers (s<i> for i < 32). */
  vh(i: number): Var { return VH[i]; }

  exitSignal(sig: number): void { this.b.exit(Exit.Signal, this.key(this.pc), sig); this.end = true; }
  illegal(): void { this.exitSignal(SIGILL); }
}

export type PcWrite = 'branch' | 'bx' | 'alu' | 'load';

// ---- conditions ----

const INVERT: Record<Cond, Cond> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', le: 'gt', gt: 'le', ltu: 'geu', geu: 'ltu', leu: 'gtu', gtu: 'leu' };

/** An IR comparison that is true when ARM condition `cond` (0..13) holds. */
export function condTest(c: Ctx, cond: number): [Cond, Val, Val] {
  const b = c.b;
  switch (cond >> 1) {
    case 0: return [cond & 1 ? 'ne' : 'eq', ZF, ZERO];
    case 1: return [cond & 1 ? 'eq' : 'ne', CF, ZERO];
    case 2: return [cond & 1 ? 'ge' : 'lt', NF, ZERO];
    case 3: return [cond & 1 ? 'ge' : 'lt', VF, ZERO];
    case 4: { // HI: C && !Z
      const t = b.and(c.t32(), b.un('neg', c.t32(), CF), ZF);
      return [cond & 1 ? 'eq' : 'ne', t, ZERO];
    }
    case 5: return [cond & 1 ? 'lt' : 'ge', b.xor(c.t32(), NF, VF), ZERO];
    case 6: { // GT: !Z && N == V
      const nv = b.sar(c.t32(), b.xor(c.t32(), NF, VF), c32(31));
      const t = b.and(c.t32(), b.un('not', c.t32(), nv), ZF);
      return [cond & 1 ? 'eq' : 'ne', t, ZERO];
    }
    default: throw new Error('condTest: AL');
  }
}

/** Emits a branch to `label` taken when condition `cond` fails. */
export function branchUnless(c: Ctx, cond: number, label: number): void {
  const [k, a, v] = condTest(c, cond);
  c.b.brcond(INVERT[k], a, v, label);
}

/** Runs `body` under condition `cond` (14/15 = always): a branch over the instruction. */
export function conditional(c: Ctx, cond: number, body: () => void): void {
  if (cond >= 14) { body(); return; }
  const skip = c.b.newLabel();
  branchUnless(c, cond, skip);
  body();
  c.b.label(skip);
  if (c.end) c.b.goto(c.next);
}

// ---- flags ----

export function setNZ(c: Ctx, r: Val): void { c.b.mov(NF, r); c.b.mov(ZF, r); }

/** Logical-op flags: N, Z from r; C from the shifter carry if it is defined; V unchanged. */
export function setLogicFlags(c: Ctx, r: Val, carry: Val | undefined): void {
  setNZ(c, r);
  if (carry) c.b.mov(CF, carry);
}

/** a + b, optionally setting NZCV. Operands must not be globals written before use (snapshot them). */
export function genAdd(c: Ctx, a: Val, x: Val, flags: boolean, dst?: Var): Val {
  const b = c.b;
  const r = b.add(dst && !flags ? dst : c.t32(), a, x);
  if (flags) {
    const v = b.and(c.t32(), b.xor(c.t32(), r, a), b.xor(c.t32(), r, x));
    const cf = b.setcond(c.t32(), 'ltu', r, a);
    setNZ(c, r); b.mov(CF, cf); b.mov(VF, v);
  }
  return r;
}

/** a - b, optionally setting NZCV (C = no borrow). */
export function genSub(c: Ctx, a: Val, x: Val, flags: boolean, dst?: Var): Val {
  const b = c.b;
  const r = b.sub(dst && !flags ? dst : c.t32(), a, x);
  if (flags) {
    const v = b.and(c.t32(), b.xor(c.t32(), a, x), b.xor(c.t32(), a, r));
    const cf = b.setcond(c.t32(), 'geu', a, x);
    setNZ(c, r); b.mov(CF, cf); b.mov(VF, v);
  }
  return r;
}

/** a + b + C (SBC is a + ~b + C), optionally setting NZCV. */
export function genAdc(c: Ctx, a: Val, x: Val, flags: boolean): Val {
  const b = c.b;
  if (!flags) return b.add(c.t32(), b.add(c.t32(), a, x), CF);
  const s = b.add(c.t64(), b.un('extu', c.t64(), a), b.un('extu', c.t64(), x));
  b.add(s, s, b.un('extu', c.t64(), CF));
  const r = b.un('trunc', c.t32(), s);
  const v = b.and(c.t32(), b.xor(c.t32(), r, a), b.xor(c.t32(), r, x));
  setNZ(c, r);
  b.un('hi32', CF, s);
  b.mov(VF, v);
  return r;
}

// ---- the shifter operand ----

export const SH_LSL = 0, SH_LSR = 1, SH_ASR = 2, SH_ROR = 3;
export const SHIFT_NAMES = ['lsl', 'lsr', 'asr', 'ror'];

export interface Shifted { v: Val; carry?: Val }

const bit = (c: Ctx, v: Val, n: number): Val => {
  if (v.kind === 'const') return c32((v.lo >>> n) & 1);
  return c.b.and(c.t32(), n ? c.b.shr(c.t32(), v, c32(n)) : v, ONE);
};

/** Rm shifted by an immediate (DecodeImmShift: LSR/ASR #0 mean #32, ROR #0 is RRX). */
export function shiftImm(c: Ctx, v: Val, type: number, imm5: number, wantCarry: boolean): Shifted {
  const b = c.b;
  switch (type) {
    case SH_LSL:
      if (imm5 === 0) return { v };
      return { v: b.shl(c.t32(), v, c32(imm5)), carry: wantCarry ? bit(c, v, 32 - imm5) : undefined };
    case SH_LSR:
      if (imm5 === 0) return { v: ZERO, carry: wantCarry ? bit(c, v, 31) : undefined };
      return { v: b.shr(c.t32(), v, c32(imm5)), carry: wantCarry ? bit(c, v, imm5 - 1) : undefined };
    case SH_ASR: {
      const n = imm5 === 0 ? 32 : imm5;
      return { v: b.sar(c.t32(), v, c32(Math.min(n, 31))), carry: wantCarry ? bit(c, v, n - 1) : undefined };
    }
    default:
      if (imm5 === 0) { // RRX
        const r = b.or(c.t32(), b.shr(c.t32(), v, ONE), b.shl(c.t32(), CF, c32(31)));
        return { v: r, carry: wantCarry ? bit(c, v, 0) : undefined };
      }
      return { v: b.bin('rotr', c.t32(), v, c32(imm5)), carry: wantCarry ? bit(c, v, imm5 - 1) : undefined };
  }
}

/** Rm shifted by the bottom byte of Rs (register-shifted register operands). */
export function shiftReg(c: Ctx, v: Val, type: number, rs: Val, wantCarry: boolean): Shifted {
  const b = c.b;
  const n = b.and(c.t32(), rs, c32(0xff));
  const k32 = c32(32);
  let r: Val;
  let carry: Val | undefined;
  switch (type) {
    case SH_LSL: case SH_LSR: {
      const s = b.bin(type === SH_LSL ? 'shl' : 'shr', c.t32(), v, n);
      r = b.movcond(c.t32(), 'ltu', n, k32, s, ZERO);
      if (wantCarry) {
        // n in 1..32: bit (32 - n) (LSL) or bit (n - 1) (LSR); n > 32: 0; n == 0: unchanged.
        const sh = type === SH_LSL ? b.sub(c.t32(), k32, n) : b.sub(c.t32(), n, ONE);
        const bt = b.and(c.t32(), b.shr(c.t32(), v, sh), ONE);
        const big = b.movcond(c.t32(), 'leu', n, k32, bt, ZERO);
        carry = b.movcond(c.t32(), 'eq', n, ZERO, CF, big);
      }
      break;
    }
    case SH_ASR: {
      const m = b.movcond(c.t32(), 'ltu', n, k32, n, c32(31));
      r = b.sar(c.t32(), v, m);
      if (wantCarry) {
        const m1 = b.movcond(c.t32(), 'leu', n, k32, b.sub(c.t32(), n, ONE), c32(31));
        const bt = b.and(c.t32(), b.sar(c.t32(), v, m1), ONE);
        carry = b.movcond(c.t32(), 'eq', n, ZERO, CF, bt);
      }
      break;
    }
    default: {
      r = b.bin('rotr', c.t32(), v, n);
      if (wantCarry) {
        const m1 = b.and(c.t32(), b.sub(c.t32(), n, ONE), c32(31));
        const bt = b.and(c.t32(), b.shr(c.t32(), v, m1), ONE);
        carry = b.movcond(c.t32(), 'eq', n, ZERO, CF, bt);
      }
    }
  }
  return { v: r, carry };
}

/** ARMExpandImm_C: imm8 rotated right by 2*rot; carry is bit 31 when rotated. */
export function armImm(imm12: number): { v: number; rotated: boolean } {
  const rot = (imm12 >>> 8) * 2, x = imm12 & 0xff;
  return { v: rot ? ((x >>> rot) | (x << (32 - rot))) >>> 0 : x, rotated: rot !== 0 };
}

/** ThumbExpandImm_C: the T32 modified immediate; carry is bit 31 when rotated. */
export function thumbImm(imm12: number): { v: number; rotated: boolean } {
  const x = imm12 & 0xff;
  if ((imm12 >>> 10) === 0) {
    switch ((imm12 >>> 8) & 3) {
      case 0: return { v: x, rotated: false };
      case 1: return { v: (x << 16) | x, rotated: false };
      case 2: return { v: ((x << 24) | (x << 8)) >>> 0, rotated: false };
      default: return { v: ((x << 24) | (x << 16) | (x << 8) | x) >>> 0, rotated: false };
    }
  }
  const rot = imm12 >>> 7, u = 0x80 | (imm12 & 0x7f);
  return { v: ((u >>> rot) | (u << (32 - rot))) >>> 0, rotated: true };
}

/** A constant operand with its shifter carry. */
export function immOperand(imm: { v: number; rotated: boolean }, wantCarry: boolean): Shifted {
  return { v: c32(imm.v), carry: wantCarry && imm.rotated ? c32(imm.v >>> 31) : undefined };
}

// ---- data processing ----

/** The 16 data-processing opcodes (A32 numbering; T32 uses a mapping onto these). */
export const DP_NAMES = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn'];
export const DP_ORN = 16;

/**
 * op: A32 opcode (0..15) or DP_ORN. d = -1 for compares (no result). Operand b
 * comes from `op2`, which is evaluated after Rn is read.
 */
export function genDP(c: Ctx, op: number, s: boolean, d: number, n: number, op2: (wantCarry: boolean) => Shifted): void {
  const b = c.b;
  const logic = op <= 1 || op === 8 || op === 9 || op >= 12;
  // Writes to pc with S in user mode would be exception returns: treat as plain writes.
  const flags = s && d !== 15;
  const a = op === 13 || op === 15 ? ZERO : c.r(n);
  const { v: x, carry } = op2(flags && logic);
  let r: Val;
  switch (op) {
    case 0: case 8: r = b.and(c.t32(), a, x); break;
    case 1: case 9: r = b.xor(c.t32(), a, x); break;
    case 2: case 10: r = genSub(c, a, x, flags); break;
    case 3: r = genSub(c, x, a, flags); break;
    case 4: case 11: r = genAdd(c, a, x, flags); break;
    case 5: r = genAdc(c, a, x, flags); break;
    case 6: r = genAdc(c, a, b.un('not', c.t32(), x), flags); break;
    case 7: r = genAdc(c, x, b.un('not', c.t32(), a), flags); break;
    case 12: r = b.or(c.t32(), a, x); break;
    case 13: r = x; break;
    case 14: r = b.and(c.t32(), a, b.un('not', c.t32(), x)); break;
    case 15: r = b.un('not', c.t32(), x); break;
    default: r = b.or(c.t32(), a, b.un('not', c.t32(), x)); break; // ORN
  }
  if (flags && logic) setLogicFlags(c, r, carry);
  if (d >= 0 && !(op >= 8 && op <= 11)) c.setR(d, r, 'alu');
}

// ---- memory ----

/**
 * Address computation for the single loads/stores: returns the access address and
 * the base write-back value (undefined when there is no write-back).
 */
export function address(c: Ctx, n: number, off: Val, p: boolean, u: boolean, w: boolean): { addr: Val; wb?: Val } {
  const b = c.b;
  const base = n === 15 ? c32(c.pcAligned) : c.r(n);
  let ofs: Val;
  if (off.kind === 'const' && off.lo === 0) ofs = base;
  else ofs = u ? b.add(c.t32(), base, off) : b.sub(c.t32(), base, off);
  if (ofs.kind === 'global') ofs = b.mov(c.t32(), ofs);
  const addr = p ? ofs : (base.kind === 'global' ? b.mov(c.t32(), base) : base);
  return { addr, wb: !p || w ? ofs : undefined };
}

export type Size = 1 | 2 | 4 | 8;
