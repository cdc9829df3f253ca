// Exact BigInt reference implementation, generic over binary16/32/64.
//
// Every value is handled as an exact rational sig * 2^exp and rounded once by roundPack. This is
// the slow path of the float64 operations (subnormal and overflowing results, huge exponent
// gaps) and the independent reference the tests compare the fast paths against.
//
// Values are bit patterns held in bigints (unsigned, width = format size).

import {
  FpStatus, FLAG_NX, FLAG_UF, FLAG_OF, FLAG_DZ, FLAG_NV, FLAG_ID,
  RM_RNE, RM_RTZ, RM_RDN, RM_RUP, RM_RMM,
} from './status';

export interface Fmt {
  name: string;
  ebits: number;
  mbits: number;
  bias: number;
  emin: number; // exponent of the smallest normal
  emax: number; // exponent of the largest finite binade
  signBit: bigint;
  infBits: bigint; // +inf (or, for AHP, one past the largest magnitude)
  maxBits: bigint; // largest finite magnitude
  qbit: bigint;
  fracMask: bigint;
  expField: bigint; // all-ones exponent field, in place
  dnan: bigint; // default NaN
  ftzApplies: boolean; // FpStatus.ftz applies to this format
  ahp: boolean; // ARM alternative half precision: no inf/NaN, exponent 31 is normal
}

function mkFmt(name: string, ebits: number, mbits: number, ftzApplies: boolean, ahp = false): Fmt {
  const bias = (1 << (ebits - 1)) - 1;
  const expField = BigInt((1 << ebits) - 1) << BigInt(mbits);
  const fracMask = (1n << BigInt(mbits)) - 1n;
  const emax = ahp ? bias + 1 : bias;
  return {
    name, ebits, mbits, bias, emin: 1 - bias, emax,
    signBit: 1n << BigInt(ebits + mbits),
    infBits: ahp ? (1n << BigInt(ebits + mbits)) : expField,
    maxBits: ahp ? (1n << BigInt(ebits + mbits)) - 1n : expField - 1n,
    qbit: 1n << BigInt(mbits - 1),
    fracMask, expField,
    dnan: expField | (1n << BigInt(mbits - 1)),
    ftzApplies, ahp,
  };
}

export const FMT16 = mkFmt('f16', 5, 10, false);
export const FMT16AHP = mkFmt('f16ahp', 5, 10, false, true);
export const FMT32 = mkFmt('f32', 8, 23, true);
export const FMT64 = mkFmt('f64', 11, 52, true);

export function bitLen(x: bigint): number {
  if (x === 0n) return 0;
  const s = x.toString(16);
  const top = parseInt(s[0], 16);
  return (s.length - 1) * 4 + (32 - Math.clz32(top));
}

// ---- classification -------------------------------------------------------------------------

export function refIsNaN(f: Fmt, x: bigint): boolean {
  return !f.ahp && (x & f.expField) === f.expField && (x & f.fracMask) !== 0n;
}
export function refIsSNaN(f: Fmt, x: bigint): boolean {
  return refIsNaN(f, x) && (x & f.qbit) === 0n;
}
function isInf(f: Fmt, x: bigint): boolean {
  return !f.ahp && (x & ~f.signBit) === f.expField;
}
function isZero(f: Fmt, x: bigint): boolean {
  return (x & ~f.signBit) === 0n;
}
function neg(f: Fmt, x: bigint): boolean {
  return (x & f.signBit) !== 0n;
}

/** Finite value as sig * 2^exp (sig may be 0). */
interface Num { neg: boolean; sig: bigint; exp: number }
function unpack(f: Fmt, x: bigint): Num {
  const e = Number((x & f.expField) >> BigInt(f.mbits));
  const m = x & f.fracMask;
  if (e === 0) return { neg: neg(f, x), sig: m, exp: f.emin - f.mbits };
  return { neg: neg(f, x), sig: m | (1n << BigInt(f.mbits)), exp: e - f.bias - f.mbits };
}

/** Flush a denormal input to signed zero when ftz applies. */
export function refFlushIn(f: Fmt, x: bigint, st: FpStatus): bigint {
  if (st.ftz && f.ftzApplies && (x & f.expField) === 0n && (x & f.fracMask) !== 0n) {
    st.flags |= FLAG_ID;
    return x & f.signBit;
  }
  return x;
}

// ---- NaN handling ---------------------------------------------------------------------------

/** NaN result of an operation with NaN operand(s), in priority order. Sets NV on any sNaN. */
export function refNaNs(f: Fmt, st: FpStatus, ops: bigint[]): bigint {
  let snan: bigint | undefined;
  let qnan: bigint | undefined;
  for (const x of ops) {
    if (refIsSNaN(f, x)) { if (snan === undefined) snan = x; }
    else if (refIsNaN(f, x)) { if (qnan === undefined) qnan = x; }
  }
  if (snan !== undefined) st.flags |= FLAG_NV;
  if (st.defaultNaN) return f.dnan;
  if (snan !== undefined) return snan | f.qbit;
  return qnan!;
}

// ---- rounding -------------------------------------------------------------------------------

let INEXACT = false;
function roundShift(sig: bigint, shift: number, negative: boolean, rm: number): bigint {
  if (shift <= 0) { INEXACT = false; return sig << BigInt(-shift); }
  const sh = BigInt(shift);
  const m = sig >> sh;
  const rem = sig & ((1n << sh) - 1n);
  if (rem === 0n) { INEXACT = false; return m; }
  INEXACT = true;
  const half = 1n << (sh - 1n);
  let inc: boolean;
  switch (rm) {
    case RM_RTZ: inc = false; break;
    case RM_RDN: inc = negative; break;
    case RM_RUP: inc = !negative; break;
    case RM_RMM: inc = rem >= half; break;
    default: inc = rem > half || (rem === half && (m & 1n) === 1n); break;
  }
  return inc ? m + 1n : m;
}

function overflow(f: Fmt, negative: boolean, st: FpStatus): bigint {
  const s = negative ? f.signBit : 0n;
  if (f.ahp) { st.flags |= FLAG_NV; return s | f.maxBits; }
  st.flags |= FLAG_OF | FLAG_NX;
  const rm = st.rm;
  const toMax = rm === RM_RTZ || (rm === RM_RDN && !negative) || (rm === RM_RUP && negative);
  return s | (toMax ? f.maxBits : f.infBits);
}

/**
 * Round (-1)^negative * sig * 2^exp to format f per st (mode, flags, ftz, tininess).
 * sig === 0 gives a zero with the given sign. To round an inexact value, give sig at least two
 * bits more than the target precision and OR a sticky 1 into its lowest bit.
 */
export function roundPack(f: Fmt, negative: boolean, sig: bigint, exp: number, st: FpStatus): bigint {
  const sgn = negative ? f.signBit : 0n;
  if (sig === 0n) return sgn;
  const n = bitLen(sig);
  const E = exp + n - 1; // value in [2^E, 2^(E+1))
  const { mbits, emin, emax } = f;
  if (E < emin && st.ftz && f.ftzApplies) { st.flags |= FLAG_UF; return sgn; }
  if (E > emax) return overflow(f, negative, st);
  const binE = E < emin ? emin : E;
  const m = roundShift(sig, binE - mbits - exp, negative, st.rm);
  const inexact = INEXACT;
  const bits = (BigInt(binE + f.bias - 1) << BigInt(mbits)) + m;
  if (bits >= f.infBits) return overflow(f, negative, st);
  if (inexact) {
    st.flags |= FLAG_NX;
    if (E < emin) {
      let tiny = true;
      if (st.tininessAfterRounding && E === emin - 1) {
        const m2 = roundShift(sig, E - mbits - exp, negative, st.rm);
        tiny = m2 < (1n << BigInt(mbits + 1));
      }
      if (tiny) st.flags |= FLAG_UF;
    }
  }
  return sgn | bits;
}

function exactZero(f: Fmt, st: FpStatus): bigint {
  return st.rm === RM_RDN ? f.signBit : 0n;
}

// ---- arithmetic -----------------------------------------------------------------------------

function addNums(f: Fmt, a: Num, b: Num, st: FpStatus): bigint {
  if (a.sig === 0n && b.sig === 0n) {
    if (a.neg === b.neg) return a.neg ? f.signBit : 0n;
    return exactZero(f, st);
  }
  const e = Math.min(a.exp, b.exp);
  const A = a.sig << BigInt(a.exp - e);
  const B = b.sig << BigInt(b.exp - e);
  const s = (a.neg ? -A : A) + (b.neg ? -B : B);
  if (s === 0n) return exactZero(f, st);
  return roundPack(f, s < 0n, s < 0n ? -s : s, e, st);
}

export function refAdd(f: Fmt, a: bigint, b: bigint, st: FpStatus, negB = false): bigint {
  a = refFlushIn(f, a, st);
  b = refFlushIn(f, b, st);
  if (refIsNaN(f, a) || refIsNaN(f, b)) return refNaNs(f, st, [a, b]);
  if (negB) b ^= f.signBit;
  const ia = isInf(f, a), ib = isInf(f, b);
  if (ia || ib) {
    if (ia && ib && neg(f, a) !== neg(f, b)) { st.flags |= FLAG_NV; return f.dnan; }
    return ia ? a : b;
  }
  return addNums(f, unpack(f, a), unpack(f, b), st);
}
export function refSub(f: Fmt, a: bigint, b: bigint, st: FpStatus): bigint {
  return refAdd(f, a, b, st, true);
}

export function refMul(f: Fmt, a: bigint, b: bigint, st: FpStatus): bigint {
  a = refFlushIn(f, a, st);
  b = refFlushIn(f, b, st);
  if (refIsNaN(f, a) || refIsNaN(f, b)) return refNaNs(f, st, [a, b]);
  const sn = neg(f, a) !== neg(f, b);
  const ia = isInf(f, a), ib = isInf(f, b);
  if (ia || ib) {
    if (isZero(f, a) || isZero(f, b)) { st.flags |= FLAG_NV; return f.dnan; }
    return (sn ? f.signBit : 0n) | f.infBits;
  }
  const A = unpack(f, a), B = unpack(f, b);
  return roundPack(f, sn, A.sig * B.sig, A.exp + B.exp, st);
}

export function refDiv(f: Fmt, a: bigint, b: bigint, st: FpStatus): bigint {
  a = refFlushIn(f, a, st);
  b = refFlushIn(f, b, st);
  if (refIsNaN(f, a) || refIsNaN(f, b)) return refNaNs(f, st, [a, b]);
  const sn = neg(f, a) !== neg(f, b);
  const sgn = sn ? f.signBit : 0n;
  const ia = isInf(f, a), ib = isInf(f, b), za = isZero(f, a), zb = isZero(f, b);
  if ((ia && ib) || (za && zb)) { st.flags |= FLAG_NV; return f.dnan; }
  if (ia) return sgn | f.infBits;
  if (ib || za) return sgn;
  if (zb) { st.flags |= FLAG_DZ; return sgn | f.infBits; }
  const A = unpack(f, a), B = unpack(f, b);
  // quotient with at least mbits+3 bits, then a sticky bit
  const k = Math.max(0, f.mbits + 3 + bitLen(B.sig) - bitLen(A.sig));
  const num = A.sig << BigInt(k);
  const q = num / B.sig;
  const r = num - q * B.sig;
  return roundPack(f, sn, (q << 1n) | (r !== 0n ? 1n : 0n), A.exp - B.exp - k - 1, st);
}

export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLen(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function refSqrt(f: Fmt, a: bigint, st: FpStatus): bigint {
  a = refFlushIn(f, a, st);
  if (refIsNaN(f, a)) return refNaNs(f, st, [a]);
  if (isZero(f, a)) return a;
  if (neg(f, a)) { st.flags |= FLAG_NV; return f.dnan; }
  if (isInf(f, a)) return a;
  const A = unpack(f, a);
  // sig << k with (exp - k) even and enough bits for mbits+3 result bits
  let k = Math.max(0, 2 * (f.mbits + 4) - bitLen(A.sig));
  if ((A.exp - k) & 1) k++;
  const n = A.sig << BigInt(k);
  const s = isqrt(n);
  const sticky = s * s !== n ? 1n : 0n;
  return roundPack(f, false, (s << 1n) | sticky, (A.exp - k) / 2 - 1, st);
}

/**
 * a*b + c with a single rounding. NaN rules: with defaultNaN the result is the default NaN, NV
 * set for any sNaN and also for inf*0 even when c is a quiet NaN (RISC-V). Without defaultNaN
 * (ARM FMADD, FPMulAdd): operands are considered in the order c, a, b (first sNaN quietened,
 * else first qNaN), and a quiet-NaN addend with an inf*0 product gives the default NaN + NV.
 */
export function refFma(f: Fmt, a: bigint, b: bigint, c: bigint, st: FpStatus): bigint {
  a = refFlushIn(f, a, st);
  b = refFlushIn(f, b, st);
  c = refFlushIn(f, c, st);
  const infZero = (isInf(f, a) && isZero(f, b)) || (isZero(f, a) && isInf(f, b));
  if (refIsNaN(f, a) || refIsNaN(f, b) || refIsNaN(f, c)) {
    const r = refNaNs(f, st, [c, a, b]);
    if (infZero && !refIsSNaN(f, c)) { st.flags |= FLAG_NV; return f.dnan; }
    return r;
  }
  if (infZero) { st.flags |= FLAG_NV; return f.dnan; }
  const pn = neg(f, a) !== neg(f, b);
  if (isInf(f, a) || isInf(f, b)) {
    if (isInf(f, c) && neg(f, c) !== pn) { st.flags |= FLAG_NV; return f.dnan; }
    return (pn ? f.signBit : 0n) | f.infBits;
  }
  if (isInf(f, c)) return c;
  const A = unpack(f, a), B = unpack(f, b);
  const P: Num = { neg: pn, sig: A.sig * B.sig, exp: A.exp + B.exp };
  return addNums(f, P, unpack(f, c), st);
}

// ---- conversions ----------------------------------------------------------------------------

/** NaN conversion between formats (ARM FPConvertNaN): keep sign, quiet, top payload bits. */
function convertNaN(from: Fmt, to: Fmt, x: bigint): bigint {
  const sgn = neg(from, x) ? to.signBit : 0n;
  const frac = x & from.fracMask;
  const d = to.mbits - from.mbits;
  const nf = d >= 0 ? frac << BigInt(d) : frac >> BigInt(-d);
  return sgn | to.expField | to.qbit | (nf & to.fracMask);
}

/** Float to float conversion. With AHP as target or source, ARM rules (NaN->0 / inf->max, NV). */
export function refCvt(from: Fmt, to: Fmt, x: bigint, st: FpStatus): bigint {
  x = refFlushIn(from, x, st);
  const sgn = neg(from, x) ? to.signBit : 0n;
  if (refIsNaN(from, x)) {
    if (to.ahp) { st.flags |= FLAG_NV; return sgn; }
    if (refIsSNaN(from, x)) st.flags |= FLAG_NV;
    return st.defaultNaN ? to.dnan : convertNaN(from, to, x);
  }
  if (isInf(from, x)) {
    if (to.ahp) { st.flags |= FLAG_NV; return sgn | to.maxBits; }
    return sgn | to.infBits;
  }
  if (isZero(from, x)) return sgn;
  const A = unpack(from, x);
  return roundPack(to, A.neg, A.sig, A.exp, st);
}

/** Float to integer (result as a signed bigint of the given width; unsigned results >= 0). */
export function refToInt(f: Fmt, x: bigint, st: FpStatus, signed: boolean, width: number,
  nanResult: 'max' | 'zero' = 'max'): bigint {
  x = refFlushIn(f, x, st);
  const max = signed ? (1n << BigInt(width - 1)) - 1n : (1n << BigInt(width)) - 1n;
  const min = signed ? -(1n << BigInt(width - 1)) : 0n;
  if (refIsNaN(f, x)) { st.flags |= FLAG_NV; return nanResult === 'zero' ? 0n : max; }
  if (isInf(f, x)) { st.flags |= FLAG_NV; return neg(f, x) ? min : max; }
  const A = unpack(f, x);
  const m = roundShift(A.sig, -A.exp, A.neg, st.rm);
  const inexact = INEXACT;
  const v = A.neg ? -m : m;
  if (v > max || v < min) { st.flags |= FLAG_NV; return A.neg ? min : max; }
  if (inexact) st.flags |= FLAG_NX;
  return v;
}

/** Round to an integral value in the same format; NX only if `exact`. */
export function refRoundInt(f: Fmt, x: bigint, st: FpStatus, exact: boolean): bigint {
  x = refFlushIn(f, x, st);
  if (refIsNaN(f, x)) return refNaNs(f, st, [x]);
  if (isInf(f, x) || isZero(f, x)) return x;
  const A = unpack(f, x);
  if (A.exp >= 0) return x;
  const m = roundShift(A.sig, -A.exp, A.neg, st.rm);
  if (INEXACT && exact) st.flags |= FLAG_NX;
  if (m === 0n) return x & f.signBit;
  const s2: FpStatus = { ...st, flags: 0 };
  return roundPack(f, A.neg, m, 0, s2); // exact: an integer below 2^(mbits+1)
}

/** Integer (any bigint) to float. */
export function refFromInt(f: Fmt, v: bigint, st: FpStatus): bigint {
  if (v === 0n) return 0n;
  return roundPack(f, v < 0n, v < 0n ? -v : v, 0, st);
}

// ---- helpers for the float64 slow path ------------------------------------------------------

export function pairToBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
export function bigLo(x: bigint): number {
  return Number(x & 0xffffffffn) | 0;
}
export function bigHi(x: bigint): number {
  return Number((x >> 32n) & 0xffffffffn) | 0;
}
