// Scalar IEEE operations in ARM flavour on raw bits, shared by the scalar FP
// helpers and the AdvSIMD lane loops. f32 values are int32 bit patterns; f64
// values are (lo, hi) with f64 results returning lo and hi in RET[0]. The
// status is the cpu's (FPCR rounding/FZ/DN, FPSR flags accumulate in it).

import * as fpu from '../fpu';
import type { FpStatus } from '../fpu';
import { roundToIntegral } from '../fpu/convert';
import { RET } from '../../translate/runtime';

const SIGN = 0x80000000 | 0;
const F64 = new Float64Array(1), I64 = new Int32Array(F64.buffer);
const F32 = new Float32Array(1), I32F = new Int32Array(F32.buffer);

export const RM_RNE = 0, RM_RTZ = 1, RM_RDN = 2, RM_RUP = 3, RM_RMM = 4;

// ---- round to integral (FRINT*) ----

function isNaN32(a: number) { return (a & 0x7f800000) === 0x7f800000 && (a & 0x7fffff) !== 0; }
function isNaN64(lo: number, hi: number) { return (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0; }

/** FRINT* on f32: rm, and whether inexact is signalled (FRINTX). */
export function frint32(a: number, st: FpStatus, rm: number, exact: boolean): number {
  if (isNaN32(a)) return fpu.add32(a, a, st); // NaN processing (quieten, default NaN, NV)
  const e = a & 0x7f800000;
  if (e === 0x7f800000) return a;
  if (e === 0 && (a & 0x7fffff) !== 0 && st.ftz) { st.flags |= fpu.FLAG_ID; return a & SIGN; }
  I32F[0] = a;
  const x = F32[0];
  const r = roundToIntegral(x, rm);
  if (exact && r !== x) st.flags |= fpu.FLAG_NX;
  F32[0] = r;
  return (I32F[0] & ~SIGN) | (a & SIGN); // keep the sign (e.g. -0.3 → -0)
}

export function frint64(lo: number, hi: number, st: FpStatus, rm: number, exact: boolean): number {
  if (isNaN64(lo, hi)) return fpu.add64(lo, hi, lo, hi, st);
  const e = hi & 0x7ff00000;
  if (e === 0x7ff00000) { RET[0] = hi; return lo; }
  if (e === 0 && ((hi & 0xfffff) | lo) !== 0 && st.ftz) { st.flags |= fpu.FLAG_ID; RET[0] = hi & SIGN; return 0; }
  I64[0] = lo; I64[1] = hi;
  const x = F64[0];
  const r = roundToIntegral(x, rm);
  if (exact && r !== x) st.flags |= fpu.FLAG_NX;
  F64[0] = r;
  RET[0] = (I64[1] & ~SIGN) | (hi & SIGN);
  return I64[0];
}

// ---- compares ----

/** NZCV (bits 31:28) of FCMP/FCMPE. */
const CMP_NZCV = [0x80000000 | 0, 0x60000000, 0x20000000, 0x30000000];
// With FPCR.FZ, compares flush denormal inputs first (IDC), even when the other one is a NaN.
const sub32 = (a: number) => (a & 0x7f800000) === 0 && (a & 0x7fffff) !== 0;
const sub64 = (lo: number, hi: number) => (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0;
export function fcmp32(a: number, b: number, st: FpStatus, signaling: boolean): number {
  if (st.ftz) {
    if (sub32(a)) { a &= SIGN; st.flags |= fpu.FLAG_ID; }
    if (sub32(b)) { b &= SIGN; st.flags |= fpu.FLAG_ID; }
  }
  return CMP_NZCV[fpu.cmp32(a, b, st, signaling)];
}
export function fcmp64(al: number, ah: number, bl: number, bh: number, st: FpStatus, signaling: boolean): number {
  if (st.ftz) {
    if (sub64(al, ah)) { al = 0; ah &= SIGN; st.flags |= fpu.FLAG_ID; }
    if (sub64(bl, bh)) { bl = 0; bh &= SIGN; st.flags |= fpu.FLAG_ID; }
  }
  return CMP_NZCV[fpu.cmp64(al, ah, bl, bh, st, signaling)];
}

// ---- float → integer with an explicit rounding mode, optional fixed-point scale ----

function withRm<T>(st: FpStatus, rm: number, f: () => T): T {
  const saved = st.rm;
  st.rm = rm;
  try { return f(); } finally { st.rm = saved; }
}

/** f32 → int (32 or 64 bits: for 64, hi in RET[0]); fbits scales by 2^fbits first. */
export function cvtf32toi(a: number, st: FpStatus, rm: number, signed: boolean, to64: boolean, fbits = 0): number {
  if (fbits && !isNaN32(a) && (a & 0x7f800000) !== 0x7f800000) {
    if ((a & 0x7f800000) === 0 && st.ftz) { if (a & 0x7fffff) st.flags |= fpu.FLAG_ID; a &= SIGN; }
    I32F[0] = a;
    F64[0] = F32[0] * Math.pow(2, fbits);
    return cvtf64toi(I64[0], I64[1], st, rm, signed, to64, 0);
  }
  return withRm(st, rm, () => (to64 ? fpu.f32toi64(a, st, signed, 'zero') : sx32ret(fpu.f32toi32(a, st, signed, 'zero'))));
}
export function cvtf64toi(lo: number, hi: number, st: FpStatus, rm: number, signed: boolean, to64: boolean, fbits = 0): number {
  if (fbits && !isNaN64(lo, hi) && (hi & 0x7ff00000) !== 0x7ff00000) {
    if ((hi & 0x7ff00000) === 0 && st.ftz) { if ((hi & 0xfffff) | lo) st.flags |= fpu.FLAG_ID; lo = 0; hi &= SIGN; }
    I64[0] = lo; I64[1] = hi;
    F64[0] = F64[0] * Math.pow(2, fbits);
    lo = I64[0]; hi = I64[1];
  }
  return withRm(st, rm, () => (to64 ? fpu.f64toi64(lo, hi, st, signed, 'zero') : sx32ret(fpu.f64toi32(lo, hi, st, signed, 'zero'))));
}
function sx32ret(v: number): number { RET[0] = 0; return v; }

/** int → f32 (value is 32-bit, or 64-bit (lo, hi)); fbits divides by 2^fbits (exact). */
export function cvtito32(lo: number, hi: number, is64: boolean, signed: boolean, st: FpStatus, fbits = 0): number {
  const r = is64 ? fpu.i64tof32(lo, hi, st, signed) : fpu.i32tof32(lo, st, signed);
  if (!fbits || (r & 0x7fffffff) === 0) return r;
  I32F[0] = r;
  F32[0] = F32[0] * Math.pow(2, -fbits);
  return I32F[0];
}
export function cvtito64(lo: number, hi: number, is64: boolean, signed: boolean, st: FpStatus, fbits = 0): number {
  let rl = is64 ? fpu.i64tof64(lo, hi, st, signed) : fpu.i32tof64(lo, st, signed);
  if (!fbits) return rl;
  I64[0] = rl; I64[1] = RET[0];
  F64[0] = F64[0] * Math.pow(2, -fbits);
  rl = I64[0];
  RET[0] = I64[1];
  return rl;
}

/** VFPExpandImm: the FMOV (immediate) value for an 8-bit immediate; f64 returns the high word (low word 0). */
export function expandImm(imm8: number, type: 0 | 1 | 3): number {
  const sign = (imm8 >>> 7) & 1, b6 = (imm8 >>> 6) & 1, rest = imm8 & 0x3f;
  if (type === 0) return (sign << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1f : 0) << 25) | (rest << 19);
  if (type === 1) return (sign << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0xff : 0) << 22) | (rest << 16);
  return (sign << 15) | ((b6 ^ 1) << 14) | ((b6 ? 3 : 0) << 12) | (rest << 6);
}
