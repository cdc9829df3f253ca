// The Thumb instruction tables: T16 (16-bit encodings) and T32 (32-bit
// Thumb-2 encodings, matched on hw1 << 16 | hw2). Handlers reuse the shared
// semantics of ops.ts/gen.ts; IT blocks are handled by the caller (index.ts).

import { c32, type Val } from '../../translate/ir';
import {
  address, conditional, Ctx, DP_NAMES, DP_ORN, genDP, immOperand, shiftImm, shiftReg, SH_ASR, SH_LSL, SH_LSR, SHIFT_NAMES, thumbImm, type Size,
} from './gen';
import * as O from './ops';
import * as H from './helpers';
import type { Fields, PatternSpec } from './pattern';
import { COND_NAMES, hex, R, regList, shiftSuffix } from './disasm';

type F = Fields;
const P = (name: string, bits: string, dis: PatternSpec['dis'], fn: PatternSpec['fn'], when?: PatternSpec['when']): PatternSpec =>
  ({ name, bits, dis, fn, when });
const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);
const S = (c: Ctx) => !c.inIT;
const sfx = (f: F) => (f.inIT ? COND_NAMES[f.itc] : '');

// ================= T16 =================

const T16_DP = [0, 1, -1, -1, -1, 5, 6, -1, 8, 3, 10, 11, 12, -1, 14, 15];
const T16_DP_NAMES = ['and', 'eor', 'lsl', 'lsr', 'asr', 'adc', 'sbc', 'ror', 'tst', 'rsb', 'cmp', 'cmn', 'orr', 'mul', 'bic', 'mvn'];

function t16dp(c: Ctx, f: F): boolean | void {
  const d = f.d, m = f.m, o = f.o;
  const s = o === 8 || o === 10 || o === 11 ? true : S(c);
  switch (o) {
    case 2: case 3: case 4: case 7: {
      const type = o === 2 ? SH_LSL : o === 3 ? SH_LSR : o === 4 ? SH_ASR : 3;
      genDP(c, 13, s, d, 0, (wc) => shiftReg(c, c.r(d), type, c.r(m), wc));
      return;
    }
    case 9: genDP(c, 3, s, d, m, () => ({ v: c32(0) })); return; // rsbs rd, rm, #0
    case 13: O.genMul(c, d, m, d, 0, 0, s); return;
    default: genDP(c, T16_DP[o], s, o === 8 || o === 10 || o === 11 ? -1 : d, d, () => ({ v: c.r(m) }));
  }
}
const t16dpDis = (f: F) => {
  const n = T16_DP_NAMES[f.o];
  if (f.o === 8 || f.o === 10 || f.o === 11) return `${n}\t${R(f.d)}, ${R(f.m)}`;
  const s = f.inIT ? COND_NAMES[f.itc] : 's';
  if (f.o === 9) return `negs${f.inIT ? COND_NAMES[f.itc] : ''}\t${R(f.d)}, ${R(f.m)}`;
  if (f.o === 13) return `mul${s}\t${R(f.d)}, ${R(f.m)}`;
  return `${n}${s}\t${R(f.d)}, ${R(f.m)}`;
};

const t16shift = (type: number) => (c: Ctx, f: F) => genDP(c, 13, S(c), f.d, 0, (wc) => shiftImm(c, c.r(f.m), type, f.i, wc));
const t16shiftDis = (type: number) => (f: F) => (type === 0 && f.i === 0
  ? `movs\t${R(f.d)}, ${R(f.m)}` : `${SHIFT_NAMES[type]}${f.inIT ? COND_NAMES[f.itc] : 's'}\t${R(f.d)}, ${R(f.m)}, #${f.i || 32}`);
const sOr = (f: F) => (f.inIT ? COND_NAMES[f.itc] : 's');

function t16ld(size: Size, signed: boolean, scale: number, reg: boolean, load: boolean, base = -1) {
  return (c: Ctx, f: F): void => {
    const n = base >= 0 ? base : f.n;
    const off: Val = reg ? c.r(f.m) : c32(f.i * scale);
    const a = address(c, n, off, true, true, false);
    if (load) O.genLoad(c, f.t, a, n, size, signed); else O.genStore(c, f.t, a, n, size);
  };
}
const LDST_REG: [string, Size, boolean, boolean][] = [
  ['str', 4, false, false], ['strh', 2, false, false], ['strb', 1, false, false], ['ldrsb', 1, true, true],
  ['ldr', 4, false, true], ['ldrh', 2, false, true], ['ldrb', 1, false, true], ['ldrsh', 2, true, true]];

function t16bcond(c: Ctx, f: F): void { conditional(c, f.c, () => c.jump(c.pcv + sext(f.i << 1, 9))); }
function t16b(c: Ctx, f: F): void { c.jump(c.pcv + sext(f.i << 1, 12)); }
function cbz(c: Ctx, f: F): void {
  const b = c.b, taken = b.newLabel();
  b.brcond(f.o ? 'ne' : 'eq', c.r(f.n), c32(0), taken);
  b.goto(c.next);
  b.label(taken);
  c.jump(c.pcv + (f.i << 1));
}
function t16bx(c: Ctx, f: F): void { c.writePc(c.r(f.m), 'bx'); }
function t16blx(c: Ctx, f: F): boolean | void {
  if (f.m === 15) return false;
  const t = c.rs(f.m);
  c.setR(14, c32(c.next));
  c.writePc(t, 'bx');
}

function addHi(c: Ctx, f: F): void {
  const d = f.d;
  if (d === 13 || f.m === 13) { c.setR(d, c.b.add(c.t32(), c.r(d), c.r(f.m))); return; }
  genDP(c, 4, false, d, d, () => ({ v: c.r(f.m) }));
}

export const T16: PatternSpec[] = [
  P('lsl_imm', '00000 iiiii mmm ddd', t16shiftDis(0), t16shift(SH_LSL)),
  P('lsr_imm', '00001 iiiii mmm ddd', t16shiftDis(1), t16shift(SH_LSR)),
  P('asr_imm', '00010 iiiii mmm ddd', t16shiftDis(2), t16shift(SH_ASR)),
  P('add_reg', '0001100 mmm nnn ddd', (f) => `add${sOr(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`, (c, f) => genDP(c, 4, S(c), f.d, f.n, () => ({ v: c.r(f.m) }))),
  P('sub_reg', '0001101 mmm nnn ddd', (f) => `sub${sOr(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`, (c, f) => genDP(c, 2, S(c), f.d, f.n, () => ({ v: c.r(f.m) }))),
  P('add_imm3', '0001110 iii nnn ddd', (f) => `add${sOr(f)}\t${R(f.d)}, ${R(f.n)}, #${f.i}`, (c, f) => genDP(c, 4, S(c), f.d, f.n, () => ({ v: c32(f.i) }))),
  P('sub_imm3', '0001111 iii nnn ddd', (f) => `sub${sOr(f)}\t${R(f.d)}, ${R(f.n)}, #${f.i}`, (c, f) => genDP(c, 2, S(c), f.d, f.n, () => ({ v: c32(f.i) }))),
  P('mov_imm', '00100 ddd iiiiiiii', (f) => `mov${sOr(f)}\t${R(f.d)}, #${f.i}`, (c, f) => genDP(c, 13, S(c), f.d, 0, () => ({ v: c32(f.i) }))),
  P('cmp_imm', '00101 nnn iiiiiiii', (f) => `cmp\t${R(f.n)}, #${f.i}`, (c, f) => genDP(c, 10, true, -1, f.n, () => ({ v: c32(f.i) }))),
  P('add_imm8', '00110 ddd iiiiiiii', (f) => `add${sOr(f)}\t${R(f.d)}, #${f.i}`, (c, f) => genDP(c, 4, S(c), f.d, f.d, () => ({ v: c32(f.i) }))),
  P('sub_imm8', '00111 ddd iiiiiiii', (f) => `sub${sOr(f)}\t${R(f.d)}, #${f.i}`, (c, f) => genDP(c, 2, S(c), f.d, f.d, () => ({ v: c32(f.i) }))),
  P('dp', '010000 oooo mmm ddd', t16dpDis, t16dp),
  P('add_hi', '01000100 dmmmm ddd', (f) => `add${sfx(f)}\t${R(f.d)}, ${R(f.m)}`, addHi),
  P('cmp_hi', '01000101 nmmmm nnn', (f) => `cmp\t${R(f.n)}, ${R(f.m)}`, (c, f) => genDP(c, 10, true, -1, f.n, () => ({ v: c.r(f.m) }))),
  P('mov_hi', '01000110 dmmmm ddd', (f) => `mov${sfx(f)}\t${R(f.d)}, ${R(f.m)}`, (c, f) => c.setR(f.d, c.r(f.m), 'alu')),
  P('bx', '010001110 mmmm 000', (f) => `bx${sfx(f)}\t${R(f.m)}`, t16bx),
  P('blx_reg', '010001111 mmmm 000', (f) => `blx${sfx(f)}\t${R(f.m)}`, t16blx),
  P('ldr_lit', '01001 ttt iiiiiiii', (f, pc) => `ldr\t${R(f.t)}, [pc, #${f.i * 4}]\t@ ${hex(((pc + 4) & ~3) + f.i * 4)}`,
    (c, f) => O.genLoad(c, f.t, { addr: c32(c.pcAligned + f.i * 4) }, 15, 4, false)),
  ...LDST_REG.map(([name, size, signed, load], o) =>
    P(`${name}_reg`, `0101 ${o.toString(2).padStart(3, '0')} mmm nnn ttt`, `${name} {t}, [{n}, {m}]`, t16ld(size, signed, 1, true, load))),
  P('str_imm', '01100 iiiii nnn ttt', (f) => `str\t${R(f.t)}, [${R(f.n)}, #${f.i * 4}]`, t16ld(4, false, 4, false, false)),
  P('ldr_imm', '01101 iiiii nnn ttt', (f) => `ldr\t${R(f.t)}, [${R(f.n)}, #${f.i * 4}]`, t16ld(4, false, 4, false, true)),
  P('strb_imm', '01110 iiiii nnn ttt', (f) => `strb\t${R(f.t)}, [${R(f.n)}, #${f.i}]`, t16ld(1, false, 1, false, false)),
  P('ldrb_imm', '01111 iiiii nnn ttt', (f) => `ldrb\t${R(f.t)}, [${R(f.n)}, #${f.i}]`, t16ld(1, false, 1, false, true)),
  P('strh_imm', '10000 iiiii nnn ttt', (f) => `strh\t${R(f.t)}, [${R(f.n)}, #${f.i * 2}]`, t16ld(2, false, 2, false, false)),
  P('ldrh_imm', '10001 iiiii nnn ttt', (f) => `ldrh\t${R(f.t)}, [${R(f.n)}, #${f.i * 2}]`, t16ld(2, false, 2, false, true)),
  P('str_sp', '10010 ttt iiiiiiii', (f) => `str\t${R(f.t)}, [sp, #${f.i * 4}]`, t16ld(4, false, 4, false, false, 13)),
  P('ldr_sp', '10011 ttt iiiiiiii', (f) => `ldr\t${R(f.t)}, [sp, #${f.i * 4}]`, t16ld(4, false, 4, false, true, 13)),
  P('adr', '10100 ddd iiiiiiii', (f) => `add\t${R(f.d)}, pc, #${f.i * 4}`, (c, f) => c.setR(f.d, c32(c.pcAligned + f.i * 4))),
  P('add_sp', '10101 ddd iiiiiiii', (f) => `add\t${R(f.d)}, sp, #${f.i * 4}`, (c, f) => c.setR(f.d, c.b.add(c.t32(), c.r(13), c32(f.i * 4)))),
  P('add_sp7', '1011 0000 0 iiiiiii', (f) => `add\tsp, #${f.i * 4}`, (c, f) => c.setR(13, c.b.add(c.t32(), c.r(13), c32(f.i * 4)))),
  P('sub_sp7', '1011 0000 1 iiiiiii', (f) => `sub\tsp, #${f.i * 4}`, (c, f) => c.setR(13, c.b.sub(c.t32(), c.r(13), c32(f.i * 4)))),
  P('cbz', '1011 o0i1 iiiii nnn', (f, pc) => `cb${f.o ? 'n' : ''}z\t${R(f.n)}, ${hex(pc + 4 + (f.i << 1))}`, cbz),
  P('sxth', '1011 0010 00 mmm ddd', 'sxth {d}, {m}', (c, f) => O.genExtend(c, f.d, 15, f.m, 0, 'sxth')),
  P('sxtb', '1011 0010 01 mmm ddd', 'sxtb {d}, {m}', (c, f) => O.genExtend(c, f.d, 15, f.m, 0, 'sxtb')),
  P('uxth', '1011 0010 10 mmm ddd', 'uxth {d}, {m}', (c, f) => O.genExtend(c, f.d, 15, f.m, 0, 'uxth')),
  P('uxtb', '1011 0010 11 mmm ddd', 'uxtb {d}, {m}', (c, f) => O.genExtend(c, f.d, 15, f.m, 0, 'uxtb')),
  P('push', '1011 010g gggggggg', (f) => `push\t${regList((f.g & 0xff) | ((f.g >> 8) << 14))}`, (c, f) => O.genStm(c, 13, (f.g & 0xff) | ((f.g >> 8) << 14), 'db', true)),
  P('pop', '1011 110g gggggggg', (f) => `pop\t${regList((f.g & 0xff) | ((f.g >> 8) << 15))}`, (c, f) => O.genLdm(c, 13, (f.g & 0xff) | ((f.g >> 8) << 15), 'ia', true)),
  P('rev', '1011 1010 00 mmm ddd', 'rev {d}, {m}', (c, f) => O.genRev(c, f.d, f.m, 'rev')),
  P('rev16', '1011 1010 01 mmm ddd', 'rev16 {d}, {m}', (c, f) => O.genRev(c, f.d, f.m, 'rev16')),
  P('revsh', '1011 1010 11 mmm ddd', 'revsh {d}, {m}', (c, f) => O.genRev(c, f.d, f.m, 'revsh')),
  P('bkpt', '1011 1110 iiiiiiii', (f) => `bkpt\t0x${f.i.toString(16).padStart(4, '0')}`, (c) => O.genBkpt(c)),
  P('hint', '1011 1111 oooo 0000', (f) => ['nop', 'yield', 'wfe', 'wfi', 'sev'][f.o] ?? `hint\t#${f.o}`, () => {}),
  P('stm', '11000 nnn gggggggg', (f) => `stmia\t${R(f.n)}!, ${regList(f.g)}`, (c, f) => O.genStm(c, f.n, f.g, 'ia', true)),
  P('ldm', '11001 nnn gggggggg', (f) => `ldmia\t${R(f.n)}${f.g & (1 << f.n) ? '' : '!'}, ${regList(f.g)}`,
    (c, f) => O.genLdm(c, f.n, f.g, 'ia', !(f.g & (1 << f.n)))),
  P('udf', '1101 1110 iiiiiiii', (f) => `udf\t#${f.i}`, (c) => { c.illegal(); }),
  P('svc', '1101 1111 iiiiiiii', (f) => `svc\t${f.i}`, (c) => O.genSvc(c)),
  P('bcond', '1101 cccc iiiiiiii', (f, pc) => `b${COND_NAMES[f.c]}.n\t${hex(pc + 4 + sext(f.i << 1, 9))}`, t16bcond, (f) => f.c < 14),
  P('b', '11100 iiiiiiiiiii', (f, pc) => `b.n\t${hex(pc + 4 + sext(f.i << 1, 12))}`, t16b),
];
// IT ('1011 1111 cccc mmmm', mask != 0) is decoded by index.ts.

// ================= T32 =================

/** T32 data-processing opcode → A32 opcode (or DP_ORN); -1 unallocated. */
const T32_DP = [0, 14, 12, DP_ORN, 1, -1, -1, -1, 4, -1, 5, 6, -1, 2, 3, -1];
const T32_DP_NAMES = ['and', 'bic', 'orr', 'orn', 'eor', '', 'pkh', '', 'add', '', 'adc', 'sbc', '', 'sub', 'rsb', ''];

function t32dp(c: Ctx, f: F, op2: (wc: boolean) => ReturnType<typeof shiftImm>): boolean | void {
  let op = T32_DP[f.o];
  if (op < 0) return false;
  let d = f.d, n = f.n;
  const s = !!f.s;
  if (d === 15 && s && (f.o === 0 || f.o === 4 || f.o === 8 || f.o === 13)) { op = [8, 9, 11, 10][[0, 4, 8, 13].indexOf(f.o)]; d = -1; }
  else if (n === 15 && (f.o === 2 || f.o === 3)) { op = f.o === 2 ? 13 : 15; n = 0; }
  if (d === 15 || (d !== -1 && d === 13 && op !== 4 && op !== 2 && op !== 13)) return false;
  genDP(c, op, s, d, n, op2);
}
function t32dpDis(kind: 'imm' | 'reg') {
  return (f: F): string => {
    const o2 = kind === 'imm' ? `#${thumbImm(f.i).v}` : R(f.m) + shiftSuffix(f.y, f.i);
    const cs = sfx(f);
    let name = T32_DP_NAMES[f.o];
    if (f.d === 15 && f.s && (f.o === 0 || f.o === 4 || f.o === 8 || f.o === 13)) {
      name = ['tst', 'teq', 'cmn', 'cmp'][[0, 4, 8, 13].indexOf(f.o)];
      return `${name}${cs}.w\t${R(f.n)}, ${o2}`;
    }
    if (f.n === 15 && (f.o === 2 || f.o === 3)) {
      return `${f.o === 2 ? 'mov' : 'mvn'}${f.s ? 's' : ''}${cs}.w\t${R(f.d)}, ${o2}`;
    }
    return `${name}${f.s ? 's' : ''}${cs}.w\t${R(f.d)}, ${R(f.n)}, ${o2}`;
  };
}

function blOffset(f: F): number {
  const i1 = (f.a ^ f.s) ^ 1, i2 = (f.b ^ f.s) ^ 1;
  return sext((f.s << 24) | (i1 << 23) | (i2 << 22) | (f.j << 12) | (f.i << 1), 25);
}
function blxOffset(f: F): number {
  const i1 = (f.a ^ f.s) ^ 1, i2 = (f.b ^ f.s) ^ 1;
  return sext((f.s << 24) | (i1 << 23) | (i2 << 22) | (f.j << 12) | (f.i << 2), 25);
}
function bcondOffset(f: F): number {
  return sext((f.s << 20) | (f.b << 19) | (f.a << 18) | (f.j << 12) | (f.i << 1), 21);
}

function t32ld(size: Size, signed: boolean, mode: 'imm12' | 'imm8' | 'reg' | 'lit', load: boolean) {
  return (c: Ctx, f: F): boolean | void => {
    if (load && f.t === 15 && size < 4) return; // PLD/PLI and unallocated hints
    let a: O.Addr;
    switch (mode) {
      case 'imm12': a = address(c, f.n, c32(f.i), true, true, false); break;
      case 'imm8':
        if (!f.p && !f.w) return false;
        a = address(c, f.n, c32(f.i), !!f.p, !!f.u, !!f.w); break;
      case 'reg': a = address(c, f.n, shiftImm(c, c.r(f.m), SH_LSL, f.i, false).v, true, true, false); break;
      default: a = { addr: c32(f.u ? c.pcAligned + f.i : c.pcAligned - f.i) };
    }
    if (load) O.genLoad(c, f.t, a, f.n, size, signed); else O.genStore(c, f.t, a, f.n, size);
  };
}
function t32mem(name: string, mode: 'imm12' | 'imm8' | 'reg' | 'lit') {
  return (f: F, pc: number): string => {
    const cs = sfx(f);
    if (f.t === 15 && (name === 'ldrb' || name === 'ldrsb' || name === 'ldrh' || name === 'ldrsh')) {
      const hint = name === 'ldrb' ? 'pld' : name === 'ldrsb' ? 'pli' : name === 'ldrh' ? 'pldw' : 'nop';
      if (mode === 'imm12') return `${hint}\t[${R(f.n)}, #${f.i}]`;
      if (mode === 'imm8') return `${hint}\t[${R(f.n)}, #-${f.i}]`;
      if (mode === 'reg') return `${hint}\t[${R(f.n)}, ${R(f.m)}${f.i ? `, lsl #${f.i}` : ''}]`;
    }
    switch (mode) {
      case 'imm12': return `${name}${cs}.w\t${R(f.t)}, [${R(f.n)}, #${f.i}]`;
      case 'imm8': return f.p ? `${name}${cs}\t${R(f.t)}, [${R(f.n)}, #${f.u ? '' : '-'}${f.i}]${f.w ? '!' : ''}` : `${name}${cs}\t${R(f.t)}, [${R(f.n)}], #${f.u ? '' : '-'}${f.i}`;
      case 'reg': return `${name}${cs}.w\t${R(f.t)}, [${R(f.n)}, ${R(f.m)}${f.i ? `, lsl #${f.i}` : ''}]`;
      default: return `${name}${cs}.w\t${R(f.t)}, [pc, #${f.u ? '' : '-'}${f.i}]\t@ ${hex(((pc + 4) & ~3) + (f.u ? f.i : -f.i))}`;
    }
  };
}
const LD_FORMS: [string, string, Size, boolean][] = [
  ['strb', '1000 0', 1, false], ['strh', '1000 1', 2, false], ['str', '1001 0', 4, false]];
const LD_LOADS: [string, string, Size, boolean][] = [
  ['ldrb', '1000 00', 1, false], ['ldrsb', '1001 00', 1, true], ['ldrh', '1000 01', 2, false], ['ldrsh', '1001 01', 2, true], ['ldr', '1000 10', 4, false]];

function t32loads(): PatternSpec[] {
  const out: PatternSpec[] = [];
  for (const [name, sz, size] of LD_FORMS) {
    // store: 1111 1000 1 sz(2) 0 (imm12) / 1111 1000 0 sz 0 (imm8, reg)
    const z = sz.replace(/\s/g, '').slice(3); // two size bits
    out.push(P(`${name}_imm12`, `1111 1000 1${z}0 nnnn tttt iiii iiii iiii`, t32mem(name, 'imm12'), t32ld(size, false, 'imm12', false), (f) => f.n !== 15));
    out.push(P(`${name}_imm8`, `1111 1000 0${z}0 nnnn tttt 1puw iiii iiii`, t32mem(name, 'imm8'), t32ld(size, false, 'imm8', false), (f) => f.n !== 15));
    out.push(P(`${name}_reg`, `1111 1000 0${z}0 nnnn tttt 0000 00ii mmmm`, t32mem(name, 'reg'), t32ld(size, false, 'reg', false), (f) => f.n !== 15));
  }
  for (const [name, bitsStr, size, signed] of LD_LOADS) {
    const b = bitsStr.replace(/\s/g, '');
    const sgn = b[3], z = b.slice(4);
    out.push(P(`${name}_imm12`, `1111 100${sgn} 1${z}1 nnnn tttt iiii iiii iiii`, t32mem(name, 'imm12'), t32ld(size, signed, 'imm12', true), (f) => f.n !== 15));
    out.push(P(`${name}_imm8`, `1111 100${sgn} 0${z}1 nnnn tttt 1puw iiii iiii`, t32mem(name, 'imm8'), t32ld(size, signed, 'imm8', true), (f) => f.n !== 15));
    out.push(P(`${name}_reg`, `1111 100${sgn} 0${z}1 nnnn tttt 0000 00ii mmmm`, t32mem(name, 'reg'), t32ld(size, signed, 'reg', true), (f) => f.n !== 15));
    out.push(P(`${name}_lit`, `1111 100${sgn} u${z}1 1111 tttt iiii iiii iiii`, t32mem(name, 'lit'), t32ld(size, signed, 'lit', true)));
  }
  return out;
}

const T32_PAR_OP: Record<number, number> = { 1: 0, 2: 1, 6: 2, 5: 3, 0: 4, 4: 7 };
function t32par(c: Ctx, f: F): boolean | void {
  const op = T32_PAR_OP[f.o];
  if (op === undefined || f.p === 3) return false;
  const name = H.PAR_PREFIX[(f.u << 2) | (f.p + 1)] + H.PAR_OPS[op];
  O.genPar(c, f.d, name, c.r(f.n), c.r(f.m));
}
const t32parDis = (f: F) => `${(H.PAR_PREFIX[(f.u << 2) | (f.p + 1)] ?? '?') + (H.PAR_OPS[T32_PAR_OP[f.o]] ?? '?')}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`;

const T32_EXT: O.ExtKind[] = ['sxth', 'uxth', 'sxtb16', 'uxtb16', 'sxtb', 'uxtb'];

const lsm = (load: boolean, mode: O.LsmMode) => (c: Ctx, f: F) => (load ? O.genLdm(c, f.n, f.g, mode, !!f.w) : O.genStm(c, f.n, f.g, mode, !!f.w));
const lsmDis = (load: boolean, mode: O.LsmMode) => (f: F) => {
  return `${load ? 'ldm' : 'stm'}${mode}${sfx(f)}.w\t${R(f.n)}${f.w ? '!' : ''}, ${regList(f.g)}`;
};

function dual(load: boolean) {
  return (c: Ctx, f: F): boolean | void => {
    const a = f.n === 15 ? { addr: c32(f.u ? c.pcAligned + f.i * 4 : c.pcAligned - f.i * 4) } : address(c, f.n, c32(f.i * 4), !!f.p, !!f.u, !!f.w);
    if (load) O.genLoadDual(c, f.t, f.T, a, f.n); else O.genStoreDual(c, f.t, f.T, a, f.n);
  };
}
const dualDis = (name: string) => (f: F) => f.p
  ? `${name}${sfx(f)}\t${R(f.t)}, ${R(f.T)}, [${R(f.n)}, #${f.u ? '' : '-'}${f.i * 4}]${f.w ? '!' : ''}`
  : `${name}${sfx(f)}\t${R(f.t)}, ${R(f.T)}, [${R(f.n)}], #${f.u ? '' : '-'}${f.i * 4}`;

const tldrex = (size: Size) => (c: Ctx, f: F) => O.genLdrex(c, f.t, f.T ?? 0, size === 4 && f.i ? c.b.add(c.t32(), c.r(f.n), c32(f.i * 4)) : c.r(f.n), size);
const tstrex = (size: Size) => (c: Ctx, f: F) => {
  if (f.d === f.n || f.d === f.t || f.d === f.T) return false;
  return O.genStrex(c, f.d, f.t, f.T ?? 0, size === 4 && f.i ? c.b.add(c.t32(), c.r(f.n), c32(f.i * 4)) : c.r(f.n), size);
};

function tbb(c: Ctx, f: F): void {
  const b = c.b;
  const base = c.r(f.n);
  const idx = f.h ? b.shl(c.t32(), c.r(f.m), c32(1)) : c.r(f.m);
  const v = b.ld(c.t32(), b.add(c.t32(), base, idx), 0, f.h ? 2 : 1, false);
  const t = b.add(c.t32(), b.shl(c.t32(), v, c32(1)), c32(c.pcv));
  c.writePc(t, 'branch');
}

const Q_T32 = [H.H_QADD, H.H_QDADD, H.H_QSUB, H.H_QDSUB];
const Q_T32_NAMES = ['qadd', 'qdadd', 'qsub', 'qdsub'];
const REV_T32: ('rev' | 'rev16' | 'rbit' | 'revsh')[] = ['rev', 'rev16', 'rbit', 'revsh'];

export const T32: PatternSpec[] = [
  // ---- data processing (modified immediate / shifted register) ----
  P('dp_mimm', '11110 i0o ooos nnnn 0iii dddd iiii iiii', t32dpDis('imm'), (c, f) => t32dp(c, f, (wc) => immOperand(thumbImm(f.i), wc))),
  P('dp_sreg', '1110 101o ooos nnnn 0iii dddd iiyy mmmm', t32dpDis('reg'), (c, f) => t32dp(c, f, (wc) => shiftImm(c, c.r(f.m), f.y, f.i, wc))),
  P('pkh', '1110 1010 110- nnnn 0iii dddd iix0 mmmm', (f) => `pkh${f.x ? 'tb' : 'bt'}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${f.i || f.x ? `, ${f.x ? 'asr' : 'lsl'} #${f.i || 32}` : ''}`,
    (c, f) => O.genPkh(c, f.d, f.n, f.m, f.x, f.i)),
  // ---- plain binary immediate ----
  P('addw', '11110 i10 0000 nnnn 0iii dddd iiii iiii', (f) => f.n === 15 ? `addw${sfx(f)}\t${R(f.d)}, pc, #${f.i}` : `addw${sfx(f)}\t${R(f.d)}, ${R(f.n)}, #${f.i}`,
    (c, f) => c.setR(f.d, f.n === 15 ? c32(c.pcAligned + f.i) : c.b.add(c.t32(), c.r(f.n), c32(f.i)))),
  P('subw', '11110 i10 1010 nnnn 0iii dddd iiii iiii', (f) => f.n === 15 ? `subw${sfx(f)}\t${R(f.d)}, pc, #${f.i}` : `subw${sfx(f)}\t${R(f.d)}, ${R(f.n)}, #${f.i}`,
    (c, f) => c.setR(f.d, f.n === 15 ? c32(c.pcAligned - f.i) : c.b.sub(c.t32(), c.r(f.n), c32(f.i)))),
  P('movw', '11110 i10 0100 jjjj 0iii dddd iiii iiii', (f) => `movw${sfx(f)}\t${R(f.d)}, #${(f.j << 12) | f.i}`, (c, f) => c.setR(f.d, c32((f.j << 12) | f.i))),
  P('movt', '11110 i10 1100 jjjj 0iii dddd iiii iiii', (f) => `movt${sfx(f)}\t${R(f.d)}, #${(f.j << 12) | f.i}`,
    (c, f) => c.setR(f.d, c.b.or(c.t32(), c.b.and(c.t32(), c.r(f.d), c32(0xffff)), c32(((f.j << 12) | f.i) << 16)))),
  P('ssat16', '11110 -11 0010 nnnn 0000 dddd 00-- ssss', (f) => `ssat16${sfx(f)}\t${R(f.d)}, #${f.s + 1}, ${R(f.n)}`, (c, f) => O.genCall(c, f.d, H.H_SSAT16, [c.r(f.n), c32(f.s + 1)])),
  P('usat16', '11110 -11 1010 nnnn 0000 dddd 00-- ssss', (f) => `usat16${sfx(f)}\t${R(f.d)}, #${f.s}, ${R(f.n)}`, (c, f) => O.genCall(c, f.d, H.H_USAT16, [c.r(f.n), c32(f.s)])),
  P('ssat', '11110 -11 00x0 nnnn 0iii dddd ii-s ssss', (f) => `ssat${sfx(f)}\t${R(f.d)}, #${f.s + 1}, ${R(f.n)}${f.x ? `, asr #${f.i}` : f.i ? `, lsl #${f.i}` : ''}`,
    (c, f) => O.genSat(c, f.d, f.n, f.s, f.x, f.i, false)),
  P('usat', '11110 -11 10x0 nnnn 0iii dddd ii-s ssss', (f) => `usat${sfx(f)}\t${R(f.d)}, #${f.s}, ${R(f.n)}${f.x ? `, asr #${f.i}` : f.i ? `, lsl #${f.i}` : ''}`,
    (c, f) => O.genSat(c, f.d, f.n, f.s, f.x, f.i, true)),
  P('sbfx', '11110 -11 0100 nnnn 0iii dddd ii-w wwww', (f) => `sbfx${sfx(f)}\t${R(f.d)}, ${R(f.n)}, #${f.i}, #${f.w + 1}`, (c, f) => O.genBfx(c, f.d, f.n, f.i, f.w, true)),
  P('ubfx', '11110 -11 1100 nnnn 0iii dddd ii-w wwww', (f) => `ubfx${sfx(f)}\t${R(f.d)}, ${R(f.n)}, #${f.i}, #${f.w + 1}`, (c, f) => O.genBfx(c, f.d, f.n, f.i, f.w, false)),
  P('bfi', '11110 -11 0110 nnnn 0iii dddd ii-m mmmm', (f) => f.n === 15 ? `bfc${sfx(f)}\t${R(f.d)}, #${f.i}, #${f.m - f.i + 1}` : `bfi${sfx(f)}\t${R(f.d)}, ${R(f.n)}, #${f.i}, #${f.m - f.i + 1}`,
    (c, f) => O.genBfi(c, f.d, f.n, f.i, f.m)),

  // ---- branches and miscellaneous control ----
  P('bcond', '11110 scccc jjjjjj 10a0 biii iiii iiii', (f, pc) => `b${COND_NAMES[f.c]}.w\t${hex(pc + 4 + bcondOffset(f))}`, (c, f) => conditional(c, f.c, () => c.jump(c.pcv + bcondOffset(f))), (f) => f.c < 14),
  P('b', '11110 sjjjjjjjjjj 10a1 biii iiii iiii', (f, pc) => `b${sfx(f)}.w\t${hex(pc + 4 + blOffset(f))}`, (c, f) => c.jump(c.pcv + blOffset(f))),
  P('bl', '11110 sjjjjjjjjjj 11a1 biii iiii iiii', (f, pc) => `bl${sfx(f)}\t${hex(pc + 4 + blOffset(f))}`, (c, f) => { c.setR(14, c32(c.next)); c.jump(c.pcv + blOffset(f)); }),
  P('blx_imm', '11110 sjjjjjjjjjj 11a0 biii iiii iii0', (f, pc) => `blx${sfx(f)}\t${hex(((pc + 4) & ~3) + blxOffset(f))}`,
    (c, f) => { c.setR(14, c32(c.next)); c.jump(c.pcAligned + blxOffset(f), false); }),
  P('msr', '11110 0111 000 nnnn 1000 xx00 0000 0000', (f) => `msr${sfx(f)}\tCPSR_${f.x & 2 ? 'f' : ''}${f.x & 1 ? 's' : ''}, ${R(f.n)}`, (c, f) => O.genMsr(c, c.r(f.n), f.x)),
  P('mrs', '11110 0111 110 1111 1000 dddd 0000 0000', (f) => `mrs${sfx(f)}\t${R(f.d)}, CPSR`, (c, f) => O.genMrs(c, f.d)),
  P('hint', '11110 0111 010 1111 1000 0000 oooo oooo', (f) => (['nop', 'yield', 'wfe', 'wfi', 'sev'][f.o] ?? `hint`) + '.w', () => {}),
  P('clrex', '11110 0111 011 1111 1000 1111 0010 1111', 'clrex', (c) => O.genClrex(c)),
  P('dsb', '11110 0111 011 1111 1000 1111 0100 iiii', 'dsb {bar}', () => {}),
  P('dmb', '11110 0111 011 1111 1000 1111 0101 iiii', 'dmb {bar}', () => {}),
  P('isb', '11110 0111 011 1111 1000 1111 0110 iiii', 'isb {bar}', () => {}),
  P('udf', '1111 0111 1111 iiii 1010 iiii iiii iiii', (f) => `udf.w\t#${f.i}`, (c) => { c.illegal(); }),

  // ---- load/store multiple, dual, exclusive, table branch ----
  P('stmia', '1110 1000 10w0 nnnn gggg gggg gggg gggg', lsmDis(false, 'ia'), lsm(false, 'ia')),
  P('ldmia', '1110 1000 10w1 nnnn gggg gggg gggg gggg', lsmDis(true, 'ia'), lsm(true, 'ia')),
  P('stmdb', '1110 1001 00w0 nnnn gggg gggg gggg gggg', lsmDis(false, 'db'), lsm(false, 'db')),
  P('ldmdb', '1110 1001 00w1 nnnn gggg gggg gggg gggg', lsmDis(true, 'db'), lsm(true, 'db')),
  P('strd', '1110 100p u1w0 nnnn tttt TTTT iiii iiii', dualDis('strd'), dual(false), (f) => !!(f.p | f.w)),
  P('ldrd', '1110 100p u1w1 nnnn tttt TTTT iiii iiii', dualDis('ldrd'), dual(true), (f) => !!(f.p | f.w)),
  P('strex', '1110 1000 0100 nnnn tttt dddd iiii iiii', (f) => `strex${sfx(f)}\t${R(f.d)}, ${R(f.t)}, [${R(f.n)}${f.i ? `, #${f.i * 4}` : ''}]`, tstrex(4)),
  P('ldrex', '1110 1000 0101 nnnn tttt 1111 iiii iiii', (f) => `ldrex${sfx(f)}\t${R(f.t)}, [${R(f.n)}${f.i ? `, #${f.i * 4}` : ''}]`, tldrex(4)),
  P('tbb', '1110 1000 1101 nnnn 1111 0000 000h mmmm', (f) => f.h ? `tbh${sfx(f)}\t[${R(f.n)}, ${R(f.m)}, lsl #1]` : `tbb${sfx(f)}\t[${R(f.n)}, ${R(f.m)}]`, tbb),
  P('ldrexb', '1110 1000 1101 nnnn tttt 1111 0100 1111', 'ldrexb {t}, [{n}]', tldrex(1)),
  P('ldrexh', '1110 1000 1101 nnnn tttt 1111 0101 1111', 'ldrexh {t}, [{n}]', tldrex(2)),
  P('ldrexd', '1110 1000 1101 nnnn tttt TTTT 0111 1111', 'ldrexd {t}, {T}, [{n}]', tldrex(8)),
  P('strexb', '1110 1000 1100 nnnn tttt 1111 0100 dddd', 'strexb {d}, {t}, [{n}]', tstrex(1)),
  P('strexh', '1110 1000 1100 nnnn tttt 1111 0101 dddd', 'strexh {d}, {t}, [{n}]', tstrex(2)),
  P('strexd', '1110 1000 1100 nnnn tttt TTTT 0111 dddd', 'strexd {d}, {t}, {T}, [{n}]', tstrex(8)),
  P('lda', '1110 1000 1101 nnnn tttt 1111 1010 1111', 'lda {t}, [{n}]', (c, f) => O.genLoad(c, f.t, { addr: c.r(f.n) }, f.n, 4, false)),
  P('ldab', '1110 1000 1101 nnnn tttt 1111 1000 1111', 'ldab {t}, [{n}]', (c, f) => O.genLoad(c, f.t, { addr: c.r(f.n) }, f.n, 1, false)),
  P('ldah', '1110 1000 1101 nnnn tttt 1111 1001 1111', 'ldah {t}, [{n}]', (c, f) => O.genLoad(c, f.t, { addr: c.r(f.n) }, f.n, 2, false)),
  P('ldaex', '1110 1000 1101 nnnn tttt 1111 1110 1111', 'ldaex {t}, [{n}]', tldrex(4)),
  P('ldaexb', '1110 1000 1101 nnnn tttt 1111 1100 1111', 'ldaexb {t}, [{n}]', tldrex(1)),
  P('ldaexh', '1110 1000 1101 nnnn tttt 1111 1101 1111', 'ldaexh {t}, [{n}]', tldrex(2)),
  P('ldaexd', '1110 1000 1101 nnnn tttt TTTT 1111 1111', 'ldaexd {t}, {T}, [{n}]', tldrex(8)),
  P('stl', '1110 1000 1100 nnnn tttt 1111 1010 1111', 'stl {t}, [{n}]', (c, f) => O.genStore(c, f.t, { addr: c.r(f.n) }, f.n, 4)),
  P('stlb', '1110 1000 1100 nnnn tttt 1111 1000 1111', 'stlb {t}, [{n}]', (c, f) => O.genStore(c, f.t, { addr: c.r(f.n) }, f.n, 1)),
  P('stlh', '1110 1000 1100 nnnn tttt 1111 1001 1111', 'stlh {t}, [{n}]', (c, f) => O.genStore(c, f.t, { addr: c.r(f.n) }, f.n, 2)),
  P('stlex', '1110 1000 1100 nnnn tttt 1111 1110 dddd', 'stlex {d}, {t}, [{n}]', tstrex(4)),
  P('stlexb', '1110 1000 1100 nnnn tttt 1111 1100 dddd', 'stlexb {d}, {t}, [{n}]', tstrex(1)),
  P('stlexh', '1110 1000 1100 nnnn tttt 1111 1101 dddd', 'stlexh {d}, {t}, [{n}]', tstrex(2)),
  P('stlexd', '1110 1000 1100 nnnn tttt TTTT 1111 dddd', 'stlexd {d}, {t}, {T}, [{n}]', tstrex(8)),

  // ---- single loads and stores ----
  ...t32loads(),

  // ---- data processing (register) ----
  P('shift_reg', '1111 1010 0yys nnnn 1111 dddd 0000 mmmm', (f) => `${SHIFT_NAMES[f.y]}${f.s ? 's' : ''}${sfx(f)}.w\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`,
    (c, f) => genDP(c, 13, !!f.s, f.d, 0, (wc) => shiftReg(c, c.r(f.n), f.y, c.r(f.m), wc))),
  P('extend', '1111 1010 0ooo nnnn 1111 dddd 10kk mmmm', (f) => {
    const k = T32_EXT[f.o] ?? '?';
    const rot = f.k ? `, ror #${f.k * 8}` : '';
    return f.n === 15 ? `${k}${sfx(f)}.w\t${R(f.d)}, ${R(f.m)}${rot}` : `${k.slice(0, 3)}a${k.slice(3)}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${rot}`;
  }, (c, f) => { if (f.o > 5) return false; return O.genExtend(c, f.d, f.n, f.m, f.k, T32_EXT[f.o]); }),
  P('parallel', '1111 1010 1ooo nnnn 1111 dddd 0upp mmmm', t32parDis, t32par),
  P('qadd', '1111 1010 1000 nnnn 1111 dddd 10oo mmmm', (f) => `${Q_T32_NAMES[f.o]}${sfx(f)}\t${R(f.d)}, ${R(f.m)}, ${R(f.n)}`, (c, f) => O.genCall(c, f.d, Q_T32[f.o], [c.r(f.m), c.r(f.n)])),
  P('rev', '1111 1010 1001 nnnn 1111 dddd 10oo mmmm', (f) => `${REV_T32[f.o]}${sfx(f)}.w\t${R(f.d)}, ${R(f.m)}`, (c, f) => O.genRev(c, f.d, f.m, REV_T32[f.o])),
  P('sel', '1111 1010 1010 nnnn 1111 dddd 1000 mmmm', (f) => `sel${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`, (c, f) => O.genSel(c, f.d, c.r(f.n), c.r(f.m))),
  P('clz', '1111 1010 1011 nnnn 1111 dddd 1000 mmmm', (f) => `clz${sfx(f)}\t${R(f.d)}, ${R(f.m)}`, (c, f) => O.genClz(c, f.d, f.m)),

  // ---- multiply, multiply accumulate, divide ----
  P('mla', '1111 1011 0000 nnnn aaaa dddd 0000 mmmm', (f) => f.a === 15 ? `mul${sfx(f)}.w\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}` : `mla${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genMul(c, f.d, f.n, f.m, f.a, f.a === 15 ? 0 : 1, false)),
  P('mls', '1111 1011 0000 nnnn aaaa dddd 0001 mmmm', (f) => `mls${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`, (c, f) => O.genMul(c, f.d, f.n, f.m, f.a, -1, false)),
  P('smlaxy', '1111 1011 0001 nnnn aaaa dddd 00xy mmmm', (f) => f.a === 15 ? `smul${f.x ? 't' : 'b'}${f.y ? 't' : 'b'}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}` : `smla${f.x ? 't' : 'b'}${f.y ? 't' : 'b'}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genSmulxy(c, f.d, f.n, f.m, f.a === 15 ? -1 : f.a, f.x, f.y)),
  ...[0, 1].map((sub) => P(sub ? 'smlsd' : 'smlad', `1111 1011 0${sub ? '100' : '010'} nnnn aaaa dddd 000x mmmm`,
    (f: F) => f.a === 15 ? `smu${sub ? 's' : 'a'}d${f.x ? 'x' : ''}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}` : `sml${sub ? 's' : 'a'}d${f.x ? 'x' : ''}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c: Ctx, f: F) => O.genSmlad(c, f.d, f.n, f.m, f.a === 15 ? -1 : f.a, f.x, !!sub))),
  P('smlawy', '1111 1011 0011 nnnn aaaa dddd 000y mmmm', (f) => f.a === 15 ? `smulw${f.y ? 't' : 'b'}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}` : `smlaw${f.y ? 't' : 'b'}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genSmulw(c, f.d, f.n, f.m, f.a === 15 ? -1 : f.a, f.y)),
  P('smmla', '1111 1011 0101 nnnn aaaa dddd 000x mmmm', (f) => f.a === 15 ? `smmul${f.x ? 'r' : ''}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}` : `smmla${f.x ? 'r' : ''}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genSmmul(c, f.d, f.n, f.m, f.a === 15 ? -1 : f.a, false, !!f.x)),
  P('smmls', '1111 1011 0110 nnnn aaaa dddd 000x mmmm', (f) => `smmls${f.x ? 'r' : ''}${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`,
    (c, f) => O.genSmmul(c, f.d, f.n, f.m, f.a, true, !!f.x)),
  P('usad8', '1111 1011 0111 nnnn aaaa dddd 0000 mmmm', (f) => f.a === 15 ? `usad8${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}` : `usada8${sfx(f)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`, (c, f) => {
    const t = c.t32(); c.b.call(H.H_USAD8, [c.r(f.n), c.r(f.m)], t);
    c.setR(f.d, f.a === 15 ? t : c.b.add(c.t32(), t, c.r(f.a)));
  }),
  P('smull', '1111 1011 1000 nnnn llll hhhh 0000 mmmm', 'smull {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, true, false, false)),
  P('sdiv', '1111 1011 1001 nnnn 1111 dddd 1111 mmmm', 'sdiv {d}, {n}, {m}', (c, f) => O.genDiv(c, f.d, f.n, f.m, true)),
  P('umull', '1111 1011 1010 nnnn llll hhhh 0000 mmmm', 'umull {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, false, false, false)),
  P('udiv', '1111 1011 1011 nnnn 1111 dddd 1111 mmmm', 'udiv {d}, {n}, {m}', (c, f) => O.genDiv(c, f.d, f.n, f.m, false)),
  P('smlal', '1111 1011 1100 nnnn llll hhhh 0000 mmmm', 'smlal {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, true, true, false)),
  P('smlalxy', '1111 1011 1100 nnnn llll hhhh 10xy mmmm', (f) => `smlal${f.x ? 't' : 'b'}${f.y ? 't' : 'b'}\t${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`, (c, f) => O.genSmlalxy(c, f.l, f.h, f.n, f.m, f.x, f.y)),
  P('smlald', '1111 1011 110s nnnn llll hhhh 110x mmmm', (f) => `sml${f.s ? 's' : 'a'}ld${f.x ? 'x' : ''}\t${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`, (c, f) => O.genSmlald(c, f.l, f.h, f.n, f.m, f.x, !!f.s)),
  P('umlal', '1111 1011 1110 nnnn llll hhhh 0000 mmmm', 'umlal {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, false, true, false)),
  P('umaal', '1111 1011 1110 nnnn llll hhhh 0110 mmmm', 'umaal {l}, {h}, {n}, {m}', (c, f) => O.genMulLong(c, f.l, f.h, f.n, f.m, false, false, false, true)),

  // ---- coprocessor ----
  P('mrc', '1110 1110 ooo1 nnnn tttt qqqq xxx1 mmmm', (f) => `mrc\t${f.q}, ${f.o}, ${R(f.t)}, cr${f.n}, cr${f.m}, {${f.x}}`,
    (c, f) => (f.q === 15 ? O.genMrc(c, f.t, f.o, f.n, f.m, f.x, true) : false)),
];

export { DP_NAMES };
