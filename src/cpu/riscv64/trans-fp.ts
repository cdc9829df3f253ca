// Handlers for F and D. Arithmetic goes through helpers (fp-helpers.ts); moves,
// loads/stores and double sign injection are plain IR on the raw bits.

import { c32, c64, Exit, type Val } from '../../translate/ir';
import { PATTERNS, type Args } from './decode';
import { Ctx, SIGILL, type Handler } from './gen';
import { FP_HELPERS } from './fp-helpers';
import { H_FRM_VALID } from './csr';
import { fastFpHelper } from '../fpu/fast';
import { FPOK_SLOT } from './regs';
import type { RiscvCpu } from './cpu';
import type { Helper } from '../../translate/ir';

/** Host-FPU fast variants of the arithmetic helpers, used when rm is RNE or DYN (see fpu/fast.ts). */
const FAST: Record<string, Helper> = {};
for (const [op, kind] of [['fadd', 'add'], ['fsub', 'sub'], ['fmul', 'mul'], ['fdiv', 'div'], ['fsqrt', 'sqrt']] as const) {
  for (const sz of ['s', 'd'] as const) {
    const name = `${op}.${sz}`;
    FAST[name] = fastFpHelper(FP_HELPERS[name], { op: kind, size: sz === 'd' ? 8 : 4, okSlot: FPOK_SLOT, boxed: true },
      (cpu: RiscvCpu) => cpu.fastFpOk());
  }
}

const SIGN64 = c64(-0x8000_0000_0000_0000n);
const MAG64 = c64(0x7fff_ffff_ffff_ffffn);

/**
 * Validates the instruction's rm field: 5 and 6 are reserved (SIGILL now); 7 (DYN)
 * needs a valid frm at run time, checked once per block until frm is written.
 */
function checkRm(c: Ctx, rm: number): boolean {
  if (rm === 5 || rm === 6) return false;
  if (rm === 7 && !c.blk.frmChecked) {
    const b = c.b;
    const ok = b.newLabel();
    const v = c.t32();
    b.call(H_FRM_VALID, [], v);
    b.brcond('ne', v, c32(0), ok);
    b.exit(Exit.Signal, c.pc, SIGILL);
    b.label(ok);
    c.blk.frmChecked = true;
  }
  return true;
}

/** Calls the helper named like the instruction with the given operands (+ rm) into rd. */
function genHelper(c: Ctx, name: string, a: Args, srcs: Val[], rdIsF: boolean, withRm: boolean): boolean {
  if (withRm && !checkRm(c, a.rm)) return false;
  const h = withRm && (a.rm === 0 || a.rm === 7) && FAST[name] ? FAST[name] : FP_HELPERS[name];
  c.b.call(h, withRm ? [...srcs, c32(a.rm)] : srcs, rdIsF ? c.f(a.rd) : c.xd(a.rd));
  return true;
}

const fop = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.f(a.rs1), c.f(a.rs2)], true, true);
const fop1 = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.f(a.rs1)], true, true);
const fma = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.f(a.rs1), c.f(a.rs2), c.f(a.rs3)], true, true);
const fnorm = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.f(a.rs1), c.f(a.rs2)], true, false);
const fcmp = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.f(a.rs1), c.f(a.rs2)], false, false);
const fclass = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.f(a.rs1)], false, false);
const f2i = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.f(a.rs1)], false, true);
const i2f = (name: string): Handler => (c, a) => genHelper(c, name, a, [c.x(a.rs1)], true, true);

function trans_flw(c: Ctx, a: Args): void {
  const v = c.b.ld(c.t32(), c.x(a.rs1), a.imm, 4, false);
  c.b.concat(c.f(a.rd), v, c32(-1)); // NaN-box
}
function trans_fld(c: Ctx, a: Args): void { c.b.ld(c.f(a.rd), c.x(a.rs1), a.imm, 8, false); }
function trans_fsw(c: Ctx, a: Args): void { c.b.st(c.f(a.rs2), c.x(a.rs1), a.imm, 4); }
function trans_fsd(c: Ctx, a: Args): void { c.b.st(c.f(a.rs2), c.x(a.rs1), a.imm, 8); }

// fsgnj.d family: rs1 == rs2 are the fmv.d / fneg.d / fabs.d idioms.
function trans_fsgnj_d(c: Ctx, a: Args): void {
  const b = c.b, x = c.f(a.rs1), y = c.f(a.rs2), d = c.f(a.rd);
  if (a.rs1 === a.rs2) { if (a.rd !== a.rs1) b.mov(d, x); return; }
  const m = b.and(c.t64(), x, MAG64);
  const s = b.and(c.t64(), y, SIGN64);
  b.or(d, m, s);
}
function trans_fsgnjn_d(c: Ctx, a: Args): void {
  const b = c.b, x = c.f(a.rs1), y = c.f(a.rs2), d = c.f(a.rd);
  if (a.rs1 === a.rs2) { b.xor(d, x, SIGN64); return; }
  const m = b.and(c.t64(), x, MAG64);
  const s = b.and(c.t64(), b.un('not', c.t64(), y), SIGN64);
  b.or(d, m, s);
}
function trans_fsgnjx_d(c: Ctx, a: Args): void {
  const b = c.b, x = c.f(a.rs1), y = c.f(a.rs2), d = c.f(a.rd);
  if (a.rs1 === a.rs2) { b.and(d, x, MAG64); return; }
  const s = b.and(c.t64(), y, SIGN64);
  b.xor(d, x, s);
}

// Moves between register files copy raw bits (no NaN-box check).
function trans_fmv_x_w(c: Ctx, a: Args): void { if (a.rd) c.b.un('ext32s', c.xd(a.rd), c.f(a.rs1)); }
function trans_fmv_w_x(c: Ctx, a: Args): void {
  const lo = c.b.un('trunc', c.t32(), c.x(a.rs1));
  c.b.concat(c.f(a.rd), lo, c32(-1));
}
function trans_fmv_x_d(c: Ctx, a: Args): void { if (a.rd) c.b.mov(c.xd(a.rd), c.f(a.rs1)); }
function trans_fmv_d_x(c: Ctx, a: Args): void { c.b.mov(c.f(a.rd), c.x(a.rs1)); }

export const FP_HANDLERS: Record<string, Handler> = {
  flw: trans_flw, fld: trans_fld, fsw: trans_fsw, fsd: trans_fsd,
  'fsgnj.d': trans_fsgnj_d, 'fsgnjn.d': trans_fsgnjn_d, 'fsgnjx.d': trans_fsgnjx_d,
  'fmv.x.w': trans_fmv_x_w, 'fmv.w.x': trans_fmv_w_x, 'fmv.x.d': trans_fmv_x_d, 'fmv.d.x': trans_fmv_d_x,
};

// The rest map one-to-one onto helpers; the pattern's shape picks the calling convention.
for (const p of PATTERNS) {
  const n = p.name;
  if (n in FP_HANDLERS || !(n in FP_HELPERS)) continue;
  if (p.fmt === 'R4') FP_HANDLERS[n] = fma(n);
  else if (p.fmt === 'RM') FP_HANDLERS[n] = fop(n);
  else if (p.fmt === 'R2RM') FP_HANDLERS[n] = p.rc[0] === 'x' ? f2i(n) : p.rc[1] === 'x' ? i2f(n) : fop1(n);
  else if (p.fmt === 'R2') FP_HANDLERS[n] = fclass(n);
  else if (p.rc[0] === 'x') FP_HANDLERS[n] = fcmp(n);
  else FP_HANDLERS[n] = fnorm(n);
}
