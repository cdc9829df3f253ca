// Advanced SIMD (NEON, ARMv7) data processing and element/structure loads and
// stores, as A32 pattern tables (vfp.ts derives the T32 forms).
//
// A D register is two i32 globals (VH[2d], VH[2d+1]); a Q register four. Three
// ways to compute a vector result, cheapest first:
//   - inline IR per 32-bit word: lane-parallel add/sub (SWAR masks), i32 mul,
//     shifts by immediate, logic, permutations (zip/uzp/trn/rev/ext/dup, movl/movn)
//     and the loads/stores, which run in vectorised loops;
//   - a pure per-word helper over packed lanes with a number kernel (compares,
//     min/max, abd, halving and saturating add/sub, every f32 op);
//   - a "bridge" helper for the long tail (doubling/rounding/saturating shifts,
//     widening and narrowing ops, 64-bit lanes): operand words go in as
//     arguments, lanes are BigInts, the result words come back as i64 results.
// No helper touches the IR globals, so registers stay cached in locals.
//
// Float ops use the "standard FPSCR value" (round to nearest, FZ, DN) in
// cpu.fpStd; its flags are folded into cpu.fp (the cumulative FPSCR bits) after
// each call. Saturation sets FPSCR.QC, kept in the FPSCR slot.

import { c32, Ty, type Helper, type Val, type Var } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import * as fpu from '../fpu';
import { Ctx, ZERO } from './gen';
import type { ArmCpu } from './cpu';
import type { Fields, PatternSpec } from './pattern';
import { COND_NAMES, R } from './disasm';
import { FPSCR_SLOT, VH } from './regs';

type F = Fields;
const I32 = Ty.I32, I64 = Ty.I64;
const QC = 0x08000000;
const SIGN = 0x80000000 | 0;
const dregN = (v: number) => ((v & 1) << 4) | (v >> 1); // Vn:N → N:Vn
const lmask = (e: number): number => (e >= 32 ? -1 : (1 << e) - 1);
const sxe = (v: number, e: number): number => (e >= 32 ? v | 0 : (v << (32 - e)) >> (32 - e));
/** A lane value replicated over 32 bits. */
const rep32 = (v: number, e: number): number => { let r = 0; for (let s = 0; s < 32; s += e) r |= (v & lmask(e)) << s; return r | 0; };
const setQC = (cpu: ArmCpu) => { cpu.regs[FPSCR_SLOT] |= QC; };

// ---------------------------------------------------------------- IR plumbing

const words = (r: number, n: number): Val[] => Array.from({ length: n }, (_, k) => VH[2 * r + k]);
/** Writes result words to consecutive halves from VH[2*d]; snapshots globals first so overlapping sources read old values. */
function commit(c: Ctx, writes: [number, Val][]): void {
  const vals = writes.map(([, v]) => (v.kind === 'global' ? c.b.mov(c.t32(), v) : v));
  writes.forEach(([slot, ], k) => c.b.mov(VH[slot], vals[k]));
}
const writeReg = (c: Ctx, d: number, w: Val[]) => commit(c, w.map((v, k) => [2 * d + k, v]));

/** Lane-parallel add/sub of e-bit lanes packed in a word (SWAR). */
function swarAdd(c: Ctx, a: Val, b: Val, e: number, sub: boolean): Val {
  const bb = c.b;
  if (e === 32) return sub ? bb.sub(c.t32(), a, b) : bb.add(c.t32(), a, b);
  const H = c32(rep32(1 << (e - 1), e)), L = c32(~rep32(1 << (e - 1), e));
  if (!sub) { // ((a & ~H) + (b & ~H)) ^ ((a ^ b) & H)
    const s = bb.add(c.t32(), bb.and(c.t32(), a, L), bb.and(c.t32(), b, L));
    return bb.xor(c.t32(), s, bb.and(c.t32(), bb.xor(c.t32(), a, b), H));
  }
  // ((a | H) - (b & ~H)) ^ ((a ^ ~b) & H)
  const s = bb.sub(c.t32(), bb.or(c.t32(), a, H), bb.and(c.t32(), b, L));
  return bb.xor(c.t32(), s, bb.and(c.t32(), bb.xor(c.t32(), a, bb.un('not', c.t32(), b)), H));
}
/** 64-bit lane add/sub on word pairs. */
function add64(c: Ctx, a: Val[], b: Val[], sub: boolean): Val[] {
  const bb = c.b, out: Val[] = [];
  for (let k = 0; k < a.length; k += 2) {
    const x = bb.concat(c.t64(), a[k], a[k + 1]), y = bb.concat(c.t64(), b[k], b[k + 1]);
    const r = sub ? bb.sub(c.t64(), x, y) : bb.add(c.t64(), x, y);
    out.push(bb.un('trunc', c.t32(), r), bb.un('hi32', c.t32(), r));
  }
  return out;
}

/**
 * Output words built from e-bit lanes of the source words: idx[i] is the source
 * lane (in the concatenation of src) of output lane i (-1 = zero).
 */
function permute(c: Ctx, e: number, src: Val[], idx: number[]): Val[] {
  const b = c.b;
  if (e >= 32) {
    const per = e / 32, out: Val[] = [];
    for (const i of idx) for (let k = 0; k < per; k++) out.push(i < 0 ? ZERO : src[i * per + k]);
    return out;
  }
  const perW = 32 / e, m = lmask(e), out: Val[] = [];
  for (let w = 0; w < idx.length / perW; w++) {
    let acc: Val | undefined;
    const lanes = idx.slice(w * perW, (w + 1) * perW);
    // The whole source word in place?
    const sw = lanes[0] >= 0 ? Math.floor(lanes[0] / perW) : -1;
    if (sw >= 0 && lanes.every((l, j) => l === sw * perW + j)) { out.push(src[sw]); continue; }
    for (let j = 0; j < perW; j++) {
      const l = lanes[j];
      if (l < 0) continue;
      const wi = Math.floor(l / perW), p = (l % perW) * e, q = j * e;
      let t: Val = b.and(c.t32(), src[wi], c32(m << p));
      if (q > p) t = b.shl(c.t32(), t, c32(q - p)); else if (q < p) t = b.shr(c.t32(), t, c32(p - q));
      acc = acc ? b.or(c.t32(), acc, t) : t;
    }
    out.push(acc ?? ZERO);
  }
  return out;
}

// ---------------------------------------------------------------- per-word number helpers

/** Lane kernel on unsigned e-bit lane values (numbers), result masked by the caller. */
type NK = (a: number, b: number, d: number, cpu: ArmCpu, imm: number) => number;
const helpers = new Map<string, Helper>();
function wordHelper(key: string, e: number, k: NK): Helper {
  const name = `neon.w${e}.${key}`;
  let h = helpers.get(name);
  if (h) return h;
  let fn: (cpu: ArmCpu, a: number, b: number, d: number, imm: number) => number;
  if (e === 32) fn = (cpu, a, b, d, imm) => k(a >>> 0, b >>> 0, d >>> 0, cpu, imm) | 0;
  else {
    const m = lmask(e);
    fn = (cpu, a, b, d, imm) => {
      let r = 0;
      for (let s = 0; s < 32; s += e) r |= (k((a >>> s) & m, (b >>> s) & m, (d >>> s) & m, cpu, imm) & m) << s;
      return r;
    };
  }
  h = { name, fn: fn as Helper['fn'], args: [I32, I32, I32, I32], ret: I32 };
  helpers.set(name, h);
  return h;
}
/** f32 kernel on the standard-FPSCR status; flags accrue into cpu.fp. */
type FK = (a: number, b: number, d: number, s: fpu.FpStatus, imm: number, cpu: ArmCpu) => number;
function fpHelper(key: string, k: FK): Helper {
  const name = `neon.f.${key}`;
  let h = helpers.get(name);
  if (h) return h;
  const fn = (cpu: ArmCpu, a: number, b: number, d: number, imm: number): number => {
    const s = cpu.fpStd;
    const r = k(a, b, d, s, imm, cpu);
    if (s.flags) { cpu.fp.flags |= s.flags; s.flags = 0; }
    return r | 0;
  };
  h = { name, fn: fn as Helper['fn'], args: [I32, I32, I32, I32], ret: I32 };
  helpers.set(name, h);
  return h;
}
function callWords(c: Ctx, h: Helper, a: Val[], b: Val[] | undefined, d: Val[] | undefined, imm = 0): Val[] {
  return a.map((x, k) => { const t = c.t32(); c.b.call(h, [x, b ? b[k] : ZERO, d ? d[k] : ZERO, c32(imm)], t); return t; });
}

const sat = (cpu: ArmCpu, v: number, e: number, s: boolean): number => {
  const lo = s ? -(2 ** (e - 1)) : 0, hi = s ? 2 ** (e - 1) - 1 : 2 ** e - 1;
  if (v < lo) { setQC(cpu); return lo; }
  if (v > hi) { setQC(cpu); return hi; }
  return v;
};
const ones = (t: boolean) => (t ? -1 : 0);
/** Number kernels for e ≤ 32 (all intermediate values stay below 2^53). */
const NK3: Record<string, (e: number, s: boolean) => NK> = {
  mul: () => (a, b) => Math.imul(a, b),
  mla: () => (a, b, d) => d + Math.imul(a, b),
  mls: () => (a, b, d) => d - Math.imul(a, b),
  ceq: () => (a, b) => ones(a === b),
  tst: () => (a, b) => ones((a & b) !== 0),
  cgt: (e, s) => (s ? (a, b) => ones(sxe(a, e) > sxe(b, e)) : (a, b) => ones(a > b)),
  cge: (e, s) => (s ? (a, b) => ones(sxe(a, e) >= sxe(b, e)) : (a, b) => ones(a >= b)),
  max: (e, s) => (s ? (a, b) => (sxe(a, e) > sxe(b, e) ? a : b) : (a, b) => (a > b ? a : b)),
  min: (e, s) => (s ? (a, b) => (sxe(a, e) < sxe(b, e) ? a : b) : (a, b) => (a < b ? a : b)),
  abd: (e, s) => (s ? (a, b) => Math.abs(sxe(a, e) - sxe(b, e)) : (a, b) => Math.abs(a - b)),
  aba: (e, s) => (s ? (a, b, d) => d + Math.abs(sxe(a, e) - sxe(b, e)) : (a, b, d) => d + Math.abs(a - b)),
  hadd: (e, s) => (s ? (a, b) => Math.floor((sxe(a, e) + sxe(b, e)) / 2) : (a, b) => Math.floor((a + b) / 2)),
  rhadd: (e, s) => (s ? (a, b) => Math.floor((sxe(a, e) + sxe(b, e) + 1) / 2) : (a, b) => Math.floor((a + b + 1) / 2)),
  hsub: (e, s) => (s ? (a, b) => Math.floor((sxe(a, e) - sxe(b, e)) / 2) : (a, b) => Math.floor((a - b) / 2)),
  qadd: (e, s) => (s ? (a, b, _d, cpu) => sat(cpu, sxe(a, e) + sxe(b, e), e, true) : (a, b, _d, cpu) => sat(cpu, a + b, e, false)),
  qsub: (e, s) => (s ? (a, b, _d, cpu) => sat(cpu, sxe(a, e) - sxe(b, e), e, true) : (a, b, _d, cpu) => sat(cpu, a - b, e, false)),
};

// ---------------------------------------------------------------- the bridge (BigInt lanes)

const INW = new Int32Array(16), OUTW = new Int32Array(4);
type VecFn = (w: Int32Array, imm: number, cpu: ArmCpu) => void;
const H_HI: Helper = { name: 'neon.hi', args: [], ret: I64, fn: () => { RET[0] = OUTW[3]; return OUTW[2]; } };
function bridgeHelper(key: string, nargs: number, mk: () => VecFn): Helper {
  const name = `neon.${key}/${nargs}`;
  let h = helpers.get(name);
  if (h) return h;
  const fn = mk();
  h = {
    name, args: Array(nargs + 1).fill(I32), ret: I64,
    fn: ((cpu: ArmCpu, ...a: number[]) => {
      for (let i = 0; i < nargs; i++) INW[i] = a[i];
      OUTW.fill(0);
      fn(INW, a[nargs], cpu);
      RET[0] = OUTW[1];
      return OUTW[0];
    }) as Helper['fn'],
  };
  helpers.set(name, h);
  return h;
}
/** Calls a bridge helper on the input words and returns nOut result words. */
function bridge(c: Ctx, key: string, mk: () => VecFn, inputs: Val[], imm: number, nOut: number): Val[] {
  const b = c.b, t = c.t64();
  b.call(bridgeHelper(key, inputs.length, mk), [...inputs, c32(imm)], t);
  const out: Val[] = [b.un('trunc', c.t32(), t), b.un('hi32', c.t32(), t)];
  if (nOut > 2) { const t2 = c.t64(); b.call(H_HI, [], t2); out.push(b.un('trunc', c.t32(), t2), b.un('hi32', c.t32(), t2)); }
  return out.slice(0, nOut);
}

const BI = BigInt;
/** nw words from w[off] as e-bit lanes. */
function lanes(w: Int32Array, off: number, nw: number, e: number, s: boolean): bigint[] {
  const out: bigint[] = [];
  if (e === 64) {
    for (let k = 0; k < nw; k += 2) {
      const v = (BI(w[off + k + 1] >>> 0) << 32n) | BI(w[off + k] >>> 0);
      out.push(s ? BigInt.asIntN(64, v) : v);
    }
    return out;
  }
  const m = lmask(e);
  for (let k = 0; k < nw; k++) {
    const x = w[off + k];
    for (let p = 0; p < 32; p += e) {
      const v = e === 32 ? x : (x >>> p) & m;
      out.push(BI(s ? sxe(v, e) : e === 32 ? v >>> 0 : v));
    }
  }
  return out;
}
/** Writes lanes (wrapped to e bits) into OUTW from word `off`. */
function put(v: bigint[], e: number, off = 0): void {
  if (e === 64) {
    v.forEach((x, i) => { const u = BigInt.asUintN(64, x); OUTW[off + 2 * i] = Number(u & 0xffffffffn) | 0; OUTW[off + 2 * i + 1] = Number(u >> 32n) | 0; });
    return;
  }
  const per = 32 / e;
  v.forEach((x, i) => { OUTW[off + Math.floor(i / per)] |= Number(BigInt.asUintN(e, x)) << ((i % per) * e); });
}
function bsat(cpu: ArmCpu, v: bigint, e: number, s: boolean): bigint {
  const E = BI(e);
  const lo = s ? -(1n << (E - 1n)) : 0n, hi = s ? (1n << (E - 1n)) - 1n : (1n << E) - 1n;
  if (v < lo) { setQC(cpu); return lo; }
  if (v > hi) { setQC(cpu); return hi; }
  return v;
}
const babs = (v: bigint) => (v < 0n ? -v : v);
const shiftBy = (v: bigint, sh: number) => (sh >= 0 ? v << BI(sh) : v >> BI(-sh));
const rshiftBy = (v: bigint, sh: number) => (sh >= 0 ? v << BI(sh) : (v + (1n << BI(-sh - 1))) >> BI(-sh));
const sbyte = (v: bigint) => Number(BigInt.asIntN(8, v));
/** Carry-less multiply. */
function pmul(a: bigint, b: bigint): bigint { let r = 0n; for (let i = 0n; b >> i; i++) if ((b >> i) & 1n) r ^= a << i; return r; }

/** BigInt kernels: (a, b, d, e, signed, cpu); e is the source lane width. Results are wrapped by put(). */
type BK = (a: bigint, b: bigint, d: bigint, e: number, s: boolean, cpu: ArmCpu) => bigint;
const BK3: Record<string, BK> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, pmul: (a, b) => pmul(a, b),
  mla: (a, b, d) => d + a * b, mls: (a, b, d) => d - a * b,
  hadd: (a, b) => (a + b) >> 1n, rhadd: (a, b) => (a + b + 1n) >> 1n, hsub: (a, b) => (a - b) >> 1n,
  qadd: (a, b, _d, e, s, cpu) => bsat(cpu, a + b, e, s), qsub: (a, b, _d, e, s, cpu) => bsat(cpu, a - b, e, s),
  cgt: (a, b) => (a > b ? -1n : 0n), cge: (a, b) => (a >= b ? -1n : 0n), ceq: (a, b) => (a === b ? -1n : 0n), tst: (a, b) => ((a & b) !== 0n ? -1n : 0n),
  max: (a, b) => (a > b ? a : b), min: (a, b) => (a < b ? a : b), abd: (a, b) => babs(a - b), aba: (a, b, d) => d + babs(a - b),
  // register shifts: a is the shift (from Vn), b the value (from Vm)
  shl: (a, b) => shiftBy(b, sbyte(a)), rshl: (a, b) => rshiftBy(b, sbyte(a)),
  qshl: (a, b, _d, e, s, cpu) => bsat(cpu, shiftBy(b, sbyte(a)), e, s), qrshl: (a, b, _d, e, s, cpu) => bsat(cpu, rshiftBy(b, sbyte(a)), e, s),
  qdmulh: (a, b, _d, e, _s, cpu) => bsat(cpu, (2n * a * b) >> BI(e), e, true),
  qrdmulh: (a, b, _d, e, _s, cpu) => bsat(cpu, (2n * a * b + (1n << BI(e - 1))) >> BI(e), e, true),
  // long (result 2e)
  mull: (a, b) => a * b, mlal: (a, b, d) => d + a * b, mlsl: (a, b, d) => d - a * b,
  pmull: (a, b) => pmul(a, b),
  addl: (a, b) => a + b, subl: (a, b) => a - b, abdl: (a, b) => babs(a - b), abal: (a, b, d) => d + babs(a - b),
  qdmull: (a, b, _d, e, _s, cpu) => bsat(cpu, 2n * a * b, 2 * e, true),
  qdmlal: (a, b, d, e, _s, cpu) => bsat(cpu, d + bsat(cpu, 2n * a * b, 2 * e, true), 2 * e, true),
  qdmlsl: (a, b, d, e, _s, cpu) => bsat(cpu, d - bsat(cpu, 2n * a * b, 2 * e, true), 2 * e, true),
  // narrow high half (a, b are 2e lanes)
  addhn: (a, b, _d, e) => (a + b) >> BI(e), raddhn: (a, b, _d, e) => (a + b + (1n << BI(e - 1))) >> BI(e),
  subhn: (a, b, _d, e) => (a - b) >> BI(e), rsubhn: (a, b, _d, e) => (a - b + (1n << BI(e - 1))) >> BI(e),
};

/** Element-wise: out lanes (eo bits) from a (ea), b (eb), d (eo). nA, nB, nD: input word counts. */
function elemFn(k: BK, e: number, s: boolean, ea: number, eb: number, eo: number, nA: number, nB: number, nD: number, pairwise = false): () => VecFn {
  return () => (w, _imm, cpu) => {
    let A = lanes(w, 0, nA, ea, s), B = lanes(w, nA, nB, eb, s);
    const D = lanes(w, nA + nB, nD, eo, s);
    if (pairwise) { const C = [...A, ...B]; A = C.filter((_, i) => !(i & 1)); B = C.filter((_, i) => i & 1); }
    put(A.map((x, i) => k(x, B[i], D[i] ?? 0n, e, s, cpu)), eo);
  };
}

// ---------------------------------------------------------------- FP kernels

const TWO = 0x40000000, THREE = 0x40400000, ONE_HALF = 0x3fc00000;
const isDenorm = (a: number) => (a & 0x7f800000) === 0 && (a & 0x7fffff) !== 0;
const squash = (a: number, s: fpu.FpStatus) => { if (isDenorm(a)) { s.flags |= fpu.FLAG_ID; return a & SIGN; } return a; };
const isInf = (a: number) => (a & 0x7fffffff) === 0x7f800000;
const isZero = (a: number) => (a & 0x7fffffff) === 0;
const fones = (t: number | boolean) => (t ? -1 : 0);
const FK3: Record<string, FK> = {
  add: (a, b, _d, s) => fpu.add32(a, b, s),
  sub: (a, b, _d, s) => fpu.sub32(a, b, s),
  mul: (a, b, _d, s) => fpu.mul32(a, b, s),
  mla: (a, b, d, s) => fpu.add32(d, fpu.mul32(a, b, s), s),
  mls: (a, b, d, s) => fpu.add32(d, fpu.mul32(a, b, s) ^ SIGN, s),
  fma: (a, b, d, s) => fpu.fma32(a, b, d, s),
  fms: (a, b, d, s) => fpu.fma32(a ^ SIGN, b, d, s),
  abd: (a, b, _d, s) => fpu.sub32(a, b, s) & 0x7fffffff,
  max: (a, b, _d, s) => fpu.maxNaN32(a, b, s),
  min: (a, b, _d, s) => fpu.minNaN32(a, b, s),
  ceq: (a, b, _d, s) => fones(fpu.eq32(a, b, s)),
  cge: (a, b, _d, s) => fones(fpu.le32(b, a, s)),
  cgt: (a, b, _d, s) => fones(fpu.lt32(b, a, s)),
  acge: (a, b, _d, s) => fones(fpu.le32(b & 0x7fffffff, a & 0x7fffffff, s)),
  acgt: (a, b, _d, s) => fones(fpu.lt32(b & 0x7fffffff, a & 0x7fffffff, s)),
  recps: (a, b, _d, s) => {
    a = squash(a, s); b = squash(b, s);
    if ((isInf(a) && isZero(b)) || (isInf(b) && isZero(a))) return TWO;
    return fpu.sub32(TWO, fpu.mul32(a, b, s), s);
  },
  rsqrts: (a, b, _d, s) => {
    a = squash(a, s); b = squash(b, s);
    if ((isInf(a) && isZero(b)) || (isInf(b) && isZero(a))) return ONE_HALF;
    return fpu.div32(fpu.sub32(THREE, fpu.mul32(a, b, s), s), TWO, s);
  },
  // compares with #0 (b is zero)
  cle: (a, b, _d, s) => fones(fpu.le32(a, b, s)),
  clt: (a, b, _d, s) => fones(fpu.lt32(a, b, s)),
};

// Reciprocal (square root) estimates, as ARM's RecipEstimate / RecipSqrtEstimate.
function recipEst(a: number): number { const b = Math.floor((1 << 19) / (a * 2 + 1)); return (b + 1) >> 1; }
function rsqrtEst(a: number): number {
  a = a < 256 ? a * 2 + 1 : ((a >> 1) << 1) + 1 << 1;
  let b = 512;
  while (a * (b + 1) * (b + 1) < 2 ** 28) b++;
  return (b + 1) >> 1;
}
function nanResult(a: number, s: fpu.FpStatus): number {
  if (fpu.isSNaN32(a)) s.flags |= fpu.FLAG_NV;
  return fpu.CANONICAL_NAN32; // standard FPSCR: default NaN
}
const FK1: Record<string, FK> = {
  recpe: (a, _b, _d, s) => {
    a = squash(a, s);
    const sign = a & SIGN, exp = (a >>> 23) & 0xff;
    if (fpu.isNaN32(a)) return nanResult(a, s);
    if (isInf(a)) return sign;
    if (isZero(a)) { s.flags |= fpu.FLAG_DZ; return sign | 0x7f800000; }
    if (exp >= 253) { s.flags |= fpu.FLAG_UF; return sign; }
    const est = recipEst(256 | ((a >>> 15) & 0xff));
    return sign | ((253 - exp) << 23) | ((est & 0xff) << 15);
  },
  rsqrte: (a, _b, _d, s) => {
    a = squash(a, s);
    const exp = (a >>> 23) & 0xff;
    if (fpu.isNaN32(a)) return nanResult(a, s);
    if (isZero(a)) { s.flags |= fpu.FLAG_DZ; return (a & SIGN) | 0x7f800000; }
    if (a < 0) { s.flags |= fpu.FLAG_NV; return fpu.CANONICAL_NAN32; }
    if (isInf(a)) return 0;
    const scaled = exp & 1 ? 128 | ((a >>> 16) & 0x7f) : 256 | ((a >>> 15) & 0xff);
    const est = rsqrtEst(scaled);
    return (Math.trunc((380 - exp) / 2) << 23) | ((est & 0xff) << 15);
  },
  recpeu: (a) => (a & SIGN ? recipEst((a >>> 23) & 0x1ff) << 23 : -1),
  rsqrteu: (a) => ((a >>> 30) === 0 ? -1 : rsqrtEst((a >>> 23) & 0x1ff) << 23),
  // float ↔ int, imm = fraction bits (0 for the plain forms); b: 1 = signed
  f2i: (a, sg, _d, s, fb) => {
    const rm = s.rm; s.rm = fpu.RM_RTZ;
    try {
      let x = squash(a, s);
      if (fb && !fpu.isNaN32(x) && !isInf(x)) {
        // scale by 2^fb exactly in f64
        const dl = fpu.f32to64(x, s), dh = RET[0];
        const ql = fpu.mul64(dl, dh, 0, ((1023 + fb) << 20) | 0, s), qh = RET[0];
        return fpu.f64toi32(ql, qh, s, sg !== 0, 'zero');
      }
      return fpu.f32toi32(x, s, sg !== 0, 'zero');
    } finally { s.rm = rm; }
  },
  i2f: (a, sg, _d, s, fb) => {
    if (!fb) return fpu.i32tof32(a, s, sg !== 0);
    const dl = fpu.i32tof64(a, s, sg !== 0), dh = RET[0];
    const ql = fpu.mul64(dl, dh, 0, ((1023 - fb) << 20) | 0, s), qh = RET[0];
    return fpu.f64to32(ql, qh, s);
  },
  cvth2f: (a, _b, _d, s, _i, cpu) => fpu.f16to32(a & 0xffff, s, (cpu.fpscr & (1 << 26)) !== 0),
  cvtf2h: (a, _b, _d, s, _i, cpu) => fpu.f32to16(a, s, (cpu.fpscr & (1 << 26)) !== 0) & 0xffff,
};

// ---------------------------------------------------------------- operand checks and names

const qreg = (q: number, r: number) => (q ? `q${r >> 1}` : `d${r}`);
const badQ = (q: number, ...r: number[]) => q !== 0 && r.some((x) => x & 1);
const dt = (s: string, e: number) => `${s}${e}`;

// ---------------------------------------------------------------- three registers, same length

interface Op3 { name: string; k: string; kind: 'int' | 'sgn' | 'uns' | 'f' | 'fp' | 'logic' | 'pair'; sizes?: number }
/** Integer three-same operations that have a 64-bit element form (the rest are UNDEFINED with size 11). */
const SAME64 = new Set(['qadd', 'qsub', 'add', 'sub', 'shl', 'qshl', 'rshl', 'qrshl']);
function decode3(f: F): Op3 | undefined {
  const op = decode3Any(f);
  return op && f.z === 3 && f.o <= 9 && op.kind !== 'logic' && !SAME64.has(op.k) ? undefined : op;
}
function decode3Any(f: F): Op3 | undefined {
  const U = f.u, B = f.b, z = f.z, su = U ? 'uns' : 'sgn';
  const fsz = (z & 1) === 0;
  switch (f.o) {
    case 0: return B ? { name: 'vqadd', k: 'qadd', kind: su } : { name: 'vhadd', k: 'hadd', kind: su };
    case 1: if (B) return U && z ? { name: ['', 'vbsl', 'vbit', 'vbif'][z], k: ['', 'bsl', 'bit', 'bif'][z], kind: 'logic' } : undefined;
      return { name: 'vrhadd', k: 'rhadd', kind: su };
    case 2: return B ? { name: 'vqsub', k: 'qsub', kind: su } : { name: 'vhsub', k: 'hsub', kind: su };
    case 3: return B ? { name: 'vcge', k: 'cge', kind: su } : { name: 'vcgt', k: 'cgt', kind: su };
    case 4: return B ? { name: 'vqshl', k: 'qshl', kind: su } : { name: 'vshl', k: 'shl', kind: su };
    case 5: return B ? { name: 'vqrshl', k: 'qrshl', kind: su } : { name: 'vrshl', k: 'rshl', kind: su };
    case 6: return B ? { name: 'vmin', k: 'min', kind: su } : { name: 'vmax', k: 'max', kind: su };
    case 7: return B ? { name: 'vaba', k: 'aba', kind: su } : { name: 'vabd', k: 'abd', kind: su };
    case 8: return B ? (U ? { name: 'vceq', k: 'ceq', kind: 'int' } : { name: 'vtst', k: 'tst', kind: 'int' }) : (U ? { name: 'vsub', k: 'sub', kind: 'int' } : { name: 'vadd', k: 'add', kind: 'int' });
    case 9: if (!B) return U ? { name: 'vmls', k: 'mls', kind: 'int' } : { name: 'vmla', k: 'mla', kind: 'int' };
      if (U) return z === 0 ? { name: 'vmul', k: 'pmul', kind: 'int' } : undefined;
      return z === 3 ? undefined : { name: 'vmul', k: 'mul', kind: 'int' };
    case 10: return f.q || z === 3 ? undefined : { name: B ? 'vpmin' : 'vpmax', k: B ? 'min' : 'max', kind: 'pair' };
    case 11: if (B) return U || f.q || z === 3 ? undefined : { name: 'vpadd', k: 'add', kind: 'pair' };
      return z === 1 || z === 2 ? { name: U ? 'vqrdmulh' : 'vqdmulh', k: U ? 'qrdmulh' : 'qdmulh', kind: 'sgn' } : undefined;
    case 12: return B && !U && fsz ? { name: z >> 1 ? 'vfms' : 'vfma', k: z >> 1 ? 'fms' : 'fma', kind: 'f' } : undefined;
    case 13: if (!fsz) return undefined;
      if (!B) return U ? (z >> 1 ? { name: 'vabd', k: 'abd', kind: 'f' } : f.q ? undefined : { name: 'vpadd', k: 'add', kind: 'fp' }) : { name: z >> 1 ? 'vsub' : 'vadd', k: z >> 1 ? 'sub' : 'add', kind: 'f' };
      return U ? (z >> 1 ? undefined : { name: 'vmul', k: 'mul', kind: 'f' }) : { name: z >> 1 ? 'vmls' : 'vmla', k: z >> 1 ? 'mls' : 'mla', kind: 'f' };
    case 14: if (!fsz) return undefined;
      if (!B) return U ? { name: z >> 1 ? 'vcgt' : 'vcge', k: z >> 1 ? 'cgt' : 'cge', kind: 'f' } : z >> 1 ? undefined : { name: 'vceq', k: 'ceq', kind: 'f' };
      return U ? { name: z >> 1 ? 'vacgt' : 'vacge', k: z >> 1 ? 'acgt' : 'acge', kind: 'f' } : undefined;
    case 15: if (!fsz) return undefined;
      if (!B) return U ? (f.q ? undefined : { name: z >> 1 ? 'vpmin' : 'vpmax', k: z >> 1 ? 'min' : 'max', kind: 'fp' }) : { name: z >> 1 ? 'vmin' : 'vmax', k: z >> 1 ? 'min' : 'max', kind: 'f' };
      return U ? undefined : { name: z >> 1 ? 'vrsqrts' : 'vrecps', k: z >> 1 ? 'rsqrts' : 'recps', kind: 'f' };
  }
  return undefined;
}
const NUM_OK = new Set(Object.keys(NK3));
function three(c: Ctx, f: F): boolean | void {
  const op = decode3(f);
  if (!op) return false;
  const d = f.d, n = dregN(f.n), m = f.m, q = f.q;
  if (badQ(q, d, n, m)) return false;
  const nw = q ? 4 : 2, e = 8 << f.z, b = c.b;
  const A = words(n, nw), Bw = words(m, nw), D = words(d, nw);
  let out: Val[];
  if (op.kind === 'logic') { // vbsl: d = (n & d) | (m & ~d); vbit: insert n where m; vbif: insert n where ~m
    out = A.map((x, k) => {
      const sel = op.k === 'bsl' ? D[k] : Bw[k];
      const [t, f0] = op.k === 'bsl' ? [x, Bw[k]] : op.k === 'bit' ? [x, D[k]] : [D[k], x];
      // (t & sel) | (f0 & ~sel) = f0 ^ ((t ^ f0) & sel)
      return b.xor(c.t32(), f0, b.and(c.t32(), b.xor(c.t32(), t, f0), sel));
    });
  } else if (op.kind === 'f') out = callWords(c, fpHelper(op.k, FK3[op.k]), A, Bw, D);
  else if (op.kind === 'fp') {
    const h = fpHelper(op.k, FK3[op.k]);
    out = [[A[0], A[1]], [Bw[0], Bw[1]]].map(([x, y]) => { const t = c.t32(); b.call(h, [x, y, ZERO, ZERO], t); return t; });
  } else if (op.kind === 'pair') {
    out = bridge(c, `pair.${op.k}.${e}.${f.u}`, elemFn(BK3[op.k], e, !f.u, e, e, e, 2, 2, 0, true), [...A, ...Bw], 0, 2);
  } else {
    const s = op.kind === 'sgn';
    if ((op.k === 'add' || op.k === 'sub') && e <= 32) out = A.map((x, k) => swarAdd(c, x, Bw[k], e, op.k === 'sub'));
    else if ((op.k === 'add' || op.k === 'sub') && e === 64) out = add64(c, A, Bw, op.k === 'sub');
    else if (e === 32 && op.k === 'mul') out = A.map((x, k) => b.bin('mul', c.t32(), x, Bw[k]));
    else if (e === 32 && (op.k === 'mla' || op.k === 'mls')) out = A.map((x, k) => b.bin(op.k === 'mla' ? 'add' : 'sub', c.t32(), D[k], b.bin('mul', c.t32(), x, Bw[k])));
    else if (e <= 32 && NUM_OK.has(op.k)) out = callWords(c, wordHelper(`${op.k}.${s ? 's' : 'u'}`, e, NK3[op.k](e, s)), A, Bw, D);
    else out = bridge(c, `same.${op.k}.${e}.${s ? 's' : 'u'}.${nw}`, elemFn(BK3[op.k], e, s, e, e, e, nw, nw, nw), [...A, ...Bw, ...D], 0, nw);
  }
  writeReg(c, d, out);
}
function threeDis(f: F): string {
  const op = decode3(f);
  if (!op) return 'undefined';
  const e = 8 << f.z;
  const t = op.kind === 'logic' ? '' : op.kind === 'f' || op.kind === 'fp' ? '.f32' : op.k === 'pmul' ? '.p8'
    : op.kind === 'int' || (op.kind === 'pair' && op.k === 'add') ? `.i${e}` : `.${f.u && op.kind !== 'sgn' ? 'u' : 's'}${e}`;
  const n = dregN(f.n);
  const shift = ['shl', 'qshl', 'rshl', 'qrshl'].includes(op.k) && op.kind !== 'f';
  return `${op.name}${t}\t${qreg(f.q, f.d)}, ${qreg(f.q, shift ? f.m : n)}, ${qreg(f.q, shift ? n : f.m)}`;
}

// ---------------------------------------------------------------- three registers, different lengths

const DIFF: (readonly [string, string, 'l' | 'w' | 'n', boolean?])[] = [
  ['vaddl', 'addl', 'l'], ['vaddw', 'addl', 'w'], ['vsubl', 'subl', 'l'], ['vsubw', 'subl', 'w'],
  ['vaddhn', 'addhn', 'n'], ['vabal', 'abal', 'l'], ['vsubhn', 'subhn', 'n'], ['vabdl', 'abdl', 'l'],
  ['vmlal', 'mlal', 'l'], ['vqdmlal', 'qdmlal', 'l', true], ['vmlsl', 'mlsl', 'l'], ['vqdmlsl', 'qdmlsl', 'l', true],
  ['vmull', 'mull', 'l'], ['vqdmull', 'qdmull', 'l', true], ['vmull', 'pmull', 'l'],
];
function decodeDiff(f: F): { name: string; k: string; form: 'l' | 'w' | 'n' } | undefined {
  const row = DIFF[f.o];
  if (!row) return undefined;
  let [name, k] = row;
  const [, , form, sOnly] = row;
  if (sOnly && f.u) return undefined;
  if (f.o === 14) { if (f.u || f.z !== 0) return undefined; }
  if (form === 'n' && f.u) { name = name.replace('v', 'vr'); k = 'r' + k; }
  if ((k === 'qdmull' || k === 'qdmlal' || k === 'qdmlsl') && f.z === 0) return undefined;
  return { name, k, form };
}
function diff(c: Ctx, f: F): boolean | void {
  const op = decodeDiff(f);
  if (!op) return false;
  const d = f.d, n = dregN(f.n), m = f.m, e = 8 << f.z, s = !f.u;
  if (op.form !== 'n' && (d & 1)) return false;
  if (op.form !== 'l' && (n & 1)) return false;
  if (op.form === 'n' && (m & 1)) return false;
  let out: Val[];
  if (op.form === 'n') {
    out = bridge(c, `hn.${op.k}.${e}`, elemFn(BK3[op.k], e, false, 2 * e, 2 * e, e, 4, 4, 0), [...words(n, 4), ...words(m, 4)], 0, 2);
  } else {
    const nA = op.form === 'w' ? 4 : 2, ea = op.form === 'w' ? 2 * e : e;
    const ins = [...words(n, nA), ...words(m, 2), ...(op.k.includes('ml') || op.k === 'abal' ? words(d, 4) : [])];
    out = bridge(c, `long.${op.k}.${op.form}.${e}.${s ? 's' : 'u'}`, elemFn(BK3[op.k], e, s && op.k !== 'pmull', ea, e, 2 * e, nA, 2, ins.length - nA - 2), ins, 0, 4);
  }
  writeReg(c, d, out);
}
function diffDis(f: F): string {
  const op = decodeDiff(f);
  if (!op) return 'undefined';
  const e = 8 << f.z;
  const t = op.k === 'pmull' ? 'p8' : op.form === 'n' ? `i${2 * e}` : op.k.startsWith('qd') ? `s${e}` : `${f.u ? 'u' : 's'}${e}`;
  const n = dregN(f.n);
  return `${op.name}.${t}\t${op.form === 'n' ? `d${f.d}` : `q${f.d >> 1}`}, ${op.form === 'w' ? `q${n >> 1}` : op.form === 'n' ? `q${n >> 1}` : `d${n}`}, ${op.form === 'n' ? `q${f.m >> 1}` : `d${f.m}`}`;
}

// ---------------------------------------------------------------- two registers and a scalar

const SCAL: (readonly [string, string, 'i' | 'f' | 'l' | 'ql' | 'qh'])[] = [
  ['vmla', 'mla', 'i'], ['vmla', 'mla', 'f'], ['vmlal', 'mlal', 'l'], ['vqdmlal', 'qdmlal', 'ql'],
  ['vmls', 'mls', 'i'], ['vmls', 'mls', 'f'], ['vmlsl', 'mlsl', 'l'], ['vqdmlsl', 'qdmlsl', 'ql'],
  ['vmul', 'mul', 'i'], ['vmul', 'mul', 'f'], ['vmull', 'mull', 'l'], ['vqdmull', 'qdmull', 'ql'],
  ['vqdmulh', 'qdmulh', 'qh'], ['vqrdmulh', 'qrdmulh', 'qh'],
];
function scalarOf(f: F): [number, number] { // [register, index]
  return f.z === 1 ? [f.m & 7, ((f.m >> 4) << 1) | ((f.m >> 3) & 1)] : [f.m & 15, f.m >> 4];
}
function byScalar(c: Ctx, f: F): boolean | void {
  const row = SCAL[f.o];
  if (!row || f.z === 0 || f.z === 3) return false;
  const [, k, kind] = row;
  if (kind === 'f' && f.z !== 2) return false;
  const e = 8 << f.z, d = f.d, n = dregN(f.n), b = c.b;
  const [sr, si] = scalarOf(f);
  // the scalar replicated over a word
  let sv: Val = VH[2 * sr + ((si * e) >> 5)];
  if (e === 16) {
    const lane = b.and(c.t32(), (si & 1) ? b.shr(c.t32(), sv, c32(16)) : sv, c32(0xffff));
    sv = b.bin('mul', c.t32(), lane, c32(0x10001));
  } else sv = b.mov(c.t32(), sv);
  let out: Val[];
  if (kind === 'i' || kind === 'f' || kind === 'qh') {
    const q = f.u; // bit 24 is Q for these
    if (badQ(q, d, n)) return false;
    const nw = q ? 4 : 2, A = words(n, nw), D = words(d, nw), S = Array(nw).fill(sv);
    if (kind === 'f') out = callWords(c, fpHelper(k, FK3[k]), A, S, D);
    else if (kind === 'qh') out = bridge(c, `same.${k}.${e}.s.${nw}`, elemFn(BK3[k], e, true, e, e, e, nw, nw, nw), [...A, ...S, ...D], 0, nw);
    else if (e === 32) out = A.map((x, j) => { const p = b.bin('mul', c.t32(), x, sv); return k === 'mul' ? p : b.bin(k === 'mla' ? 'add' : 'sub', c.t32(), D[j], p); });
    else out = callWords(c, wordHelper(`${k}.u`, e, NK3[k](e, false)), A, S, D);
  } else {
    if (d & 1) return false;
    if (kind === 'ql' && f.u) return false;
    const s = !f.u || kind === 'ql';
    const ins = [...words(n, 2), sv, sv, ...(k === 'mull' || k === 'qdmull' ? [] : words(d, 4))];
    out = bridge(c, `long.${k}.l.${e}.${s ? 's' : 'u'}`, elemFn(BK3[k], e, s, e, e, 2 * e, 2, 2, ins.length - 4), ins, 0, 4);
  }
  writeReg(c, d, out);
}
function scalarDis(f: F): string {
  const row = SCAL[f.o];
  if (!row) return 'undefined';
  const [name, , kind] = row, e = 8 << f.z, [sr, si] = scalarOf(f), n = dregN(f.n);
  const t = kind === 'f' ? 'f32' : kind === 'i' ? `i${e}` : kind === 'l' ? `${f.u ? 'u' : 's'}${e}` : `s${e}`;
  const long = kind === 'l' || kind === 'ql';
  return `${name}.${t}\t${long ? `q${f.d >> 1}` : qreg(f.u, f.d)}, ${long ? `d${n}` : qreg(f.u, n)}, d${sr}[${si}]`;
}

// ---------------------------------------------------------------- two registers and a shift amount

function shiftSize(f: F): [number, number] { // [esize, imm6 minus the size marker]
  if (f.l) return [64, f.i];
  if (f.i & 32) return [32, f.i - 32];
  if (f.i & 16) return [16, f.i - 16];
  return [8, f.i - 8];
}
type ShK = (v: bigint, d: bigint, sh: number, e: number, cpu: ArmCpu) => bigint;
const SHK: Record<string, ShK> = {
  shr: (v, _d, sh) => v >> BI(sh), sra: (v, d, sh) => d + (v >> BI(sh)),
  rshr: (v, _d, sh) => (v + (1n << BI(sh - 1))) >> BI(sh), rsra: (v, d, sh) => d + ((v + (1n << BI(sh - 1))) >> BI(sh)),
  sri: (v, d, sh, e) => { const m = ((1n << BI(e)) - 1n) >> BI(sh); return (d & ~m) | ((BigInt.asUintN(e, v) >> BI(sh)) & m); },
  shl: (v, _d, sh) => v << BI(sh),
  sli: (v, d, sh) => (d & ((1n << BI(sh)) - 1n)) | (v << BI(sh)),
  qshls: (v, _d, sh, e, cpu) => bsat(cpu, v << BI(sh), e, true), qshlu: (v, _d, sh, e, cpu) => bsat(cpu, v << BI(sh), e, false),
  // narrowing (e = destination size)
  shrn: (v, _d, sh) => v >> BI(sh), rshrn: (v, _d, sh) => (v + (1n << BI(sh - 1))) >> BI(sh),
  qshrns: (v, _d, sh, e, cpu) => bsat(cpu, v >> BI(sh), e, true), qshrnu: (v, _d, sh, e, cpu) => bsat(cpu, v >> BI(sh), e, false),
  qrshrns: (v, _d, sh, e, cpu) => bsat(cpu, (v + (1n << BI(sh - 1))) >> BI(sh), e, true),
  qrshrnu: (v, _d, sh, e, cpu) => bsat(cpu, (v + (1n << BI(sh - 1))) >> BI(sh), e, false),
  shll: (v, _d, sh) => v << BI(sh),
  // saturating narrow moves
  qmovns: (v, _d, _sh, e, cpu) => bsat(cpu, v, e, true), qmovnu: (v, _d, _sh, e, cpu) => bsat(cpu, v, e, false),
};
/** v lanes (ev bits, signed s) over nv words, d lanes (eo) → out (eo). */
function shiftFn(k: ShK, ev: number, eo: number, s: boolean, nv: number, nd: number, sat: number): () => VecFn {
  return () => (w, sh, cpu) => {
    const V = lanes(w, 0, nv, ev, s), D = lanes(w, nv, nd, eo, false);
    put(V.map((x, i) => k(x, D[i] ?? 0n, sh, sat, cpu)), eo);
  };
}
/** Number kernels for right shifts of e ≤ 32 lanes (imm = shift, 1..e). */
const SHN: Record<string, (e: number, s: boolean) => NK> = {
  shr: (e, s) => (a, _b, _d, _c, sh) => Math.floor((s ? sxe(a, e) : a) / 2 ** sh),
  sra: (e, s) => (a, _b, d, _c, sh) => d + Math.floor((s ? sxe(a, e) : a) / 2 ** sh),
  rshr: (e, s) => (a, _b, _d, _c, sh) => Math.floor(((s ? sxe(a, e) : a) + 2 ** (sh - 1)) / 2 ** sh),
  rsra: (e, s) => (a, _b, d, _c, sh) => d + Math.floor(((s ? sxe(a, e) : a) + 2 ** (sh - 1)) / 2 ** sh),
};
interface ShOp { name: string; k: string; form: 'same' | 'narrow' | 'long' | 'cvt'; left?: boolean; sgn?: boolean }
function decodeShift(f: F): ShOp | undefined {
  const U = f.u;
  switch (f.o) {
    case 0: return { name: 'vshr', k: 'shr', form: 'same' };
    case 1: return { name: 'vsra', k: 'sra', form: 'same' };
    case 2: return { name: 'vrshr', k: 'rshr', form: 'same' };
    case 3: return { name: 'vrsra', k: 'rsra', form: 'same' };
    case 4: return U ? { name: 'vsri', k: 'sri', form: 'same' } : undefined;
    case 5: return { name: U ? 'vsli' : 'vshl', k: U ? 'sli' : 'shl', form: 'same', left: true };
    case 6: return U ? { name: 'vqshlu', k: 'qshlu', form: 'same', left: true, sgn: true } : undefined;
    case 7: return { name: 'vqshl', k: U ? 'qshlu' : 'qshls', form: 'same', left: true };
    case 8: if (f.l) return undefined;
      return U ? { name: f.q ? 'vqrshrun' : 'vqshrun', k: f.q ? 'qrshrnu' : 'qshrnu', form: 'narrow', sgn: true }
        : { name: f.q ? 'vrshrn' : 'vshrn', k: f.q ? 'rshrn' : 'shrn', form: 'narrow' };
    case 9: if (f.l) return undefined;
      return { name: f.q ? 'vqrshrn' : 'vqshrn', k: (f.q ? 'qrshrn' : 'qshrn') + (U ? 'u' : 's'), form: 'narrow' };
    case 10: return f.l || f.q ? undefined : { name: 'vshll', k: 'shll', form: 'long', left: true };
    case 14: case 15: return f.l ? undefined : { name: 'vcvt', k: 'cvt', form: 'cvt' };
  }
  return undefined;
}
function shiftImm(c: Ctx, f: F): boolean | void {
  const op = decodeShift(f);
  if (!op) return false;
  const b = c.b, d = f.d, m = f.m;
  if (op.form === 'cvt') {
    if (badQ(f.q, d, m) || !(f.i & 32)) return false;
    const fb = 64 - f.i, nw = f.q ? 4 : 2;
    const toFix = (f.o & 1) === 1;
    writeReg(c, d, callWords(c, fpHelper(toFix ? 'f2i' : 'i2f', FK1[toFix ? 'f2i' : 'i2f']), words(m, nw), Array(nw).fill(c32(f.u ? 0 : 1)), undefined, fb));
    return;
  }
  const [e, imm] = shiftSize(f);
  const sh = op.left ? imm : e - imm;
  if (op.form === 'narrow') {
    if (e === 64 || (m & 1)) return false;
    const s = op.sgn || op.k.endsWith('s') || op.k === 'shrn' || op.k === 'rshrn';
    let out: Val[];
    if (op.k === 'shrn') { // inline: take bits [sh, sh+e) of each 2e lane
      const W = words(m, 4).map((x) => (e === 32 ? x : b.shr(c.t32(), x, c32(sh))));
      out = e === 32 ? [0, 1].map((k) => b.un('trunc', c.t32(), b.shr(c.t64(), b.concat(c.t64(), W[2 * k], W[2 * k + 1]), c32(sh))))
        : permute(c, e, W, Array.from({ length: 64 / e }, (_, i) => 2 * i));
    } else out = bridge(c, `shn.${op.k}.${e}.${s}`, shiftFn(SHK[op.k], 2 * e, e, s, 4, 0, e), words(m, 4), sh, 2);
    writeReg(c, d, out);
    return;
  }
  if (op.form === 'long') {
    if (e === 64 || (d & 1)) return false;
    const s = !f.u;
    if (sh === 0) { writeReg(c, d, movl(c, m, e, s)); return; }
    writeReg(c, d, bridge(c, `shll.${e}.${s}`, shiftFn(SHK.shll, e, 2 * e, s, 2, 0, 2 * e), words(m, 2), sh, 4));
    return;
  }
  if (badQ(f.q, d, m)) return false;
  const nw = f.q ? 4 : 2, V = words(m, nw), D = words(d, nw);
  let out: Val[] | undefined;
  // inline the plain shifts and accumulating shifts for e ≤ 32
  if (e <= 32 && (op.k === 'shl' || op.k === 'shr' || op.k === 'sra') && !(op.k !== 'shl' && !f.u && e < 32)) {
    const m0 = lmask(e);
    out = V.map((x, k) => {
      let r: Val;
      if (op.k === 'shl') r = e === 32 ? b.shl(c.t32(), x, c32(sh)) : b.and(c.t32(), b.shl(c.t32(), x, c32(sh)), c32(rep32((m0 << sh) & m0, e)));
      else if (sh === e) r = ZERO; // unsigned shift by the lane size
      else if (e === 32) r = f.u ? b.shr(c.t32(), x, c32(sh)) : b.sar(c.t32(), x, c32(sh));
      else r = b.and(c.t32(), b.shr(c.t32(), x, c32(sh)), c32(rep32(m0 >>> sh, e)));
      return op.k === 'sra' ? swarAdd(c, D[k], r, e, false) : r;
    });
    if (op.k === 'shr' && e === 32 && !f.u && sh === 32) out = V.map((x) => b.sar(c.t32(), x, c32(31)));
    if (op.k === 'sra' && e === 32 && !f.u && sh === 32) out = V.map((x, k) => b.add(c.t32(), D[k], b.sar(c.t32(), x, c32(31))));
  }
  if (!out && e <= 32 && SHN[op.k]) {
    const s = !f.u;
    out = callWords(c, wordHelper(`sh.${op.k}.${s ? 's' : 'u'}`, e, SHN[op.k](e, s)), V, undefined, D, sh);
  }
  if (!out) {
    const s = op.sgn || (!f.u && op.k !== 'sri' && op.k !== 'sli' && op.k !== 'shl');
    const key = op.k === 'qshlu' && !op.sgn ? 'qshlu' : op.k;
    out = bridge(c, `sh.${key}.${e}.${s}.${nw}`, shiftFn(SHK[key], e, e, s, nw, nw, e), [...V, ...D], sh, nw);
  }
  writeReg(c, d, out);
}
function shiftDis(f: F): string {
  const op = decodeShift(f);
  if (!op) return 'undefined';
  if (op.form === 'cvt') {
    const it = `${f.u ? 'u' : 's'}32`;
    return `vcvt.${f.o & 1 ? `${it}.f32` : `f32.${it}`}\t${qreg(f.q, f.d)}, ${qreg(f.q, f.m)}, #${64 - f.i}`;
  }
  const [e, imm] = shiftSize(f), sh = op.left ? imm : e - imm;
  const sgn = op.k === 'shl' || op.k === 'sli' || op.k === 'sri' ? (op.k === 'shl' ? 'i' : '') : op.sgn ? 's' : f.u ? 'u' : 's';
  if (op.form === 'narrow') {
    const t = op.k === 'shrn' || op.k === 'rshrn' ? `i${2 * e}` : `${op.sgn ? 's' : f.u ? 'u' : 's'}${2 * e}`;
    return `${op.name}.${t}\td${f.d}, q${f.m >> 1}, #${sh}`;
  }
  if (op.form === 'long') return sh === 0 ? `vmovl.${f.u ? 'u' : 's'}${e}\tq${f.d >> 1}, d${f.m}` : `vshll.${f.u ? 'u' : 's'}${e}\tq${f.d >> 1}, d${f.m}, #${sh}`;
  return `${op.name}.${sgn}${e}\t${qreg(f.q, f.d)}, ${qreg(f.q, f.m)}, #${sh}`;
}

/** VMOVL: extend each e-bit lane of Dm to 2e bits, inline. */
function movl(c: Ctx, m: number, e: number, s: boolean): Val[] {
  const b = c.b, W = words(m, 2);
  if (e === 32) return [0, 1].flatMap((k) => [W[k], s ? b.sar(c.t32(), W[k], c32(31)) : ZERO]);
  const out: Val[] = [];
  for (let k = 0; k < 4; k++) {
    const src = W[k >> 1];
    const half = k & 1 ? b.shr(c.t32(), src, c32(16)) : src;
    if (e === 16) { out.push(b.un(s ? 'ext16s' : 'ext16u', c.t32(), half)); continue; }
    // e = 8: two bytes → two 16-bit lanes
    const lo = b.un(s ? 'ext8s' : 'ext8u', c.t32(), half);
    const hi = b.un(s ? 'ext8s' : 'ext8u', c.t32(), b.shr(c.t32(), half, c32(8)));
    out.push(b.or(c.t32(), b.and(c.t32(), lo, c32(0xffff)), b.shl(c.t32(), hi, c32(16))));
  }
  return out;
}

// ---------------------------------------------------------------- two registers, miscellaneous

function misc(c: Ctx, f: F): boolean | void {
  const b = c.b, d = f.d, m = f.m, q = f.q, z = f.z, e = 8 << z, nw = q ? 4 : 2, B = f.b;
  const op = decodeMisc(f);
  if (!op) return false;
  const V = () => words(m, nw);
  const lanesPer = (64 / e) * (q ? 2 : 1);
  switch (op) {
    case 'vrev64': case 'vrev32': case 'vrev16': {
      const g = (op === 'vrev64' ? 64 : op === 'vrev32' ? 32 : 16) / e;
      if (badQ(q, d, m) || g <= 1) return false;
      writeReg(c, d, permute(c, e, V(), Array.from({ length: lanesPer }, (_, i) => i - (i % g) + (g - 1 - (i % g)))));
      return;
    }
    case 'vpaddl': case 'vpadal': {
      if (badQ(q, d, m) || z === 3) return false;
      const s = !(B & 1), acc = op === 'vpadal';
      writeReg(c, d, bridge(c, `paddl.${e}.${s}.${acc}.${nw}`, () => (w, _i, cpu) => {
        const A = lanes(w, 0, nw, e, s), D = lanes(w, nw, nw, 2 * e, false);
        put(D.map((x, i) => (acc ? x : 0n) + A[2 * i] + A[2 * i + 1]), 2 * e); void cpu;
      }, [...V(), ...words(d, nw)], 0, nw));
      return;
    }
    case 'vcls': case 'vclz': case 'vcnt': case 'vqabs': case 'vqneg': case 'vabs': case 'vneg':
    case 'vcgt0': case 'vcge0': case 'vceq0': case 'vcle0': case 'vclt0': {
      if (badQ(q, d, m) || z === 3) return false;
      if (op === 'vcnt' && z !== 0) return false;
      const k: NK = MISC_K[op](e);
      writeReg(c, d, callWords(c, wordHelper(op, e, k), V(), undefined, undefined));
      return;
    }
    case 'vmvn': if (badQ(q, d, m) || z !== 0) return false; writeReg(c, d, V().map((x) => b.un('not', c.t32(), x))); return;
    case 'vabs.f': case 'vneg.f': if (badQ(q, d, m) || z !== 2) return false;
      writeReg(c, d, V().map((x) => (op === 'vabs.f' ? b.and(c.t32(), x, c32(0x7fffffff)) : b.xor(c.t32(), x, c32(SIGN)))));
      return;
    case 'vcgt0.f': case 'vcge0.f': case 'vceq0.f': case 'vcle0.f': case 'vclt0.f': {
      if (badQ(q, d, m) || z !== 2) return false;
      const k = op.slice(1, 4) as 'cgt' | 'cge' | 'ceq' | 'cle' | 'clt';
      writeReg(c, d, callWords(c, fpHelper(k, FK3[k]), V(), Array(nw).fill(ZERO), undefined));
      return;
    }
    case 'vswp': {
      if (badQ(q, d, m) || z !== 0) return false;
      const Dw = words(d, nw), Mw = V();
      commit(c, [...Mw.map((v, k) => [2 * d + k, v] as [number, Val]), ...Dw.map((v, k) => [2 * m + k, v] as [number, Val])]);
      return;
    }
    case 'vtrn': case 'vuzp': case 'vzip': {
      if (badQ(q, d, m) || z === 3 || (!q && z === 2 && op !== 'vtrn')) return false;
      const n = lanesPer, src = [...words(d, nw), ...V()]; // d lanes 0..n-1, m lanes n..2n-1
      let od: number[], om: number[];
      if (op === 'vtrn') {
        // VTRN: for each pair p, d[2p+1] ↔ m[2p]
        od = Array.from({ length: n }, (_, i) => (i & 1 ? n + i - 1 : i));
        om = Array.from({ length: n }, (_, i) => (i & 1 ? n + i : i + 1));
      } else if (op === 'vzip') { // interleave d and m: result d:m = d0 m0 d1 m1 ...
        const all = Array.from({ length: 2 * n }, (_, i) => (i & 1 ? n + (i >> 1) : i >> 1));
        od = all.slice(0, n); om = all.slice(n);
      } else { // unzip: even lanes of d:m to d, odd lanes to m
        const all = [...Array.from({ length: n }, (_, i) => 2 * i), ...Array.from({ length: n }, (_, i) => 2 * i + 1)];
        od = all.slice(0, n); om = all.slice(n);
      }
      const rd = permute(c, e, src, od), rm = permute(c, e, src, om);
      commit(c, [...rd.map((v, k) => [2 * d + k, v] as [number, Val]), ...rm.map((v, k) => [2 * m + k, v] as [number, Val])]);
      return;
    }
    case 'vmovn': case 'vqmovun': case 'vqmovn.s': case 'vqmovn.u': {
      if (z === 3 || (m & 1)) return false;
      let out: Val[];
      if (op === 'vmovn') out = e === 32 ? [VH[2 * m], VH[2 * m + 2]] : permute(c, e, words(m, 4), Array.from({ length: 64 / e }, (_, i) => 2 * i));
      else {
        const k = op === 'vqmovn.s' ? 'qmovns' : 'qmovnu', s = op !== 'vqmovn.u';
        out = bridge(c, `movn.${op}.${e}`, shiftFn(SHK[k], 2 * e, e, s, 4, 0, e), words(m, 4), 0, 2);
      }
      writeReg(c, d, out);
      return;
    }
    case 'vshll': {
      if (z === 3 || (d & 1)) return false;
      writeReg(c, d, bridge(c, `shll.${e}.false`, shiftFn(SHK.shll, e, 2 * e, false, 2, 0, 2 * e), words(m, 2), e, 4));
      return;
    }
    case 'vcvt.f16': { // f32 (Qm) → f16 (Dd)
      if (z !== 1 || (m & 1)) return false;
      const h = fpHelper('cvtf2h', FK1.cvtf2h);
      const hs = words(m, 4).map((x) => { const t = c.t32(); b.call(h, [x, ZERO, ZERO, ZERO], t); return t; });
      writeReg(c, d, [0, 1].map((k) => b.or(c.t32(), hs[2 * k], b.shl(c.t32(), hs[2 * k + 1], c32(16)))));
      return;
    }
    case 'vcvt.f32h': { // f16 (Dm) → f32 (Qd)
      if (z !== 1 || (d & 1)) return false;
      const h = fpHelper('cvth2f', FK1.cvth2f), W = words(m, 2);
      writeReg(c, d, [0, 1, 2, 3].map((k) => { const t = c.t32(); b.call(h, [k & 1 ? b.shr(c.t32(), W[k >> 1], c32(16)) : W[k >> 1], ZERO, ZERO, ZERO], t); return t; }));
      return;
    }
    case 'vrecpe': case 'vrsqrte': case 'vrecpe.u': case 'vrsqrte.u': {
      if (badQ(q, d, m) || z !== 2) return false;
      const k = op === 'vrecpe' ? 'recpe' : op === 'vrsqrte' ? 'rsqrte' : op === 'vrecpe.u' ? 'recpeu' : 'rsqrteu';
      writeReg(c, d, callWords(c, fpHelper(k, FK1[k]), V(), undefined, undefined));
      return;
    }
    case 'vcvt.f2s': case 'vcvt.f2u': case 'vcvt.s2f': case 'vcvt.u2f': {
      if (badQ(q, d, m) || z !== 2) return false;
      const toInt = op.startsWith('vcvt.f2'), sg = op === 'vcvt.f2s' || op === 'vcvt.s2f' ? 1 : 0;
      const k = toInt ? 'f2i' : 'i2f';
      writeReg(c, d, callWords(c, fpHelper(k, FK1[k]), V(), Array(nw).fill(c32(sg)), undefined, 0));
      return;
    }
  }
  return false;
}
const clz = (v: number, e: number) => { let n = 0; for (let i = e - 1; i >= 0 && !((v >>> i) & 1); i--) n++; return n; };
const MISC_K: Record<string, (e: number) => NK> = {
  vcls: (e) => (a) => clz((a ^ (sxe(a, e) >> 31)) & lmask(e), e) - 1,
  vclz: (e) => (a) => clz(a, e),
  vcnt: () => (a) => { let n = 0; for (let x = a; x; x &= x - 1) n++; return n; },
  vqabs: (e) => (a, _b, _d, cpu) => sat(cpu, Math.abs(sxe(a, e)), e, true),
  vqneg: (e) => (a, _b, _d, cpu) => sat(cpu, -sxe(a, e), e, true),
  vabs: (e) => (a) => Math.abs(sxe(a, e)),
  vneg: (e) => (a) => -sxe(a, e),
  vcgt0: (e) => (a) => ones(sxe(a, e) > 0), vcge0: (e) => (a) => ones(sxe(a, e) >= 0), vceq0: () => (a) => ones(a === 0),
  vcle0: (e) => (a) => ones(sxe(a, e) <= 0), vclt0: (e) => (a) => ones(sxe(a, e) < 0),
};
function decodeMisc(f: F): string | undefined {
  const B = f.b, q = f.q; // B = bits 10:7
  switch (f.a) {
    case 0: return [ 'vrev64', 'vrev32', 'vrev16', undefined, 'vpaddl', 'vpaddl', undefined, undefined,
      'vcls', 'vclz', 'vcnt', 'vmvn', 'vpadal', 'vpadal', 'vqabs', 'vqneg'][B];
    case 1: {
      const fl = B >> 3, o = B & 7;
      const nm = ['vcgt0', 'vcge0', 'vceq0', 'vcle0', 'vclt0', undefined, 'vabs', 'vneg'][o];
      return nm && (fl ? nm + '.f' : nm);
    }
    case 2:
      if (B <= 3) return ['vswp', 'vtrn', 'vuzp', 'vzip'][B];
      if (B === 4) return q ? 'vqmovun' : 'vmovn';
      if (B === 5) return q ? 'vqmovn.u' : 'vqmovn.s';
      if (B === 6 && !q) return 'vshll';
      if (B === 12 && !q) return 'vcvt.f16';
      if (B === 14 && !q) return 'vcvt.f32h';
      return undefined;
    default:
      if ((B & 0xd) === 8) return B & 2 ? 'vrecpe' : 'vrecpe.u';
      if ((B & 0xd) === 9) return B & 2 ? 'vrsqrte' : 'vrsqrte.u';
      if (B >= 12) return ['vcvt.s2f', 'vcvt.u2f', 'vcvt.f2s', 'vcvt.f2u'][B & 3];
      return undefined;
  }
}
function miscDis(f: F): string {
  const op = decodeMisc(f);
  if (!op) return 'undefined';
  const e = 8 << f.z, d = qreg(f.q, f.d), m = qreg(f.q, f.m);
  const base = op.replace(/\..*$/, '').replace(/0$/, '');
  const zero = op.includes('0') ? ', #0' : '';
  if (op.startsWith('vcvt.')) {
    const t = { 'vcvt.s2f': 'f32.s32', 'vcvt.u2f': 'f32.u32', 'vcvt.f2s': 's32.f32', 'vcvt.f2u': 'u32.f32', 'vcvt.f16': 'f16.f32', 'vcvt.f32h': 'f32.f16' }[op];
    if (op === 'vcvt.f16') return `vcvt.${t}\td${f.d}, q${f.m >> 1}`;
    if (op === 'vcvt.f32h') return `vcvt.${t}\tq${f.d >> 1}, d${f.m}`;
    return `vcvt.${t}\t${d}, ${m}`;
  }
  if (op === 'vmovn' || op.startsWith('vqmov')) return `${base}.${op === 'vmovn' ? 'i' : op === 'vqmovn.u' ? 'u' : 's'}${2 * e}\td${f.d}, q${f.m >> 1}`;
  if (op === 'vshll') return `vshll.i${e}\tq${f.d >> 1}, d${f.m}, #${e}`;
  const t = op.endsWith('.f') ? 'f32' : op === 'vmvn' || op === 'vswp' ? '' : ['vpaddl', 'vpadal'].includes(op) ? `${f.b & 1 ? 'u' : 's'}${e}`
    : op.startsWith('vrecpe') || op.startsWith('vrsqrte') ? (op.endsWith('.u') ? 'u32' : 'f32')
      : ['vrev64', 'vrev32', 'vrev16', 'vcnt', 'vtrn', 'vuzp', 'vzip', 'vceq0'].includes(op) ? `${op === 'vceq0' ? 'i' : ''}${e}` : `${op === 'vclz' ? 'i' : 's'}${e}`;
  return `${base}${t ? '.' + t : ''}\t${d}, ${m}${zero}`;
}

// ---------------------------------------------------------------- modified immediate, VEXT, VTBL, VDUP scalar, VMOV scalar

/** AdvSIMDExpandImm → [lo, hi] words, or undefined when UNPREDICTABLE/UNDEFINED. */
export function expandImm(op: number, cmode: number, imm8: number): [number, number] | undefined {
  let w: number;
  switch (cmode >> 1) {
    case 0: w = imm8; break;
    case 1: w = imm8 << 8; break;
    case 2: w = imm8 << 16; break;
    case 3: w = imm8 << 24; break;
    case 4: w = imm8 * 0x10001; break;
    case 5: w = (imm8 << 8) * 0x10001; break;
    case 6: w = cmode & 1 ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff; break;
    default:
      if (!(cmode & 1) && !op) { w = rep32(imm8, 8); break; }
      if (!(cmode & 1) && op) {
        let lo = 0, hi = 0;
        for (let i = 0; i < 4; i++) { if ((imm8 >> i) & 1) lo |= 0xff << (8 * i); if ((imm8 >> (i + 4)) & 1) hi |= 0xff << (8 * i); }
        return [lo | 0, hi | 0];
      }
      if (!op) { // f32
        const b6 = (imm8 >> 6) & 1;
        w = ((imm8 >> 7) << 31) | ((b6 ^ 1) << 30) | (b6 ? 0x3e000000 : 0) | ((imm8 & 0x3f) << 19);
        break;
      }
      return undefined;
  }
  return [w | 0, w | 0];
}
function modImm(c: Ctx, f: F): boolean | void {
  const cm = f.k, op = f.o, q = f.q, d = f.d;
  if (q && (d & 1)) return false;
  const imm8 = f.i;
  const v = expandImm(op, cm, imm8);
  if (!v) return false;
  const nw = q ? 4 : 2, b = c.b;
  const orr = cm < 12 && (cm & 1);
  const inv = op && !(cm === 14); // VMVN / VBIC
  const k = (i: number) => (inv ? ~v[i & 1] : v[i & 1]);
  if (!orr) { writeReg(c, d, Array.from({ length: nw }, (_, i) => c32(k(i)))); return; }
  writeReg(c, d, words(d, nw).map((x, i) => (op ? b.and(c.t32(), x, c32(k(i))) : b.or(c.t32(), x, c32(k(i))))));
}
function modImmDis(f: F): string {
  const cm = f.k, op = f.o, v = expandImm(op, cm, f.i);
  if (!v) return 'undefined';
  const orr = cm < 12 && (cm & 1);
  const name = orr ? (op ? 'vbic' : 'vorr') : op && cm !== 14 ? 'vmvn' : 'vmov';
  const t = cm === 14 && op ? 'i64' : cm === 15 ? 'f32' : cm === 14 ? 'i8' : cm >= 8 && cm < 12 ? 'i16' : 'i32';
  const imm = t === 'i64' ? `0x${(v[1] >>> 0).toString(16).padStart(8, '0')}${(v[0] >>> 0).toString(16).padStart(8, '0')}` : t === 'f32'
    ? String(new Float32Array(new Int32Array([v[0]]).buffer)[0]) : String(cm === 12 || cm === 13 ? (op ? ~v[0] >>> 0 : v[0] >>> 0) : (op && !orr ? f.i : f.i) << (t === 'i16' ? 8 * ((cm >> 1) & 1) : t === 'i32' ? 8 * ((cm >> 1) & 3) : 0) >>> 0);
  return `${name}.${t}\t${qreg(f.q, f.d)}, #${t === 'f32' ? imm : imm}`;
}

function vext(c: Ctx, f: F): boolean | void {
  const d = f.d, n = dregN(f.n), m = f.m, q = f.q;
  if (badQ(q, d, n, m) || (!q && f.i > 7)) return false;
  const nb = q ? 16 : 8;
  writeReg(c, d, permute(c, 8, [...words(n, nb / 4), ...words(m, nb / 4)], Array.from({ length: nb }, (_, i) => f.i + i)));
}
function vtbl(c: Ctx, f: F): boolean | void {
  const d = f.d, n = dregN(f.n), m = f.m, len = f.l + 1, tbx = f.o;
  if (n + len > 32) return false;
  const ins = [...words(n, 2 * len), ...words(m, 2), ...words(d, 2)];
  writeReg(c, d, bridge(c, `tbl.${len}.${tbx}`, () => (w) => {
    for (let i = 0; i < 8; i++) {
      const idx = (w[2 * len + (i >> 2)] >>> (8 * (i & 3))) & 0xff;
      const v = idx < 8 * len ? (w[idx >> 2] >>> (8 * (idx & 3))) & 0xff : tbx ? (w[2 * len + 2 + (i >> 2)] >>> (8 * (i & 3))) & 0xff : 0;
      OUTW[i >> 2] |= v << (8 * (i & 3));
    }
  }, ins, 0, 2));
}
function vdupScalar(c: Ctx, f: F): boolean | void {
  const d = f.d, m = f.m, q = f.q, i4 = f.i;
  if (badQ(q, d)) return false;
  const e = i4 & 1 ? 8 : i4 & 2 ? 16 : i4 & 4 ? 32 : 0;
  if (!e) return false;
  const idx = i4 >> (e === 8 ? 1 : e === 16 ? 2 : 3);
  writeReg(c, d, permute(c, e, words(m, 2), Array((q ? 128 : 64) / e).fill(idx)));
}
/** VMOV core register → scalar (8/16 bits). */
function vmovToScalar(c: Ctx, f: F): boolean | void {
  const oc = (f.o << 2) | f.p; // opc1:opc2
  const d = dregN(f.d), b = c.b;
  let e: number, x: number;
  if (oc & 8) { e = 8; x = oc & 7; } else if (oc & 1) { e = 16; x = (oc >> 1) & 3; } else return false;
  const pos = x * e, wd = 2 * d + (pos >> 5), sh = pos & 31, mk = lmask(e) << sh;
  const v = b.shl(c.t32(), b.and(c.t32(), c.r(f.t), c32(lmask(e))), c32(sh));
  b.mov(VH[wd], b.or(c.t32(), b.and(c.t32(), VH[wd], c32(~mk)), v));
}
function vmovFromScalar(c: Ctx, f: F): boolean | void {
  const oc = (f.o << 2) | f.p;
  const n = dregN(f.n), b = c.b;
  let e: number, x: number;
  if (oc & 8) { e = 8; x = oc & 7; } else if (oc & 1) { e = 16; x = (oc >> 1) & 3; } else return false;
  if (f.t === 15) return false;
  const pos = x * e, w = VH[2 * n + (pos >> 5)], sh = pos & 31;
  const t = sh ? b.shr(c.t32(), w, c32(sh)) : w;
  c.setR(f.t, b.un(e === 8 ? (f.u ? 'ext8u' : 'ext8s') : (f.u ? 'ext16u' : 'ext16s'), c.t32(), t));
  return true;
}

// ---------------------------------------------------------------- element and structure loads/stores

interface Elem { reg: number; lane: number }
/** Post-index write-back: Rm = 15 none, 13 by the transfer size, else + Rm. */
function writeback(c: Ctx, f: F, base: Val, bytes: number): void {
  if (f.m === 15) return;
  c.setR(f.n, c.b.add(c.t32(), base, f.m === 13 ? c32(bytes) : c.r(f.m)));
}
const MULTI: Record<number, [number, number, number]> = { // type → [structure elements n, registers per element group, spacing]
  7: [1, 1, 1], 10: [1, 2, 1], 6: [1, 3, 1], 2: [1, 4, 1],
  8: [2, 1, 1], 9: [2, 1, 2], 3: [2, 2, 2], 4: [3, 1, 1], 5: [3, 1, 2], 0: [4, 1, 1], 1: [4, 1, 2],
};
/** Memory order of the elements of a multiple-structure transfer. */
function multiOrder(f: F): { elems: Elem[]; e: number; all: boolean; nregs: number; regs: number[]; size?: number } | undefined {
  const row = MULTI[f.t];
  if (!row) return undefined;
  const [n, regs, inc] = row, e = 8 << f.z;
  if (n > 1 && f.z === 3) return undefined;
  const per = 64 / e, elems: Elem[] = [], used = new Set<number>();
  if (n === 1) { // VLD1/VST1: consecutive bytes in little-endian order, so move whole words whatever the size
    for (let r = 0; r < regs; r++) for (let l = 0; l < 2; l++) elems.push({ reg: f.d + r, lane: l });
    const rs = Array.from({ length: regs }, (_, r) => f.d + r);
    return rs[regs - 1] > 31 ? undefined : { elems, e: 32, all: false, nregs: regs, regs: rs, size: e };
  } else {
    for (let r = 0; r < regs; r++) for (let l = 0; l < per; l++) for (let s = 0; s < n; s++) elems.push({ reg: f.d + r + s * inc, lane: l });
  }
  for (const x of elems) used.add(x.reg);
  const rs = [...used].sort((a, b) => a - b);
  if (rs[rs.length - 1] > 31) return undefined;
  return { elems, e, all: false, nregs: rs.length, regs: rs, size: e };
}
function singleOrder(f: F): { elems: Elem[]; e: number; all: boolean; nregs: number; regs: number[] } | undefined {
  const n = f.s + 1, size = f.z;
  if (size === 3) { // all lanes
    const sz = f.i >> 2, T = (f.i >> 1) & 1;
    if (sz === 3 && n !== 4) return undefined;
    const e = sz === 3 ? 32 : 8 << sz;
    const nregs = n === 1 ? T + 1 : n, inc = n === 1 ? 1 : T + 1;
    const regs = n === 1 ? Array.from({ length: nregs }, (_, r) => f.d + r) : Array.from({ length: n }, (_, s) => f.d + s * inc);
    if (regs.some((r) => r > 31)) return undefined;
    return { elems: Array.from({ length: n }, (_, s) => ({ reg: regs[n === 1 ? 0 : s], lane: -1 })), e, all: true, nregs, regs };
  }
  const e = 8 << size, ia = f.i;
  const idx = ia >> (size + 1);
  const inc = size === 0 || n === 1 ? 1 : (ia >> size) & 1 ? 2 : 1;
  const regs = Array.from({ length: n }, (_, s) => f.d + s * inc);
  if (regs.some((r) => r > 31)) return undefined;
  return { elems: regs.map((reg) => ({ reg, lane: idx })), e, all: false, nregs: n, regs };
}
/** Alignment/size encodings that are UNDEFINED (as qemu-arm treats them): reserved :align values per structure type. */
function undefinedAlign(f: F, single: boolean): boolean {
  if (!single) {
    const a = f.a;
    switch (f.t) {
      case 7: case 6: case 4: case 5: return (a & 2) !== 0;
      case 10: case 8: case 9: return a === 3;
      default: return false;
    }
  }
  const n = f.s + 1, ia = f.i;
  if (f.z === 3) {
    const sz = ia >> 2, a = ia & 1;
    return (n === 1 && sz === 0 && a === 1) || (n === 3 && a === 1) || (n === 4 && sz === 3 && a === 0);
  }
  switch (n * 4 + f.z) {
    case 4: return (ia & 1) !== 0;
    case 5: return (ia & 2) !== 0;
    case 6: return (ia & 4) !== 0 || ((ia & 3) !== 0 && (ia & 3) !== 3);
    case 10: return (ia & 2) !== 0;
    case 12: case 13: return (ia & 1) !== 0;
    case 14: return (ia & 3) !== 0;
    case 18: return (ia & 3) === 3;
    default: return false;
  }
}
function vldst(load: boolean, single: boolean) {
  return (c: Ctx, f: F): boolean | void => {
    if (f.n === 15 || undefinedAlign(f, single)) return false;
    const b = c.b, base = c.rs(f.n);
    const o = single ? singleOrder(f) : multiOrder(f);
    if (!o) return false;
    const { elems, e } = o, eb = e / 8, bytes = elems.length * eb;
    if (!load) {
      if (single && o.all) return false;
      elems.forEach((x, i) => {
        if (e === 64) { b.st(VH[2 * x.reg], base, 8 * i, 4); b.st(VH[2 * x.reg + 1], base, 8 * i + 4, 4); return; }
        const pos = x.lane * e, w = VH[2 * x.reg + (pos >> 5)], sh = pos & 31;
        b.st(sh ? b.shr(c.t32(), w, c32(sh)) : w, base, i * eb, eb as 1 | 2 | 4);
      });
      writeback(c, f, base, bytes);
      return;
    }
    // loads: every access first, then the register writes
    const vals = elems.map((_, i) => (e === 64 ? [b.ld(c.t32(), base, 8 * i, 4, false), b.ld(c.t32(), base, 8 * i + 4, 4, false)]
      : [b.ld(c.t32(), base, i * eb, eb as 1 | 2 | 4, false)]));
    const writes: [number, Val][] = [];
    if (single && o.all) {
      const so = o;
      const n = elems.length;
      const rep = vals.map(([v]) => (e === 32 ? v : b.bin('mul', c.t32(), v, c32(e === 8 ? 0x01010101 : 0x10001))));
      so.regs.forEach((r, k) => { const v = rep[n === 1 ? 0 : k]; writes.push([2 * r, v], [2 * r + 1, v]); });
    } else if (single) {
      elems.forEach((x, i) => {
        const pos = x.lane * e, wd = 2 * x.reg + (pos >> 5), sh = pos & 31;
        if (e === 32) { writes.push([wd, vals[i][0]]); return; }
        const mk = lmask(e) << sh;
        writes.push([wd, b.or(c.t32(), b.and(c.t32(), VH[wd], c32(~mk)), sh ? b.shl(c.t32(), vals[i][0], c32(sh)) : vals[i][0])]);
      });
    } else {
      // whole registers: assemble each word from its lanes
      const per = 32 / Math.min(e, 32);
      const byWord = new Map<number, Val[]>();
      elems.forEach((x, i) => {
        if (e === 64) { writes.push([2 * x.reg, vals[i][0]], [2 * x.reg + 1, vals[i][1]]); return; }
        const wd = 2 * x.reg + Math.floor(x.lane / per);
        let l = byWord.get(wd);
        if (!l) byWord.set(wd, l = []);
        l[x.lane % per] = vals[i][0];
      });
      for (const [wd, ls] of byWord) {
        let acc: Val = ls[0];
        for (let j = 1; j < ls.length; j++) acc = b.or(c.t32(), acc, b.shl(c.t32(), ls[j], c32(j * e)));
        writes.push([wd, acc]);
      }
    }
    writeback(c, f, base, bytes);
    commit(c, writes);
  };
}
function vldstDis(load: boolean, single: boolean) {
  return (f: F): string => {
    const o = single ? singleOrder(f) : multiOrder(f);
    if (!o) return 'undefined';
    const e = (o as { size?: number }).size ?? o.e, regs = o.regs;
    const nst = single ? f.s + 1 : MULTI[f.t][0];
    const lane = single ? (o.all ? '[]' : `[${o.elems[0].lane}]`) : '';
    const consec = regs.every((r, i) => i === 0 || r === regs[i - 1] + 1);
    const list = !single && consec && regs.length > 1 ? `d${regs[0]}-d${regs[regs.length - 1]}` : regs.map((r) => `d${r}${lane}`).join(', ');
    const al = !single && f.a ? ` :${64 << (f.a - 1)}` : '';
    return `v${load ? 'ld' : 'st'}${nst}.${e}\t{${list}}, [${R(f.n)}${al}]${f.m === 13 ? '!' : f.m !== 15 ? `, ${R(f.m)}` : ''}`;
  };
}

// ---------------------------------------------------------------- table (A32 encodings)

const P = (name: string, bits: string, dis: PatternSpec['dis'], fn: PatternSpec['fn'], when?: PatternSpec['when']): PatternSpec =>
  ({ name, bits, dis, fn, when });
const cs = (f: F) => (f.inIT ? COND_NAMES[f.itc] : COND_NAMES[f.c ?? 14]);

export const NEON_A32: PatternSpec[] = [
  P('neon3same', '1111 001u 0dzz nnnn dddd oooo nqmb mmmm', threeDis, three),
  P('neon3diff', '1111 001u 1dzz nnnn dddd oooo n0m0 mmmm', diffDis, diff, (f) => f.z !== 3),
  P('neonscalar', '1111 001u 1dzz nnnn dddd oooo n1m0 mmmm', scalarDis, byScalar, (f) => f.z !== 3),
  P('neonshift', '1111 001u 1dii iiii dddd oooo lqm1 mmmm', shiftDis, shiftImm, (f) => f.l === 1 || (f.i >> 3) !== 0),
  P('neonimm', '1111 001i 1d00 0iii dddd kkkk 0qo1 iiii', modImmDis, modImm),
  P('vext', '1111 0010 1d11 nnnn dddd iiii nqm0 mmmm', (f) => `vext.8\t${qreg(f.q, f.d)}, ${qreg(f.q, dregN(f.n))}, ${qreg(f.q, f.m)}, #${f.i}`, vext),
  P('neonmisc', '1111 0011 1d11 zzaa dddd 0bbb bqm0 mmmm', miscDis, misc),
  P('vtbl', '1111 0011 1d11 nnnn dddd 10ll nom0 mmmm', (f) => {
    const n = dregN(f.n);
    return `${f.o ? 'vtbx' : 'vtbl'}.8\td${f.d}, {${f.l ? `d${n}-d${n + f.l}` : `d${n}`}}, d${f.m}`;
  }, vtbl),
  P('vdup_scalar', '1111 0011 1d11 iiii dddd 1100 0qm0 mmmm', (f) => {
    const e = f.i & 1 ? 8 : f.i & 2 ? 16 : 32;
    return `vdup.${e}\t${qreg(f.q, f.d)}, d${f.m}[${f.i >> (e === 8 ? 1 : e === 16 ? 2 : 3)}]`;
  }, vdupScalar),
  P('vmov_to_scalar', 'cccc 1110 0oo0 dddd tttt 1011 dpp1 0000', (f) => {
    const oc = (f.o << 2) | f.p, e = oc & 8 ? 8 : 16, x = e === 8 ? oc & 7 : (oc >> 1) & 3;
    return `vmov${cs(f)}.${e}\td${dregN(f.d)}[${x}], ${R(f.t)}`;
  }, vmovToScalar),
  P('vmov_from_scalar', 'cccc 1110 uoo1 nnnn tttt 1011 npp1 0000', (f) => {
    const oc = (f.o << 2) | f.p, e = oc & 8 ? 8 : 16, x = e === 8 ? oc & 7 : (oc >> 1) & 3;
    return `vmov${cs(f)}.${f.u ? 'u' : 's'}${e}\t${R(f.t)}, d${dregN(f.n)}[${x}]`;
  }, vmovFromScalar),
  P('vld_multi', '1111 0100 0d10 nnnn dddd tttt zzaa mmmm', vldstDis(true, false), vldst(true, false)),
  P('vst_multi', '1111 0100 0d00 nnnn dddd tttt zzaa mmmm', vldstDis(false, false), vldst(false, false)),
  P('vld_single', '1111 0100 1d10 nnnn dddd zzss iiii mmmm', vldstDis(true, true), vldst(true, true)),
  P('vst_single', '1111 0100 1d00 nnnn dddd zzss iiii mmmm', vldstDis(false, true), vldst(false, true)),
];
void dt; void I64;
export type { Var };
