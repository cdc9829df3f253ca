// binary32 operations on int32 bit patterns.
//
// Two float32 operands are exact doubles; the double result s of +,-,*,/,sqrt is RN53 of the
// exact result t, and with 53 >= 2*24+2 rounding s to float32 (nearest-even) equals rounding t
// (no harmful double rounding). The exact residual direction sign(t - s) comes from TwoSum
// (add), is 0 (mul: a 48-bit product is exact), or from an exact remainder (div, sqrt); for fma
// s + e = t exactly with e from TwoSum, and a possible float32 midpoint at s is resolved with e.

import { FpStatus, FLAG_ID, FLAG_NV, FLAG_DZ, RM_RDN } from './status';
import { F32, I32F, isNaN32, isSNaN32, isQNaN32, CANONICAL_NAN32 } from './bits';
import { round32 } from './round';
import { nan2x32, nan3x32 } from './nan';

// Host Math builtins cached at module load: a global `Math` lookup is slow in some embeddings
// (e.g. jest's vm contexts), the cached functions are not.
const { fround: mFround, sqrt: mSqrt } = Math;

const SIGN = 0x80000000 | 0;

function flush(a: number, st: FpStatus): number {
  if ((a & 0x7f800000) === 0 && (a & 0x7fffff) !== 0) { st.flags |= FLAG_ID; return a & SIGN; }
  return a;
}

function defaultNaN(st: FpStatus): number {
  st.flags |= FLAG_NV;
  return CANONICAL_NAN32;
}

// ---- add / sub ------------------------------------------------------------------------------

function addFinite(a: number, b: number, st: FpStatus): number {
  I32F[0] = a;
  const x = F32[0];
  I32F[0] = b;
  const y = F32[0];
  const s = x + y;
  if (s === 0) {
    // exact zero: IEEE sign rules (JS gives the RNE ones)
    if (st.rm === RM_RDN && ((a | b) < 0 || x !== 0)) return SIGN;
    F32[0] = s;
    return I32F[0];
  }
  const bv = s - x;
  return round32(s, (x - (s - bv)) + (y - bv), st, false);
}

function addSpecial(a: number, b: number, st: FpStatus): number {
  const ia = (a & 0x7f800000) === 0x7f800000, ib = (b & 0x7f800000) === 0x7f800000;
  if (ia && ib && (a ^ b) < 0) return defaultNaN(st);
  return ia ? a : b;
}

export function add32(a: number, b: number, st: FpStatus): number {
  if (st.ftz) { a = flush(a, st); b = flush(b, st); }
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a) || isNaN32(b)) return nan2x32(a, b, st);
    return addSpecial(a, b, st);
  }
  return addFinite(a, b, st);
}

export function sub32(a: number, b: number, st: FpStatus): number {
  if (st.ftz) { a = flush(a, st); b = flush(b, st); }
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a) || isNaN32(b)) return nan2x32(a, b, st);
    return addSpecial(a, b ^ SIGN, st);
  }
  return addFinite(a, b ^ SIGN, st);
}

// ---- mul / div / sqrt -----------------------------------------------------------------------

export function mul32(a: number, b: number, st: FpStatus): number {
  if (st.ftz) { a = flush(a, st); b = flush(b, st); }
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a) || isNaN32(b)) return nan2x32(a, b, st);
    if ((a & 0x7fffffff) === 0 || (b & 0x7fffffff) === 0) return defaultNaN(st);
    return ((a ^ b) & SIGN) | 0x7f800000;
  }
  I32F[0] = a;
  const x = F32[0];
  I32F[0] = b;
  return round32(x * F32[0], 0, st, false);
}

export function div32(a: number, b: number, st: FpStatus): number {
  if (st.ftz) { a = flush(a, st); b = flush(b, st); }
  const sgn = (a ^ b) & SIGN;
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a) || isNaN32(b)) return nan2x32(a, b, st);
    if ((a & 0x7f800000) === 0x7f800000) {
      if ((b & 0x7f800000) === 0x7f800000) return defaultNaN(st);
      return sgn | 0x7f800000;
    }
    return sgn;
  }
  if ((b & 0x7fffffff) === 0) {
    if ((a & 0x7fffffff) === 0) return defaultNaN(st);
    st.flags |= FLAG_DZ;
    return sgn | 0x7f800000;
  }
  I32F[0] = a;
  const x = F32[0];
  I32F[0] = b;
  const y = F32[0];
  const q = x / y;
  const f = mFround(q);
  // if q is a float32 value, x - f*y is exact (48-bit product, Sterbenz) and gives the direction;
  // otherwise q is neither a float32 grid point nor a midpoint and the direction is not needed
  return round32(q, f === q ? (x - f * y) * y : 0, st, false);
}

export function sqrt32(a: number, st: FpStatus): number {
  if (st.ftz) a = flush(a, st);
  if ((a & 0x7fffffff) === 0) return a;
  if ((a & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a)) return nan2x32(a, a, st);
    return a < 0 ? defaultNaN(st) : a;
  }
  if (a < 0) return defaultNaN(st);
  I32F[0] = a;
  const x = F32[0];
  const s = mSqrt(x);
  const f = mFround(s);
  return round32(s, f === s ? x - f * f : 0, st, false);
}

// ---- fma ------------------------------------------------------------------------------------

function fmaSpecial(a: number, b: number, c: number, st: FpStatus): number {
  const ia = (a & 0x7fffffff) === 0x7f800000, ib = (b & 0x7fffffff) === 0x7f800000;
  const infZero = (ia && (b & 0x7fffffff) === 0) || (ib && (a & 0x7fffffff) === 0);
  if (isNaN32(a) || isNaN32(b) || isNaN32(c)) {
    const r = nan3x32(c, a, b, st);
    if (infZero && !isSNaN32(c)) return defaultNaN(st);
    return r;
  }
  if (infZero) return defaultNaN(st);
  const ps = (a ^ b) & SIGN;
  if (ia || ib) {
    if ((c & 0x7fffffff) === 0x7f800000 && (c & SIGN) !== ps) return defaultNaN(st);
    return ps | 0x7f800000;
  }
  return c; // c is infinite
}

/**
 * a*b + c with one rounding. NaNs: with defaultNaN, canonical NaN and NV for sNaN or inf*0 (even
 * with a quiet-NaN addend, as RISC-V requires). Otherwise ARM FPMulAdd: priority c, a, b; a
 * quiet-NaN addend with an inf*0 product gives the default NaN and NV.
 */
export function fma32(a: number, b: number, c: number, st: FpStatus): number {
  if (st.ftz) { a = flush(a, st); b = flush(b, st); c = flush(c, st); }
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000 ||
      (c & 0x7f800000) === 0x7f800000) return fmaSpecial(a, b, c, st);
  I32F[0] = a;
  const x = F32[0];
  I32F[0] = b;
  const p = x * F32[0]; // exact
  I32F[0] = c;
  const z = F32[0];
  const s = p + z;
  if (s === 0) {
    if (p === 0 && z === 0) {
      const ps = (a ^ b) & SIGN;
      return ps === (c & SIGN) ? ps : st.rm === RM_RDN ? SIGN : 0;
    }
    return st.rm === RM_RDN ? SIGN : 0;
  }
  const bv = s - p;
  return round32(s, (p - (s - bv)) + (z - bv), st, true);
}

// ---- comparisons, min/max, classify ---------------------------------------------------------

function val(a: number, st: FpStatus): number {
  if (st.ftz) a = flush(a, st);
  I32F[0] = a;
  return F32[0];
}

export function eq32(a: number, b: number, st: FpStatus): number {
  if (isNaN32(a) || isNaN32(b)) {
    if (isSNaN32(a) || isSNaN32(b)) st.flags |= FLAG_NV;
    return 0;
  }
  return val(a, st) === val(b, st) ? 1 : 0;
}

export function lt32(a: number, b: number, st: FpStatus): number {
  if (isNaN32(a) || isNaN32(b)) { st.flags |= FLAG_NV; return 0; }
  return val(a, st) < val(b, st) ? 1 : 0;
}

export function le32(a: number, b: number, st: FpStatus): number {
  if (isNaN32(a) || isNaN32(b)) { st.flags |= FLAG_NV; return 0; }
  return val(a, st) <= val(b, st) ? 1 : 0;
}

export function cmp32(a: number, b: number, st: FpStatus, signaling: boolean): number {
  if (isNaN32(a) || isNaN32(b)) {
    if (signaling || isSNaN32(a) || isSNaN32(b)) st.flags |= FLAG_NV;
    return 3;
  }
  const x = val(a, st), y = val(b, st);
  return x < y ? 0 : x === y ? 1 : 2;
}

function minmax(a: number, b: number, st: FpStatus, isMax: boolean): number {
  if (st.ftz) { a = flush(a, st); b = flush(b, st); }
  I32F[0] = a;
  const x = F32[0];
  I32F[0] = b;
  const y = F32[0];
  if (x < y) return isMax ? b : a;
  if (y < x) return isMax ? a : b;
  return isMax ? a & b : a | b; // identical, or zeros of different sign
}

function minMaxNumber(a: number, b: number, st: FpStatus, isMax: boolean): number {
  const na = isNaN32(a), nb = isNaN32(b);
  if (na || nb) {
    if (isSNaN32(a) || isSNaN32(b)) st.flags |= FLAG_NV;
    if (na && nb) return CANONICAL_NAN32;
    return na ? b : a;
  }
  return minmax(a, b, st, isMax);
}

/** RISC-V fmin.s (IEEE 754-2019 minimumNumber): a NaN loses to a number; both NaN: canonical. */
export function min32(a: number, b: number, st: FpStatus): number {
  return minMaxNumber(a, b, st, false);
}
export function max32(a: number, b: number, st: FpStatus): number {
  return minMaxNumber(a, b, st, true);
}

/** ARM FMIN/FMAX: NaN operands propagate per NaN rules; -0 < +0. */
export function minNaN32(a: number, b: number, st: FpStatus): number {
  if (isNaN32(a) || isNaN32(b)) return nan2x32(a, b, st);
  return minmax(a, b, st, false);
}
export function maxNaN32(a: number, b: number, st: FpStatus): number {
  if (isNaN32(a) || isNaN32(b)) return nan2x32(a, b, st);
  return minmax(a, b, st, true);
}

/** ARM FMINNM/FMAXNM (IEEE 754-2008 minNum): a single quiet NaN loses to a number. */
export function minNum32(a: number, b: number, st: FpStatus): number {
  const qa = isQNaN32(a), qb = isQNaN32(b);
  if (qa && !qb) a = 0x7f800000; else if (qb && !qa) b = 0x7f800000;
  return minNaN32(a, b, st);
}
export function maxNum32(a: number, b: number, st: FpStatus): number {
  const qa = isQNaN32(a), qb = isQNaN32(b);
  if (qa && !qb) a = 0xff800000 | 0; else if (qb && !qa) b = 0xff800000 | 0;
  return maxNaN32(a, b, st);
}

/** RISC-V fclass.s mask. */
export function classify32(a: number): number {
  const negative = a < 0;
  const e = (a >>> 23) & 0xff;
  const m = a & 0x7fffff;
  if (e === 0xff) {
    if (m === 0) return negative ? 1 : 1 << 7;
    return m & 0x400000 ? 1 << 9 : 1 << 8;
  }
  if (e === 0) {
    if (m === 0) return negative ? 1 << 3 : 1 << 4;
    return negative ? 1 << 2 : 1 << 5;
  }
  return negative ? 1 << 1 : 1 << 6;
}
