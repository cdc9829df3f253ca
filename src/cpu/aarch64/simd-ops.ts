// AdvSIMD element operations on BigInt lanes (see simd-lanes.ts): integer,
// saturating, and floating-point kernels used by the vector and scalar forms.

import * as fpu from '../fpu';
import { RET } from '../../translate/runtime';
import type { Aarch64Cpu } from './cpu';
import { cvtf32toi, cvtf64toi, cvtito32, cvtito64, fcmp32, frint32, frint64 } from './fp-ops';

export const mask = (e: number): bigint => (1n << BigInt(e)) - 1n;
export const sx = (v: bigint, e: number): bigint => BigInt.asIntN(e, v);
export const ux = (v: bigint, e: number): bigint => BigInt.asUintN(e, v);

/** Saturate v to e bits (signed or unsigned), setting FPSR.QC when clamped. */
export function sat(cpu: Aarch64Cpu, v: bigint, e: number, signed: boolean): bigint {
  const lo = signed ? -(1n << BigInt(e - 1)) : 0n, hi = signed ? (1n << BigInt(e - 1)) - 1n : mask(e);
  if (v < lo) { cpu.qc = 1; return ux(lo, e); }
  if (v > hi) { cpu.qc = 1; return ux(hi, e); }
  return ux(v, e);
}

const ones = (e: number, t: boolean): bigint => (t ? mask(e) : 0n);

/** Integer binary element ops: (a, b, esize, cpu, d) with a, b, d unsigned lanes → lane. */
export type IntBin = (a: bigint, b: bigint, e: number, cpu: Aarch64Cpu, d: bigint) => bigint;

function shiftBy(a: bigint, b: bigint, e: number, signed: boolean, round: boolean): bigint {
  const sh = Number(sx(b & 0xffn, 8));
  const x = signed ? sx(a, e) : a;
  if (sh >= 0) return sh >= e ? 0n : ux(x << BigInt(sh), e);
  const r = -sh;
  if (r > e) return round ? 0n : ux(signed && x < 0n ? -1n : 0n, e);
  const rc = round ? (1n << BigInt(r - 1)) : 0n;
  return ux((x + rc) >> BigInt(r), e);
}
function satShift(a: bigint, b: bigint, e: number, cpu: Aarch64Cpu, signed: boolean, round: boolean): bigint {
  const sh = Number(sx(b & 0xffn, 8));
  const x = signed ? sx(a, e) : a;
  if (sh >= 0) return sat(cpu, x << BigInt(Math.min(sh, e + 1)), e, signed);
  const r = Math.min(-sh, e + 1);
  const rc = round ? (1n << BigInt(r - 1)) : 0n;
  return sat(cpu, (x + rc) >> BigInt(r), e, signed);
}
function pmul(a: bigint, b: bigint, e: number): bigint {
  let r = 0n;
  for (let i = 0; i < e; i++) if ((b >> BigInt(i)) & 1n) r ^= a << BigInt(i);
  return r;
}
export { pmul };

/** Three-same integer ops by name. */
export const INT3: Record<string, IntBin> = {
  add: (a, b, e) => ux(a + b, e),
  sub: (a, b, e) => ux(a - b, e),
  shadd: (a, b, e) => ux((sx(a, e) + sx(b, e)) >> 1n, e),
  uhadd: (a, b, e) => ux((a + b) >> 1n, e),
  srhadd: (a, b, e) => ux((sx(a, e) + sx(b, e) + 1n) >> 1n, e),
  urhadd: (a, b, e) => ux((a + b + 1n) >> 1n, e),
  shsub: (a, b, e) => ux((sx(a, e) - sx(b, e)) >> 1n, e),
  uhsub: (a, b, e) => ux((a - b) >> 1n, e),
  sqadd: (a, b, e, c) => sat(c, sx(a, e) + sx(b, e), e, true),
  uqadd: (a, b, e, c) => sat(c, a + b, e, false),
  sqsub: (a, b, e, c) => sat(c, sx(a, e) - sx(b, e), e, true),
  uqsub: (a, b, e, c) => sat(c, a - b, e, false),
  cmgt: (a, b, e) => ones(e, sx(a, e) > sx(b, e)),
  cmge: (a, b, e) => ones(e, sx(a, e) >= sx(b, e)),
  cmhi: (a, b, e) => ones(e, a > b),
  cmhs: (a, b, e) => ones(e, a >= b),
  cmeq: (a, b, e) => ones(e, a === b),
  cmtst: (a, b, e) => ones(e, (a & b) !== 0n),
  sshl: (a, b, e) => shiftBy(a, b, e, true, false),
  ushl: (a, b, e) => shiftBy(a, b, e, false, false),
  srshl: (a, b, e) => shiftBy(a, b, e, true, true),
  urshl: (a, b, e) => shiftBy(a, b, e, false, true),
  sqshl: (a, b, e, c) => satShift(a, b, e, c, true, false),
  uqshl: (a, b, e, c) => satShift(a, b, e, c, false, false),
  sqrshl: (a, b, e, c) => satShift(a, b, e, c, true, true),
  uqrshl: (a, b, e, c) => satShift(a, b, e, c, false, true),
  smax: (a, b, e) => (sx(a, e) > sx(b, e) ? a : b),
  smin: (a, b, e) => (sx(a, e) < sx(b, e) ? a : b),
  umax: (a, b) => (a > b ? a : b),
  umin: (a, b) => (a < b ? a : b),
  sabd: (a, b, e) => { const d = sx(a, e) - sx(b, e); return ux(d < 0n ? -d : d, e); },
  uabd: (a, b) => (a > b ? a - b : b - a),
  saba: (a, b, e, _c, d) => { const x = sx(a, e) - sx(b, e); return ux(d + (x < 0n ? -x : x), e); },
  uaba: (a, b, e, _c, d) => ux(d + (a > b ? a - b : b - a), e),
  mla: (a, b, e, _c, d) => ux(d + a * b, e),
  mls: (a, b, e, _c, d) => ux(d - a * b, e),
  mul: (a, b, e) => ux(a * b, e),
  pmul: (a, b, e) => ux(pmul(a, b, e), e),
  sqdmulh: (a, b, e, c) => sat(c, (2n * sx(a, e) * sx(b, e)) >> BigInt(e), e, true),
  sqrdmulh: (a, b, e, c) => sat(c, (2n * sx(a, e) * sx(b, e) + (1n << BigInt(e - 1))) >> BigInt(e), e, true),
  smaxp: (a, b, e) => (sx(a, e) > sx(b, e) ? a : b),
  sminp: (a, b, e) => (sx(a, e) < sx(b, e) ? a : b),
  umaxp: (a, b) => (a > b ? a : b),
  uminp: (a, b) => (a < b ? a : b),
  addp: (a, b, e) => ux(a + b, e),
};

// ---- floating point on lanes ----

const f64lo = (v: bigint) => Number(v & 0xffffffffn) | 0;
const f64hi = (v: bigint) => Number(v >> 32n) | 0;
const packD = (lo: number) => (BigInt(RET[0] >>> 0) << 32n) | BigInt(lo >>> 0);
const f32of = (v: bigint) => Number(v & 0xffffffffn) | 0;
const packS = (x: number) => BigInt(x >>> 0);

type F32Bin = (a: number, b: number, st: fpu.FpStatus) => number;
type F64Bin = (al: number, ah: number, bl: number, bh: number, st: fpu.FpStatus) => number;
/** Lifts a pair of scalar FP kernels to a lane op (e = 32 or 64). */
export function fbin(f32: F32Bin, f64: F64Bin): IntBin {
  return (a, b, e, cpu) => (e === 32 ? packS(f32(f32of(a), f32of(b), cpu.fp)) : packD(f64(f64lo(a), f64hi(a), f64lo(b), f64hi(b), cpu.fp)));
}
const SIGN32 = 0x80000000 | 0;
const abs32 = (x: number) => x & 0x7fffffff;
// FABD is FPAbs(FPSub(a, b)): the absolute value clears the sign of a NaN result too.
const fabd32: F32Bin = (a, b, st) => abs32(fpu.sub32(a, b, st));
const fabd64: F64Bin = (al, ah, bl, bh, st) => { const l = fpu.sub64(al, ah, bl, bh, st); RET[0] &= 0x7fffffff; return l; };
const fmulx32: F32Bin = (a, b, st) => {
  const inf0 = (x: number, y: number) => (x & 0x7fffffff) === 0x7f800000 && (y & 0x7fffffff) === 0;
  if (!fpu.isNaN32(a) && !fpu.isNaN32(b) && (inf0(a, b) || inf0(b, a))) return 0x40000000 | ((a ^ b) & SIGN32);
  return fpu.mul32(a, b, st);
};
const fmulx64: F64Bin = (al, ah, bl, bh, st) => {
  const isInf = (l: number, h: number) => (h & 0x7fffffff) === 0x7ff00000 && l === 0;
  const isZero = (l: number, h: number) => (h & 0x7fffffff) === 0 && l === 0;
  if ((isInf(al, ah) && isZero(bl, bh)) || (isZero(al, ah) && isInf(bl, bh))) { RET[0] = 0x40000000 | ((ah ^ bh) & SIGN32); return 0; }
  return fpu.mul64(al, ah, bl, bh, st);
};
const cmpMask = (t: number, e: number) => (t ? mask(e) : 0n);
export function fcmpOp(kind: 'eq' | 'ge' | 'gt' | 'age' | 'agt'): IntBin {
  return (a, b, e, cpu) => {
    let x = a, y = b;
    if (kind === 'age' || kind === 'agt') { x &= mask(e - 1); y &= mask(e - 1); }
    const st = cpu.fp;
    if (e === 32) {
      const p = f32of(x), q = f32of(y);
      if (kind === 'eq') return cmpMask(fpu.eq32(p, q, st), e);
      return cmpMask(kind === 'ge' || kind === 'age' ? fpu.le32(q, p, st) : fpu.lt32(q, p, st), e);
    }
    const [pl, ph, ql, qh] = [f64lo(x), f64hi(x), f64lo(y), f64hi(y)];
    if (kind === 'eq') return cmpMask(fpu.eq64(pl, ph, ql, qh, st), e);
    return cmpMask(kind === 'ge' || kind === 'age' ? fpu.le64(ql, qh, pl, ph, st) : fpu.lt64(ql, qh, pl, ph, st), e);
  };
}
const TWO32 = 0x40000000, THREE32 = 0x40400000;
const recps32: F32Bin = (a, b, st) => fpu.fma32(a ^ SIGN32, b, TWO32, st);
const recps64: F64Bin = (al, ah, bl, bh, st) => fpu.fma64(al, ah ^ SIGN32, bl, bh, 0, 0x40000000, st);
const rsqrts32: F32Bin = (a, b, st) => {
  const r = fpu.fma32(a ^ SIGN32, b, THREE32, st);
  return fpu.isNaN32(r) ? r : fpu.mul32(r, 0x3f000000, st);
};
const rsqrts64: F64Bin = (al, ah, bl, bh, st) => {
  const l = fpu.fma64(al, ah ^ SIGN32, bl, bh, 0, 0x40080000, st);
  const h = RET[0];
  return fpu.isNaN64(l, h) ? l : fpu.mul64(l, h, 0, 0x3fe00000, st);
};

/** Three-same FP ops by name; fmla/fmls use the destination lane d. */
export const FP3: Record<string, IntBin> = {
  fadd: fbin(fpu.add32, fpu.add64), fsub: fbin(fpu.sub32, fpu.sub64), fmul: fbin(fpu.mul32, fpu.mul64),
  fdiv: fbin(fpu.div32, fpu.div64), fmax: fbin(fpu.maxNaN32, fpu.maxNaN64), fmin: fbin(fpu.minNaN32, fpu.minNaN64),
  fmaxnm: fbin(fpu.maxNum32, fpu.maxNum64), fminnm: fbin(fpu.minNum32, fpu.minNum64),
  fabd: fbin(fabd32, fabd64), fmulx: fbin(fmulx32, fmulx64),
  fcmeq: fcmpOp('eq'), fcmge: fcmpOp('ge'), fcmgt: fcmpOp('gt'), facge: fcmpOp('age'), facgt: fcmpOp('agt'),
  frecps: fbin(recps32, recps64), frsqrts: fbin(rsqrts32, rsqrts64),
  fmla: (a, b, e, cpu, d) => (e === 32 ? packS(fpu.fma32(f32of(a), f32of(b), f32of(d), cpu.fp))
    : packD(fpu.fma64(f64lo(a), f64hi(a), f64lo(b), f64hi(b), f64lo(d), f64hi(d), cpu.fp))),
  fmls: (a, b, e, cpu, d) => (e === 32 ? packS(fpu.fma32(f32of(a) ^ SIGN32, f32of(b), f32of(d), cpu.fp))
    : packD(fpu.fma64(f64lo(a), f64hi(a) ^ SIGN32, f64lo(b), f64hi(b), f64lo(d), f64hi(d), cpu.fp))),
  faddp: fbin(fpu.add32, fpu.add64), fmaxp: fbin(fpu.maxNaN32, fpu.maxNaN64), fminp: fbin(fpu.minNaN32, fpu.minNaN64),
  fmaxnmp: fbin(fpu.maxNum32, fpu.maxNum64), fminnmp: fbin(fpu.minNum32, fpu.minNum64),
};

/** Unary FP lane ops: (a, e, cpu, imm) → lane. */
export type FpUn = (a: bigint, e: number, cpu: Aarch64Cpu, imm: number) => bigint;
const zero = (e: number) => (e === 32 ? 0n : 0n);
export const FP1: Record<string, FpUn> = {
  fabs: (a, e) => a & mask(e - 1),
  fneg: (a, e) => a ^ (1n << BigInt(e - 1)),
  fsqrt: (a, e, cpu) => (e === 32 ? packS(fpu.sqrt32(f32of(a), cpu.fp)) : packD(fpu.sqrt64(f64lo(a), f64hi(a), cpu.fp))),
  // imm: rounding mode (−1 = FPCR) | exact flag << 8
  frint: (a, e, cpu, imm) => {
    const rm = (imm & 0xff) === 0xff ? cpu.fp.rm : imm & 0xff, x = !!(imm & 0x100);
    return e === 32 ? packS(frint32(f32of(a), cpu.fp, rm, x)) : packD(frint64(f64lo(a), f64hi(a), cpu.fp, rm, x));
  },
  // imm: rm | signed << 8 | fbits << 16
  fcvti: (a, e, cpu, imm) => {
    const rm = (imm & 0xff) === 0xff ? cpu.fp.rm : imm & 0xff, s = !!(imm & 0x100), fb = imm >>> 16;
    if (e === 32) return BigInt(cvtf32toi(f32of(a), cpu.fp, rm, s, false, fb) >>> 0);
    const lo = cvtf64toi(f64lo(a), f64hi(a), cpu.fp, rm, s, true, fb);
    return (BigInt(RET[0] >>> 0) << 32n) | BigInt(lo >>> 0);
  },
  // imm: signed | fbits << 16
  cvtf: (a, e, cpu, imm) => {
    const s = !!(imm & 1), fb = imm >>> 16;
    if (e === 32) return packS(cvtito32(Number(a & 0xffffffffn) | 0, 0, false, s, cpu.fp, fb));
    return packD(cvtito64(f64lo(a), f64hi(a), true, s, cpu.fp, fb));
  },
  fcmgtz: (a, e, cpu) => FP3.fcmgt(a, zero(e), e, cpu, 0n),
  fcmgez: (a, e, cpu) => FP3.fcmge(a, zero(e), e, cpu, 0n),
  fcmeqz: (a, e, cpu) => FP3.fcmeq(a, zero(e), e, cpu, 0n),
  fcmlez: (a, e, cpu) => FP3.fcmge(zero(e), a, e, cpu, 0n),
  fcmltz: (a, e, cpu) => FP3.fcmgt(zero(e), a, e, cpu, 0n),
};

export { fcmp32 };
