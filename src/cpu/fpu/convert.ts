// Conversions between float formats and integers.

import { RET } from '../../translate/runtime';
import {
  FpStatus, FLAG_ID, FLAG_NV, FLAG_NX,
  RM_RTZ, RM_RDN, RM_RUP, RM_RMM,
} from './status';
import {
  F64, I32, F32, I32F, LO, HI, isNaN32, isSNaN32, isNaN64, isSNaN64,
  CANONICAL_NAN32, CANONICAL_NAN64_HI, CANONICAL_NAN16, pow2,
} from './bits';
import { round32, roundSmall, adjust64, SF16, SF16AHP } from './round';
import { nan2x32, nan2x64 } from './nan';

// Host Math builtins cached at module load: a global `Math` lookup is slow in some embeddings
// (e.g. jest's vm contexts), the cached functions are not.
const { abs: mAbs, floor: mFloor, sign: mSign, trunc: mTrunc } = Math;

const SIGN = 0x80000000 | 0;
const TWO32 = 4294967296;

export type NaNResult = 'max' | 'zero';

// ---- float <-> float ------------------------------------------------------------------------

/** binary32 -> binary64 (exact). Returns lo, hi in RET[0]. */
export function f32to64(a: number, st: FpStatus): number {
  const e = a & 0x7f800000;
  if (e === 0x7f800000) {
    if ((a & 0x7fffff) === 0) { RET[0] = (a & SIGN) | 0x7ff00000; return 0; }
    if (isSNaN32(a)) st.flags |= FLAG_NV;
    if (st.defaultNaN) { RET[0] = CANONICAL_NAN64_HI; return 0; }
    RET[0] = (a & SIGN) | 0x7ff80000 | ((a & 0x3fffff) >>> 3);
    return (a & 7) << 29;
  }
  if (e === 0 && (a & 0x7fffff) !== 0 && st.ftz) { st.flags |= FLAG_ID; RET[0] = a & SIGN; return 0; }
  I32F[0] = a;
  F64[0] = F32[0];
  RET[0] = I32[HI];
  return I32[LO];
}

/** binary64 -> binary32, rounded per st.rm. */
export function f64to32(lo: number, hi: number, st: FpStatus): number {
  const e = hi & 0x7ff00000;
  if (e === 0x7ff00000) {
    if (((hi & 0xfffff) | lo) === 0) return (hi & SIGN) | 0x7f800000;
    if (isSNaN64(lo, hi)) st.flags |= FLAG_NV;
    if (st.defaultNaN) return CANONICAL_NAN32;
    return (hi & SIGN) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29);
  }
  if (e === 0 && st.ftz && ((hi & 0xfffff) | lo) !== 0) { st.flags |= FLAG_ID; return hi & SIGN; }
  I32[LO] = lo; I32[HI] = hi;
  return round32(F64[0], 0, st, false);
}

// ---- half precision -------------------------------------------------------------------------
// `ahp` selects ARM's alternative half precision (no inf/NaN; exponent 31 is a normal binade).
// Half-precision values are never flushed (ARM's FZ16 is not modelled); float32/64 inputs are.

function f16value(h: number): number {
  // with AHP, exponent 31 is simply one more normal binade
  const e = (h >>> 10) & 0x1f, m = h & 0x3ff;
  const v = e === 0 ? m * pow2(-24) : (m + 1024) * pow2(e - 25);
  return h & 0x8000 ? -v : v;
}

/** binary16 -> binary32 (exact). */
export function f16to32(h: number, st: FpStatus, ahp = false): number {
  h &= 0xffff;
  if (!ahp && (h & 0x7c00) === 0x7c00) {
    const sgn = (h & 0x8000) << 16;
    if ((h & 0x3ff) === 0) return sgn | 0x7f800000;
    if ((h & 0x200) === 0) st.flags |= FLAG_NV;
    if (st.defaultNaN) return CANONICAL_NAN32;
    return sgn | 0x7fc00000 | ((h & 0x1ff) << 13);
  }
  F32[0] = f16value(h);
  return I32F[0];
}

/** binary16 -> binary64 (exact). Returns lo, hi in RET[0]. */
export function f16to64(h: number, st: FpStatus, ahp = false): number {
  h &= 0xffff;
  if (!ahp && (h & 0x7c00) === 0x7c00) {
    const sgn = (h & 0x8000) << 16;
    if ((h & 0x3ff) === 0) { RET[0] = sgn | 0x7ff00000; return 0; }
    if ((h & 0x200) === 0) st.flags |= FLAG_NV;
    if (st.defaultNaN) { RET[0] = CANONICAL_NAN64_HI; return 0; }
    RET[0] = sgn | 0x7ff80000 | ((h & 0x1ff) << 10);
    return 0;
  }
  F64[0] = f16value(h);
  RET[0] = I32[HI];
  return I32[LO];
}

function toHalf(x: number, sgn16: number, isInf: boolean, st: FpStatus, ahp: boolean): number {
  if (isInf) {
    if (ahp) { st.flags |= FLAG_NV; return sgn16 | 0x7fff; }
    return sgn16 | 0x7c00;
  }
  return roundSmall(x, 0, ahp ? SF16AHP : SF16, st) & 0xffff;
}

/** binary32 -> binary16 (as an unsigned 16-bit value), rounded per st.rm. */
export function f32to16(a: number, st: FpStatus, ahp = false): number {
  const sgn16 = (a >>> 16) & 0x8000;
  if ((a & 0x7f800000) === 0x7f800000) {
    if ((a & 0x7fffff) === 0) return toHalf(0, sgn16, true, st, ahp);
    if (ahp) { st.flags |= FLAG_NV; return sgn16; }
    if (isSNaN32(a)) st.flags |= FLAG_NV;
    if (st.defaultNaN) return CANONICAL_NAN16;
    return sgn16 | 0x7e00 | ((a & 0x3fffff) >>> 13);
  }
  if (st.ftz && (a & 0x7f800000) === 0 && (a & 0x7fffff) !== 0) { st.flags |= FLAG_ID; return sgn16; }
  I32F[0] = a;
  return toHalf(F32[0], sgn16, false, st, ahp);
}

/** binary64 -> binary16 (as an unsigned 16-bit value), rounded per st.rm (single rounding). */
export function f64to16(lo: number, hi: number, st: FpStatus, ahp = false): number {
  const sgn16 = (hi >>> 16) & 0x8000;
  if ((hi & 0x7ff00000) === 0x7ff00000) {
    if (((hi & 0xfffff) | lo) === 0) return toHalf(0, sgn16, true, st, ahp);
    if (ahp) { st.flags |= FLAG_NV; return sgn16; }
    if (isSNaN64(lo, hi)) st.flags |= FLAG_NV;
    if (st.defaultNaN) return CANONICAL_NAN16;
    return sgn16 | 0x7e00 | ((hi & 0x7ffff) >>> 10);
  }
  if (st.ftz && (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0) { st.flags |= FLAG_ID; return sgn16; }
  I32[LO] = lo; I32[HI] = hi;
  return toHalf(F64[0], sgn16, false, st, ahp);
}

// ---- float -> integer -----------------------------------------------------------------------

let INEXACT = false;

/** Round a finite double to an integral double per rm; sets INEXACT. */
export function roundToIntegral(x: number, rm: number): number {
  const t = mTrunc(x);
  if (t === x) { INEXACT = false; return x; }
  INEXACT = true;
  const fr = x - t; // exact, nonzero, |fr| < 1
  switch (rm) {
    case RM_RTZ: return t;
    case RM_RDN: return x < 0 ? t - 1 : t;
    case RM_RUP: return x > 0 ? t + 1 : t;
    case RM_RMM: return mAbs(fr) >= 0.5 ? t + mSign(x) : t;
    default: {
      const af = mAbs(fr);
      if (af > 0.5 || (af === 0.5 && t % 2 !== 0)) return t + mSign(x);
      return t;
    }
  }
}

function toI32(x: number, st: FpStatus, signed: boolean): number {
  // x is a finite double or +-inf
  const r = roundToIntegral(x, st.rm);
  if (signed ? r >= -2147483648 && r <= 2147483647 : r >= 0 && r <= 4294967295) {
    if (INEXACT) st.flags |= FLAG_NX;
    return r | 0;
  }
  st.flags |= FLAG_NV;
  if (signed) return x < 0 ? SIGN : 0x7fffffff;
  return x < 0 ? 0 : -1;
}

function toI64(x: number, st: FpStatus, signed: boolean): number {
  const r = roundToIntegral(x, st.rm);
  if (signed ? r >= -9223372036854775808 && r < 9223372036854775808 : r >= 0 && r < 18446744073709551616) {
    if (INEXACT) st.flags |= FLAG_NX;
    const hi = mFloor(r / TWO32);
    RET[0] = hi | 0;
    return (r - hi * TWO32) | 0;
  }
  st.flags |= FLAG_NV;
  if (x < 0) { RET[0] = signed ? SIGN : 0; return 0; }
  RET[0] = signed ? 0x7fffffff : -1;
  return -1;
}

function nanI32(st: FpStatus, signed: boolean, nanResult: NaNResult): number {
  st.flags |= FLAG_NV;
  if (nanResult === 'zero') return 0;
  return signed ? 0x7fffffff : -1;
}
function nanI64(st: FpStatus, signed: boolean, nanResult: NaNResult): number {
  st.flags |= FLAG_NV;
  if (nanResult === 'zero') { RET[0] = 0; return 0; }
  RET[0] = signed ? 0x7fffffff : -1;
  return -1;
}

function f32num(a: number, st: FpStatus): number {
  if (st.ftz && (a & 0x7f800000) === 0 && (a & 0x7fffff) !== 0) { st.flags |= FLAG_ID; a &= SIGN; }
  I32F[0] = a;
  return F32[0];
}
function f64num(lo: number, hi: number, st: FpStatus): number {
  if (st.ftz && (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0) { st.flags |= FLAG_ID; lo = 0; hi &= SIGN; }
  I32[LO] = lo; I32[HI] = hi;
  return F64[0];
}

/**
 * Float to 32-bit integer per st.rm. Out of range (after rounding) saturates and sets NV only;
 * NaN gives the largest value (RISC-V; unsigned: 0xffffffff) or 0 with nanResult 'zero' (ARM).
 * Unsigned results are returned as int32 bit patterns.
 */
export function f32toi32(a: number, st: FpStatus, signed: boolean, nanResult: NaNResult = 'max'): number {
  if (isNaN32(a)) return nanI32(st, signed, nanResult);
  return toI32(f32num(a, st), st, signed);
}
export function f64toi32(lo: number, hi: number, st: FpStatus, signed: boolean, nanResult: NaNResult = 'max'): number {
  if (isNaN64(lo, hi)) return nanI32(st, signed, nanResult);
  return toI32(f64num(lo, hi, st), st, signed);
}
/** Float to 64-bit integer: returns lo, hi in RET[0]. */
export function f32toi64(a: number, st: FpStatus, signed: boolean, nanResult: NaNResult = 'max'): number {
  if (isNaN32(a)) return nanI64(st, signed, nanResult);
  return toI64(f32num(a, st), st, signed);
}
export function f64toi64(lo: number, hi: number, st: FpStatus, signed: boolean, nanResult: NaNResult = 'max'): number {
  if (isNaN64(lo, hi)) return nanI64(st, signed, nanResult);
  return toI64(f64num(lo, hi, st), st, signed);
}

// ---- integer -> float -----------------------------------------------------------------------

export function i32tof32(v: number, st: FpStatus, signed: boolean): number {
  return round32(signed ? v | 0 : v >>> 0, 0, st, false);
}

export function i64tof32(lo: number, hi: number, st: FpStatus, signed: boolean): number {
  const A = (signed ? hi | 0 : hi >>> 0) * TWO32, B = lo >>> 0;
  const s = A + B;
  const bv = s - A;
  return round32(s, (A - (s - bv)) + (B - bv), st, true);
}

/** Exact. Returns lo, hi in RET[0]. */
export function i32tof64(v: number, st: FpStatus, signed: boolean): number {
  void st;
  F64[0] = signed ? v | 0 : v >>> 0;
  RET[0] = I32[HI];
  return I32[LO];
}

/** Returns lo, hi in RET[0]. */
export function i64tof64(lo: number, hi: number, st: FpStatus, signed: boolean): number {
  const A = (signed ? hi | 0 : hi >>> 0) * TWO32, B = lo >>> 0;
  let s = A + B;
  const bv = s - A;
  const e = (A - (s - bv)) + (B - bv);
  if (e !== 0) s = adjust64(s, e, true, st);
  F64[0] = s;
  RET[0] = I32[HI];
  return I32[LO];
}


// ---- round to integral (ARM FRINT*, RISC-V Zfa fround/froundnx) ------------------------------

/**
 * Round to an integral value in the same format, per st.rm. NX only when `exact` is true (ARM
 * FRINTX, RISC-V froundnx) and the value changed. Zero results keep the operand's sign. NaNs
 * follow the usual rules (sNaN: NV; canonical or quietened NaN).
 */
export function roundInt32(a: number, st: FpStatus, exact: boolean): number {
  if ((a & 0x7f800000) === 0x7f800000) return isNaN32(a) ? nan2x32(a, a, st) : a;
  if (st.ftz && (a & 0x7f800000) === 0 && (a & 0x7fffff) !== 0) { st.flags |= FLAG_ID; return a & SIGN; }
  if ((a & 0x7f800000) >= 0x4b000000) return a; // |a| >= 2^23: already integral
  I32F[0] = a;
  const r = roundToIntegral(F32[0], st.rm);
  if (INEXACT && exact) st.flags |= FLAG_NX;
  F32[0] = r;
  return I32F[0];
}

/** binary64 round to integral; returns lo, hi in RET[0]. */
export function roundInt64(lo: number, hi: number, st: FpStatus, exact: boolean): number {
  if ((hi & 0x7ff00000) === 0x7ff00000) {
    if (isNaN64(lo, hi)) return nan2x64(lo, hi, lo, hi, st);
    RET[0] = hi;
    return lo;
  }
  if (st.ftz && (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0) {
    st.flags |= FLAG_ID; RET[0] = hi & SIGN; return 0;
  }
  if ((hi & 0x7ff00000) >= 0x43300000) { RET[0] = hi; return lo; } // |x| >= 2^52
  I32[LO] = lo; I32[HI] = hi;
  const r = roundToIntegral(F64[0], st.rm);
  if (INEXACT && exact) st.flags |= FLAG_NX;
  F64[0] = r;
  RET[0] = I32[HI];
  return I32[LO];
}
