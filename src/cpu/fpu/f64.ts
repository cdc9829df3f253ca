// binary64 operations on (lo, hi) int32 pairs; results return lo and put hi in RET[0].
//
// Fast paths use host double arithmetic plus an exact error term (TwoSum, Dekker's TwoProduct,
// division/square-root remainders, Boldo-Melquiond round-to-odd FMA emulation) to detect
// inexactness and pick the right neighbour for directed rounding. Inputs/results whose
// magnitude makes those error terms unrepresentable (subnormal or near-overflow results, huge
// exponent spreads) take the exact BigInt path in ref.ts.

import { RET } from '../../translate/runtime';
import { FpStatus, FLAG_ID, FLAG_UF, FLAG_NV, FLAG_DZ, RM_RDN } from './status';
import { F64, I32, LO, HI, isNaN64, isSNaN64, isQNaN64, CANONICAL_NAN64_HI, MIN_NORMAL64, pow2 } from './bits';
import { adjust64, stepMag } from './round';
import { nan2x64, defaultNaN64 } from './nan';
import { FMT64, refAdd, refSub, refMul, refDiv, refFma, pairToBig, bigLo, bigHi } from './ref';

// Host Math builtins cached at module load: a global `Math` lookup is slow in some embeddings
// (e.g. jest's vm contexts), the cached functions are not.
const { abs: mAbs, sqrt: mSqrt } = Math;

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)
const SIGN = 0x80000000 | 0;
const TWO_M960 = pow2(-960);
const TWO_1023 = pow2(1023);
const TWO_108 = pow2(108);
const TWO_M54 = pow2(-54);
const TWO_M108 = pow2(-108);
const TWO_54 = pow2(54);

type Ref2 = (f: typeof FMT64, a: bigint, b: bigint, st: FpStatus) => bigint;
function slow2(op: Ref2, alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  const r = op(FMT64, pairToBig(alo, ahi), pairToBig(blo, bhi), st);
  RET[0] = bigHi(r);
  return bigLo(r);
}

function out(x: number): number {
  F64[0] = x;
  RET[0] = I32[HI];
  return I32[LO];
}

function isSub(lo: number, hi: number): boolean {
  return (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0;
}

// ---- add / sub ------------------------------------------------------------------------------

function addFinite(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  I32[LO] = alo; I32[HI] = ahi;
  const a = F64[0];
  I32[LO] = blo; I32[HI] = bhi;
  const b = F64[0];
  let s = a + b;
  const bv = s - a;
  const e = (a - (s - bv)) + (b - bv);
  if (e === 0) {
    if (s === 0) {
      if (st.rm === RM_RDN && ((ahi | bhi) < 0 || a !== 0)) s = -0;
    } else if (st.ftz && mAbs(s) < MIN_NORMAL64) {
      st.flags |= FLAG_UF;
      RET[0] = s < 0 ? SIGN : 0;
      return 0;
    }
    return out(s);
  }
  if (e - e === 0) return out(adjust64(s, e, true, st));
  return slow2(refAdd, alo, ahi, blo, bhi, st); // overflow
}

function addSpecial(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  // no NaN here; at least one infinity
  const ia = (ahi & 0x7ff00000) === 0x7ff00000, ib = (bhi & 0x7ff00000) === 0x7ff00000;
  if (ia && ib && (ahi ^ bhi) < 0) return defaultNaN64(st);
  if (ia) { RET[0] = ahi; return alo; }
  RET[0] = bhi;
  return blo;
}

export function add64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (st.ftz) {
    if (isSub(alo, ahi)) { alo = 0; ahi &= SIGN; st.flags |= FLAG_ID; }
    if (isSub(blo, bhi)) { blo = 0; bhi &= SIGN; st.flags |= FLAG_ID; }
  }
  if ((ahi & 0x7ff00000) === 0x7ff00000 || (bhi & 0x7ff00000) === 0x7ff00000) {
    if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) return nan2x64(alo, ahi, blo, bhi, st);
    return addSpecial(alo, ahi, blo, bhi, st);
  }
  return addFinite(alo, ahi, blo, bhi, st);
}

export function sub64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (st.ftz) {
    if (isSub(alo, ahi)) { alo = 0; ahi &= SIGN; st.flags |= FLAG_ID; }
    if (isSub(blo, bhi)) { blo = 0; bhi &= SIGN; st.flags |= FLAG_ID; }
  }
  if ((ahi & 0x7ff00000) === 0x7ff00000 || (bhi & 0x7ff00000) === 0x7ff00000) {
    if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) return nan2x64(alo, ahi, blo, bhi, st);
    return addSpecial(alo, ahi, blo, bhi ^ SIGN, st);
  }
  return addFinite(alo, ahi, blo, bhi ^ SIGN, st);
}

// ---- mul ------------------------------------------------------------------------------------

export function mul64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (st.ftz) {
    if (isSub(alo, ahi)) { alo = 0; ahi &= SIGN; st.flags |= FLAG_ID; }
    if (isSub(blo, bhi)) { blo = 0; bhi &= SIGN; st.flags |= FLAG_ID; }
  }
  const ea = (ahi >>> 20) & 0x7ff, eb = (bhi >>> 20) & 0x7ff;
  const u = ea + eb - 2046;
  if (ea !== 0 && eb !== 0 && ea <= 2018 && eb <= 2018 && u >= -969 && u <= 1021) {
    I32[LO] = alo; I32[HI] = ahi;
    const a = F64[0];
    I32[LO] = blo; I32[HI] = bhi;
    const b = F64[0];
    const p = a * b;
    let t = SPLIT * a;
    const ah = t - (t - a), al = a - ah;
    t = SPLIT * b;
    const bh = t - (t - b), bl = b - bh;
    const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    if (e === 0) return out(p);
    return out(adjust64(p, e, true, st));
  }
  if (ea === 0x7ff || eb === 0x7ff) {
    if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) return nan2x64(alo, ahi, blo, bhi, st);
    if (((ahi & 0x7fffffff) | alo) === 0 || ((bhi & 0x7fffffff) | blo) === 0) return defaultNaN64(st);
    RET[0] = ((ahi ^ bhi) & SIGN) | 0x7ff00000;
    return 0;
  }
  if (((ahi & 0x7fffffff) | alo) === 0 || ((bhi & 0x7fffffff) | blo) === 0) {
    RET[0] = (ahi ^ bhi) & SIGN;
    return 0;
  }
  return slow2(refMul, alo, ahi, blo, bhi, st);
}

// ---- div ------------------------------------------------------------------------------------

export function div64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (st.ftz) {
    if (isSub(alo, ahi)) { alo = 0; ahi &= SIGN; st.flags |= FLAG_ID; }
    if (isSub(blo, bhi)) { blo = 0; bhi &= SIGN; st.flags |= FLAG_ID; }
  }
  const ea = (ahi >>> 20) & 0x7ff, eb = (bhi >>> 20) & 0x7ff;
  const u = ea - eb;
  if (ea >= 55 && ea <= 2018 && eb !== 0 && eb <= 2018 && u >= -968 && u <= 994) {
    I32[LO] = alo; I32[HI] = ahi;
    const a = F64[0];
    I32[LO] = blo; I32[HI] = bhi;
    const b = F64[0];
    const q = a / b;
    let t = SPLIT * q;
    const qh = t - (t - q), ql = q - qh;
    t = SPLIT * b;
    const bh = t - (t - b), bl = b - bh;
    const p = q * b;
    const pe = ((qh * bh - p) + qh * bl + ql * bh) + ql * bl;
    const rem = (a - p) - pe;
    if (rem === 0) return out(q);
    return out(adjust64(q, (rem < 0) === (b < 0) ? 1 : -1, false, st));
  }
  const sgn = (ahi ^ bhi) & SIGN;
  if (ea === 0x7ff || eb === 0x7ff) {
    if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) return nan2x64(alo, ahi, blo, bhi, st);
    if (ea === 0x7ff && eb === 0x7ff) return defaultNaN64(st);
    RET[0] = ea === 0x7ff ? sgn | 0x7ff00000 : sgn;
    return 0;
  }
  const za = ((ahi & 0x7fffffff) | alo) === 0, zb = ((bhi & 0x7fffffff) | blo) === 0;
  if (zb) {
    if (za) return defaultNaN64(st);
    st.flags |= FLAG_DZ;
    RET[0] = sgn | 0x7ff00000;
    return 0;
  }
  if (za) { RET[0] = sgn; return 0; }
  return slow2(refDiv, alo, ahi, blo, bhi, st);
}

// ---- sqrt -----------------------------------------------------------------------------------

export function sqrt64(alo: number, ahi: number, st: FpStatus): number {
  if (st.ftz && isSub(alo, ahi)) { alo = 0; ahi &= SIGN; st.flags |= FLAG_ID; }
  const ea = (ahi >>> 20) & 0x7ff;
  if (ea === 0x7ff) {
    if (isNaN64(alo, ahi)) return nan2x64(alo, ahi, alo, ahi, st);
    if (ahi < 0) return defaultNaN64(st);
    RET[0] = ahi;
    return alo;
  }
  if (((ahi & 0x7fffffff) | alo) === 0) { RET[0] = ahi; return alo; }
  if (ahi < 0) return defaultNaN64(st);
  I32[LO] = alo; I32[HI] = ahi;
  let a = F64[0];
  // keep r*r and its Dekker error term in range: scale by an even power of two (exact)
  const scale = ea < 100 ? 1 : ea > 1900 ? -1 : 0;
  if (scale > 0) a *= TWO_108; else if (scale < 0) a *= TWO_M108;
  let r = mSqrt(a);
  const t = SPLIT * r;
  const rh = t - (t - r), rl = r - rh;
  const p = r * r;
  const pe = ((rh * rh - p) + 2 * (rh * rl)) + rl * rl;
  const rem = (a - p) - pe;
  if (rem !== 0) r = adjust64(r, rem, false, st);
  if (scale > 0) r *= TWO_M54; else if (scale < 0) r *= TWO_54;
  return out(r);
}

// ---- fma ------------------------------------------------------------------------------------

function slowFma(alo: number, ahi: number, blo: number, bhi: number, clo: number, chi: number,
  st: FpStatus): number {
  const r = refFma(FMT64, pairToBig(alo, ahi), pairToBig(blo, bhi), pairToBig(clo, chi), st);
  RET[0] = bigHi(r);
  return bigLo(r);
}

/** a*b + c, one rounding. NaN rules as refFma (RISC-V with defaultNaN; ARM FMADD order c, a, b). */
export function fma64(alo: number, ahi: number, blo: number, bhi: number, clo: number, chi: number,
  st: FpStatus): number {
  if (st.ftz) {
    if (isSub(alo, ahi)) { alo = 0; ahi &= SIGN; st.flags |= FLAG_ID; }
    if (isSub(blo, bhi)) { blo = 0; bhi &= SIGN; st.flags |= FLAG_ID; }
    if (isSub(clo, chi)) { clo = 0; chi &= SIGN; st.flags |= FLAG_ID; }
  }
  const ea = (ahi >>> 20) & 0x7ff, eb = (bhi >>> 20) & 0x7ff, ec = (chi >>> 20) & 0x7ff;
  const u = ea + eb - 2046;
  if (ea !== 0 && eb !== 0 && ec !== 0 && ea <= 2018 && eb <= 2018 && ec !== 0x7ff &&
      u >= -969 && u <= 1021) {
    I32[LO] = alo; I32[HI] = ahi;
    const a = F64[0];
    I32[LO] = blo; I32[HI] = bhi;
    const b = F64[0];
    I32[LO] = clo; I32[HI] = chi;
    const c = F64[0];
    // exact product uh + ul
    const uh = a * b;
    let t = SPLIT * a;
    const ah = t - (t - a), al = a - ah;
    t = SPLIT * b;
    const bh = t - (t - b), bl = b - bh;
    const ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl;
    // c + uh = th + tl exactly
    const th = c + uh;
    let bv = th - c;
    const tl = (c - (th - bv)) + (uh - bv);
    // v = round-to-odd(tl + ul); ve = tl + ul - RN(tl + ul)
    let v = tl + ul;
    bv = v - tl;
    const ve = (tl - (v - bv)) + (ul - bv);
    let stepped = false;
    if (ve !== 0) {
      F64[0] = v;
      if ((I32[LO] & 1) === 0) { v = stepMag(v, (ve > 0) === (v > 0) ? 1 : -1); stepped = true; }
    }
    const z = th + v;
    bv = z - th;
    const e2 = (th - (z - bv)) + (v - bv);
    const az = mAbs(z);
    if (az >= TWO_M960 && az < TWO_1023) {
      if (ve === 0) return e2 === 0 ? out(z) : out(adjust64(z, e2, true, st));
      // inexact tl+ul: the residual's sign is e2's if nonzero, else that of the odd rounding error
      return out(adjust64(z, e2 !== 0 ? e2 : stepped ? -ve : ve, false, st));
    }
    if (z === 0 && ve === 0 && e2 === 0) {
      RET[0] = st.rm === RM_RDN ? SIGN : 0;
      return 0;
    }
    return slowFma(alo, ahi, blo, bhi, clo, chi, st);
  }
  if (ea === 0x7ff || eb === 0x7ff || ec === 0x7ff) return slowFma(alo, ahi, blo, bhi, clo, chi, st);
  const zc = ((chi & 0x7fffffff) | clo) === 0;
  if (((ahi & 0x7fffffff) | alo) === 0 || ((bhi & 0x7fffffff) | blo) === 0) {
    // zero product (exact)
    if (!zc) { RET[0] = chi; return clo; }
    const ps = (ahi ^ bhi) & SIGN;
    RET[0] = ps === (chi & SIGN) ? ps : st.rm === RM_RDN ? SIGN : 0;
    return 0;
  }
  if (zc) return mul64(alo, ahi, blo, bhi, st);
  return slowFma(alo, ahi, blo, bhi, clo, chi, st);
}

// ---- comparisons, min/max, classify ---------------------------------------------------------

function flushPairA(lo: number, hi: number, st: FpStatus): void {
  // writes the (possibly flushed) operand into the F64 overlay
  if (st.ftz && isSub(lo, hi)) { lo = 0; hi &= SIGN; st.flags |= FLAG_ID; }
  I32[LO] = lo; I32[HI] = hi;
}

/** Quiet equality: NV only for sNaN operands. */
export function eq64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) {
    if (isSNaN64(alo, ahi) || isSNaN64(blo, bhi)) st.flags |= FLAG_NV;
    return 0;
  }
  flushPairA(alo, ahi, st);
  const a = F64[0];
  flushPairA(blo, bhi, st);
  return a === F64[0] ? 1 : 0;
}

/** Signalling less-than: NV for any NaN operand. */
export function lt64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) { st.flags |= FLAG_NV; return 0; }
  flushPairA(alo, ahi, st);
  const a = F64[0];
  flushPairA(blo, bhi, st);
  return a < F64[0] ? 1 : 0;
}

/** Signalling less-or-equal: NV for any NaN operand. */
export function le64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) { st.flags |= FLAG_NV; return 0; }
  flushPairA(alo, ahi, st);
  const a = F64[0];
  flushPairA(blo, bhi, st);
  return a <= F64[0] ? 1 : 0;
}

/** 0 less, 1 equal, 2 greater, 3 unordered. NV: any NaN if signaling, else only sNaN. */
export function cmp64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus,
  signaling: boolean): number {
  if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) {
    if (signaling || isSNaN64(alo, ahi) || isSNaN64(blo, bhi)) st.flags |= FLAG_NV;
    return 3;
  }
  flushPairA(alo, ahi, st);
  const a = F64[0];
  flushPairA(blo, bhi, st);
  const b = F64[0];
  return a < b ? 0 : a === b ? 1 : 2;
}

function minmax(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus, isMax: boolean): number {
  if (st.ftz) {
    if (isSub(alo, ahi)) { alo = 0; ahi &= SIGN; st.flags |= FLAG_ID; }
    if (isSub(blo, bhi)) { blo = 0; bhi &= SIGN; st.flags |= FLAG_ID; }
  }
  I32[LO] = alo; I32[HI] = ahi;
  const a = F64[0];
  I32[LO] = blo; I32[HI] = bhi;
  const b = F64[0];
  if (a < b) {
    if (isMax) { RET[0] = bhi; return blo; }
    RET[0] = ahi; return alo;
  }
  if (b < a) {
    if (isMax) { RET[0] = ahi; return alo; }
    RET[0] = bhi; return blo;
  }
  // equal: identical, or zeros of possibly different sign
  RET[0] = isMax ? ahi & bhi : ahi | bhi;
  return alo | blo;
}

/** RISC-V fmin.d (IEEE 754-2019 minimumNumber): a NaN loses to a number; both NaN: canonical. */
export function min64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  return minMaxNumber(alo, ahi, blo, bhi, st, false);
}
export function max64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  return minMaxNumber(alo, ahi, blo, bhi, st, true);
}
function minMaxNumber(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus, isMax: boolean): number {
  const na = isNaN64(alo, ahi), nb = isNaN64(blo, bhi);
  if (na || nb) {
    if (isSNaN64(alo, ahi) || isSNaN64(blo, bhi)) st.flags |= FLAG_NV;
    if (na && nb) { RET[0] = CANONICAL_NAN64_HI; return 0; }
    if (na) { RET[0] = bhi; return blo; }
    RET[0] = ahi;
    return alo;
  }
  return minmax(alo, ahi, blo, bhi, st, isMax);
}

/** ARM FMIN/FMAX: NaN operands propagate per NaN rules; -0 < +0. */
export function minNaN64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) return nan2x64(alo, ahi, blo, bhi, st);
  return minmax(alo, ahi, blo, bhi, st, false);
}
export function maxNaN64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  if (isNaN64(alo, ahi) || isNaN64(blo, bhi)) return nan2x64(alo, ahi, blo, bhi, st);
  return minmax(alo, ahi, blo, bhi, st, true);
}

/** ARM FMINNM/FMAXNM (IEEE 754-2008 minNum): a single quiet NaN loses to a number. */
export function minNum64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  const qa = isQNaN64(alo, ahi), qb = isQNaN64(blo, bhi);
  if (qa && !qb) { alo = 0; ahi = 0x7ff00000; } else if (qb && !qa) { blo = 0; bhi = 0x7ff00000; }
  return minNaN64(alo, ahi, blo, bhi, st);
}
export function maxNum64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  const qa = isQNaN64(alo, ahi), qb = isQNaN64(blo, bhi);
  if (qa && !qb) { alo = 0; ahi = 0xfff00000 | 0; } else if (qb && !qa) { blo = 0; bhi = 0xfff00000 | 0; }
  return maxNaN64(alo, ahi, blo, bhi, st);
}

/** RISC-V fclass.d mask. */
export function classify64(lo: number, hi: number): number {
  const negative = hi < 0;
  const e = (hi >>> 20) & 0x7ff;
  const mzero = ((hi & 0xfffff) | lo) === 0;
  if (e === 0x7ff) {
    if (mzero) return negative ? 1 : 1 << 7;
    return hi & 0x00080000 ? 1 << 9 : 1 << 8;
  }
  if (e === 0) {
    if (mzero) return negative ? 1 << 3 : 1 << 4;
    return negative ? 1 << 2 : 1 << 5;
  }
  return negative ? 1 << 1 : 1 << 6;
}
