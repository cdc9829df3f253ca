// VFPv3 (D32) and NEON (neon.ts), as pattern tables for A32 and
// T32 (the T32 encodings are the A32 ones with cond = 1110, NEON data
// processing 1111 001U → 111U 1111, NEON element loads/stores 1111 0100 → 1111 1001).
//
// Register fields: letters are concatenated in bit order, so 'd' (D at bit 22,
// Vd at 15:12) and 'm' (M at bit 5, Vm at 3:0) read as D:Vd / M:Vm (the double
// register numbers), and 'n' (Vn at 19:16, N at bit 7) reads as Vn:N (the single
// register number). sreg()/dregN() convert.
//
// Arithmetic goes through helpers over the FPU library with cpu.fp, which the
// FPSCR setter configures (rounding mode, FZ, DN; tininess before rounding, as
// ARM's FPRound detects it). Moves, loads, stores, VABS/VNEG are plain IR.

import { c32, Ty, type Helper, type Val, type Var } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import * as fpu from '../fpu';
import { address, Ctx, ONE, ZERO, type Size } from './gen';
import { setNZCVFrom } from './ops';
import type { ArmCpu } from './cpu';
import type { Fields, PatternSpec } from './pattern';
import { COND_NAMES, R } from './disasm';
import { FPOK_SLOT, FPSCR_SLOT, VH } from './regs';
import { fastFpHelper } from '../fpu/fast';
import { NEON_A32 } from './neon';

type F = Fields;
const I32 = Ty.I32;
const sreg = (v: number) => ((v & 15) << 1) | (v >> 4); // D:Vd → Vd:D
const dregN = (v: number) => ((v & 1) << 4) | (v >> 1); // Vn:N → N:Vn

// ---- helpers ----

function h(name: string, nargs: number, fn: (cpu: ArmCpu, ...a: number[]) => number, ret: Ty = I32): Helper {
  return { name, fn: fn as Helper['fn'], args: Array(nargs).fill(I32), ret };
}
const SIGN = -0x80000000;
const st = (cpu: ArmCpu) => cpu.fp;

type Op32 = (a: number, b: number, s: fpu.FpStatus) => number;
type Op64 = (al: number, ah: number, bl: number, bh: number, s: fpu.FpStatus) => number;
const BIN: Record<string, [Op32, Op64]> = {
  add: [fpu.add32, fpu.add64], sub: [fpu.sub32, fpu.sub64], mul: [fpu.mul32, fpu.mul64], div: [fpu.div32, fpu.div64],
};
const H32: Record<string, Helper> = {}, H64: Record<string, Helper> = {};
for (const [k, [f32, f64]] of Object.entries(BIN)) {
  H32[k] = h(`v${k}.f32`, 2, (cpu, a, b) => f32(a, b, st(cpu)));
  H64[k] = h(`v${k}.f64`, 4, (cpu, al, ah, bl, bh) => f64(al, ah, bl, bh, st(cpu)), Ty.I64);
}
// Fused: fma(±n, m, ±d).
for (const [k, negN, negD] of [['fma', 0, 0], ['fms', 1, 0], ['fnma', 1, 1], ['fnms', 0, 1]] as const) {
  const nn = negN ? SIGN : 0, nd = negD ? SIGN : 0;
  H32[k] = h(`v${k}.f32`, 3, (cpu, d, n, m) => fpu.fma32(n ^ nn, m, d ^ nd, st(cpu)));
  H64[k] = h(`v${k}.f64`, 6, (cpu, dl, dh, nl, nh, ml, mh) => fpu.fma64(nl, nh ^ nn, ml, mh, dl, dh ^ nd, st(cpu)), Ty.I64);
}
H32.nmul = h('vnmul.f32', 2, (cpu, a, b) => fpu.mul32(a, b, st(cpu)) ^ SIGN);
H64.nmul = h('vnmul.f64', 4, (cpu, al, ah, bl, bh) => { const l = fpu.mul64(al, ah, bl, bh, st(cpu)); RET[0] ^= SIGN; return l; }, Ty.I64);
H32.sqrt = h('vsqrt.f32', 1, (cpu, a) => fpu.sqrt32(a, st(cpu)));
H64.sqrt = h('vsqrt.f64', 2, (cpu, al, ah) => fpu.sqrt64(al, ah, st(cpu)), Ty.I64);
// Host-FPU fast paths (src/cpu/fpu/fast.ts); doubles arrive as (lo, hi) i32 pairs.
for (const k of ['add', 'sub', 'mul', 'div', 'sqrt'] as const) {
  const ok = (cpu: ArmCpu) => cpu.fastFpOk();
  H32[k] = fastFpHelper(H32[k], { op: k, size: 4, okSlot: FPOK_SLOT, boxed: false }, ok);
  H64[k] = fastFpHelper(H64[k], { op: k, size: 8, okSlot: FPOK_SLOT, boxed: false }, ok);
}

const CMP_NZCV = [0x8, 0x6, 0x2, 0x3]; // less, equal, greater, unordered
const setFpNZCV = (cpu: ArmCpu, r: number) => { cpu.regs[FPSCR_SLOT] = (cpu.regs[FPSCR_SLOT] & 0x0fffffff) | (CMP_NZCV[r] << 28); return 0; };
// FPCompare unpacks (and flushes, raising IDC) both operands before looking at NaNs.
const denorm32 = (a: number) => (a & 0x7f800000) === 0 && (a & 0x7fffff) !== 0;
const denorm64 = (hi: number, lo: number) => (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0;
const H_CMP32 = h('vcmp.f32', 3, (cpu, a, b, e) => {
  const s = st(cpu);
  if (s.ftz && (denorm32(a) || denorm32(b))) s.flags |= fpu.FLAG_ID;
  return setFpNZCV(cpu, fpu.cmp32(a, b, s, e !== 0));
});
const H_CMP64 = h('vcmp.f64', 5, (cpu, al, ah, bl, bh, e) => {
  const s = st(cpu);
  if (s.ftz && (denorm64(ah, al) || denorm64(bh, bl))) s.flags |= fpu.FLAG_ID;
  return setFpNZCV(cpu, fpu.cmp64(al, ah, bl, bh, s, e !== 0));
});

const H_F32TO64 = h('vcvt.f64.f32', 1, (cpu, a) => fpu.f32to64(a, st(cpu)), Ty.I64);
const H_F64TO32 = h('vcvt.f32.f64', 2, (cpu, l, hh) => fpu.f64to32(l, hh, st(cpu)));
const H_I2F32 = h('vcvt.f32.int', 2, (cpu, v, s) => fpu.i32tof32(v, st(cpu), s !== 0));
const H_I2F64 = h('vcvt.f64.int', 2, (cpu, v, s) => fpu.i32tof64(v, st(cpu), s !== 0), Ty.I64);
/** float → int with the FPSCR rounding mode, or toward zero (rz). */
function withRm<T>(cpu: ArmCpu, rz: number, fn: (s: fpu.FpStatus) => T): T {
  const s = st(cpu);
  if (!rz) return fn(s);
  const rm = s.rm; s.rm = fpu.RM_RTZ;
  try { return fn(s); } finally { s.rm = rm; }
}
const H_F32TOI = h('vcvt.int.f32', 3, (cpu, a, sg, rz) => withRm(cpu, rz, (s) => fpu.f32toi32(a, s, sg !== 0, 'zero')));
const H_F64TOI = h('vcvt.int.f64', 4, (cpu, l, hh, sg, rz) => withRm(cpu, rz, (s) => fpu.f64toi32(l, hh, s, sg !== 0, 'zero')));
// Fixed point (fbits fraction bits; size 16 or 32 handled by the caller's sign/zero extension).
const pow2 = (e: number): [number, number] => [0, ((1023 + e) << 20) | 0];
// AArch32 fixed → float always rounds to nearest (FixedToFP's round_nearest; qemu's *_round_to_nearest helpers).
const H_FIX2F32 = h('vcvt.f32.fix', 3, (cpu, v, sg, fb) => {
  const dl = fpu.i32tof64(v, st(cpu), sg !== 0), dh = RET[0]; // exact
  const [pl, ph] = pow2(-fb);
  const ql = fpu.mul64(dl, dh, pl, ph, st(cpu)), qh = RET[0]; // exact (power of two)
  const s = st(cpu), rm = s.rm;
  s.rm = fpu.RM_RNE;
  try { return fpu.f64to32(ql, qh, s); } finally { s.rm = rm; }
});
const H_FIX2F64 = h('vcvt.f64.fix', 3, (cpu, v, sg, fb) => {
  const dl = fpu.i32tof64(v, st(cpu), sg !== 0), dh = RET[0];
  const [pl, ph] = pow2(-fb);
  return fpu.mul64(dl, dh, pl, ph, st(cpu));
}, Ty.I64);
/** Saturates a 32-bit conversion result to 16 bits: IOC only (no IXC), as FPToFixed's SatQ. */
function sat16(s: fpu.FpStatus, flags0: number, v: number, signed: boolean, size: number): number {
  if (size !== 16) return v;
  const lo = signed ? -0x8000 : 0, hi = signed ? 0x7fff : 0xffff;
  const x = signed ? v : v >>> 0;
  if (x < lo || x > hi) { s.flags = flags0 | fpu.FLAG_NV; return x < lo ? lo : hi; }
  return v;
}
const H_F32TOFIX = h('vcvt.fix.f32', 4, (cpu, a, sg, fb, size) => withRm(cpu, 1, (s) => {
  const f0 = s.flags;
  const dl = fpu.f32to64(a, s), dh = RET[0];
  const [pl, ph] = pow2(fb);
  const ql = fpu.mul64(dl, dh, pl, ph, s), qh = RET[0];
  return sat16(s, f0, fpu.f64toi32(ql, qh, s, sg !== 0, 'zero'), sg !== 0, size);
}));
const H_F64TOFIX = h('vcvt.fix.f64', 5, (cpu, l, hh, sg, fb, size) => withRm(cpu, 1, (s) => {
  const f0 = s.flags;
  const [pl, ph] = pow2(fb);
  const ql = fpu.mul64(l, hh, pl, ph, s), qh = RET[0];
  return sat16(s, f0, fpu.f64toi32(ql, qh, s, sg !== 0, 'zero'), sg !== 0, size);
}));
const H_GET_FPSCR = h('vmrs.fpscr', 0, (cpu) => cpu.fpscr | 0);
const H_SET_FPSCR = h('vmsr.fpscr', 1, (cpu, v) => { cpu.fpscr = v >>> 0; return 0; });
const H_GET_FPNZCV = h('vmrs.nzcv', 0, (cpu) => cpu.regs[FPSCR_SLOT] & 0xf0000000);

// ---- IR plumbing ----

/** Operand halves of an s or d register. */
function src(dbl: boolean, r: number): Val[] { return dbl ? [VH[2 * r], VH[2 * r + 1]] : [VH[r]]; }
/** Calls helper and writes the s/d destination. */
function callTo(c: Ctx, hp: Helper, args: Val[], dbl: boolean, d: number): void {
  if (dbl) {
    const t = c.t64();
    c.b.call(hp, args, t);
    c.b.un('trunc', VH[2 * d], t);
    c.b.un('hi32', VH[2 * d + 1], t);
  } else {
    const t = c.t32();
    c.b.call(hp, args, t);
    c.b.mov(VH[d], t);
  }
}

const dn = (f: F) => !!f.s;
const rd = (f: F) => (f.s ? f.d : sreg(f.d));
const rn = (f: F) => (f.s ? dregN(f.n) : f.n);
const rm = (f: F) => (f.s ? f.m : sreg(f.m));
const fr = (dbl: boolean, r: number) => (dbl ? `d${r}` : `s${r}`);
const ty = (f: F) => (f.s ? 'f64' : 'f32');
const cs = (f: F) => (f.inIT ? COND_NAMES[f.itc] : COND_NAMES[f.c ?? 14]);

/** VMLA family (non-fused): d = ±d + ±(n*m) as two fast-path operations (mul, then add). */
const MLA_NEG: Record<string, [number, number]> = { mla: [0, 0], mls: [1, 0], nmla: [1, 1], nmls: [0, 1] };
function mulAcc(c: Ctx, k: string, x: boolean, d: number, n: number, m: number): void {
  const b = c.b, [negP, negD] = MLA_NEG[k];
  if (x) {
    const p = c.t64();
    b.call(H64.mul, [...src(true, n), ...src(true, m)], p);
    let ph: Val = b.un('hi32', c.t32(), p);
    if (negP) ph = b.xor(c.t32(), ph, c32(SIGN));
    const dh = negD ? b.xor(c.t32(), VH[2 * d + 1], c32(SIGN)) : VH[2 * d + 1];
    callTo(c, H64.add, [VH[2 * d], dh, b.un('trunc', c.t32(), p), ph], true, d);
  } else {
    let p: Val = c.t32();
    b.call(H32.mul, [...src(false, n), ...src(false, m)], p as Var);
    if (negP) p = b.xor(c.t32(), p, c32(SIGN));
    const dv = negD ? b.xor(c.t32(), VH[d], c32(SIGN)) : VH[d];
    callTo(c, H32.add, [dv, p], false, d);
  }
}

const arith3 = (k: string, acc: boolean) => (c: Ctx, f: F) => {
  const d = rd(f), n = rn(f), m = rm(f), x = dn(f);
  if (k in MLA_NEG) { mulAcc(c, k, x, d, n, m); return; }
  const args = [...(acc ? src(x, d) : []), ...src(x, n), ...src(x, m)];
  callTo(c, (x ? H64 : H32)[k], args, x, d);
};
const dis3 = (name: string) => (f: F) => `${name}${cs(f)}.${ty(f)}\t${fr(dn(f), rd(f))}, ${fr(dn(f), rn(f))}, ${fr(dn(f), rm(f))}`;
const dis2 = (name: string, t?: (f: F) => string) => (f: F) => `${name}${cs(f)}.${t ? t(f) : ty(f)}\t${fr(dn(f), rd(f))}, ${fr(dn(f), rm(f))}`;

function vmovReg(c: Ctx, f: F, op: 'mov' | 'abs' | 'neg'): void {
  const d = rd(f), m = rm(f), x = dn(f), b = c.b;
  const hiSrc = x ? VH[2 * m + 1] : VH[m];
  let hi: Val = hiSrc;
  if (op === 'abs') hi = b.and(c.t32(), hiSrc, c32(0x7fffffff));
  else if (op === 'neg') hi = b.xor(c.t32(), hiSrc, c32(SIGN));
  if (x) {
    const lo = b.mov(c.t32(), VH[2 * m]);
    b.mov(VH[2 * d + 1], hi);
    b.mov(VH[2 * d], lo);
  } else b.mov(VH[d], hi);
}

/** VFPExpandImm. */
function vfpImm(imm8: number, dbl: boolean): [number, number] {
  const s = imm8 >> 7, b6 = (imm8 >> 6) & 1, frac = imm8 & 0x3f;
  if (!dbl) {
    const exp = ((b6 ^ 1) << 7) | (b6 ? 0x7c : 0) | ((frac >> 4) & 3);
    return [((s << 31) | (exp << 23) | ((frac & 15) << 19)) | 0, 0];
  }
  const exp = ((b6 ^ 1) << 10) | (b6 ? 0x3fc : 0) | ((frac >> 4) & 3);
  return [0, ((s << 31) | (exp << 20) | ((frac & 15) << 16)) | 0];
}
const immNum = (imm8: number, dbl: boolean): string => {
  const [lo, hi] = vfpImm(imm8, dbl);
  const dv = new DataView(new ArrayBuffer(8));
  if (dbl) { dv.setInt32(0, lo, true); dv.setInt32(4, hi, true); return String(dv.getFloat64(0, true)); }
  dv.setInt32(0, lo, true); return String(dv.getFloat32(0, true));
};

// ---- loads/stores ----

function vldst(load: boolean) {
  return (c: Ctx, f: F): void => {
    const x = dn(f), d = rd(f);
    const a = f.n === 15 ? c32((f.u ? c.pcAligned + f.i * 4 : c.pcAligned - f.i * 4)) : address(c, f.n, c32(f.i * 4), true, !!f.u, false).addr;
    if (load) {
      const lo = c.b.ld(c.t32(), a, 0, 4, false);
      if (x) { const hi = c.b.ld(c.t32(), a, 4, 4, false); c.b.mov(VH[2 * d], lo); c.b.mov(VH[2 * d + 1], hi); }
      else c.b.mov(VH[d], lo);
    } else if (x) { c.b.st(VH[2 * d + 1], a, 4, 4); c.b.st(VH[2 * d], a, 0, 4); }
    else c.b.st(VH[d], a, 0, 4);
  };
}
const vldstDis = (name: string) => (f: F) => `${name}${cs(f)}\t${fr(dn(f), rd(f))}, [${R(f.n)}${f.i ? `, #${f.u ? '' : '-'}${f.i * 4}` : ''}]`;

function vlsm(load: boolean) {
  return (c: Ctx, f: F): boolean | void => {
    const x = dn(f), first = x ? 2 * f.d : sreg(f.d), words = f.i; // 32-bit halves
    if (words === 0 || first + words > (x ? 64 : 32) || (x && (words & 1))) return false; // past s31/d31: UNDEFINED as in qemu
    if (f.p === f.u && f.w) return false;
    const b = c.b;
    const base = c.rs(f.n);
    const start = f.p ? b.sub(c.t32(), base, c32(words * 4)) : base;
    if (load) {
      const vals = Array.from({ length: words }, (_, k) => b.ld(c.t32(), start, 4 * k, 4, false));
      if (f.w) c.setR(f.n, f.u ? b.add(c.t32(), base, c32(words * 4)) : start);
      vals.forEach((v, k) => b.mov(VH[first + k], v));
    } else {
      for (let k = words - 1; k >= 0; k--) b.st(VH[first + k], start, 4 * k, 4);
      if (f.w) c.setR(f.n, f.u ? b.add(c.t32(), base, c32(words * 4)) : start);
    }
  };
}
function vlsmDis(load: boolean) {
  return (f: F): string => {
    const x = dn(f), first = x ? f.d : sreg(f.d), n = x ? f.i >> 1 : f.i;
    const list = n === 1 ? fr(x, first) : `${fr(x, first)}-${fr(x, first + n - 1)}`;
    if (f.n === 13 && f.w && (load ? !f.p && f.u : f.p && !f.u)) return `${load ? 'vpop' : 'vpush'}${cs(f)}\t{${list}}`;
    return `v${load ? 'ldm' : 'stm'}${f.p ? 'db' : 'ia'}${cs(f)}\t${R(f.n)}${f.w ? '!' : ''}, {${list}}`;
  };
}

// ---- NEON: a few bitwise ops on whole registers (VORR/VMOV, VEOR, VAND, VBIC) ----

function neonLogic(op: 'and' | 'bic' | 'orr' | 'orn' | 'eor') {
  return (c: Ctx, f: F): boolean | void => {
    const words = f.q ? 4 : 2;
    const d = f.d, n = dregN(f.n), m = f.m;
    if (f.q && ((d | n | m) & 1)) return false;
    const b = c.b;
    const out: Var[] = [];
    for (let k = 0; k < words; k++) {
      const x = VH[2 * n + k], y = VH[2 * m + k];
      let r: Var;
      switch (op) {
        case 'and': r = b.and(c.t32(), x, y); break;
        case 'bic': r = b.and(c.t32(), x, b.un('not', c.t32(), y)); break;
        case 'orr': r = b.or(c.t32(), x, y); break;
        case 'orn': r = b.or(c.t32(), x, b.un('not', c.t32(), y)); break;
        default: r = b.xor(c.t32(), x, y);
      }
      out.push(r);
    }
    out.forEach((r, k) => b.mov(VH[2 * d + k], r));
  };
}
const neonLogicDis = (name: string) => (f: F) => {
  const r = (v: number) => (f.q ? `q${v >> 1}` : `d${v}`);
  return `${name}\t${r(f.d)}, ${r(dregN(f.n))}, ${r(f.m)}`;
};

/** VDUP.32/16/8 from a core register. */
function vdup(c: Ctx, f: F): boolean | void {
  const be = (f.b << 1) | f.e;
  const b = c.b;
  let v: Val = c.r(f.t);
  if (be === 2) v = b.un('ext8u', c.t32(), v), v = b.bin('mul', c.t32(), v, c32(0x01010101));
  else if (be === 1) v = b.un('ext16u', c.t32(), v), v = b.bin('mul', c.t32(), v, c32(0x00010001));
  else if (be !== 0) return false;
  const d = dregN(f.d);
  if (f.q && (d & 1)) return false; // a Q register must be an even D register
  const words = f.q ? 4 : 2;
  const t = b.mov(c.t32(), v);
  for (let k = 0; k < words; k++) b.mov(VH[2 * d + k], t);
}

// ---- the table (A32 form; T32 is derived) ----

const P = (name: string, bits: string, dis: PatternSpec['dis'], fn: PatternSpec['fn'], when?: PatternSpec['when']): PatternSpec =>
  ({ name, bits, dis, fn, when });

const VFP: PatternSpec[] = [
  P('vldr', 'cccc 1101 ud01 nnnn dddd 101s iiii iiii', vldstDis('vldr'), vldst(true)),
  P('vstr', 'cccc 1101 ud00 nnnn dddd 101s iiii iiii', vldstDis('vstr'), vldst(false)),
  P('vldm', 'cccc 110p ud w1 nnnn dddd 101s iiii iiii'.replace(' w1', 'w1'), vlsmDis(true), vlsm(true), (f) => !(f.p === 0 && f.u === 0)),
  P('vstm', 'cccc 110p udw0 nnnn dddd 101s iiii iiii', vlsmDis(false), vlsm(false), (f) => !(f.p === 0 && f.u === 0)),
  P('vmov_rs', 'cccc 1110 000o nnnn tttt 1010 n001 0000', (f) => f.o ? `vmov${cs(f)}\t${R(f.t)}, s${f.n}` : `vmov${cs(f)}\ts${f.n}, ${R(f.t)}`, (c, f) => {
    if (f.t === 15) return false;
    if (f.o) c.setR(f.t, VH[f.n]); else c.b.mov(VH[f.n], c.r(f.t));
    return true;
  }),
  P('vmov_rrd', 'cccc 1100 010o TTTT tttt 1011 00m1 mmmm', (f) => f.o ? `vmov${cs(f)}\t${R(f.t)}, ${R(f.T)}, d${f.m}` : `vmov${cs(f)}\td${f.m}, ${R(f.t)}, ${R(f.T)}`, (c, f) => {
    if (f.t === 15 || f.T === 15 || (f.o && f.t === f.T)) return false;
    if (f.o) { const hi = c.b.mov(c.t32(), VH[2 * f.m + 1]); c.setR(f.t, VH[2 * f.m]); c.setR(f.T, hi); }
    else { const lo = c.r(f.t), hi = c.r(f.T); c.b.mov(VH[2 * f.m], lo); c.b.mov(VH[2 * f.m + 1], hi); }
    return true;
  }),
  P('vmov_rrss', 'cccc 1100 010o TTTT tttt 1010 00m1 mmmm', (f) => {
    const s = sreg(f.m);
    return f.o ? `vmov${cs(f)}\t${R(f.t)}, ${R(f.T)}, s${s}, s${s + 1}` : `vmov${cs(f)}\ts${s}, s${s + 1}, ${R(f.t)}, ${R(f.T)}`;
  }, (c, f) => {
    const s = sreg(f.m);
    if (s === 31 || f.t === 15 || f.T === 15 || (f.o && f.t === f.T)) return false;
    if (f.o) { const hi = c.b.mov(c.t32(), VH[s + 1]); c.setR(f.t, VH[s]); c.setR(f.T, hi); }
    else { const lo = c.r(f.t), hi = c.r(f.T); c.b.mov(VH[s], lo); c.b.mov(VH[s + 1], hi); }
    return true;
  }),
  P('vmov_scalar_to', 'cccc 1110 00x0 dddd tttt 1011 d001 0000', (f) => `vmov${cs(f)}.32\td${dregN(f.d)}[${f.x}], ${R(f.t)}`,
    (c, f) => { c.b.mov(VH[2 * dregN(f.d) + f.x], c.r(f.t)); }),
  P('vmov_scalar_from', 'cccc 1110 00x1 nnnn tttt 1011 n001 0000', (f) => `vmov${cs(f)}.32\t${R(f.t)}, d${dregN(f.n)}[${f.x}]`,
    (c, f) => { if (f.t === 15) return false; c.setR(f.t, VH[2 * dregN(f.n) + f.x]); return true; }),
  P('vmrs', 'cccc 1110 1111 0001 tttt 1010 0001 0000', (f) => `vmrs${cs(f)}\t${f.t === 15 ? 'APSR_nzcv' : R(f.t)}, fpscr`, (c, f) => {
    const t = c.t32();
    if (f.t === 15) { c.b.call(H_GET_FPNZCV, [], t); setNZCVFrom(c, t); return; }
    c.b.call(H_GET_FPSCR, [], t);
    c.setR(f.t, t);
  }),
  P('vmsr', 'cccc 1110 1110 0001 tttt 1010 0001 0000', (f) => `vmsr${cs(f)}\tfpscr, ${R(f.t)}`, (c, f) => { c.b.call(H_SET_FPSCR, [c.r(f.t)], c.t32()); }),

  P('vmla', 'cccc 1110 0d00 nnnn dddd 101s n0m0 mmmm', dis3('vmla'), arith3('mla', true)),
  P('vmls', 'cccc 1110 0d00 nnnn dddd 101s n1m0 mmmm', dis3('vmls'), arith3('mls', true)),
  P('vnmls', 'cccc 1110 0d01 nnnn dddd 101s n0m0 mmmm', dis3('vnmls'), arith3('nmls', true)),
  P('vnmla', 'cccc 1110 0d01 nnnn dddd 101s n1m0 mmmm', dis3('vnmla'), arith3('nmla', true)),
  P('vmul', 'cccc 1110 0d10 nnnn dddd 101s n0m0 mmmm', dis3('vmul'), arith3('mul', false)),
  P('vnmul', 'cccc 1110 0d10 nnnn dddd 101s n1m0 mmmm', dis3('vnmul'), arith3('nmul', false)),
  P('vadd', 'cccc 1110 0d11 nnnn dddd 101s n0m0 mmmm', dis3('vadd'), arith3('add', false)),
  P('vsub', 'cccc 1110 0d11 nnnn dddd 101s n1m0 mmmm', dis3('vsub'), arith3('sub', false)),
  P('vdiv', 'cccc 1110 1d00 nnnn dddd 101s n0m0 mmmm', dis3('vdiv'), arith3('div', false)),
  P('vfnms', 'cccc 1110 1d01 nnnn dddd 101s n0m0 mmmm', dis3('vfnms'), arith3('fnms', true)),
  P('vfnma', 'cccc 1110 1d01 nnnn dddd 101s n1m0 mmmm', dis3('vfnma'), arith3('fnma', true)),
  P('vfma', 'cccc 1110 1d10 nnnn dddd 101s n0m0 mmmm', dis3('vfma'), arith3('fma', true)),
  P('vfms', 'cccc 1110 1d10 nnnn dddd 101s n1m0 mmmm', dis3('vfms'), arith3('fms', true)),
  P('vmov_imm', 'cccc 1110 1d11 iiii dddd 101s 0000 iiii', (f) => `vmov${cs(f)}.${ty(f)}\t${fr(dn(f), rd(f))}, #${f.i}\t@ ${immNum(f.i, dn(f))}`, (c, f) => {
    const [lo, hi] = vfpImm(f.i, dn(f));
    if (dn(f)) { c.b.mov(VH[2 * f.d], c32(lo)); c.b.mov(VH[2 * f.d + 1], c32(hi)); } else c.b.mov(VH[sreg(f.d)], c32(lo));
  }),
  P('vmov_reg', 'cccc 1110 1d11 0000 dddd 101s 01m0 mmmm', dis2('vmov'), (c, f) => vmovReg(c, f, 'mov')),
  P('vabs', 'cccc 1110 1d11 0000 dddd 101s 11m0 mmmm', dis2('vabs'), (c, f) => vmovReg(c, f, 'abs')),
  P('vneg', 'cccc 1110 1d11 0001 dddd 101s 01m0 mmmm', dis2('vneg'), (c, f) => vmovReg(c, f, 'neg')),
  P('vsqrt', 'cccc 1110 1d11 0001 dddd 101s 11m0 mmmm', dis2('vsqrt'), (c, f) => callTo(c, (dn(f) ? H64 : H32).sqrt, src(dn(f), rm(f)), dn(f), rd(f))),
  P('vcmp', 'cccc 1110 1d11 0100 dddd 101s e1m0 mmmm', (f) => `vcmp${f.e ? 'e' : ''}${cs(f)}.${ty(f)}\t${fr(dn(f), rd(f))}, ${fr(dn(f), rm(f))}`, (c, f) => {
    c.b.call(dn(f) ? H_CMP64 : H_CMP32, [...src(dn(f), rd(f)), ...src(dn(f), rm(f)), c32(f.e)], c.t32());
  }),
  P('vcmpz', 'cccc 1110 1d11 0101 dddd 101s e100 0000', (f) => `vcmp${f.e ? 'e' : ''}${cs(f)}.${ty(f)}\t${fr(dn(f), rd(f))}, #0.0`, (c, f) => {
    c.b.call(dn(f) ? H_CMP64 : H_CMP32, [...src(dn(f), rd(f)), ...(dn(f) ? [ZERO, ZERO] : [ZERO]), c32(f.e)], c.t32());
  }),
  P('vcvt_fp', 'cccc 1110 1d11 0111 dddd 101s 11m0 mmmm', (f) => `vcvt${cs(f)}.${f.s ? 'f32.f64' : 'f64.f32'}\t${fr(!dn(f), f.s ? sreg(f.d) : f.d)}, ${fr(dn(f), rm(f))}`, (c, f) => {
    if (f.s) callTo(c, H_F64TO32, src(true, f.m), false, sreg(f.d));
    else callTo(c, H_F32TO64, src(false, sreg(f.m)), true, f.d);
  }),
  P('vcvt_i2f', 'cccc 1110 1d11 1000 dddd 101s o1m0 mmmm', (f) => `vcvt${cs(f)}.${ty(f)}.${f.o ? 's32' : 'u32'}\t${fr(dn(f), rd(f))}, s${sreg(f.m)}`,
    (c, f) => callTo(c, dn(f) ? H_I2F64 : H_I2F32, [VH[sreg(f.m)], c32(f.o)], dn(f), rd(f))),
  P('vcvt_f2i', 'cccc 1110 1d11 110u dddd 101s r1m0 mmmm', (f) => `vcvt${f.r ? '' : 'r'}${cs(f)}.${f.u ? 's32' : 'u32'}.${ty(f)}\ts${sreg(f.d)}, ${fr(dn(f), rm(f))}`,
    (c, f) => callTo(c, dn(f) ? H_F64TOI : H_F32TOI, [...src(dn(f), rm(f)), c32(f.u), c32(f.r)], false, sreg(f.d))),
  P('vcvt_fix', 'cccc 1110 1d11 1o1u dddd 101s x1i0 iiii', (f) => {
    const size = f.x ? 32 : 16, fb = size - ((f.i & 15) << 1 | (f.i >> 4));
    const it = `${f.u ? 'u' : 's'}${size}`;
    return `vcvt${cs(f)}.${f.o ? `${it}.${ty(f)}` : `${ty(f)}.${it}`}\t${fr(dn(f), rd(f))}, ${fr(dn(f), rd(f))}, #${fb}`;
  }, (c, f) => {
    // imm4:i is bits 3:0 then bit 5; the letter order gives i = bit5:imm4.
    const size = f.x ? 32 : 16, imm = ((f.i & 15) << 1) | (f.i >> 4), fb = size - imm;
    if (fb < 0) return false;
    const x = dn(f), d = rd(f), b = c.b;
    const sg = f.u ? 0 : 1;
    if (f.o) { // float → fixed, round toward zero, saturating to size bits, sign- or zero-extended
      const r = c.t32();
      b.call(x ? H_F64TOFIX : H_F32TOFIX, [...src(x, d), c32(sg), c32(fb), c32(size)], r);
      if (x) { b.mov(VH[2 * d], r); b.mov(VH[2 * d + 1], sg ? b.sar(c.t32(), r, c32(31)) : ZERO); }
      else b.mov(VH[d], r);
    } else {
      let v: Val = x ? VH[2 * d] : VH[d];
      if (size === 16) v = b.un(sg ? 'ext16s' : 'ext16u', c.t32(), v);
      callTo(c, x ? H_FIX2F64 : H_FIX2F32, [v, c32(sg), c32(fb)], x, d);
    }
    return true;
  }),
];

// NEON (A32 encodings).
const NEON: PatternSpec[] = [
  P('vand', '1111 0010 0d00 nnnn dddd 0001 nqm1 mmmm', neonLogicDis('vand'), neonLogic('and')),
  P('vbic', '1111 0010 0d01 nnnn dddd 0001 nqm1 mmmm', neonLogicDis('vbic'), neonLogic('bic')),
  P('vorr', '1111 0010 0d10 nnnn dddd 0001 nqm1 mmmm', neonLogicDis('vorr'), neonLogic('orr')),
  P('vorn', '1111 0010 0d11 nnnn dddd 0001 nqm1 mmmm', neonLogicDis('vorn'), neonLogic('orn')),
  P('veor', '1111 0011 0d00 nnnn dddd 0001 nqm1 mmmm', neonLogicDis('veor'), neonLogic('eor')),
  P('vdup', 'cccc 1110 1bq0 dddd tttt 1011 d0e1 0000', (f) => `vdup${cs(f)}.${f.b ? 8 : f.e ? 16 : 32}\t${f.q ? `q${dregN(f.d) >> 1}` : `d${dregN(f.d)}`}, ${R(f.t)}`, vdup),
];

/** The T32 form of an A32 VFP/NEON pattern. */
function toT32(p: PatternSpec): PatternSpec {
  const s = p.bits.replace(/\s+/g, '');
  let bits: string;
  if (s.startsWith('cccc')) bits = '1110' + s.slice(4);
  else if (s.startsWith('1111001')) bits = '111' + s[7] + '1111' + s.slice(8);
  else if (s.startsWith('11110100')) bits = '11111001' + s.slice(8);
  else throw new Error(`arm: no T32 form for ${p.name}`);
  return { ...p, bits };
}

export const VFP_A32: PatternSpec[] = [...VFP, ...NEON, ...NEON_A32];
export const VFP_T32: PatternSpec[] = VFP_A32.map(toT32);
void ONE;
