// The A32 (ARM state) instruction table: patterns, tiny handlers, disassembly
// templates. Conditional execution is applied by the caller (index.ts) from
// the cond field 'c'.

import { c32, type Val } from '../../translate/ir';
import {
  address, armImm, Ctx, DP_NAMES, genDP, immOperand, shiftImm, shiftReg, SH_LSL, type Size,
} from './gen';
import * as O from './ops';
import * as H from './helpers';
import type { Fields, PatternSpec } from './pattern';
import { COND_NAMES, hex, R, regList, render, shiftSuffix } from './disasm';

type F = Fields;
const P = (name: string, bits: string, dis: PatternSpec['dis'], fn: PatternSpec['fn'], when?: PatternSpec['when']): PatternSpec =>
  ({ name, bits, dis, fn, when });

const notTest = (f: F) => !(f.o >= 8 && f.o <= 11 && f.s === 0);
const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

function dpDis(kind: 'imm' | 'reg' | 'rsr') {
  const op2 = kind === 'imm' ? '{ai}' : kind === 'reg' ? '{sh}' : '{shr}';
  return (f: F, pc: number, th: boolean): string => {
    const name = DP_NAMES[f.o];
    const cs = COND_NAMES[f.c];
    const o2 = op2 === '{ai}' ? `#${armImm(f.i).v | 0}` : op2 === '{sh}' ? R(f.m) + shiftSuffix(f.y, f.i) : `${R(f.m)}, ${['lsl', 'lsr', 'asr', 'ror'][f.y]} ${R(f.r)}`;
    void pc; void th;
    if (f.o >= 8 && f.o <= 11) return `${name}${cs}\t${R(f.n)}, ${o2}`;
    if (f.o === 13 && kind !== 'imm' && (f.i || f.y) && kind === 'reg') {
      // objdump prints shifts by immediate as lsl/lsr/asr/ror/rrx
      if (f.y === 3 && f.i === 0) return `rrx${f.s ? 's' : ''}${cs}\t${R(f.d)}, ${R(f.m)}`;
      return `${['lsl', 'lsr', 'asr', 'ror'][f.y]}${f.s ? 's' : ''}${cs}\t${R(f.d)}, ${R(f.m)}, #${f.i || 32}`;
    }
    if (f.o === 13 && kind === 'rsr') return `${['lsl', 'lsr', 'asr', 'ror'][f.y]}${f.s ? 's' : ''}${cs}\t${R(f.d)}, ${R(f.m)}, ${R(f.r)}`;
    if (f.o === 13 || f.o === 15) return `${name}${f.s ? 's' : ''}${cs}\t${R(f.d)}, ${o2}`;
    return `${name}${f.s ? 's' : ''}${cs}\t${R(f.d)}, ${R(f.n)}, ${o2}`;
  };
}

const dpImm = (c: Ctx, f: F) => genDP(c, f.o, !!f.s, f.d, f.n, (wc) => immOperand(armImm(f.i), wc));
const dpReg = (c: Ctx, f: F) => genDP(c, f.o, !!f.s, f.d, f.n, (wc) => shiftImm(c, c.r(f.m), f.y, f.i, wc));
const dpRsr = (c: Ctx, f: F) => {
  if (f.d === 15 || f.n === 15 || f.m === 15 || f.r === 15) return false;
  return genDP(c, f.o, !!f.s, f.d, f.n, (wc) => shiftReg(c, c.r(f.m), f.y, c.r(f.r), wc));
};

// ---- loads and stores ----

function memImm(c: Ctx, f: F, imm: number) { return address(c, f.n, c32(imm), !!f.p, !!f.u, !!f.w); }
function memReg(c: Ctx, f: F) {
  const off = shiftImm(c, c.r(f.m), f.y ?? SH_LSL, f.i ?? 0, false).v;
  return address(c, f.n, off, !!f.p, !!f.u, !!f.w);
}
const ld = (size: Size, signed: boolean, reg: boolean) => (c: Ctx, f: F) =>
  O.genLoad(c, f.t, reg ? memReg(c, f) : memImm(c, f, f.i), f.n, size, signed);
const st = (size: Size, reg: boolean) => (c: Ctx, f: F) =>
  O.genStore(c, f.t, reg ? memReg(c, f) : memImm(c, f, f.i), f.n, size);
const ldrd = (reg: boolean) => (c: Ctx, f: F) => {
  if (f.t & 1 || f.t === 14) return false;
  return O.genLoadDual(c, f.t, f.t + 1, reg ? memReg(c, f) : memImm(c, f, f.i), f.n);
};
const strd = (reg: boolean) => (c: Ctx, f: F) => {
  if (f.t & 1 || f.t === 14) return false;
  return O.genStoreDual(c, f.t, f.t + 1, reg ? memReg(c, f) : memImm(c, f, f.i), f.n);
};

const LSM: O.LsmMode[] = ['da', 'ia', 'db', 'ib'];
const lsmName = (f: F) => LSM[(f.p << 1) | f.u];

function ldmDis(f: F): string {
  const cs = COND_NAMES[f.c];
  if (f.n === 13 && f.w && lsmName(f) === 'ia') return `pop${cs}\t${regList(f.g)}`;
  return `ldm${lsmName(f) === 'ia' ? '' : lsmName(f)}${cs}\t${R(f.n)}${f.w ? '!' : ''}, ${regList(f.g)}`;
}
function stmDis(f: F): string {
  const cs = COND_NAMES[f.c];
  if (f.n === 13 && f.w && lsmName(f) === 'db') return `push${cs}\t${regList(f.g)}`;
  return `stm${lsmName(f)}${cs}\t${R(f.n)}${f.w ? '!' : ''}, ${regList(f.g)}`;
}

const exAddr = (c: Ctx, f: F): Val => c.r(f.n);
const ldrex = (size: Size) => (c: Ctx, f: F) => { if (size === 8 && (f.t & 1 || f.t === 14)) return false; return O.genLdrex(c, f.t, f.t + 1, exAddr(c, f), size); };
const strex = (size: Size) => (c: Ctx, f: F) => {
  if (size === 8 && (f.t & 1 || f.t === 14)) return false;
  if (f.d === f.n || f.d === f.t || f.d === 15) return false;
  return O.genStrex(c, f.d, f.t, f.t + 1, exAddr(c, f), size);
};
/** LDA/STL (ARMv8 AArch32): plain accesses here (single-threaded ordering). */
const lda = (size: Size) => (c: Ctx, f: F) => O.genLoad(c, f.t, { addr: c.r(f.n) }, f.n, size, false);
const stl = (size: Size) => (c: Ctx, f: F) => O.genStore(c, f.t, { addr: c.r(f.n) }, f.n, size);

// ---- branches ----

function bTarget(f: F, pc: number): number { return (pc + 8 + sext(f.i << 2, 26)) >>> 0; }

function trans_b(c: Ctx, f: F): void { c.jump(bTarget(f, c.pc)); }
function trans_bl(c: Ctx, f: F): void { c.setR(14, c32(c.pc + 4)); c.jump(bTarget(f, c.pc)); }
function trans_blx_imm(c: Ctx, f: F): void {
  c.setR(14, c32(c.pc + 4));
  c.jump((bTarget(f, c.pc) + (f.h << 1)) >>> 0, true);
}
function trans_bx(c: Ctx, f: F): void { c.writePc(c.r(f.m), 'bx'); }
function trans_blx_reg(c: Ctx, f: F): boolean | void {
  if (f.m === 15) return false;
  const t = c.rs(f.m);
  c.setR(14, c32(c.pc + 4));
  c.writePc(t, 'bx');
}

// ---- media helpers ----

const par = (c: Ctx, f: F): boolean | void => {
  const name = H.PAR_PREFIX[f.p] !== undefined && H.PAR_OPS[f.q] !== undefined ? H.PAR_PREFIX[f.p] + H.PAR_OPS[f.q] : '';
  if (!name) return false;
  O.genPar(c, f.d, name, c.r(f.n), c.r(f.m));
};
const parDis = (f: F) => `${(H.PAR_PREFIX[f.p] ?? '?') + (H.PAR_OPS[f.q] ?? '?')}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`;

const ext = (kind: O.ExtKind) => (c: Ctx, f: F) => O.genExtend(c, f.d, f.n, f.m, f.k, kind);
const extDis = (kind: string) => (f: F) =>
  f.n === 15 ? `${kind}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.m)}${f.k ? `, ror #${f.k * 8}` : ''}`
    : `${kind.slice(0, 3)}a${kind.slice(3)}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${f.k ? `, ror #${f.k * 8}` : ''}`;

const Q_OPS = [H.H_QADD, H.H_QSUB, H.H_QDADD, H.H_QDSUB];
const Q_NAMES = ['qadd', 'qsub', 'qdadd', 'qdsub'];

function mrc(c: Ctx, f: F): boolean | void {
  if (f.q !== 15) return false; // coprocessor 15 only
  return O.genMrc(c, f.t, f.o, f.n, f.m, f.x, true);
}

export const A32: PatternSpec[] = [
  // ---- data processing ----
  P('dp_reg', 'cccc 000o ooos nnnn dddd iiii iyy0 mmmm', dpDis('reg'), dpReg, notTest),
  P('dp_rsr', 'cccc 000o ooos nnnn dddd rrrr 0yy1 mmmm', dpDis('rsr'), dpRsr, notTest),
  P('dp_imm', 'cccc 001o ooos nnnn dddd iiii iiii iiii', dpDis('imm'), dpImm, notTest),
  P('movw', 'cccc 0011 0000 iiii dddd iiii iiii iiii', 'movw{c} {d}, {i}', (c, f) => { if (f.d === 15) return false; return c.setR(f.d, c32(f.i)); }),
  P('movt', 'cccc 0011 0100 iiii dddd iiii iiii iiii', 'movt{c} {d}, {i}', (c, f) => {
    if (f.d === 15) return false;
    return c.setR(f.d, c.b.or(c.t32(), c.b.and(c.t32(), c.r(f.d), c32(0xffff)), c32(f.i << 16)));
  }),
  P('nop', 'cccc 0011 0010 0000 ---- 0000 iiii iiii', (f) => f.i === 0 ? 'nop\t{0}' : ['nop', 'yield', 'wfe', 'wfi', 'sev'][f.i] ?? `hint\t#${f.i}`, () => {}),
  P('msr_imm', 'cccc 0011 0010 xx00 ---- iiii iiii iiii', (f) => `msr${COND_NAMES[f.c]}\tCPSR_${f.x & 2 ? 'f' : ''}${f.x & 1 ? 's' : ''}, #${armImm(f.i).v | 0}`,
    (c, f) => O.genMsr(c, c32(armImm(f.i).v), f.x), (f) => f.x !== 0),
  P('mrs', 'cccc 0001 0000 1111 dddd 0000 0000 0000', 'mrs{c} {d}, CPSR', (c, f) => { if (f.d === 15) return false; return O.genMrs(c, f.d); }),
  P('msr_reg', 'cccc 0001 0010 xx00 1111 0000 0000 nnnn', (f) => `msr${COND_NAMES[f.c]}\tCPSR_${f.x & 2 ? 'f' : ''}${f.x & 1 ? 's' : ''}, ${R(f.n)}`,
    (c, f) => O.genMsr(c, c.r(f.n), f.x)),

  // ---- multiplies ----
  P('mul', 'cccc 0000 000s dddd ---- mmmm 1001 nnnn', 'mul{s}{c} {d}, {n}, {m}', (c, f) => O.genMul(c, f.d, f.n, f.m, 0, 0, !!f.s)),
  P('mla', 'cccc 0000 001s dddd aaaa mmmm 1001 nnnn', 'mla{s}{c} {d}, {n}, {m}, {a}', (c, f) => O.genMul(c, f.d, f.n, f.m, f.a, 1, !!f.s)),
  P('mls', 'cccc 0000 0110 dddd aaaa mmmm 1001 nnnn', 'mls{c} {d}, {n}, {m}, {a}', (c, f) => O.genMul(c, f.d, f.n, f.m, f.a, -1, false)),
  P('umaal', 'cccc 0000 0100 hhhh llll mmmm 1001 nnnn', 'umaal{c} {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, false, false, false, true)),
  P('umull', 'cccc 0000 100s hhhh llll mmmm 1001 nnnn', 'umull{s}{c} {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, false, false, !!f.s)),
  P('umlal', 'cccc 0000 101s hhhh llll mmmm 1001 nnnn', 'umlal{s}{c} {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, false, true, !!f.s)),
  P('smull', 'cccc 0000 110s hhhh llll mmmm 1001 nnnn', 'smull{s}{c} {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, true, false, !!f.s)),
  P('smlal', 'cccc 0000 111s hhhh llll mmmm 1001 nnnn', 'smlal{s}{c} {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, true, true, !!f.s)),
  P('smlaxy', 'cccc 0001 0000 dddd aaaa mmmm 1yx0 nnnn', 'smla{x}{y}{c} {d}, {n}, {m}, {a}', (c, f) => O.genSmulxy(c, f.d, f.n, f.m, f.a, f.x, f.y)),
  P('smlawy', 'cccc 0001 0010 dddd aaaa mmmm 1y00 nnnn', 'smlaw{y}{c} {d}, {n}, {m}, {a}', (c, f) => O.genSmulw(c, f.d, f.n, f.m, f.a, f.y)),
  P('smulwy', 'cccc 0001 0010 dddd 0000 mmmm 1y10 nnnn', 'smulw{y}{c} {d}, {n}, {m}', (c, f) => O.genSmulw(c, f.d, f.n, f.m, -1, f.y)),
  P('smlalxy', 'cccc 0001 0100 hhhh llll mmmm 1yx0 nnnn', 'smlal{x}{y}{c} {l}, {h}, {n}, {m}', (c, f) => O.genSmlalxy(c, f.l, f.h, f.n, f.m, f.x, f.y)),
  P('smulxy', 'cccc 0001 0110 dddd 0000 mmmm 1yx0 nnnn', 'smul{x}{y}{c} {d}, {n}, {m}', (c, f) => O.genSmulxy(c, f.d, f.n, f.m, -1, f.x, f.y)),
  P('smlad', 'cccc 0111 0000 dddd aaaa mmmm 0sx1 nnnn', (f) => `sml${f.s ? 's' : 'a'}d${f.x ? 'x' : ''}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genSmlad(c, f.d, f.n, f.m, f.a, f.x, !!f.s), (f) => f.a !== 15),
  P('smuad', 'cccc 0111 0000 dddd 1111 mmmm 0sx1 nnnn', (f) => `smu${f.s ? 's' : 'a'}d${f.x ? 'x' : ''}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`,
    (c, f) => O.genSmlad(c, f.d, f.n, f.m, -1, f.x, !!f.s)),
  P('smlald', 'cccc 0111 0100 hhhh llll mmmm 0sx1 nnnn', (f) => `sml${f.s ? 's' : 'a'}ld${f.x ? 'x' : ''}${COND_NAMES[f.c]}\t${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`,
    (c, f) => O.genSmlald(c, f.l, f.h, f.n, f.m, f.x, !!f.s)),
  P('smmla', 'cccc 0111 0101 dddd aaaa mmmm 00x1 nnnn', (f) => `smmla${f.x ? 'r' : ''}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genSmmul(c, f.d, f.n, f.m, f.a, false, !!f.x), (f) => f.a !== 15),
  P('smmul', 'cccc 0111 0101 dddd 1111 mmmm 00x1 nnnn', (f) => `smmul${f.x ? 'r' : ''}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`,
    (c, f) => O.genSmmul(c, f.d, f.n, f.m, -1, false, !!f.x)),
  P('smmls', 'cccc 0111 0101 dddd aaaa mmmm 11x1 nnnn', (f) => `smmls${f.x ? 'r' : ''}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genSmmul(c, f.d, f.n, f.m, f.a, true, !!f.x)),
  P('sdiv', 'cccc 0111 0001 dddd 1111 mmmm 0001 nnnn', 'sdiv{c} {d}, {n}, {m}', (c, f) => O.genDiv(c, f.d, f.n, f.m, true)),
  P('udiv', 'cccc 0111 0011 dddd 1111 mmmm 0001 nnnn', 'udiv{c} {d}, {n}, {m}', (c, f) => O.genDiv(c, f.d, f.n, f.m, false)),
  P('usad8', 'cccc 0111 1000 dddd 1111 mmmm 0001 nnnn', 'usad8{c} {d}, {n}, {m}', (c, f) => O.genCall(c, f.d, H.H_USAD8, [c.r(f.n), c.r(f.m)])),
  P('usada8', 'cccc 0111 1000 dddd aaaa mmmm 0001 nnnn', 'usada8{c} {d}, {n}, {m}, {a}', (c, f) => {
    const t = c.t32(); c.b.call(H.H_USAD8, [c.r(f.n), c.r(f.m)], t);
    c.setR(f.d, c.b.add(c.t32(), t, c.r(f.a)));
  }, (f) => f.a !== 15),

  // ---- misc ----
  P('bx', 'cccc 0001 0010 1111 1111 1111 0001 mmmm', 'bx{c} {m}', trans_bx),
  P('bxj', 'cccc 0001 0010 1111 1111 1111 0010 mmmm', 'bxj{c} {m}', trans_bx),
  P('blx_reg', 'cccc 0001 0010 1111 1111 1111 0011 mmmm', 'blx{c} {m}', trans_blx_reg),
  P('clz', 'cccc 0001 0110 1111 dddd 1111 0001 mmmm', 'clz{c} {d}, {m}', (c, f) => O.genClz(c, f.d, f.m)),
  P('qadd', 'cccc 0001 0oo0 nnnn dddd 0000 0101 mmmm', (f) => `${Q_NAMES[f.o]}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.m)}, ${R(f.n)}`,
    (c, f) => O.genCall(c, f.d, Q_OPS[f.o], [c.r(f.m), c.r(f.n)])),
  P('bkpt', '1110 0001 0010 iiii iiii iiii 0111 iiii', (f) => `bkpt\t0x${f.i.toString(16).padStart(4, '0')}`, (c) => O.genBkpt(c)),
  P('udf', '1110 0111 1111 iiii iiii iiii 1111 iiii', (f) => `udf\t#${f.i}`, (c) => { c.illegal(); }),
  P('svc', 'cccc 1111 iiii iiii iiii iiii iiii iiii', (f) => `svc${COND_NAMES[f.c]}\t0x${f.i.toString(16).padStart(8, '0')}`, (c) => O.genSvc(c)),
  P('mrc', 'cccc 1110 ooo1 nnnn tttt qqqq xxx1 mmmm', (f) => `mrc${COND_NAMES[f.c]}\t${f.q}, ${f.o}, ${R(f.t)}, cr${f.n}, cr${f.m}, {${f.x}}`, mrc),
  P('clrex', '1111 0101 0111 1111 1111 0000 0001 1111', 'clrex', (c) => O.genClrex(c)),
  P('dsb', '1111 0101 0111 1111 1111 0000 0100 iiii', 'dsb {bar}', () => {}),
  P('dmb', '1111 0101 0111 1111 1111 0000 0101 iiii', 'dmb {bar}', () => {}),
  P('isb', '1111 0101 0111 1111 1111 0000 0110 iiii', 'isb {bar}', () => {}),
  P('pld_imm', '1111 0101 u-01 nnnn 1111 iiii iiii iiii', (f) => `pld\t[${R(f.n)}, #${f.u ? '' : '-'}${f.i}]`, () => {}),
  P('pli_imm', '1111 0100 u101 nnnn 1111 iiii iiii iiii', (f) => `pli\t[${R(f.n)}, #${f.u ? '' : '-'}${f.i}]`, () => {}),
  P('pld_reg', '1111 0111 u-01 nnnn 1111 iiii iyy0 mmmm', (f) => `pld\t[${R(f.n)}, ${f.u ? '' : '-'}${R(f.m)}${shiftSuffix(f.y, f.i)}]`, () => {}),
  P('pli_reg', '1111 0110 u101 nnnn 1111 iiii iyy0 mmmm', (f) => `pli\t[${R(f.n)}, ${f.u ? '' : '-'}${R(f.m)}${shiftSuffix(f.y, f.i)}]`, () => {}),

  // ---- synchronisation ----
  P('swp', 'cccc 0001 0b00 nnnn tttt 0000 1001 mmmm', (f) => `swp${f.b ? 'b' : ''}${COND_NAMES[f.c]}\t${R(f.t)}, ${R(f.m)}, [${R(f.n)}]`, (c, f) => {
    const size = f.b ? 1 : 4;
    const a = c.rs(f.n);
    const old = c.b.ld(c.t32(), a, 0, size, false);
    c.b.st(c.r(f.m), a, 0, size);
    c.setR(f.t, old);
  }),
  P('ldrex', 'cccc 0001 1001 nnnn tttt 1111 1001 1111', 'ldrex{c} {t}, [{n}]', ldrex(4)),
  P('ldrexd', 'cccc 0001 1011 nnnn tttt 1111 1001 1111', 'ldrexd{c} {t}, [{n}]', ldrex(8)),
  P('ldrexb', 'cccc 0001 1101 nnnn tttt 1111 1001 1111', 'ldrexb{c} {t}, [{n}]', ldrex(1)),
  P('ldrexh', 'cccc 0001 1111 nnnn tttt 1111 1001 1111', 'ldrexh{c} {t}, [{n}]', ldrex(2)),
  P('strex', 'cccc 0001 1000 nnnn dddd 1111 1001 tttt', 'strex{c} {d}, {t}, [{n}]', strex(4)),
  P('strexd', 'cccc 0001 1010 nnnn dddd 1111 1001 tttt', 'strexd{c} {d}, {t}, [{n}]', strex(8)),
  P('strexb', 'cccc 0001 1100 nnnn dddd 1111 1001 tttt', 'strexb{c} {d}, {t}, [{n}]', strex(1)),
  P('strexh', 'cccc 0001 1110 nnnn dddd 1111 1001 tttt', 'strexh{c} {d}, {t}, [{n}]', strex(2)),
  P('ldaex', 'cccc 0001 1001 nnnn tttt 1110 1001 1111', 'ldaex{c} {t}, [{n}]', ldrex(4)),
  P('ldaexd', 'cccc 0001 1011 nnnn tttt 1110 1001 1111', 'ldaexd{c} {t}, {t2}, [{n}]', ldrex(8)),
  P('ldaexb', 'cccc 0001 1101 nnnn tttt 1110 1001 1111', 'ldaexb{c} {t}, [{n}]', ldrex(1)),
  P('ldaexh', 'cccc 0001 1111 nnnn tttt 1110 1001 1111', 'ldaexh{c} {t}, [{n}]', ldrex(2)),
  P('stlex', 'cccc 0001 1000 nnnn dddd 1110 1001 tttt', 'stlex{c} {d}, {t}, [{n}]', strex(4)),
  P('stlexd', 'cccc 0001 1010 nnnn dddd 1110 1001 tttt', 'stlexd{c} {d}, {t}, {t2}, [{n}]', strex(8)),
  P('stlexb', 'cccc 0001 1100 nnnn dddd 1110 1001 tttt', 'stlexb{c} {d}, {t}, [{n}]', strex(1)),
  P('stlexh', 'cccc 0001 1110 nnnn dddd 1110 1001 tttt', 'stlexh{c} {d}, {t}, [{n}]', strex(2)),
  P('lda', 'cccc 0001 1001 nnnn tttt 1100 1001 1111', 'lda{c} {t}, [{n}]', lda(4)),
  P('ldab', 'cccc 0001 1101 nnnn tttt 1100 1001 1111', 'ldab{c} {t}, [{n}]', lda(1)),
  P('ldah', 'cccc 0001 1111 nnnn tttt 1100 1001 1111', 'ldah{c} {t}, [{n}]', lda(2)),
  P('stl', 'cccc 0001 1000 nnnn 1111 1100 1001 tttt', 'stl{c} {t}, [{n}]', stl(4)),
  P('stlb', 'cccc 0001 1100 nnnn 1111 1100 1001 tttt', 'stlb{c} {t}, [{n}]', stl(1)),
  P('stlh', 'cccc 0001 1110 nnnn 1111 1100 1001 tttt', 'stlh{c} {t}, [{n}]', stl(2)),

  // ---- extra loads and stores (halfword, signed byte, doubleword) ----
  P('strh_imm', 'cccc 000p u1w0 nnnn tttt iiii 1011 iiii', 'strh{c} {t}, {mi}', st(2, false)),
  P('ldrh_imm', 'cccc 000p u1w1 nnnn tttt iiii 1011 iiii', 'ldrh{c} {t}, {mi}', ld(2, false, false)),
  P('ldrd_imm', 'cccc 000p u1w0 nnnn tttt iiii 1101 iiii', 'ldrd{c} {t}, {mi}', ldrd(false)),
  P('ldrsb_imm', 'cccc 000p u1w1 nnnn tttt iiii 1101 iiii', 'ldrsb{c} {t}, {mi}', ld(1, true, false)),
  P('strd_imm', 'cccc 000p u1w0 nnnn tttt iiii 1111 iiii', 'strd{c} {t}, {mi}', strd(false)),
  P('ldrsh_imm', 'cccc 000p u1w1 nnnn tttt iiii 1111 iiii', 'ldrsh{c} {t}, {mi}', ld(2, true, false)),
  P('strh_reg', 'cccc 000p u0w0 nnnn tttt 0000 1011 mmmm', 'strh{c} {t}, {mr}', st(2, true)),
  P('ldrh_reg', 'cccc 000p u0w1 nnnn tttt 0000 1011 mmmm', 'ldrh{c} {t}, {mr}', ld(2, false, true)),
  P('ldrd_reg', 'cccc 000p u0w0 nnnn tttt 0000 1101 mmmm', 'ldrd{c} {t}, {mr}', ldrd(true)),
  P('ldrsb_reg', 'cccc 000p u0w1 nnnn tttt 0000 1101 mmmm', 'ldrsb{c} {t}, {mr}', ld(1, true, true)),
  P('strd_reg', 'cccc 000p u0w0 nnnn tttt 0000 1111 mmmm', 'strd{c} {t}, {mr}', strd(true)),
  P('ldrsh_reg', 'cccc 000p u0w1 nnnn tttt 0000 1111 mmmm', 'ldrsh{c} {t}, {mr}', ld(2, true, true)),

  // ---- word and unsigned byte ----
  P('str_imm', 'cccc 010p u0w0 nnnn tttt iiii iiii iiii', (f) => f.n === 13 && f.p && !f.u && f.w && f.i === 4 ? `push${COND_NAMES[f.c]}\t{${R(f.t)}}` : render('str{c} {t}, {mi}', f, 0, false), st(4, false)),
  P('strb_imm', 'cccc 010p u1w0 nnnn tttt iiii iiii iiii', 'strb{c} {t}, {mi}', st(1, false)),
  P('ldr_imm', 'cccc 010p u0w1 nnnn tttt iiii iiii iiii', (f) => f.n === 13 && !f.p && f.u && !f.w && f.i === 4 ? `pop${COND_NAMES[f.c]}\t{${R(f.t)}}` : render('ldr{c} {t}, {mi}', f, 0, false), ld(4, false, false)),
  P('ldrb_imm', 'cccc 010p u1w1 nnnn tttt iiii iiii iiii', 'ldrb{c} {t}, {mi}', ld(1, false, false)),
  P('str_reg', 'cccc 011p u0w0 nnnn tttt iiii iyy0 mmmm', 'str{c} {t}, {mr}', st(4, true)),
  P('strb_reg', 'cccc 011p u1w0 nnnn tttt iiii iyy0 mmmm', 'strb{c} {t}, {mr}', st(1, true)),
  P('ldr_reg', 'cccc 011p u0w1 nnnn tttt iiii iyy0 mmmm', 'ldr{c} {t}, {mr}', ld(4, false, true)),
  P('ldrb_reg', 'cccc 011p u1w1 nnnn tttt iiii iyy0 mmmm', 'ldrb{c} {t}, {mr}', ld(1, false, true)),

  // ---- media ----
  P('parallel', 'cccc 0110 0ppp nnnn dddd 1111 qqq1 mmmm', parDis, par),
  P('pkh', 'cccc 0110 1000 nnnn dddd iiii ix01 mmmm', (f) => `pkh${f.x ? 'tb' : 'bt'}${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${f.i || f.x ? `, ${f.x ? 'asr' : 'lsl'} #${f.i || 32}` : ''}`,
    (c, f) => O.genPkh(c, f.d, f.n, f.m, f.x, f.i)),
  P('ssat', 'cccc 0110 101s ssss dddd iiii ix01 nnnn', (f) => `ssat${COND_NAMES[f.c]}\t${R(f.d)}, #${f.s + 1}, ${R(f.n)}${f.x ? `, asr #${f.i || 32}` : f.i ? `, lsl #${f.i}` : ''}`,
    (c, f) => O.genSat(c, f.d, f.n, f.s, f.x, f.i, false)),
  P('usat', 'cccc 0110 111s ssss dddd iiii ix01 nnnn', (f) => `usat${COND_NAMES[f.c]}\t${R(f.d)}, #${f.s}, ${R(f.n)}${f.x ? `, asr #${f.i || 32}` : f.i ? `, lsl #${f.i}` : ''}`,
    (c, f) => O.genSat(c, f.d, f.n, f.s, f.x, f.i, true)),
  P('ssat16', 'cccc 0110 1010 ssss dddd 1111 0011 nnnn', (f) => `ssat16${COND_NAMES[f.c]}\t${R(f.d)}, #${f.s + 1}, ${R(f.n)}`,
    (c, f) => O.genCall(c, f.d, H.H_SSAT16, [c.r(f.n), c32(f.s + 1)])),
  P('usat16', 'cccc 0110 1110 ssss dddd 1111 0011 nnnn', (f) => `usat16${COND_NAMES[f.c]}\t${R(f.d)}, #${f.s}, ${R(f.n)}`,
    (c, f) => O.genCall(c, f.d, H.H_USAT16, [c.r(f.n), c32(f.s)])),
  P('sel', 'cccc 0110 1000 nnnn dddd 1111 1011 mmmm', 'sel{c} {d}, {n}, {m}', (c, f) => O.genSel(c, f.d, c.r(f.n), c.r(f.m))),
  P('sxtb16', 'cccc 0110 1000 nnnn dddd kk00 0111 mmmm', extDis('sxtb16'), ext('sxtb16')),
  P('sxtb', 'cccc 0110 1010 nnnn dddd kk00 0111 mmmm', extDis('sxtb'), ext('sxtb')),
  P('sxth', 'cccc 0110 1011 nnnn dddd kk00 0111 mmmm', extDis('sxth'), ext('sxth')),
  P('uxtb16', 'cccc 0110 1100 nnnn dddd kk00 0111 mmmm', extDis('uxtb16'), ext('uxtb16')),
  P('uxtb', 'cccc 0110 1110 nnnn dddd kk00 0111 mmmm', extDis('uxtb'), ext('uxtb')),
  P('uxth', 'cccc 0110 1111 nnnn dddd kk00 0111 mmmm', extDis('uxth'), ext('uxth')),
  P('rev', 'cccc 0110 1011 1111 dddd 1111 0011 mmmm', 'rev{c} {d}, {m}', (c, f) => O.genRev(c, f.d, f.m, 'rev')),
  P('rev16', 'cccc 0110 1011 1111 dddd 1111 1011 mmmm', 'rev16{c} {d}, {m}', (c, f) => O.genRev(c, f.d, f.m, 'rev16')),
  P('rbit', 'cccc 0110 1111 1111 dddd 1111 0011 mmmm', 'rbit{c} {d}, {m}', (c, f) => O.genRev(c, f.d, f.m, 'rbit')),
  P('revsh', 'cccc 0110 1111 1111 dddd 1111 1011 mmmm', 'revsh{c} {d}, {m}', (c, f) => O.genRev(c, f.d, f.m, 'revsh')),
  P('sbfx', 'cccc 0111 101w wwww dddd llll l101 nnnn', (f) => `sbfx${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, #${f.l}, #${f.w + 1}`, (c, f) => O.genBfx(c, f.d, f.n, f.l, f.w, true)),
  P('ubfx', 'cccc 0111 111w wwww dddd llll l101 nnnn', (f) => `ubfx${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, #${f.l}, #${f.w + 1}`, (c, f) => O.genBfx(c, f.d, f.n, f.l, f.w, false)),
  P('bfi', 'cccc 0111 110m mmmm dddd llll l001 nnnn', (f) => f.n === 15 ? `bfc${COND_NAMES[f.c]}\t${R(f.d)}, #${f.l}, #${f.m - f.l + 1}` : `bfi${COND_NAMES[f.c]}\t${R(f.d)}, ${R(f.n)}, #${f.l}, #${f.m - f.l + 1}`,
    (c, f) => O.genBfi(c, f.d, f.n, f.l, f.m)),

  // ---- load/store multiple, branches ----
  P('ldm', 'cccc 100p u0w1 nnnn gggg gggg gggg gggg', ldmDis, (c, f) => O.genLdm(c, f.n, f.g, lsmName(f), !!f.w)),
  P('stm', 'cccc 100p u0w0 nnnn gggg gggg gggg gggg', stmDis, (c, f) => O.genStm(c, f.n, f.g, lsmName(f), !!f.w)),
  P('b', 'cccc 1010 iiii iiii iiii iiii iiii iiii', (f, pc) => `b${COND_NAMES[f.c]}\t${hex(bTarget(f, pc))}`, trans_b),
  P('bl', 'cccc 1011 iiii iiii iiii iiii iiii iiii', (f, pc) => `bl${COND_NAMES[f.c]}\t${hex(bTarget(f, pc))}`, trans_bl),
  P('blx_imm', '1111 101h iiii iiii iiii iiii iiii iiii', (f, pc) => `blx\t${hex(bTarget(f, pc) + (f.h << 1))}`, trans_blx_imm),
];
