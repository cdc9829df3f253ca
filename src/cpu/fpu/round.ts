// Rounding helpers working on host doubles.
//
// Convention: an operation's exact result t is described by a double s = RN53(t) (t rounded to
// double, nearest-even) and a direction dir whose sign is sign(t - s) (0 when s === t). For the
// float32/float16 helpers dir only matters when s lies exactly on a grid point or midpoint of
// the target format; callers guarantee that it is correct there.

import {
  FpStatus, FLAG_NX, FLAG_UF, FLAG_OF, FLAG_NV,
  RM_RTZ, RM_RDN, RM_RUP, RM_RMM,
} from './status';
import { F64, I32, F32, I32F, LO, HI, pow2, MIN_NORMAL32, MAX32 } from './bits';

// Host Math builtins cached at module load: a global `Math` lookup is slow in some embeddings
// (e.g. jest's vm contexts), the cached functions are not.
const { abs: mAbs, floor: mFloor, fround: mFround } = Math;

/** Small (≤ 32-bit) binary format, described for the number-based rounder. */
export interface SmallFmt {
  mbits: number;
  emin: number;
  emax: number;
  bias: number;
  signBit: number;
  infBits: number; // for AHP: one past the largest magnitude
  maxBits: number;
  ftzApplies: boolean;
  ahp: boolean;
}
export const SF32: SmallFmt = {
  mbits: 23, emin: -126, emax: 127, bias: 127, signBit: 0x80000000 | 0,
  infBits: 0x7f800000, maxBits: 0x7f7fffff, ftzApplies: true, ahp: false,
};
export const SF16: SmallFmt = {
  mbits: 10, emin: -14, emax: 15, bias: 15, signBit: 0x8000,
  infBits: 0x7c00, maxBits: 0x7bff, ftzApplies: false, ahp: false,
};
export const SF16AHP: SmallFmt = {
  mbits: 10, emin: -14, emax: 16, bias: 15, signBit: 0x8000,
  infBits: 0x8000, maxBits: 0x7fff, ftzApplies: false, ahp: true,
};

let INEXACT = false;

/**
 * Round q >= 0 (an exact double) to an integer; dm is the sign of (true magnitude - q*scale)
 * used when q is an integer or a half-integer. Sets INEXACT.
 */
function roundQ(q: number, dm: number, negative: boolean, rm: number): number {
  let m = mFloor(q);
  const fr = q - m;
  let c: number; // 0 exact, 1 below half, 2 half, 3 above half
  if (fr === 0) {
    if (dm === 0) { INEXACT = false; return m; }
    if (dm > 0) c = 1;
    else { m -= 1; c = 3; }
  } else if (fr === 0.5) {
    c = dm === 0 ? 2 : dm > 0 ? 3 : 1;
  } else {
    c = fr < 0.5 ? 1 : 3;
  }
  INEXACT = true;
  let inc: boolean;
  switch (rm) {
    case RM_RTZ: inc = false; break;
    case RM_RDN: inc = negative; break;
    case RM_RUP: inc = !negative; break;
    case RM_RMM: inc = c >= 2; break;
    default: inc = c === 3 || (c === 2 && m % 2 === 1); break;
  }
  return inc ? m + 1 : m;
}

function overflowSmall(f: SmallFmt, negative: boolean, st: FpStatus): number {
  const sgn = negative ? f.signBit : 0;
  if (f.ahp) { st.flags |= FLAG_NV; return sgn | f.maxBits; }
  st.flags |= FLAG_OF | FLAG_NX;
  const rm = st.rm;
  const toMax = rm === RM_RTZ || (rm === RM_RDN && !negative) || (rm === RM_RUP && negative);
  return sgn | (toMax ? f.maxBits : f.infBits);
}

/**
 * General rounding of a finite double s (with direction dir, see above) to a small format.
 * Handles every mode, subnormals, tininess (both conventions), overflow, ftz and AHP.
 */
export function roundSmall(s: number, dir: number, f: SmallFmt, st: FpStatus): number {
  const negative = s < 0 || (s === 0 && 1 / s < 0);
  const sgn = negative ? f.signBit : 0;
  const ax = mAbs(s);
  if (ax === 0) return sgn;
  const dm = dir === 0 ? 0 : (dir > 0) !== negative ? 1 : -1;
  F64[0] = ax;
  const be = I32[HI] >>> 20;
  let E = be === 0 ? -1023 : be - 1023; // double subnormals are far below every small format
  if (dm < 0 && (I32[HI] & 0xfffff) === 0 && I32[LO] === 0) E -= 1; // just below a power of 2
  const { mbits, emin } = f;
  const tinyBefore = E < emin;
  if (tinyBefore && st.ftz && f.ftzApplies) { st.flags |= FLAG_UF; return sgn; }
  if (E > f.emax) return overflowSmall(f, negative, st);
  const binE = tinyBefore ? emin : E;
  const m = roundQ(ax * pow2(mbits - binE), dm, negative, st.rm);
  const inexact = INEXACT;
  const bits = (binE + f.bias - 1) * (1 << mbits) + m;
  if (bits >= f.infBits) return overflowSmall(f, negative, st);
  if (inexact) {
    st.flags |= FLAG_NX;
    if (tinyBefore) {
      let tiny = true;
      if (st.tininessAfterRounding && E === emin - 1) {
        tiny = roundQ(ax * pow2(mbits - E), dm, negative, st.rm) < 2 * (1 << mbits);
      }
      if (tiny) st.flags |= FLAG_UF;
    }
  }
  return (sgn | bits) | 0;
}

/**
 * Round t (described by s, dir) to float32 bits. `mid`: the caller cannot rule out that s is a
 * float32 midpoint while t !== s (double rounding hazard: fma, int64 conversion).
 */
export function round32(s: number, dir: number, st: FpStatus, mid: boolean): number {
  const f = mFround(s);
  if (f === s && dir === 0) {
    if (st.ftz && f !== 0 && mAbs(f) < MIN_NORMAL32) return roundSmall(s, 0, SF32, st);
    F32[0] = f;
    return I32F[0];
  }
  if (st.rm === 0) {
    const af = mAbs(f);
    if (af > MIN_NORMAL32 && af <= MAX32) {
      if (mid && dir !== 0 && f !== s) {
        F64[0] = s;
        if ((I32[LO] & 0x1fffffff) === 0x10000000) return roundSmall(s, dir, SF32, st);
      }
      st.flags |= FLAG_NX;
      F32[0] = f;
      return I32F[0];
    }
  }
  return roundSmall(s, dir, SF32, st);
}

/**
 * Finish an inexact float64 result: s = RN(t) is finite with |s| > 2^-1022 (so no tininess is
 * possible), dir has the sign of t - s (nonzero). If exactE, dir is exactly t - s (needed to
 * detect RMM ties; operations without ties pass false). Sets NX (and OF if a directed step
 * leaves the finite range) and returns the rounded double.
 */
export function adjust64(s: number, dir: number, exactE: boolean, st: FpStatus): number {
  st.flags |= FLAG_NX;
  const rm = st.rm;
  if (rm === 0) return s;
  const negative = s < 0;
  const away = (dir > 0) !== negative; // |t| > |s|
  let step = 0; // +1: magnitude up one ulp, -1: down one ulp
  switch (rm) {
    case RM_RTZ: if (!away) step = -1; break;
    case RM_RDN: if (dir < 0) step = negative ? 1 : -1; break;
    case RM_RUP: if (dir > 0) step = negative ? -1 : 1; break;
    case RM_RMM:
      if (exactE && away) {
        // tie iff |t - s| is half the distance to the next double away from zero
        const n = stepMag(s, 1);
        if (n - s === 2 * dir) step = 1;
      }
      break;
    default: break;
  }
  if (step === 0) return s;
  const r = stepMag(s, step);
  if (r - r !== 0) st.flags |= FLAG_OF; // stepped past the largest finite value
  return r;
}

/** The neighbouring double of s (s finite, nonzero) one ulp up (step 1) or down in magnitude. */
export function stepMag(s: number, step: number): number {
  F64[0] = s;
  let lo = I32[LO], hi = I32[HI];
  if (step > 0) {
    lo = (lo + 1) | 0;
    if (lo === 0) hi = (hi + 1) | 0;
  } else {
    if (lo === 0) hi = (hi - 1) | 0;
    lo = (lo - 1) | 0;
  }
  I32[LO] = lo;
  I32[HI] = hi;
  return F64[0];
}
