// F and D instructions as IR helpers over the shared FPU library (src/cpu/fpu).
// Every helper takes f registers as raw i64 bits (lo, hi), applies the RISC-V
// rules the library does not know about (NaN-boxing of singles, rm=DYN from
// frm, sign-extension of 32-bit integer results), and returns i64 (lo, RET hi).
// Exception flags accrue directly in cpu.fp.flags, which is fflags.

import { type Helper, Ty } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import * as fpu from '../fpu';
import type { FpStatus } from '../fpu';
import type { RiscvCpu } from './cpu';

type St = FpStatus;

export const CANON_NAN32 = 0x7fc00000;
const SIGN32 = -0x80000000;

/** A single read from an f register: improperly NaN-boxed values read as the canonical NaN. */
const unbox = (lo: number, hi: number): number => (hi === -1 ? lo : CANON_NAN32);
const box = (v: number): number => { RET[0] = -1; return v | 0; };
const sx32 = (v: number): number => { v |= 0; RET[0] = v >> 31; return v; };
const zx1 = (v: number): number => { RET[0] = 0; return v; };
/** The status for one operation: rounding mode from the instruction, or frm for DYN (7). */
const st = (cpu: RiscvCpu, rm: number): St => { const s = cpu.fp; s.rm = rm === 7 ? cpu.frm : rm; return s; };

const I32 = Ty.I32, I64 = Ty.I64;
function helper(name: string, args: Ty[], fn: (...a: any[]) => number, pure = false): Helper {
  return { name, fn, args, ret: I64, sideEffects: !pure };
}

type B32 = (a: number, b: number, s: St) => number;
type B64 = (al: number, ah: number, bl: number, bh: number, s: St) => number;

const FP_HELPERS: Record<string, Helper> = {};
const def = (h: Helper) => { FP_HELPERS[h.name] = h; };

// Arithmetic with a rounding mode: (a, b, rm).
const ARITH: [string, B32, B64][] = [
  ['add', fpu.add32, fpu.add64], ['sub', fpu.sub32, fpu.sub64], ['mul', fpu.mul32, fpu.mul64], ['div', fpu.div32, fpu.div64],
];
for (const [op, f32, f64] of ARITH) {
  def(helper(`f${op}.s`, [I64, I64, I32], (cpu: RiscvCpu, al, ah, bl, bh, rm) =>
    box(f32(unbox(al, ah), unbox(bl, bh), st(cpu, rm)))));
  def(helper(`f${op}.d`, [I64, I64, I32], (cpu: RiscvCpu, al, ah, bl, bh, rm) => f64(al, ah, bl, bh, st(cpu, rm))));
}
def(helper('fsqrt.s', [I64, I32], (cpu: RiscvCpu, al, ah, rm) => box(fpu.sqrt32(unbox(al, ah), st(cpu, rm)))));
def(helper('fsqrt.d', [I64, I32], (cpu: RiscvCpu, al, ah, rm) => fpu.sqrt64(al, ah, st(cpu, rm))));

// Fused multiply-add family: fma(±a, b, ±c), one rounding.
for (const [name, negA, negC] of [['fmadd', 0, 0], ['fmsub', 0, 1], ['fnmsub', 1, 0], ['fnmadd', 1, 1]] as const) {
  const na = negA ? SIGN32 : 0, nc = negC ? SIGN32 : 0;
  def(helper(`${name}.s`, [I64, I64, I64, I32], (cpu: RiscvCpu, al, ah, bl, bh, cl, ch, rm) =>
    box(fpu.fma32(unbox(al, ah) ^ na, unbox(bl, bh), unbox(cl, ch) ^ nc, st(cpu, rm)))));
  def(helper(`${name}.d`, [I64, I64, I64, I32], (cpu: RiscvCpu, al, ah, bl, bh, cl, ch, rm) =>
    fpu.fma64(al, ah ^ na, bl, bh, cl, ch ^ nc, st(cpu, rm))));
}

// min/max (IEEE 754-2019 minimumNumber/maximumNumber, -0 < +0), compares, classify.
const MINMAX: [string, B32, B64][] = [['min', fpu.min32, fpu.min64], ['max', fpu.max32, fpu.max64]];
for (const [op, f32, f64] of MINMAX) {
  def(helper(`f${op}.s`, [I64, I64], (cpu: RiscvCpu, al, ah, bl, bh) => box(f32(unbox(al, ah), unbox(bl, bh), cpu.fp))));
  def(helper(`f${op}.d`, [I64, I64], (cpu: RiscvCpu, al, ah, bl, bh) => f64(al, ah, bl, bh, cpu.fp)));
}
const CMP: [string, B32, B64][] = [['eq', fpu.eq32, fpu.eq64], ['lt', fpu.lt32, fpu.lt64], ['le', fpu.le32, fpu.le64]];
for (const [op, f32, f64] of CMP) {
  def(helper(`f${op}.s`, [I64, I64], (cpu: RiscvCpu, al, ah, bl, bh) => zx1(f32(unbox(al, ah), unbox(bl, bh), cpu.fp))));
  def(helper(`f${op}.d`, [I64, I64], (cpu: RiscvCpu, al, ah, bl, bh) => zx1(f64(al, ah, bl, bh, cpu.fp))));
}
def(helper('fclass.s', [I64], (_cpu: RiscvCpu, al, ah) => zx1(fpu.classify32(unbox(al, ah))), true));
def(helper('fclass.d', [I64], (_cpu: RiscvCpu, al, ah) => zx1(fpu.classify64(al, ah)), true));

// Sign injection for singles (doubles are plain bit operations in IR).
def(helper('fsgnj.s', [I64, I64], (_c: RiscvCpu, al, ah, bl, bh) =>
  box((unbox(al, ah) & 0x7fffffff) | (unbox(bl, bh) & SIGN32)), true));
def(helper('fsgnjn.s', [I64, I64], (_c: RiscvCpu, al, ah, bl, bh) =>
  box((unbox(al, ah) & 0x7fffffff) | (~unbox(bl, bh) & SIGN32)), true));
def(helper('fsgnjx.s', [I64, I64], (_c: RiscvCpu, al, ah, bl, bh) =>
  box(unbox(al, ah) ^ (unbox(bl, bh) & SIGN32)), true));

// Precision conversions.
def(helper('fcvt.s.d', [I64, I32], (cpu: RiscvCpu, al, ah, rm) => box(fpu.f64to32(al, ah, st(cpu, rm)))));
def(helper('fcvt.d.s', [I64, I32], (cpu: RiscvCpu, al, ah, rm) => fpu.f32to64(unbox(al, ah), st(cpu, rm))));

// Float → integer: saturating; 32-bit results are sign-extended (even for wu).
for (const [it, signed] of [['w', true], ['wu', false]] as const) {
  def(helper(`fcvt.${it}.s`, [I64, I32], (cpu: RiscvCpu, al, ah, rm) => sx32(fpu.f32toi32(unbox(al, ah), st(cpu, rm), signed))));
  def(helper(`fcvt.${it}.d`, [I64, I32], (cpu: RiscvCpu, al, ah, rm) => sx32(fpu.f64toi32(al, ah, st(cpu, rm), signed))));
}
for (const [it, signed] of [['l', true], ['lu', false]] as const) {
  def(helper(`fcvt.${it}.s`, [I64, I32], (cpu: RiscvCpu, al, ah, rm) => fpu.f32toi64(unbox(al, ah), st(cpu, rm), signed)));
  def(helper(`fcvt.${it}.d`, [I64, I32], (cpu: RiscvCpu, al, ah, rm) => fpu.f64toi64(al, ah, st(cpu, rm), signed)));
}
// Integer → float: the w forms use the low 32 bits of rs1.
for (const [it, signed] of [['w', true], ['wu', false]] as const) {
  def(helper(`fcvt.s.${it}`, [I64, I32], (cpu: RiscvCpu, xl, _xh, rm) => box(fpu.i32tof32(xl, st(cpu, rm), signed))));
  def(helper(`fcvt.d.${it}`, [I64, I32], (cpu: RiscvCpu, xl, _xh, rm) => fpu.i32tof64(xl, st(cpu, rm), signed)));
}
for (const [it, signed] of [['l', true], ['lu', false]] as const) {
  def(helper(`fcvt.s.${it}`, [I64, I32], (cpu: RiscvCpu, xl, xh, rm) => box(fpu.i64tof32(xl, xh, st(cpu, rm), signed))));
  def(helper(`fcvt.d.${it}`, [I64, I32], (cpu: RiscvCpu, xl, xh, rm) => fpu.i64tof64(xl, xh, st(cpu, rm), signed)));
}

export { FP_HELPERS };
