// AdvSIMD without register-file helpers. A V register is two i64 globals (VLO,
// VHI); vector operations work on its 32-bit words (trunc/hi32 of the halves,
// put back with concat) or on the 64-bit halves directly:
//   - common integer ops become plain IR per word (.4s: one op per lane; .8h and
//     .16b add/sub/shifts/mul with masks), per half for .2d;
//   - other element-wise ops call a pure per-word helper (lanes of 8/16/32 bits
//     packed in one int32, no BigInt for the common kernels), or a per-half
//     helper for 64-bit lanes;
//   - everything else runs the lane code of trans-simd.ts through `bridge`: the
//     operand registers are passed as helper arguments, copied into a scratch
//     register file, and the result comes back as two i64 results.
// None of these helpers reads or writes cpu.regs, so translated code keeps the
// guest registers cached in locals across them.

import { c32, c64, type Helper, Ty, type Val, type Var } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import * as fpu from '../fpu';
import type { Ctx } from './gen';
import type { Aarch64Cpu } from './cpu';
import { FPOK_SLOT, REG_SLOTS, VHI, VLO, VREG_SLOT } from './regs';
import { fastFpHelper } from '../fpu/fast';
import { FP1, FP3, INT3 } from './simd-ops';

type Cpu = Aarch64Cpu;
const I32 = Ty.I32, I64 = Ty.I64;
export const ZERO64 = c64(0);

/** Mask of an e-bit lane as a number (e ≤ 32). */
const lmask = (e: number): number => (e === 32 ? 0xffffffff : (1 << e) - 1);
/** A lane value (0 ≤ v < 2^e) replicated over 32 bits. */
export function rep32(v: number, e: number): number {
  let r = 0;
  for (let s = 0; s < 32; s += e) r |= (v & lmask(e)) << s;
  return r | 0;
}
const sxe = (v: number, e: number): number => (e === 32 ? v | 0 : (v << (32 - e)) >> (32 - e));

// ---------------------------------------------------------------- words

/** Number of 32-bit words an operation touches: q = 0 (64-bit), 1 (128-bit), 2 (scalar of e bits). */
export const wordCount = (q: number, e: number): number => (q === 2 ? (e === 64 ? 2 : 1) : q ? 4 : 2);

/** The first n 32-bit words of V register r (i32 values). */
export function readWords(c: Ctx, r: number, n: number): Val[] {
  const b = c.b, out: Val[] = [];
  for (let i = 0; i < n; i++) {
    const half = i < 2 ? VLO[r] : VHI[r];
    out.push(b.un(i & 1 ? 'hi32' : 'trunc', c.t32(), half));
  }
  return out;
}

/** Writes words to V register d; missing words (up to 4) are zero. */
export function writeWords(c: Ctx, d: number, w: readonly Val[]): void {
  const b = c.b, z = c32(0);
  const t = w.length >= 2 ? b.concat(c.t64(), w[0], w[1]) : b.un('extu', c.t64(), w[0] ?? z);
  const h = w.length > 2 ? b.concat(c.t64(), w[2], w[3] ?? z) : ZERO64;
  b.mov(VLO[d], t);
  b.mov(VHI[d], h);
}

/** Lane `idx` (e bits) of register n, zero-extended, as an i32 (e ≤ 32). */
export function lane32(c: Ctx, n: number, e: number, idx: number): Val {
  const b = c.b, pos = idx * e, word = pos >> 5, sh = pos & 31;
  const half = word < 2 ? VLO[n] : VHI[n];
  let v: Val = b.un(word & 1 ? 'hi32' : 'trunc', c.t32(), half);
  if (sh) v = b.shr(c.t32(), v, c32(sh));
  if (e < 32) v = b.and(c.t32(), v, c32(lmask(e)));
  return v;
}

// ---------------------------------------------------------------- per-word helpers

/** A lane kernel: unsigned lane values a, b, d (numbers < 2^e, e ≤ 32) and an immediate → lane (masked by the caller). */
export type LaneK = (a: number, b: number, d: number, imm: number, cpu: Cpu) => number;
/** A 64-bit lane kernel on (lo, hi) halves; returns lo, hi in RET[0]. */
export type Lane64K = (al: number, ah: number, bl: number, bh: number, dl: number, dh: number, imm: number, cpu: Cpu) => number;

const wordHelpers = new Map<string, Helper>();
/** A pure (or FPSR-only) helper applying kernel k to each e-bit lane of one 32-bit word. */
export function wordHelper(key: string, e: number, k: LaneK): Helper {
  const name = `w${e}.${key}`;
  let h = wordHelpers.get(name);
  if (h) return h;
  let fn: (cpu: Cpu, a: number, b: number, d: number, imm: number) => number;
  if (e === 32) fn = (cpu, a, b, d, imm) => k(a >>> 0, b >>> 0, d >>> 0, imm, cpu) | 0;
  else {
    const m = lmask(e);
    fn = (cpu, a, b, d, imm) => {
      let r = 0;
      for (let s = 0; s < 32; s += e) r |= (k((a >>> s) & m, (b >>> s) & m, (d >>> s) & m, imm, cpu) & m) << s;
      return r;
    };
  }
  h = { name, fn, args: [I32, I32, I32, I32], ret: I32 };
  wordHelpers.set(name, h);
  return h;
}
/** The same for 64-bit lanes (one helper call per half). */
export function dwordHelper(key: string, k: Lane64K): Helper {
  const name = `d64.${key}`;
  let h = wordHelpers.get(name);
  if (h) return h;
  h = { name, fn: (cpu: Cpu, al: number, ah: number, bl: number, bh: number, dl: number, dh: number, imm: number) => k(al, ah, bl, bh, dl, dh, imm, cpu), args: [I64, I64, I64, I32], ret: I64 };
  wordHelpers.set(name, h);
  return h;
}

const big64 = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
function ret64(v: bigint): number { RET[0] = Number((v >> 32n) & 0xffffffffn) | 0; return Number(v & 0xffffffffn) | 0; }

/** A kernel from the BigInt lane ops (simd-ops.ts) for e ≤ 32. */
export function bigLaneK(op: (a: bigint, b: bigint, e: number, cpu: Cpu, d: bigint) => bigint, e: number): LaneK {
  return (a, b, d, _imm, cpu) => Number(op(BigInt(a), BigInt(b), e, cpu, BigInt(d)) & 0xffffffffn);
}
export function bigLane64K(op: (a: bigint, b: bigint, e: number, cpu: Cpu, d: bigint) => bigint): Lane64K {
  return (al, ah, bl, bh, dl, dh, _imm, cpu) => ret64(op(big64(al, ah), big64(bl, bh), 64, cpu, big64(dl, dh)));
}

// ---------------------------------------------------------------- integer kernels (numbers)

const ones = (t: boolean, e: number) => (t ? lmask(e) : 0);
/** Number kernels for three-same integer ops (e ≤ 32); ops not listed use the BigInt ones. */
export const INT_K: Record<string, (e: number) => LaneK> = {
  add: () => (a, b) => a + b,
  sub: () => (a, b) => a - b,
  mul: () => (a, b) => Math.imul(a, b),
  mla: () => (a, b, d) => d + Math.imul(a, b),
  mls: () => (a, b, d) => d - Math.imul(a, b),
  cmeq: (e) => (a, b) => ones(a === b, e),
  cmtst: (e) => (a, b) => ones((a & b) !== 0, e),
  cmhi: (e) => (a, b) => ones(a > b, e),
  cmhs: (e) => (a, b) => ones(a >= b, e),
  cmgt: (e) => (a, b) => ones(sxe(a, e) > sxe(b, e), e),
  cmge: (e) => (a, b) => ones(sxe(a, e) >= sxe(b, e), e),
  smax: (e) => (a, b) => (sxe(a, e) > sxe(b, e) ? a : b),
  smin: (e) => (a, b) => (sxe(a, e) < sxe(b, e) ? a : b),
  umax: () => (a, b) => (a > b ? a : b),
  umin: () => (a, b) => (a < b ? a : b),
  sabd: (e) => (a, b) => Math.abs(sxe(a, e) - sxe(b, e)),
  uabd: () => (a, b) => Math.abs(a - b),
  saba: (e) => (a, b, d) => d + Math.abs(sxe(a, e) - sxe(b, e)),
  uaba: () => (a, b, d) => d + Math.abs(a - b),
  shadd: (e) => (a, b) => Math.floor((sxe(a, e) + sxe(b, e)) / 2),
  uhadd: () => (a, b) => Math.floor((a + b) / 2),
  srhadd: (e) => (a, b) => Math.floor((sxe(a, e) + sxe(b, e) + 1) / 2),
  urhadd: () => (a, b) => Math.floor((a + b + 1) / 2),
  shsub: (e) => (a, b) => Math.floor((sxe(a, e) - sxe(b, e)) / 2),
  uhsub: () => (a, b) => Math.floor((a - b) / 2),
};
/** Saturates v to e bits (e ≤ 32), setting FPSR.QC when clamped. */
export function satN(cpu: Cpu, v: number, e: number, signed: boolean): number {
  const lo = signed ? -(2 ** (e - 1)) : 0, hi = signed ? 2 ** (e - 1) - 1 : 2 ** e - 1;
  if (v < lo) { cpu.qc = 1; return lo; }
  if (v > hi) { cpu.qc = 1; return hi; }
  return v;
}
INT_K.sqadd = (e) => (a, b, _d, _i, cpu) => satN(cpu, sxe(a, e) + sxe(b, e), e, true);
INT_K.uqadd = (e) => (a, b, _d, _i, cpu) => satN(cpu, a + b, e, false);
INT_K.sqsub = (e) => (a, b, _d, _i, cpu) => satN(cpu, sxe(a, e) - sxe(b, e), e, true);
INT_K.uqsub = (e) => (a, b, _d, _i, cpu) => satN(cpu, a - b, e, false);
INT_K.sqdmulh = (e) => (e === 16
  ? (a, b, _d, _i, cpu) => satN(cpu, Math.floor((2 * sxe(a, e) * sxe(b, e)) / 65536), 16, true)
  : bigLaneK(INT3.sqdmulh, e));
INT_K.sqrdmulh = (e) => (e === 16
  ? (a, b, _d, _i, cpu) => satN(cpu, Math.floor((2 * sxe(a, e) * sxe(b, e) + 32768) / 65536), 16, true)
  : bigLaneK(INT3.sqrdmulh, e));

/** The lane kernel for a three-same integer op at element size e ≤ 32. */
export function intKernel(name: string, e: number): LaneK {
  const k = INT_K[name];
  return k ? k(e) : bigLaneK(INT3[name], e);
}

// ---------------------------------------------------------------- FP kernels

const SIGN32 = 0x80000000 | 0;
const F32_K: Record<string, LaneK> = {
  fadd: (a, b, _d, _i, cpu) => fpu.add32(a, b, cpu.fp),
  fsub: (a, b, _d, _i, cpu) => fpu.sub32(a, b, cpu.fp),
  fmul: (a, b, _d, _i, cpu) => fpu.mul32(a, b, cpu.fp),
  fdiv: (a, b, _d, _i, cpu) => fpu.div32(a, b, cpu.fp),
  fmax: (a, b, _d, _i, cpu) => fpu.maxNaN32(a, b, cpu.fp),
  fmin: (a, b, _d, _i, cpu) => fpu.minNaN32(a, b, cpu.fp),
  fmaxnm: (a, b, _d, _i, cpu) => fpu.maxNum32(a, b, cpu.fp),
  fminnm: (a, b, _d, _i, cpu) => fpu.minNum32(a, b, cpu.fp),
  fmla: (a, b, d, _i, cpu) => fpu.fma32(a, b, d, cpu.fp),
  fmls: (a, b, d, _i, cpu) => fpu.fma32(a ^ SIGN32, b, d, cpu.fp),
};
const F64_K: Record<string, Lane64K> = {
  fadd: (al, ah, bl, bh, _dl, _dh, _i, cpu) => fpu.add64(al, ah, bl, bh, cpu.fp),
  fsub: (al, ah, bl, bh, _dl, _dh, _i, cpu) => fpu.sub64(al, ah, bl, bh, cpu.fp),
  fmul: (al, ah, bl, bh, _dl, _dh, _i, cpu) => fpu.mul64(al, ah, bl, bh, cpu.fp),
  fdiv: (al, ah, bl, bh, _dl, _dh, _i, cpu) => fpu.div64(al, ah, bl, bh, cpu.fp),
  fmla: (al, ah, bl, bh, dl, dh, _i, cpu) => fpu.fma64(al, ah, bl, bh, dl, dh, cpu.fp),
  fmls: (al, ah, bl, bh, dl, dh, _i, cpu) => fpu.fma64(al, ah ^ SIGN32, bl, bh, dl, dh, cpu.fp),
};
export function fpKernel(name: string): LaneK { return F32_K[name] ?? bigLaneK(FP3[name], 32); }
export function fpKernel64(name: string): Lane64K { return F64_K[name] ?? bigLane64K(FP3[name]); }

// ---------------------------------------------------------------- element-wise driver

export interface LaneOp {
  /** Helper key (unique per kernel and element size). */
  key: string;
  /** Word kernel for e ≤ 32. */
  k?: LaneK;
  /** Kernel for 64-bit lanes. */
  k64?: Lane64K;
  /** Inline IR for one 32-bit word (undefined: use the helper). */
  ir?: (a: Val, b: Val, d: Val) => Val | undefined;
  /** Inline IR for one 64-bit half. */
  ir64?: (a: Val, b: Val, d: Val) => Val | undefined;
}

/**
 * Vd = op(Vn, Vm, Vd) lane by lane. q: 0 = 64-bit vector, 1 = 128-bit, 2 = scalar
 * (one e-bit element, the rest of Vd zeroed). m < 0: no second operand; useD: the
 * op reads Vd. `mWords` overrides Vm's words (by-element forms pass a replicated lane).
 */
export function lanewise(c: Ctx, op: LaneOp, d: number, n: number, m: number, q: number, e: number, useD: boolean, imm = 0,
  mWords?: readonly Val[]): void {
  const b = c.b, z32 = c32(0);
  if (e === 64) {
    const halves = q === 1 ? 2 : 1, out: Val[] = [];
    for (let i = 0; i < halves; i++) {
      const A = i ? VHI[n] : VLO[n];
      const B = mWords ? b.concat(c.t64(), mWords[2 * i], mWords[2 * i + 1]) : m >= 0 ? (i ? VHI[m] : VLO[m]) : ZERO64;
      const D = useD ? (i ? VHI[d] : VLO[d]) : ZERO64;
      let r = op.ir64?.(A, B, D);
      if (!r) {
        const t = c.t64();
        b.call(dwordHelper(op.key, op.k64!), [A, B, D, c32(imm)], t);
        r = t;
      }
      out.push(r);
    }
    // Compute both halves before writing (Vd may be a source).
    const lo = b.mov(c.t64(), out[0]);
    b.mov(VHI[d], out[1] ?? ZERO64);
    b.mov(VLO[d], lo);
    return;
  }
  const nw = wordCount(q, e);
  let A = readWords(c, n, nw);
  let B = mWords ? mWords.slice(0, nw) : m >= 0 ? readWords(c, m, nw) : A.map(() => z32);
  let D = useD ? readWords(c, d, nw) : A.map(() => z32);
  if (q === 2 && e < 32) {
    // Scalar byte/halfword: only lane 0 takes part (the other lanes of the word must not set FPSR.QC).
    const lm = (v: Val) => b.and(c.t32(), v, c32(lmask(e)));
    A = [lm(A[0])]; B = [lm(B[0])]; D = [lm(D[0])];
  }
  const out: Val[] = [];
  for (let i = 0; i < nw; i++) {
    let r = op.ir?.(A[i], B[i], D[i]);
    if (!r) {
      const t = c.t32();
      b.call(wordHelper(op.key, e, op.k!), [A[i], B[i], D[i], c32(imm)], t);
      r = t;
    }
    out.push(r);
  }
  if (q === 2 && e < 32) out[0] = b.and(c.t32(), out[0], c32(lmask(e)));
  writeWords(c, d, out);
}

// ---------------------------------------------------------------- inline IR per word

/** SWAR add/sub of e-bit lanes (e = 8, 16) in one i32 word. */
function swarAdd(c: Ctx, e: number, a: Val, bv: Val, sub: boolean): Val {
  const b = c.b, H = c32(rep32(1 << (e - 1), e)), L = c32(~rep32(1 << (e - 1), e));
  if (!sub) {
    const s = b.add(c.t32(), b.and(c.t32(), a, L), b.and(c.t32(), bv, L));
    return b.xor(c.t32(), s, b.and(c.t32(), b.xor(c.t32(), a, bv), H));
  }
  const s = b.sub(c.t32(), b.or(c.t32(), a, H), b.and(c.t32(), bv, L));
  return b.xor(c.t32(), s, b.and(c.t32(), b.xor(c.t32(), b.xor(c.t32(), a, bv), H), H));
}

/** 16-bit lanes: low halves of a*b (+ d). */
function mul16(c: Ctx, a: Val, bv: Val, d: Val | undefined, sub: boolean): Val {
  const b = c.b;
  const lo = b.bin('mul', c.t32(), a, bv); // low 16 bits = lane 0 product
  const hp = b.shl(c.t32(), b.bin('mul', c.t32(), b.shr(c.t32(), a, c32(16)), b.shr(c.t32(), bv, c32(16))), c32(16));
  if (!d) return b.or(c.t32(), b.and(c.t32(), lo, c32(0xffff)), hp);
  const l2 = b.and(c.t32(), b.bin(sub ? 'sub' : 'add', c.t32(), d, lo), c32(0xffff));
  const h2 = b.bin(sub ? 'sub' : 'add', c.t32(), b.and(c.t32(), d, c32(0xffff0000)), hp);
  return b.or(c.t32(), l2, b.and(c.t32(), h2, c32(0xffff0000)));
}

const ICMP: Record<string, 'eq' | 'gt' | 'ge' | 'gtu' | 'geu'> = { cmeq: 'eq', cmgt: 'gt', cmge: 'ge', cmhi: 'gtu', cmhs: 'geu' };

/** Inline IR for a three-same integer op on one word of e-bit lanes, or undefined. */
export function intIR(c: Ctx, name: string, e: number): ((a: Val, b: Val, d: Val) => Val | undefined) | undefined {
  const b = c.b;
  const t = () => c.t32();
  if (e === 32) {
    switch (name) {
      case 'add': case 'sub': case 'mul': return (x, y) => b.bin(name, t(), x, y);
      case 'mla': return (x, y, d) => b.add(t(), d, b.bin('mul', t(), x, y));
      case 'mls': return (x, y, d) => b.sub(t(), d, b.bin('mul', t(), x, y));
      case 'cmeq': case 'cmgt': case 'cmge': case 'cmhi': case 'cmhs':
        return (x, y) => b.un('neg', t(), b.setcond(t(), ICMP[name], x, y));
      case 'cmtst': return (x, y) => b.un('neg', t(), b.setcond(t(), 'ne', b.and(t(), x, y), c32(0)));
      case 'smax': return (x, y) => b.movcond(t(), 'gt', x, y, x, y);
      case 'smin': return (x, y) => b.movcond(t(), 'lt', x, y, x, y);
      case 'umax': return (x, y) => b.movcond(t(), 'gtu', x, y, x, y);
      case 'umin': return (x, y) => b.movcond(t(), 'ltu', x, y, x, y);
    }
    return undefined;
  }
  if (e === 16 || e === 8) {
    switch (name) {
      case 'add': case 'sub': return (x, y) => swarAdd(c, e, x, y, name === 'sub');
    }
    if (e === 16) {
      switch (name) {
        case 'mul': return (x, y) => mul16(c, x, y, undefined, false);
        case 'mla': case 'mls': return (x, y, d) => mul16(c, x, y, d, name === 'mls');
      }
    }
  }
  return undefined;
}

/** Inline IR for three-same integer ops on 64-bit lanes (one half). */
export function intIR64(c: Ctx, name: string): ((a: Val, b: Val, d: Val) => Val | undefined) | undefined {
  const b = c.b;
  switch (name) {
    case 'add': case 'sub': return (x, y) => b.bin(name, c.t64(), x, y);
    case 'cmeq': case 'cmgt': case 'cmge': case 'cmhi': case 'cmhs':
      return (x, y) => b.un('exts', c.t64(), b.un('neg', c.t32(), b.setcond(c.t32(), ICMP[name], x, y)));
    case 'cmtst': return (x, y) => b.un('exts', c.t64(), b.un('neg', c.t32(), b.setcond(c.t32(), 'ne', b.and(c.t64(), x, y), ZERO64)));
  }
  return undefined;
}

/** Element-wise three-same integer op (not pairwise): inline where cheap, word helpers otherwise. */
export function intThree(c: Ctx, name: string, d: number, n: number, m: number, q: number, e: number, mWords?: readonly Val[]): void {
  const useD = ['mla', 'mls', 'saba', 'uaba'].includes(name);
  const op: LaneOp = e === 64
    ? { key: name, k64: bigLane64K(INT3[name]), ir64: intIR64(c, name) }
    : { key: name, k: intKernel(name, e), ir: intIR(c, name, e) };
  lanewise(c, op, d, n, m, q, e, useD, 0, mWords);
}

/** Element-wise three-same FP op (not pairwise); e = 32 or 64. */
/** Per-lane scalar helpers with an inlinable host-FPU fast path (fpu/fast.ts): [f32, f64]. */
const LANE_FAST: Record<string, [Helper, Helper]> = {};
for (const [name, op, f32, f64] of [['fadd', 'add', fpu.add32, fpu.add64], ['fsub', 'sub', fpu.sub32, fpu.sub64],
  ['fmul', 'mul', fpu.mul32, fpu.mul64], ['fdiv', 'div', fpu.div32, fpu.div64]] as const) {
  const ok = (cpu: Cpu) => cpu.fastFpOk();
  LANE_FAST[name] = [
    fastFpHelper({ name: `${name}.s`, fn: (cpu: Cpu, a: number, b: number) => f32(a, b, cpu.fp), args: [Ty.I32, Ty.I32], ret: Ty.I32 },
      { op, size: 4, okSlot: FPOK_SLOT, boxed: false }, ok),
    fastFpHelper({ name: `${name}.d`, fn: (cpu: Cpu, al: number, ah: number, bl: number, bh: number) => f64(al, ah, bl, bh, cpu.fp),
      args: [Ty.I64, Ty.I64], ret: Ty.I64 }, { op, size: 8, okSlot: FPOK_SLOT, boxed: false }, ok),
  ];
}

export function fpThree(c: Ctx, name: string, d: number, n: number, m: number, q: number, e: number, mWords?: readonly Val[]): void {
  const useD = name === 'fmla' || name === 'fmls';
  const op: LaneOp = e === 64 ? { key: 'f.' + name, k64: fpKernel64(name) } : { key: 'f.' + name, k: fpKernel(name) };
  const fast = LANE_FAST[name];
  if (fast) {
    // One lane per 32-bit word or 64-bit half: a scalar call each, which the wasm backend inlines.
    const b = c.b;
    op.ir = (x, y) => { const t = c.t32(); b.call(fast[0], [x, y], t); return t; };
    op.ir64 = (x, y) => { const t = c.t64(); b.call(fast[1], [x, y], t); return t; };
  }
  lanewise(c, op, d, n, m, q, e, useD, 0, mWords);
}

// ---------------------------------------------------------------- unary (two-register misc)

const UN_K: Record<string, (e: number) => LaneK> = {
  neg: () => (a) => -a,
  abs: (e) => (a) => Math.abs(sxe(a, e)),
  not: () => (a) => ~a,
  cmeq0: (e) => (a) => ones(a === 0, e),
  cmgt0: (e) => (a) => ones(sxe(a, e) > 0, e),
  cmge0: (e) => (a) => ones(sxe(a, e) >= 0, e),
  cmlt0: (e) => (a) => ones(sxe(a, e) < 0, e),
  cmle0: (e) => (a) => ones(sxe(a, e) <= 0, e),
};
const UCMP: Record<string, 'eq' | 'gt' | 'ge' | 'lt' | 'le'> = { cmeq0: 'eq', cmgt0: 'gt', cmge0: 'ge', cmlt0: 'lt', cmle0: 'le' };

/** Element-wise unary integer op (INT1 in trans-simd.ts: `big` is its BigInt kernel). */
export function intUnary(c: Ctx, name: string, big: (a: bigint, e: number, cpu: Cpu) => bigint, d: number, n: number, q: number, e: number): void {
  const b = c.b;
  const bk = (a: bigint, _b: bigint, ee: number, cpu: Cpu) => big(a, ee, cpu);
  let ir: LaneOp['ir'], ir64: LaneOp['ir64'];
  if (e === 32) {
    if (name === 'neg') ir = (x) => b.un('neg', c.t32(), x);
    else if (name === 'abs') ir = (x) => b.movcond(c.t32(), 'lt', x, c32(0), b.un('neg', c.t32(), x), x);
    else if (name in UCMP) ir = (x) => b.un('neg', c.t32(), b.setcond(c.t32(), UCMP[name], x, c32(0)));
  }
  if (e === 64) {
    if (name === 'neg') ir64 = (x) => b.un('neg', c.t64(), x);
    else if (name === 'abs') ir64 = (x) => b.movcond(c.t64(), 'lt', x, ZERO64, b.un('neg', c.t64(), x), x);
    else if (name in UCMP) ir64 = (x) => b.un('exts', c.t64(), b.un('neg', c.t32(), b.setcond(c.t32(), UCMP[name], x, ZERO64)));
  }
  if (name === 'not') ir = (x) => b.un('not', c.t32(), x);
  const k = e < 64 ? (UN_K[name]?.(e) ?? bigLaneK(bk, e)) : undefined;
  lanewise(c, { key: 'u.' + name, k, k64: bigLane64K(bk), ir, ir64 }, d, n, -1, q, e, false);
}

/** Element-wise unary FP op from FP1 (with immediate). */
export function fpUnaryLanes(c: Ctx, op: string, base: number, d: number, n: number, q: number, e: number): void {
  const f = FP1[op];
  const bk = (a: bigint, _b: bigint, ee: number, cpu: Cpu, _d: bigint) => f(a, ee, cpu, base);
  lanewise(c, { key: `fu.${op}.${base}`, k: e === 32 ? bigLaneK(bk, 32) : undefined, k64: bigLane64K(bk) }, d, n, -1, q, e, false);
}

// ---------------------------------------------------------------- shifts by immediate

/** Element-wise shift-immediate ops (not narrowing/widening). Returns false when not handled. */
export function shiftImm(c: Ctx, name: string, d: number, n: number, q: number, e: number, amt: number,
  big: (a: bigint, dd: bigint, e: number, amt: number, cpu: Cpu) => bigint): void {
  const b = c.b;
  const useD = ['ssra', 'usra', 'srsra', 'ursra', 'sli', 'sri'].includes(name);
  let ir: LaneOp['ir'], ir64: LaneOp['ir64'];
  const acc = name === 'ssra' || name === 'usra';
  if (e === 32) {
    if (name === 'shl') ir = (x) => b.shl(c.t32(), x, c32(amt));
    else if (name === 'ushr' || name === 'usra') ir = (x, _y, dd) => {
      const r = amt >= 32 ? c32(0) : b.shr(c.t32(), x, c32(amt));
      return acc ? b.add(c.t32(), dd, r) : r;
    };
    else if (name === 'sshr' || name === 'ssra') ir = (x, _y, dd) => {
      const r = b.sar(c.t32(), x, c32(Math.min(amt, 31)));
      return acc ? b.add(c.t32(), dd, r) : r;
    };
  } else if (e === 64) {
    if (name === 'shl') ir64 = (x) => b.shl(c.t64(), x, c64(amt));
    else if (name === 'ushr' || name === 'usra') ir64 = (x, _y, dd) => {
      const r = amt >= 64 ? ZERO64 : b.shr(c.t64(), x, c64(amt));
      return acc ? b.add(c.t64(), dd, r) : r;
    };
    else if (name === 'sshr' || name === 'ssra') ir64 = (x, _y, dd) => {
      const r = b.sar(c.t64(), x, c64(Math.min(amt, 63)));
      return acc ? b.add(c.t64(), dd, r) : r;
    };
  } else {
    const m = lmask(e);
    if (name === 'shl') ir = (x) => b.and(c.t32(), b.shl(c.t32(), x, c32(amt)), c32(rep32((m << amt) & m, e)));
    else if (name === 'ushr' && amt < e) ir = (x) => b.and(c.t32(), b.shr(c.t32(), x, c32(amt)), c32(rep32(m >>> amt, e)));
    else if (name === 'ushr') ir = () => c32(0);
  }
  const bk = (a: bigint, _b: bigint, ee: number, cpu: Cpu, dd: bigint) => big(a, dd, ee, amt, cpu);
  let k: LaneK | undefined;
  if (e < 64) {
    const sm = e === 32 ? 31 : e - 1;
    switch (name) {
      case 'sshr': k = (a) => sxe(a, e) >> Math.min(amt, sm); break;
      case 'ssra': k = (a, _b, dd) => dd + (sxe(a, e) >> Math.min(amt, sm)); break;
      case 'usra': k = (a, _b, dd) => dd + (amt >= e ? 0 : a >>> amt); break;
      default: k = bigLaneK(bk, e);
    }
  }
  lanewise(c, { key: `s.${name}.${amt}`, k, k64: bigLane64K(bk), ir, ir64 }, d, n, -1, q, e, useD, amt);
}

// ---------------------------------------------------------------- bridge to register-file helpers

/** The lane code in trans-simd.ts: reads and writes V registers of `cpu` by number. */
export type RegFileFn = (cpu: Cpu, d: number, n: number, m: number, q: number, size: number, imm: number) => void;

const SCRATCH = new Int32Array(REG_SLOTS);
const views = new WeakMap<Cpu, Cpu>();
/** A view of cpu whose register file is SCRATCH (FP status, FPSR.QC and memory are the cpu's). */
function scratchView(cpu: Cpu): Cpu {
  let v = views.get(cpu);
  if (!v) {
    const buf = SCRATCH.buffer;
    v = Object.create(cpu, {
      regs: { value: SCRATCH }, i32: { value: SCRATCH },
      u8: { value: new Uint8Array(buf) }, u16: { value: new Uint16Array(buf) }, u32: { value: new Uint32Array(buf) },
      qc: { get: () => cpu.qc, set: (x: number) => { cpu.qc = x; } },
    }) as Cpu;
    views.set(cpu, v);
  }
  return v;
}

const S0 = VREG_SLOT(0);
const bridges = new Map<string, Helper>();
/**
 * Runs a register-file helper on values: the k operand registers (d first) go in as
 * i64 halves, Vd's new low half comes back as the result and the high half from
 * H_BRIDGE_HI right after.
 */
function bridgeHelper(name: string, nregs: number, fn: RegFileFn): Helper {
  const key = `${name}/${nregs}`;
  let h = bridges.get(key);
  if (h) return h;
  h = {
    name: `vb.${name}`,
    args: [...Array(2 * nregs).fill(I64), I32, I32, I32, I32],
    ret: I64,
    fn: (cpu: Cpu, ...a: number[]) => {
      const s = SCRATCH;
      for (let r = 0; r < nregs; r++) {
        const o = S0 + 4 * r, i = 4 * r;
        s[o] = a[i]; s[o + 1] = a[i + 1]; s[o + 2] = a[i + 2]; s[o + 3] = a[i + 3];
      }
      const i = 4 * nregs;
      fn(scratchView(cpu), 0, 1, a[i + 3] === 1 ? nregs - 1 : 2, a[i], a[i + 1], a[i + 2]);
      RET[0] = s[S0 + 1];
      return s[S0];
    },
  };
  bridges.set(key, h);
  return h;
}
const H_BRIDGE_HI: Helper = {
  name: 'vb.hi', args: [], ret: I64, sideEffects: false,
  fn: () => { RET[0] = SCRATCH[S0 + 3]; return SCRATCH[S0 + 2]; },
};

/**
 * Calls a register-file helper through the scratch file: scratch V0 = Vd, V1 = Vn,
 * V2 = Vm (or, with `table`, V1.. = the table registers and the last one = Vm).
 */
export function bridge(c: Ctx, name: string, fn: RegFileFn, d: number, n: number, m: number | readonly [Val, Val], q: number,
  size: number, imm = 0, table = 0): void {
  const b = c.b;
  const regs: Val[] = [];
  const add = (r: number | readonly [Val, Val]) => {
    if (typeof r !== 'number') regs.push(r[0], r[1]);
    else regs.push(r < 0 ? ZERO64 : VLO[r], r < 0 ? ZERO64 : VHI[r]);
  };
  add(d);
  if (table) { for (let i = 0; i < table; i++) add((n + i) % 32); add(m); } else { add(n); add(m); }
  const nregs = regs.length / 2;
  const lo = c.t64(), hi = c.t64();
  b.call(bridgeHelper(name, nregs, fn), [...regs, c32(q), c32(size), c32(imm), c32(table ? 1 : 0)], lo);
  b.call(H_BRIDGE_HI, [], hi);
  b.mov(VLO[d], lo);
  b.mov(VHI[d], hi);
}

// ---------------------------------------------------------------- widening multiplies

/**
 * smull/umull/smlal/umlal/smlsl/umlsl with e = 16 or 32 (products of 2e bits), inline.
 * part: 0 = low halves of the sources, 1 = high halves (…2 forms). M: Vm's words (or replicated element).
 */
export function longMul(c: Ctx, name: string, d: number, n: number, M: readonly Val[], part: number, e: number): void {
  const b = c.b, signed = name[0] === 's', acc = name.slice(1, 4);
  const A = readWords(c, n, 4).slice(2 * part, 2 * part + 2), B = M.slice(2 * part, 2 * part + 2);
  if (e === 32) {
    const D = acc === 'mul' ? [] : [VLO[d], VHI[d]];
    const ext = signed ? 'exts' : 'extu';
    const out = A.map((a, i) => {
      const p = b.bin('mul', c.t64(), b.un(ext, c.t64(), a), b.un(ext, c.t64(), B[i]));
      return acc === 'mul' ? p : b.bin(acc === 'mla' ? 'add' : 'sub', c.t64(), D[i], p);
    });
    b.mov(VLO[d], out[0]);
    b.mov(VHI[d], out[1]);
    return;
  }
  // e = 16: four 16-bit lanes → four 32-bit words
  const lanes = (ws: readonly Val[]) => ws.flatMap((w) => signed
    ? [b.sar(c.t32(), b.shl(c.t32(), w, c32(16)), c32(16)), b.sar(c.t32(), w, c32(16))]
    : [b.and(c.t32(), w, c32(0xffff)), b.shr(c.t32(), w, c32(16))]);
  const La = lanes(A), Lb = lanes(B);
  const D = acc === 'mul' ? [] : readWords(c, d, 4);
  const out = La.map((a, i) => {
    const p = b.bin('mul', c.t32(), a, Lb[i]);
    return acc === 'mul' ? p : b.bin(acc === 'mla' ? 'add' : 'sub', c.t32(), D[i], p);
  });
  writeWords(c, d, out);
}

/** Words of a vector whose every e-bit lane is lane idx of Vm (by-element operands). */
export function replicatedWords(c: Ctx, m: number, e: number, idx: number): Val[] {
  const b = c.b;
  if (e === 64) {
    const half = idx ? VHI[m] : VLO[m];
    const lo = b.un('trunc', c.t32(), half), hi = b.un('hi32', c.t32(), half);
    return [lo, hi, lo, hi];
  }
  let v = lane32(c, m, e, idx);
  if (e === 16) v = b.or(c.t32(), v, b.shl(c.t32(), v, c32(16)));
  else if (e === 8) { v = b.or(c.t32(), v, b.shl(c.t32(), v, c32(8))); v = b.or(c.t32(), v, b.shl(c.t32(), v, c32(16))); }
  return [v, v, v, v];
}

export { type Var };
