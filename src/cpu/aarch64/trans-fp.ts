// Scalar floating point: arithmetic, fused multiply-add, compares, conditional
// select/compare, conversions between precisions and to/from integers (incl.
// fixed point), FRINT*, FMOV. Values live in the low bits of V registers (the
// VLO globals); every scalar write zeroes the rest of the register. The
// arithmetic is in helpers over the shared FPU library (cpu.fp = FPCR/FPSR).

import { c32, c64, type Helper, Ty, type Val } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import * as fpu from '../fpu';
import { bit, bits, type Entry, ra, rd, rm, rn, sf } from './decode';
import { condTest, condValue, Ctx, setNZCVFrom, ZERO32, ZERO64 } from './gen';
import type { Aarch64Cpu } from './cpu';
import { fastFpHelper } from '../fpu/fast';
import { FPOK_SLOT } from './regs';
import { COND_NAMES, gr, hex } from './dis-util';
import { cvtf32toi, cvtf64toi, cvtito32, cvtito64, expandImm, fcmp32, fcmp64, frint32, frint64, RM_RDN, RM_RMM, RM_RNE, RM_RTZ, RM_RUP } from './fp-ops';

const I32 = Ty.I32, I64 = Ty.I64;
const SIGN = 0x80000000 | 0;
type Cpu = Aarch64Cpu;

function helper(name: string, args: Ty[], ret: Ty | undefined, fn: (...a: any[]) => number | void): Helper {
  return { name, fn, args, ret };
}

// ---- register access by precision: t = 0 (S), 1 (D), 3 (H) ----

export function readF(c: Ctx, t: number, r: number): Val {
  const b = c.b;
  if (t === 1) return c.vlo(r);
  const v = b.un('trunc', c.t32(), c.vlo(r));
  return t === 3 ? b.and(c.t32(), v, c32(0xffff)) : v;
}
export function writeF(c: Ctx, t: number, r: number, v: Val): void {
  const b = c.b;
  if (t === 1) b.mov(c.vlo(r), v); else b.un('extu', c.vlo(r), t === 3 ? b.and(c.t32(), v, c32(0xffff)) : v);
  b.mov(c.vhi(r), ZERO64);
}
const tyOf = (t: number) => (t === 1 ? I64 : I32);
const regName = (t: number, r: number) => `${t === 1 ? 'd' : t === 3 ? 'h' : 's'}${r}`;

function callF(c: Ctx, h: Helper, args: Val[]): Val {
  const d = c.b.temp(h.ret!);
  c.b.call(h, args, d);
  return d;
}

// ---- helpers ----

const neg64 = (lo: number): number => { RET[0] ^= SIGN; return lo; };

const DP2: Record<number, [string, Helper, Helper]> = {};
const dp2 = (op: number, name: string, f32: (a: number, b: number, st: fpu.FpStatus) => number,
  f64: (al: number, ah: number, bl: number, bh: number, st: fpu.FpStatus) => number) => {
  DP2[op] = [name,
    helper(`${name}.s`, [I32, I32], I32, (cpu: Cpu, a, b) => f32(a, b, cpu.fp)),
    helper(`${name}.d`, [I64, I64], I64, (cpu: Cpu, al, ah, bl, bh) => f64(al, ah, bl, bh, cpu.fp))];
};
dp2(0, 'fmul', fpu.mul32, fpu.mul64);
dp2(1, 'fdiv', fpu.div32, fpu.div64);
dp2(2, 'fadd', fpu.add32, fpu.add64);
dp2(3, 'fsub', fpu.sub32, fpu.sub64);
dp2(4, 'fmax', fpu.maxNaN32, fpu.maxNaN64);
dp2(5, 'fmin', fpu.minNaN32, fpu.minNaN64);
dp2(6, 'fmaxnm', fpu.maxNum32, fpu.maxNum64);
dp2(7, 'fminnm', fpu.minNum32, fpu.minNum64);
dp2(8, 'fnmul', (a, b, st) => fpu.mul32(a, b, st) ^ SIGN, (al, ah, bl, bh, st) => neg64(fpu.mul64(al, ah, bl, bh, st)));

// Host-FPU fast paths for the IEEE arithmetic (src/cpu/fpu/fast.ts).
for (const [op, kind] of [[0, 'mul'], [1, 'div'], [2, 'add'], [3, 'sub']] as const) {
  const e = DP2[op];
  e[1] = fastFpHelper(e[1], { op: kind, size: 4, okSlot: FPOK_SLOT, boxed: false }, (cpu: Cpu) => cpu.fastFpOk());
  e[2] = fastFpHelper(e[2], { op: kind, size: 8, okSlot: FPOK_SLOT, boxed: false }, (cpu: Cpu) => cpu.fastFpOk());
}

/** FMADD family: d = (negA ? -a : a) + (negN ? -n : n) * m. */
const DP3: [string, Helper, Helper][] = [[0, 0], [1, 0], [1, 1], [0, 1]].map(([negN, negA], i) => {
  const name = ['fmadd', 'fmsub', 'fnmadd', 'fnmsub'][i];
  const nn = negN ? SIGN : 0, na = negA ? SIGN : 0;
  return [name,
    helper(`${name}.s`, [I32, I32, I32], I32, (cpu: Cpu, n, m, a) => fpu.fma32(n ^ nn, m, a ^ na, cpu.fp)),
    helper(`${name}.d`, [I64, I64, I64], I64, (cpu: Cpu, nl, nh, ml, mh, al, ah) => fpu.fma64(nl, nh ^ nn, ml, mh, al, ah ^ na, cpu.fp))];
});

const H_SQRT = [
  fastFpHelper(helper('fsqrt.s', [I32], I32, (cpu: Cpu, a) => fpu.sqrt32(a, cpu.fp)),
    { op: 'sqrt', size: 4, okSlot: FPOK_SLOT, boxed: false }, (cpu: Cpu) => cpu.fastFpOk()),
  fastFpHelper(helper('fsqrt.d', [I64], I64, (cpu: Cpu, l, h) => fpu.sqrt64(l, h, cpu.fp)),
    { op: 'sqrt', size: 8, okSlot: FPOK_SLOT, boxed: false }, (cpu: Cpu) => cpu.fastFpOk())];

/** FRINT{N,P,M,Z,A,-,X,I}: rounding (−1 = FPCR) and exactness per opcode low bits. */
const FRINT_RM = [RM_RNE, RM_RUP, RM_RDN, RM_RTZ, RM_RMM, -1, -1, -1];
const H_FRINT = [helper('frint.s', [I32, I32, I32], I32, (cpu: Cpu, a, rm, x) => frint32(a, cpu.fp, rm < 0 ? cpu.fp.rm : rm, !!x)),
  helper('frint.d', [I64, I32, I32], I64, (cpu: Cpu, l, h, rm, x) => frint64(l, h, cpu.fp, rm < 0 ? cpu.fp.rm : rm, !!x))];

// FCVT between precisions: [from][to]
const H_FCVT: Record<string, Helper> = {
  '0>1': helper('fcvt.d.s', [I32], I64, (cpu: Cpu, a) => fpu.f32to64(a, cpu.fp)),
  '1>0': helper('fcvt.s.d', [I64], I32, (cpu: Cpu, l, h) => fpu.f64to32(l, h, cpu.fp)),
  '3>0': helper('fcvt.s.h', [I32], I32, (cpu: Cpu, a) => fpu.f16to32(a, cpu.fp, cpu.ahp)),
  '3>1': helper('fcvt.d.h', [I32], I64, (cpu: Cpu, a) => fpu.f16to64(a, cpu.fp, cpu.ahp)),
  '0>3': helper('fcvt.h.s', [I32], I32, (cpu: Cpu, a) => fpu.f32to16(a, cpu.fp, cpu.ahp)),
  '1>3': helper('fcvt.h.d', [I64], I32, (cpu: Cpu, l, h) => fpu.f64to16(l, h, cpu.fp, cpu.ahp)),
};

const H_FCMP = [helper('fcmp.s', [I32, I32, I32], I32, (cpu: Cpu, a, b, e) => fcmp32(a, b, cpu.fp, !!e)),
  helper('fcmp.d', [I64, I64, I32], I32, (cpu: Cpu, al, ah, bl, bh, e) => fcmp64(al, ah, bl, bh, cpu.fp, !!e))];

// float → int: args (value, rm (-1 = FPCR), signed, fbits); i64 result (W results use the low half).
const H_F2I = [
  [helper('fcvt_i32.s', [I32, I32, I32, I32], I32, (cpu: Cpu, a, rm, s, fb) => cvtf32toi(a, cpu.fp, rm < 0 ? cpu.fp.rm : rm, !!s, false, fb)),
    helper('fcvt_i64.s', [I32, I32, I32, I32], I64, (cpu: Cpu, a, rm, s, fb) => cvtf32toi(a, cpu.fp, rm < 0 ? cpu.fp.rm : rm, !!s, true, fb))],
  [helper('fcvt_i32.d', [I64, I32, I32, I32], I32, (cpu: Cpu, l, h, rm, s, fb) => cvtf64toi(l, h, cpu.fp, rm < 0 ? cpu.fp.rm : rm, !!s, false, fb)),
    helper('fcvt_i64.d', [I64, I32, I32, I32], I64, (cpu: Cpu, l, h, rm, s, fb) => cvtf64toi(l, h, cpu.fp, rm < 0 ? cpu.fp.rm : rm, !!s, true, fb))],
];
// int → float: args (i64 value, is64, signed, fbits)
const H_I2F = [
  helper('cvtf.s', [I64, I32, I32, I32], I32, (cpu: Cpu, l, h, is64, s, fb) => cvtito32(l, h, !!is64, !!s, cpu.fp, fb)),
  helper('cvtf.d', [I64, I32, I32, I32], I64, (cpu: Cpu, l, h, is64, s, fb) => cvtito64(l, h, !!is64, !!s, cpu.fp, fb)),
];
/** f16 conversions to/from integers go through f32 (exact widening; single rounding narrowing via f64). */
const H_H2S = helper('fcvt.s.h.ieee', [I32], I32, (cpu: Cpu, a) => fpu.f16to32(a, cpu.fp, false)); // FPCR.AHP only affects FCVT

// ---- handlers ----

const okType = (t: number) => t === 0 || t === 1;

function trans_fp_dp2(c: Ctx, w: number): boolean | void {
  const t = bits(w, 23, 22), op = bits(w, 15, 12);
  const e = DP2[op];
  if (!e || !okType(t)) return false;
  writeF(c, t, rd(w), callF(c, t ? e[2] : e[1], [readF(c, t, rn(w)), readF(c, t, rm(w))]));
}
const dis_fp_dp2 = (w: number) => {
  const t = bits(w, 23, 22);
  return `${DP2[bits(w, 15, 12)]?.[0] ?? '.inst'}\t${regName(t, rd(w))}, ${regName(t, rn(w))}, ${regName(t, rm(w))}`;
};

function trans_fp_dp3(c: Ctx, w: number): boolean | void {
  const t = bits(w, 23, 22), i = (bit(w, 21) << 1) | bit(w, 15);
  if (!okType(t)) return false;
  writeF(c, t, rd(w), callF(c, t ? DP3[i][2] : DP3[i][1], [readF(c, t, rn(w)), readF(c, t, rm(w)), readF(c, t, ra(w))]));
}
const dis_fp_dp3 = (w: number) => {
  const t = bits(w, 23, 22), i = (bit(w, 21) << 1) | bit(w, 15);
  return `${DP3[i][0]}\t${regName(t, rd(w))}, ${regName(t, rn(w))}, ${regName(t, rm(w))}, ${regName(t, ra(w))}`;
};

const DP1_NAMES: Record<number, string> = { 0: 'fmov', 1: 'fabs', 2: 'fneg', 3: 'fsqrt', 8: 'frintn', 9: 'frintp', 10: 'frintm', 11: 'frintz', 12: 'frinta', 14: 'frintx', 15: 'frinti' };

function trans_fp_dp1(c: Ctx, w: number): boolean | void {
  const t = bits(w, 23, 22), op = bits(w, 20, 15);
  const b = c.b;
  if ((op & 0x3c) === 4) { // fcvt to type op&3
    const to = op & 3;
    if (to === 2 || to === t || t === 2) return false;
    writeF(c, to, rd(w), callF(c, H_FCVT[`${t}>${to}`], [readF(c, t, rn(w))]));
    return;
  }
  if (!okType(t)) return false;
  const x = readF(c, t, rn(w));
  const T = tyOf(t);
  const sign = t === 1 ? c64(-0x8000000000000000n) : c32(SIGN);
  switch (op) {
    case 0: writeF(c, t, rd(w), x); return;
    case 1: writeF(c, t, rd(w), b.and(b.temp(T), x, t === 1 ? c64(0x7fffffffffffffffn) : c32(0x7fffffff))); return;
    case 2: writeF(c, t, rd(w), b.xor(b.temp(T), x, sign)); return;
    case 3: writeF(c, t, rd(w), callF(c, H_SQRT[t], [x])); return;
  }
  if (op >= 8 && op <= 15 && op !== 13) {
    const k = op - 8;
    writeF(c, t, rd(w), callF(c, H_FRINT[t], [x, c32(FRINT_RM[k]), c32(k === 6 ? 1 : 0)]));
    return;
  }
  return false;
}
function dis_fp_dp1(w: number): string {
  const t = bits(w, 23, 22), op = bits(w, 20, 15);
  if ((op & 0x3c) === 4) return `fcvt\t${regName(op & 3, rd(w))}, ${regName(t, rn(w))}`;
  return `${DP1_NAMES[op] ?? '.inst'}\t${regName(t, rd(w))}, ${regName(t, rn(w))}`;
}

function trans_fp_cmp(c: Ctx, w: number): boolean | void {
  const t = bits(w, 23, 22), opc = bits(w, 4, 0);
  if (!okType(t) || (opc & 7)) return false;
  const x = readF(c, t, rn(w));
  const y = opc & 8 ? (t === 1 ? ZERO64 : ZERO32) : readF(c, t, rm(w));
  setNZCVFrom(c, callF(c, H_FCMP[t], [x, y, c32(opc & 16 ? 1 : 0)]));
}
const dis_fp_cmp = (w: number) => {
  const t = bits(w, 23, 22), opc = bits(w, 4, 0);
  return `${opc & 16 ? 'fcmpe' : 'fcmp'}\t${regName(t, rn(w))}, ${opc & 8 ? '#0.0' : regName(t, rm(w))}`;
};

function trans_fp_ccmp(c: Ctx, w: number): boolean | void {
  const t = bits(w, 23, 22), cc = bits(w, 15, 12), nzcv = bits(w, 3, 0);
  if (!okType(t)) return false;
  const b = c.b;
  const cv = condValue(c, cc);
  const v = c.t32();
  const skip = b.newLabel(), end = b.newLabel();
  b.brcond('eq', cv, ZERO32, skip);
  b.call(H_FCMP[t], [readF(c, t, rn(w)), readF(c, t, rm(w)), c32(bit(w, 4))], v);
  b.br(end);
  b.label(skip);
  b.mov(v, c32(nzcv << 28));
  b.label(end);
  setNZCVFrom(c, v);
}
const dis_fp_ccmp = (w: number) => {
  const t = bits(w, 23, 22);
  return `${bit(w, 4) ? 'fccmpe' : 'fccmp'}\t${regName(t, rn(w))}, ${regName(t, rm(w))}, #${hex(bits(w, 3, 0))}, ${COND_NAMES[bits(w, 15, 12)]}`;
};

function trans_fp_csel(c: Ctx, w: number): boolean | void {
  const t = bits(w, 23, 22);
  if (!okType(t)) return false;
  const tt = condTest(c, bits(w, 15, 12));
  const x = readF(c, t, rn(w)), y = readF(c, t, rm(w));
  writeF(c, t, rd(w), c.b.movcond(c.b.temp(tyOf(t)), tt.cond, tt.a, tt.b, x, y));
}
const dis_fp_csel = (w: number) => {
  const t = bits(w, 23, 22);
  return `fcsel\t${regName(t, rd(w))}, ${regName(t, rn(w))}, ${regName(t, rm(w))}, ${COND_NAMES[bits(w, 15, 12)]}`;
};

function trans_fp_imm(c: Ctx, w: number): boolean | void {
  const t = bits(w, 23, 22);
  if (!okType(t) && t !== 3) return false;
  const v = expandImm(bits(w, 20, 13), t as 0 | 1 | 3);
  writeF(c, t, rd(w), t === 1 ? c64((BigInt(v >>> 0) << 32n)) : c32(v));
}
/** objdump's FMOV immediate text: %.18e with a two-digit exponent. */
export function fpImmText(imm8: number, t: number): string {
  const v = expandImm(imm8, t as 0 | 1 | 3);
  let x: number;
  if (t === 1) x = new Float64Array(new Int32Array([0, v]).buffer)[0];
  else if (t === 0) x = new Float32Array(new Int32Array([v]).buffer)[0];
  else { const e = (v >>> 10) & 31, m = v & 0x3ff; x = (v & 0x8000 ? -1 : 1) * (1 + m / 1024) * Math.pow(2, e - 15); }
  return x.toExponential(18).replace(/e([+-])(\d)$/, 'e$10$2');
}
const dis_fp_imm = (w: number) => { const t = bits(w, 23, 22); return `fmov\t${regName(t, rd(w))}, #${fpImmText(bits(w, 20, 13), t)}`; };

// FP <-> integer (and FMOV between register files)
const CVT_RM = [RM_RNE, RM_RUP, RM_RDN, RM_RTZ];

function trans_fp_int(c: Ctx, w: number): boolean | void {
  const s = sf(w), t = bits(w, 23, 22), rmode = bits(w, 20, 19), op = bits(w, 18, 16);
  const b = c.b;
  const d = rd(w), n = rn(w);
  if (op === 6 || op === 7) { // fmov
    const toGen = op === 6;
    if (rmode === 1) { // top half of a 128-bit register
      if (!s || t !== 2) return false;
      if (toGen) c.setR(1, d, c.vhi(n)); else b.mov(c.vhi(d), c.x(n));
      return;
    }
    if (rmode !== 0) return false;
    if (t === 3) { // half: W or X ↔ H
      if (toGen) c.setR(s, d, s ? b.un('extu', c.t64(), readF(c, 3, n)) : readF(c, 3, n));
      else writeF(c, 3, d, c.r(0, n));
      return;
    }
    if (t !== s) return false; // 32-bit ↔ S, 64-bit ↔ D
    if (toGen) c.setR(s, d, readF(c, t, n)); else writeF(c, t, d, c.r(s, n));
    return;
  }
  if (t === 2) return false;
  if (op === 2 || op === 3) { // scvtf / ucvtf
    if (rmode !== 0) return false;
    const x = s ? c.x(n) : b.un('extu', c.t64(), c.r(0, n));
    const signed = op === 2 ? 1 : 0;
    if (t === 3) {
      // int → f16 via f64 would double-round for 64-bit ints; f32/f64 here, f16 is not advertised
      return false;
    }
    writeF(c, t, d, callF(c, H_I2F[t], [x, c32(s), c32(signed), c32(0)]));
    return;
  }
  // fcvt{n,p,m,z}{s,u} (rmode), fcvta{s,u} (op 4/5, rmode 0)
  let rmv: number;
  if (op <= 1) rmv = CVT_RM[rmode];
  else if ((op === 4 || op === 5) && rmode === 0) rmv = RM_RMM;
  else return false;
  const signed = op === 0 || op === 4 ? 1 : 0;
  let x = readF(c, t, n), tt = t;
  if (t === 3) { x = callF(c, H_H2S, [x]); tt = 0; }
  const r = callF(c, H_F2I[tt][s], [x, c32(rmv), c32(signed), c32(0)]);
  c.setR(s, d, r);
}
const F2I_NAMES: Record<string, string> = { '0,0': 'fcvtns', '0,1': 'fcvtnu', '1,0': 'fcvtps', '1,1': 'fcvtpu', '2,0': 'fcvtms', '2,1': 'fcvtmu', '3,0': 'fcvtzs', '3,1': 'fcvtzu', '0,4': 'fcvtas', '0,5': 'fcvtau' };
function dis_fp_int(w: number): string {
  const s = sf(w), t = bits(w, 23, 22), rmode = bits(w, 20, 19), op = bits(w, 18, 16);
  const d = rd(w), n = rn(w);
  if (op === 6 || op === 7) {
    const f = rmode === 1 ? `v${op === 6 ? n : d}.d[1]` : regName(t, op === 6 ? n : d);
    return op === 6 ? `fmov\t${gr(s, d)}, ${f}` : `fmov\t${f}, ${gr(s, n)}`;
  }
  if (op === 2 || op === 3) return `${op === 2 ? 'scvtf' : 'ucvtf'}\t${regName(t, d)}, ${gr(s, n)}`;
  return `${F2I_NAMES[`${rmode},${op}`] ?? '.inst'}\t${gr(s, d)}, ${regName(t, n)}`;
}

function trans_fp_fixed(c: Ctx, w: number): boolean | void {
  const s = sf(w), t = bits(w, 23, 22), rmode = bits(w, 20, 19), op = bits(w, 18, 16), scale = bits(w, 15, 10);
  if (!okType(t) || (!s && scale < 32)) return false;
  const fbits = 64 - scale;
  const b = c.b;
  if (rmode === 0 && (op === 2 || op === 3)) {
    const x = s ? c.x(rn(w)) : b.un('extu', c.t64(), c.r(0, rn(w)));
    writeF(c, t, rd(w), callF(c, H_I2F[t], [x, c32(s), c32(op === 2 ? 1 : 0), c32(fbits)]));
    return;
  }
  if (rmode === 3 && op <= 1) {
    c.setR(s, rd(w), callF(c, H_F2I[t][s], [readF(c, t, rn(w)), c32(RM_RTZ), c32(op === 0 ? 1 : 0), c32(fbits)]));
    return;
  }
  return false;
}
function dis_fp_fixed(w: number): string {
  const s = sf(w), t = bits(w, 23, 22), op = bits(w, 18, 16), fb = 64 - bits(w, 15, 10);
  if (op === 2 || op === 3) return `${op === 2 ? 'scvtf' : 'ucvtf'}\t${regName(t, rd(w))}, ${gr(s, rn(w))}, #${fb}`;
  return `${op === 0 ? 'fcvtzs' : 'fcvtzu'}\t${gr(s, rd(w))}, ${regName(t, rn(w))}, #${fb}`;
}

export const FP_ENTRIES: Entry[] = [
  ['fp_dp1', '000 11110 tt 1 oooooo 10000 nnnnn ddddd', trans_fp_dp1, dis_fp_dp1],
  ['fp_cmp', '000 11110 tt 1 mmmmm 00 1000 nnnnn ooooo', trans_fp_cmp, dis_fp_cmp],
  ['fp_imm', '000 11110 tt 1 iiiiiiii 100 00000 ddddd', trans_fp_imm, dis_fp_imm],
  ['fp_ccmp', '000 11110 tt 1 mmmmm cccc 01 nnnnn o vvvv', trans_fp_ccmp, dis_fp_ccmp],
  ['fp_dp2', '000 11110 tt 1 mmmmm oooo 10 nnnnn ddddd', trans_fp_dp2, dis_fp_dp2],
  ['fp_csel', '000 11110 tt 1 mmmmm cccc 11 nnnnn ddddd', trans_fp_csel, dis_fp_csel],
  ['fp_dp3', '000 11111 tt a mmmmm b aaaaa nnnnn ddddd', trans_fp_dp3, dis_fp_dp3],
  ['fp_int', 'f 0 0 11110 tt 1 rr ooo 000000 nnnnn ddddd', trans_fp_int, dis_fp_int],
  ['fp_fixed', 'f 0 0 11110 tt 0 rr ooo ssssss nnnnn ddddd', trans_fp_fixed, dis_fp_fixed],
];
