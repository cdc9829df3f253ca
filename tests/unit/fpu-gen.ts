// Shared helpers for the fpu tests: deterministic operand generators aimed at the hard cases
// (ties, exact results, cancellation, subnormal/overflow boundaries, specials) and adapters that
// call the fast API on bigint bit patterns.

import { RET } from '../../src/translate/runtime';
import * as fpu from '../../src/cpu/fpu';
import {
  Fmt, FMT32, FMT64, refAdd, refSub, refMul, refDiv, refSqrt, refFma, pairToBig, bigLo, bigHi,
} from '../../src/cpu/fpu/ref';
import type { FpStatus } from '../../src/cpu/fpu';

export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0 || 1; }
  /** uniform uint32 (mulberry32) */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number { return this.u32() % n; }
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  bool(p = 0.5): boolean { return this.u32() / 4294967296 < p; }
  bits(n: number): bigint {
    let r = 0n;
    for (let i = 0; i < n; i += 32) r = (r << 32n) | BigInt(this.u32());
    return r & ((1n << BigInt(n)) - 1n);
  }
  pick<T>(a: T[]): T { return a[this.int(a.length)]; }
}

export function make(f: Fmt, neg: boolean, bexp: number, frac: bigint): bigint {
  bexp = Math.max(0, Math.min(maxBexp(f) - 1, bexp));
  return (neg ? f.signBit : 0n) | (BigInt(bexp) << BigInt(f.mbits)) | (frac & f.fracMask);
}
function maxBexp(f: Fmt): number {
  return (1 << f.ebits) - 1;
}
export function bexpOf(f: Fmt, x: bigint): number {
  return Number((x & f.expField) >> BigInt(f.mbits));
}

/** A random fraction, often with many trailing zeros (exact results, ties). */
function frac(f: Fmt, r: Rng): bigint {
  const m = r.bits(f.mbits);
  const k = r.int(4);
  if (k === 0) return m;
  const tz = r.int(f.mbits + 1);
  return (m >> BigInt(tz)) << BigInt(tz);
}

export function specials(f: Fmt): bigint[] {
  const mx = maxBexp(f);
  const one = BigInt(f.bias) << BigInt(f.mbits);
  const v = [
    0n, 1n, f.fracMask, f.fracMask - 1n, 1n << BigInt(f.mbits), // 0, min sub, max sub, min normal
    f.maxBits, f.maxBits - 1n, f.expField, // max, inf
    f.expField | f.qbit, f.expField | f.qbit | 5n, f.expField | 1n, f.expField | 3n, // qNaN, sNaN
    one, one + 1n, one - 1n, (BigInt(f.bias + 1) << BigInt(f.mbits)), // 1, 1+ulp, 1-ulp/2, 2
    (BigInt(f.bias - 1) << BigInt(f.mbits)), BigInt(mx - 1) << BigInt(f.mbits), // 0.5, 2^emax
    (BigInt(f.bias + 1) << BigInt(f.mbits)) | f.qbit, // 3
  ];
  return v.concat(v.map((x) => x | f.signBit));
}

export function genAny(f: Fmt, r: Rng): bigint {
  const k = r.int(10);
  if (k === 0) return r.pick(specials(f));
  if (k <= 2) return r.bits(f.ebits + f.mbits + 1);
  if (k <= 6) return make(f, r.bool(), f.bias + r.range(-20, 20), frac(f, r));
  return make(f, r.bool(), r.range(0, maxBexp(f) - 1), frac(f, r));
}

function near(f: Fmt, r: Rng, bexp: number, spread: number): bigint {
  const e = Math.min(maxBexp(f) - 1, Math.max(0, bexp + r.range(-spread, spread)));
  return make(f, r.bool(), e, frac(f, r));
}

function clampMag(f: Fmt, m: bigint): bigint {
  return m < 0n ? 0n : m > f.infBits ? f.infBits : m;
}

/** Operands for one operation, biased toward interesting cases. */
export function genOperands(op: string, f: Fmt, r: Rng): bigint[] {
  const mx = maxBexp(f), bias = f.bias, p = f.mbits;
  if (r.int(8) === 0) {
    const n = op === 'sqrt' ? 1 : op === 'fma' ? 3 : 2;
    return Array.from({ length: n }, () => (r.bool() ? r.pick(specials(f)) : genAny(f, r)));
  }
  switch (op) {
    case 'add': case 'sub': {
      const a = genAny(f, r);
      const ea = bexpOf(f, a);
      const k = r.int(4);
      if (k === 0) return [a, near(f, r, ea, p + 4)];
      if (k === 1) { // cancellation: b = -+a +- few ulps
        const d = BigInt(r.range(-3, 3));
        const b = clampMag(f, (a & ~f.signBit) + d);
        return [a, (op === 'add') !== (r.int(4) === 0) ? b | (~a & f.signBit) : b | (a & f.signBit)];
      }
      if (k === 2) { // near overflow or in the subnormal range
        const e = r.bool() ? mx - 1 - r.int(3) : r.int(3);
        return [near(f, r, e, 1), near(f, r, e, 2)];
      }
      return [a, genAny(f, r)];
    }
    case 'mul': {
      const k = r.int(4);
      const target = k === 0 ? r.range(-p - 4, 3) : k === 1 ? r.range(mx - 4, mx + 1) : bias + r.range(-40, 40);
      const ea = r.range(1, mx - 1);
      const eb = Math.min(mx - 1, Math.max(0, target - ea + bias));
      return [make(f, r.bool(), ea, frac(f, r)), make(f, r.bool(), eb, frac(f, r))];
    }
    case 'div': {
      const k = r.int(4);
      const eb = r.range(0, mx - 1);
      const target = k === 0 ? r.range(-p - 4, 3) : k === 1 ? r.range(mx - 4, mx + 1) : bias + r.range(-40, 40);
      const ea = Math.min(mx - 1, Math.max(0, target + eb - bias));
      if (r.bool(0.3)) {
        // a = b * q with short q: exact quotients and near-exact ones
        const b = make(f, r.bool(), bias + r.range(-10, 10), frac(f, r) >> BigInt(r.int(p)) << BigInt(r.int(4)));
        const q = make(f, r.bool(), bias + r.range(-10, 10), (r.bits(8) << BigInt(p - 8)));
        const st = fpu.newFpStatus();
        const a = refMul(f, b, q, st) + BigInt(r.range(-1, 1));
        return [BigInt.asUintN(f.ebits + f.mbits + 1, a), b];
      }
      return [make(f, r.bool(), ea, frac(f, r)), make(f, r.bool(), eb, frac(f, r))];
    }
    case 'sqrt': {
      const k = r.int(3);
      if (k === 0) { // squares of short values, +- 1 ulp
        const x = make(f, false, r.range(1, mx - 1), r.bits(p) >> BigInt(p >> 1) << BigInt(p >> 1));
        const st = fpu.newFpStatus();
        const v = refMul(f, x, x, st) + BigInt(r.range(-1, 1));
        return [v < 0n ? 0n : v & ~f.signBit];
      }
      if (k === 1) return [make(f, r.bool(0.1), r.range(0, 3), frac(f, r))];
      return [genAny(f, r)];
    }
    case 'fma': {
      const k = r.int(7);
      const a = make(f, r.bool(), bias + r.range(-30, 30), frac(f, r));
      const b = make(f, r.bool(), bias + r.range(-30, 30), frac(f, r));
      const st = fpu.newFpStatus();
      if (k <= 1) { // c ~ -a*b (heavy cancellation)
        st.rm = r.int(4);
        const prod = refMul(f, a, b, st);
        const c = clampMag(f, (prod & ~f.signBit) + BigInt(r.range(-2, 2))) | (~prod & f.signBit);
        return [a, b, k === 0 ? c : c ^ BigInt(r.int(2)) << BigInt(r.int(4))];
      }
      if (k === 2) return [a, b, near(f, r, bexpOf(f, a) + bexpOf(f, b) - bias, p + 10)];
      if (k === 3) { // product / result near the subnormal range or overflow
        const lowP = r.bool();
        const tgt = lowP ? r.range(-p - 4, 4) : r.range(mx - 3, mx + 1);
        const ea = r.range(1, mx - 1);
        const eb = Math.min(mx - 1, Math.max(0, tgt - ea + bias));
        return [make(f, r.bool(), ea, frac(f, r)), make(f, r.bool(), eb, frac(f, r)),
          near(f, r, lowP ? r.int(4) : mx - 1 - r.int(3), 2)];
      }
      if (k === 4) return [a, b, genAny(f, r)];
      if (k === 6) { // c = -RN(a*b) + d, d 0..2p+6 binades below: overlapping error terms
        const prod = refMul(f, a, b, st);
        const d = make(f, r.bool(), bexpOf(f, prod) - r.range(0, 2 * p + 6), frac(f, r));
        return [a, b, refAdd(f, prod ^ f.signBit, d, st)];
      }
      return [genAny(f, r), genAny(f, r), genAny(f, r)];
    }
  }
  throw new Error(op);
}

// ---- adapters -------------------------------------------------------------------------------

type St = FpStatus;
export interface OpDef {
  arity: number;
  f32: (x: number[], st: St) => number;
  f64: (x: number[], st: St) => number; // args are lo,hi pairs flattened
  ref: (f: Fmt, x: bigint[], st: St) => bigint;
}
export const OPS: Record<string, OpDef> = {
  add: { arity: 2, f32: (x, s) => fpu.add32(x[0], x[1], s), f64: (x, s) => fpu.add64(x[0], x[1], x[2], x[3], s), ref: (f, x, s) => refAdd(f, x[0], x[1], s) },
  sub: { arity: 2, f32: (x, s) => fpu.sub32(x[0], x[1], s), f64: (x, s) => fpu.sub64(x[0], x[1], x[2], x[3], s), ref: (f, x, s) => refSub(f, x[0], x[1], s) },
  mul: { arity: 2, f32: (x, s) => fpu.mul32(x[0], x[1], s), f64: (x, s) => fpu.mul64(x[0], x[1], x[2], x[3], s), ref: (f, x, s) => refMul(f, x[0], x[1], s) },
  div: { arity: 2, f32: (x, s) => fpu.div32(x[0], x[1], s), f64: (x, s) => fpu.div64(x[0], x[1], x[2], x[3], s), ref: (f, x, s) => refDiv(f, x[0], x[1], s) },
  sqrt: { arity: 1, f32: (x, s) => fpu.sqrt32(x[0], s), f64: (x, s) => fpu.sqrt64(x[0], x[1], s), ref: (f, x, s) => refSqrt(f, x[0], s) },
  fma: { arity: 3, f32: (x, s) => fpu.fma32(x[0], x[1], x[2], s), f64: (x, s) => fpu.fma64(x[0], x[1], x[2], x[3], x[4], x[5], s), ref: (f, x, s) => refFma(f, x[0], x[1], x[2], s) },
};

/** Run the fast implementation of op on bigint operands; returns the result bits. */
export function runFast(op: OpDef, f: Fmt, args: bigint[], st: St): bigint {
  if (f === FMT32) return BigInt(op.f32(args.map((x) => Number(x) | 0), st) >>> 0);
  if (f !== FMT64) throw new Error('fmt');
  const flat: number[] = [];
  for (const x of args) flat.push(bigLo(x), bigHi(x));
  const lo = op.f64(flat, st);
  return pairToBig(lo, RET[0]);
}

export function hex(f: Fmt, x: bigint): string {
  return x.toString(16).padStart((f.ebits + f.mbits + 1) / 4, '0');
}

export function status(rm: number, opts: Partial<St> = {}): St {
  return { ...fpu.newFpStatus(), rm, ...opts };
}
