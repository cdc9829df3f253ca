// Integer data processing (immediate and register groups): one small handler
// per instruction class, with its disassembly formatter next to it.

import { c32, c64, type BinOpName, type Helper, type UnOpName, type Val, Ty } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import { bit, bits, type Entry, ra, rd, rm, rn, sext, sf } from './decode';
import { condTest, condValue, Ctx, genAdc, genAdd, genLogicFlags, genSub, setFlagRegs, ZERO32 } from './gen';
import { CF, NF, VF, ZF } from './regs';
import { decodeBitMasks, logicalImm } from './bitmask';
import { COND_NAMES, dec, EXTEND_NAMES, gr, grsp, hex, imm, SHIFT_NAMES, xn, wn } from './dis-util';

const W = (s: number) => (s ? 64 : 32);
const SHIFT_OPS: BinOpName[] = ['shl', 'shr', 'sar', 'rotr'];

/** Register operand shifted by a constant (shifted-register forms). */
function shiftedReg(c: Ctx, s: number, r: number, type: number, amt: number): Val {
  const v = c.r(s, r);
  if (amt === 0 || v.kind === 'const') return v;
  return c.b.bin(SHIFT_OPS[type], c.t(s), v, c.k(s, amt));
}

const EXT_OPS: UnOpName[] = ['ext8u', 'ext16u', 'ext32u', 'mov', 'ext8s', 'ext16s', 'ext32s', 'mov'];

/** Register operand extended then shifted left (extended-register forms). */
function extendedReg(c: Ctx, s: number, r: number, option: number, amt: number): Val {
  const b = c.b;
  let v: Val;
  if (s && (option & 3) !== 3) {
    // W source extended to 64 bits
    const wv = c.r(0, r);
    const sign = option >= 4;
    const w32 = (option & 3) === 2 ? wv : b.un(EXT_OPS[option], c.t32(), wv);
    v = b.un(sign ? 'exts' : 'extu', c.t64(), w32);
  } else {
    v = c.r(s, r);
    if (EXT_OPS[option] !== 'mov' && !(s === 0 && (option & 3) === 2)) v = b.un(EXT_OPS[option], c.t(s), v);
  }
  if (amt) v = b.shl(c.t(s), v, c.k(s, amt));
  return v;
}

// ---- add/sub (immediate, shifted register, extended register) ----

function addsub(c: Ctx, w: number, a: Val, y: Val, spDest: boolean): void {
  const s = sf(w), op = bit(w, 30), S = bit(w, 29);
  const r = op ? genSub(c, s, a, y, !!S) : genAdd(c, s, a, y, !!S);
  c.setR(s, rd(w), r, spDest && !S);
}

function trans_addsub_imm(c: Ctx, w: number): void {
  const s = sf(w);
  const v = bits(w, 21, 10) << (bit(w, 22) ? 12 : 0);
  addsub(c, w, c.r(s, rn(w), true), c.k(s, v), true);
}
function dis_addsub_imm(w: number): string {
  const s = sf(w), op = bit(w, 30), S = bit(w, 29), sh = bit(w, 22), v = bits(w, 21, 10);
  const im = `${imm(v)}${sh ? ', lsl #12' : ''}`;
  if (!op && !S && !v && !sh && (rd(w) === 31 || rn(w) === 31)) return `mov ${grsp(s, rd(w))}, ${grsp(s, rn(w))}`;
  if (S && rd(w) === 31) return `${op ? 'cmp' : 'cmn'} ${grsp(s, rn(w))}, ${im}`;
  const name = (op ? 'sub' : 'add') + (S ? 's' : '');
  return `${name} ${S ? gr(s, rd(w)) : grsp(s, rd(w))}, ${grsp(s, rn(w))}, ${im}`;
}

function trans_addsub_shift(c: Ctx, w: number): boolean | void {
  const s = sf(w), type = bits(w, 23, 22), amt = bits(w, 15, 10);
  if (type === 3 || (!s && amt >= 32)) return false;
  addsub(c, w, c.r(s, rn(w)), shiftedReg(c, s, rm(w), type, amt), false);
}
function dis_addsub_shift(w: number): string {
  const s = sf(w), op = bit(w, 30), S = bit(w, 29), type = bits(w, 23, 22), amt = bits(w, 15, 10);
  const m = gr(s, rm(w)) + (amt ? `, ${SHIFT_NAMES[type]} #${amt}` : '');
  const name = (op ? 'sub' : 'add') + (S ? 's' : '');
  if (S && rd(w) === 31) return `${op ? 'cmp' : 'cmn'} ${gr(s, rn(w))}, ${m}`;
  if (op && rn(w) === 31) return `${S ? 'negs' : 'neg'} ${gr(s, rd(w))}, ${m}`;
  return `${name} ${gr(s, rd(w))}, ${gr(s, rn(w))}, ${m}`;
}

function trans_addsub_ext(c: Ctx, w: number): boolean | void {
  const s = sf(w), amt = bits(w, 12, 10);
  if (amt > 4) return false;
  addsub(c, w, c.r(s, rn(w), true), extendedReg(c, s, rm(w), bits(w, 15, 13), amt), true);
}
function dis_addsub_ext(w: number): string {
  const s = sf(w), op = bit(w, 30), S = bit(w, 29), opt = bits(w, 15, 13), amt = bits(w, 12, 10);
  const mreg = s && (opt & 3) === 3 ? xn(rm(w)) : wn(rm(w));
  const isLsl = (rd(w) === 31 && !S) || rn(w) === 31 ? opt === (s ? 3 : 2) : false;
  const ext = isLsl ? (amt ? `, lsl #${amt}` : '') : `, ${EXTEND_NAMES[opt]}${amt ? ` #${amt}` : ''}`;
  if (S && rd(w) === 31) return `${op ? 'cmp' : 'cmn'} ${grsp(s, rn(w))}, ${mreg}${ext}`;
  const name = (op ? 'sub' : 'add') + (S ? 's' : '');
  return `${name} ${S ? gr(s, rd(w)) : grsp(s, rd(w))}, ${grsp(s, rn(w))}, ${mreg}${ext}`;
}

function trans_adc(c: Ctx, w: number): void {
  const s = sf(w), op = bit(w, 30), S = bit(w, 29);
  let y = c.r(s, rm(w));
  if (op) y = c.b.un('not', c.t(s), y);
  c.setR(s, rd(w), genAdc(c, s, c.r(s, rn(w)), y, !!S));
}
function dis_adc(w: number): string {
  const s = sf(w), op = bit(w, 30), S = bit(w, 29);
  if (op && rn(w) === 31) return `${S ? 'ngcs' : 'ngc'} ${gr(s, rd(w))}, ${gr(s, rm(w))}`;
  return `${op ? 'sbc' : 'adc'}${S ? 's' : ''} ${gr(s, rd(w))}, ${gr(s, rn(w))}, ${gr(s, rm(w))}`;
}

// ---- logical ----

const LOGIC: BinOpName[] = ['and', 'or', 'xor', 'and'];
const LOGIC_NAMES = [['and', 'bic'], ['orr', 'orn'], ['eor', 'eon'], ['ands', 'bics']];

function logic(c: Ctx, w: number, x: Val, y: Val, spDest: boolean): void {
  const s = sf(w), opc = bits(w, 30, 29);
  const r = c.b.bin(LOGIC[opc], c.t(s), x, y);
  if (opc === 3) genLogicFlags(c, s, r);
  c.setR(s, rd(w), r, spDest && opc !== 3);
}

function trans_logic_imm(c: Ctx, w: number): boolean | void {
  const s = sf(w);
  const v = logicalImm(bit(w, 22), bits(w, 15, 10), bits(w, 21, 16), W(s));
  if (v === undefined) return false;
  logic(c, w, c.r(s, rn(w)), c.k(s, v), true);
}
function dis_logic_imm(w: number): string {
  const s = sf(w), opc = bits(w, 30, 29);
  const v = logicalImm(bit(w, 22), bits(w, 15, 10), bits(w, 21, 16), W(s)) ?? 0n;
  if (opc === 3 && rd(w) === 31) return `tst ${gr(s, rn(w))}, ${imm(v)}`;
  if (opc === 1 && rn(w) === 31) return `mov ${grsp(s, rd(w))}, ${imm(v)}`;
  return `${LOGIC_NAMES[opc][0]} ${opc === 3 ? gr(s, rd(w)) : grsp(s, rd(w))}, ${gr(s, rn(w))}, ${imm(v)}`;
}

function trans_logic_shift(c: Ctx, w: number): boolean | void {
  const s = sf(w), amt = bits(w, 15, 10);
  if (!s && amt >= 32) return false;
  let y = shiftedReg(c, s, rm(w), bits(w, 23, 22), amt);
  if (bit(w, 21)) y = c.b.un('not', c.t(s), y);
  const opc = bits(w, 30, 29);
  // mov: orr rd, zr, rm
  if (opc === 1 && rn(w) === 31) { c.setR(s, rd(w), y); return; }
  logic(c, w, c.r(s, rn(w)), y, false);
}
function dis_logic_shift(w: number): string {
  const s = sf(w), opc = bits(w, 30, 29), N = bit(w, 21), type = bits(w, 23, 22), amt = bits(w, 15, 10);
  const m = gr(s, rm(w)) + (amt || type ? `, ${SHIFT_NAMES[type]} #${amt}` : '');
  if (opc === 1 && rn(w) === 31 && !amt && !type) return `${N ? 'mvn' : 'mov'} ${gr(s, rd(w))}, ${m}`;
  if (opc === 1 && N && rn(w) === 31) return `mvn ${gr(s, rd(w))}, ${m}`;
  if (opc === 3 && !N && rd(w) === 31) return `tst ${gr(s, rn(w))}, ${m}`;
  return `${LOGIC_NAMES[opc][N]} ${gr(s, rd(w))}, ${gr(s, rn(w))}, ${m}`;
}

// ---- move wide ----

function trans_movw(c: Ctx, w: number): boolean | void {
  const s = sf(w), opc = bits(w, 30, 29), hw = bits(w, 22, 21), v = bits(w, 20, 5);
  if (opc === 1 || (!s && hw >= 2)) return false;
  const pos = BigInt(hw * 16);
  const vb = BigInt(v) << pos;
  if (opc === 0) { c.setR(s, rd(w), c.k(s, ~vb)); return; }
  if (opc === 2) { c.setR(s, rd(w), c.k(s, vb)); return; }
  if (rd(w) === 31) return;
  const b = c.b;
  const cur = c.r(s, rd(w));
  const t = b.and(c.t(s), cur, c.k(s, ~(0xffffn << pos)));
  c.setR(s, rd(w), b.or(c.t(s), t, c.k(s, vb)));
}
function dis_movw(w: number): string {
  const s = sf(w), opc = bits(w, 30, 29), hw = bits(w, 22, 21), v = bits(w, 20, 5);
  const vb = BigInt(v) << BigInt(hw * 16);
  if (opc === 3) return `movk ${gr(s, rd(w))}, ${imm(v)}${hw ? `, lsl #${hw * 16}` : ''}`;
  if (opc === 2) {
    if (v === 0 && hw) return `movz ${gr(s, rd(w))}, ${imm(v)}, lsl #${hw * 16}`;
    return `mov ${gr(s, rd(w))}, ${imm(vb)}`;
  }
  const val = BigInt.asUintN(W(s), ~vb);
  if ((!s && v === 0xffff) || (v === 0 && hw)) return `movn ${gr(s, rd(w))}, ${imm(v)}${hw ? `, lsl #${hw * 16}` : ''}`;
  return `mov ${gr(s, rd(w))}, ${imm(val)}`;
}

// ---- pc-relative ----

function trans_adr(c: Ctx, w: number): void {
  const off = sext((bits(w, 23, 5) << 2) | bits(w, 30, 29), 21);
  const v = bit(w, 31) ? Math.floor(c.pc / 4096) * 4096 + off * 4096 : c.pc + off;
  c.setR(1, rd(w), c64(v));
}
function dis_adr(w: number, pc: number): string {
  const off = sext((bits(w, 23, 5) << 2) | bits(w, 30, 29), 21);
  const v = bit(w, 31) ? Math.floor(pc / 4096) * 4096 + off * 4096 : pc + off;
  return `${bit(w, 31) ? 'adrp' : 'adr'} ${xn(rd(w))}, ${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
}

// ---- bitfield and extract ----

function trans_bitfield(c: Ctx, w: number): boolean | void {
  const s = sf(w), opc = bits(w, 30, 29), N = bit(w, 22), R = bits(w, 21, 16), S = bits(w, 15, 10);
  if (opc === 3 || N !== s || (!s && (R >= 32 || S >= 32))) return false;
  if (!decodeBitMasks(N, S, R, false, W(s))) return false;
  const b = c.b, width = W(s);
  const src = c.r(s, rn(w));
  const K = (v: number | bigint) => c.k(s, v);
  const ones = (n: number) => (1n << BigInt(n)) - 1n;
  let r: Val;
  if (opc === 2 || opc === 0) {
    const sh = opc === 2 ? 'shr' : 'sar';
    if (S >= R) {
      // ubfx/sbfx (lsr, asr, uxt*, sxt*)
      const l = width - 1 - S;
      const t = l ? b.shl(c.t(s), src, K(l)) : src;
      r = l + R ? b.bin(sh, c.t(s), t, K(l + R)) : t;
    } else {
      // ubfiz/sbfiz (lsl): field src[S:0] at bit width-R
      const l = width - 1 - S;
      const t = b.shl(c.t(s), src, K(l));
      r = b.bin(sh, c.t(s), t, K(l - (width - R)));
    }
  } else {
    const dst = c.r(s, rd(w));
    let field: Val, mask: bigint;
    if (S >= R) { // bfxil
      const wd = S - R + 1;
      mask = ones(wd);
      field = b.and(c.t(s), R ? b.shr(c.t(s), src, K(R)) : src, K(mask));
    } else { // bfi
      const lsb = width - R;
      mask = ones(S + 1) << BigInt(lsb);
      field = b.and(c.t(s), b.shl(c.t(s), src, K(lsb)), K(mask));
    }
    r = b.or(c.t(s), b.and(c.t(s), dst, K(~mask)), field);
  }
  c.setR(s, rd(w), r);
}
function dis_bitfield(w: number): string {
  const s = sf(w), opc = bits(w, 30, 29), R = bits(w, 21, 16), S = bits(w, 15, 10), width = W(s);
  const d = gr(s, rd(w)), n = gr(s, rn(w));
  if (opc === 0) {
    if (S === width - 1) return `asr ${d}, ${n}, ${dec(R)}`;
    if (R === 0 && S === 7) return `sxtb ${d}, ${wn(rn(w))}`;
    if (R === 0 && S === 15) return `sxth ${d}, ${wn(rn(w))}`;
    if (R === 0 && S === 31) return `sxtw ${d}, ${wn(rn(w))}`;
    if (S < R) return `sbfiz ${d}, ${n}, ${dec(width - R)}, ${dec(S + 1)}`;
    return `sbfx ${d}, ${n}, ${dec(R)}, ${dec(S - R + 1)}`;
  }
  if (opc === 2) {
    if (S !== width - 1 && S + 1 === R) return `lsl ${d}, ${n}, ${dec(width - 1 - S)}`;
    if (S === width - 1) return `lsr ${d}, ${n}, ${dec(R)}`;
    if (R === 0 && S === 7 && !s) return `uxtb ${d}, ${n}`;
    if (R === 0 && S === 15 && !s) return `uxth ${d}, ${n}`;
    if (S < R) return `ubfiz ${d}, ${n}, ${dec(width - R)}, ${dec(S + 1)}`;
    return `ubfx ${d}, ${n}, ${dec(R)}, ${dec(S - R + 1)}`;
  }
  if (S < R) return rn(w) === 31 ? `bfc ${d}, ${dec(width - R)}, ${dec(S + 1)}` : `bfi ${d}, ${n}, ${dec(width - R)}, ${dec(S + 1)}`;
  return `bfxil ${d}, ${n}, ${dec(R)}, ${dec(S - R + 1)}`;
}

function trans_extr(c: Ctx, w: number): boolean | void {
  const s = sf(w), N = bit(w, 22), lsb = bits(w, 15, 10);
  if (N !== s || (!s && lsb >= 32)) return false;
  const b = c.b;
  const lo = c.r(s, rm(w));
  if (lsb === 0) { c.setR(s, rd(w), lo); return; }
  const hi = c.r(s, rn(w));
  const r = b.or(c.t(s), b.shr(c.t(s), lo, c.k(s, lsb)), b.shl(c.t(s), hi, c.k(s, W(s) - lsb)));
  c.setR(s, rd(w), r);
}
function dis_extr(w: number): string {
  const s = sf(w), lsb = bits(w, 15, 10);
  if (rn(w) === rm(w)) return `ror ${gr(s, rd(w))}, ${gr(s, rn(w))}, ${dec(lsb)}`;
  return `extr ${gr(s, rd(w))}, ${gr(s, rn(w))}, ${gr(s, rm(w))}, ${dec(lsb)}`;
}

// ---- conditional compare / select ----

function trans_ccmp(c: Ctx, w: number): void {
  const s = sf(w), op = bit(w, 30), nzcv = bits(w, 3, 0), cc = bits(w, 15, 12);
  const b = c.b;
  const cv = condValue(c, cc);
  const x = c.r(s, rn(w));
  const y = bit(w, 11) ? c.k(s, bits(w, 20, 16)) : c.r(s, rm(w));
  // The comparison's flags into temps (genSub/genAdd write the globals; compute by hand here).
  const r = op ? b.sub(c.t(s), x, y) : b.add(c.t(s), x, y);
  const n = s ? b.un('hi32', c.t32(), r) : r;
  const z = s ? b.or(c.t32(), b.un('trunc', c.t32(), r), n) : r;
  const cy = op ? b.setcond(c.t32(), 'geu', x, y) : b.setcond(c.t32(), 'ltu', r, x);
  const vx = op ? b.and(c.t(s), b.xor(c.t(s), x, y), b.xor(c.t(s), x, r)) : b.and(c.t(s), b.xor(c.t(s), r, x), b.xor(c.t(s), r, y));
  const v = s ? b.un('hi32', c.t32(), vx) : vx;
  setFlagRegs(c,
    b.movcond(c.t32(), 'ne', cv, ZERO32, n, c32(nzcv & 8 ? -1 : 0)),
    b.movcond(c.t32(), 'ne', cv, ZERO32, z, c32(nzcv & 4 ? 0 : 1)),
    b.movcond(c.t32(), 'ne', cv, ZERO32, cy, c32(nzcv & 2 ? 1 : 0)),
    b.movcond(c.t32(), 'ne', cv, ZERO32, v, c32(nzcv & 1 ? -1 : 0)));
}
function dis_ccmp(w: number): string {
  const s = sf(w), op = bit(w, 30);
  const y = bit(w, 11) ? imm(bits(w, 20, 16)) : gr(s, rm(w));
  return `${op ? "ccmp" : "ccmn"} ${gr(s, rn(w))}, ${y}, ${imm(bits(w, 3, 0))}, ${COND_NAMES[bits(w, 15, 12)]}`;
}

function trans_csel(c: Ctx, w: number): void {
  const s = sf(w), op = bit(w, 30), o2 = bit(w, 10), cc = bits(w, 15, 12);
  const b = c.b;
  const t = condTest(c, cc);
  const x = c.r(s, rn(w));
  let y = c.r(s, rm(w));
  if (op && o2) y = b.un('neg', c.t(s), y);
  else if (op) y = b.un('not', c.t(s), y);
  else if (o2) y = b.add(c.t(s), y, c.k(s, 1));
  c.setR(s, rd(w), b.movcond(c.t(s), t.cond, t.a, t.b, x, y));
}
const CSEL_NAMES = [['csel', 'csinc'], ['csinv', 'csneg']];
function dis_csel(w: number): string {
  const s = sf(w), op = bit(w, 30), o2 = bit(w, 10), cc = bits(w, 15, 12);
  const d = gr(s, rd(w)), n = rn(w), m = rm(w), inv = COND_NAMES[cc ^ 1];
  if (cc < 14 && (op || o2) && n === m) {
    if (n === 31 && !(op && o2)) return `${o2 ? 'cset' : 'csetm'} ${d}, ${inv}`;
    return `${op ? (o2 ? 'cneg' : 'cinv') : 'cinc'} ${d}, ${gr(s, n)}, ${inv}`;
  }
  return `${CSEL_NAMES[op][o2]} ${d}, ${gr(s, n)}, ${gr(s, m)}, ${COND_NAMES[cc]}`;
}

// ---- multiply / divide ----

function trans_dp3(c: Ctx, w: number): boolean | void {
  const s = sf(w), op31 = bits(w, 23, 21), o0 = bit(w, 15);
  const b = c.b;
  if (op31 === 0) {
    const p = b.bin('mul', c.t(s), c.r(s, rn(w)), c.r(s, rm(w)));
    const acc = c.r(s, ra(w));
    c.setR(s, rd(w), o0 ? b.sub(c.t(s), acc, p) : b.add(c.t(s), p, acc));
    return;
  }
  if (!s) return false;
  if (op31 === 2 || op31 === 6) {
    if (o0) return false;
    c.setR(1, rd(w), b.bin(op31 === 2 ? 'mulsh' : 'muluh', c.t64(), c.x(rn(w)), c.x(rm(w))));
    return;
  }
  if (op31 !== 1 && op31 !== 5) return false;
  const ext = op31 === 1 ? 'exts' : 'extu';
  const x = b.un(ext, c.t64(), c.r(0, rn(w)));
  const y = b.un(ext, c.t64(), c.r(0, rm(w)));
  const p = b.bin('mul', c.t64(), x, y);
  const acc = c.x(ra(w));
  c.setR(1, rd(w), o0 ? b.sub(c.t64(), acc, p) : b.add(c.t64(), p, acc));
}
function dis_dp3(w: number): string {
  const s = sf(w), op31 = bits(w, 23, 21), o0 = bit(w, 15);
  const a = ra(w);
  if (op31 === 0) {
    const args = `${gr(s, rd(w))}, ${gr(s, rn(w))}, ${gr(s, rm(w))}`;
    if (a === 31) return `${o0 ? 'mneg' : 'mul'} ${args}`;
    return `${o0 ? 'msub' : 'madd'} ${args}, ${gr(s, a)}`;
  }
  if (op31 === 2 || op31 === 6) return `${op31 === 2 ? 'smulh' : 'umulh'} ${xn(rd(w))}, ${xn(rn(w))}, ${xn(rm(w))}`;
  const u = op31 === 5 ? 'u' : 's';
  const args = `${xn(rd(w))}, ${wn(rn(w))}, ${wn(rm(w))}`;
  if (a === 31) return `${u}${o0 ? 'mnegl' : 'mull'} ${args}`;
  return `${u}${o0 ? 'msubl' : 'maddl'} ${args}, ${xn(a)}`;
}

function trans_dp2(c: Ctx, w: number): boolean | void {
  const s = sf(w), opcode = bits(w, 15, 10);
  const b = c.b;
  const x = c.r(s, rn(w)), y = c.r(s, rm(w));
  switch (opcode) {
    case 2: case 3: { // udiv, sdiv: x / 0 = 0
      const q = b.bin(opcode === 2 ? 'divu' : 'div', c.t(s), x, y);
      c.setR(s, rd(w), b.movcond(c.t(s), 'eq', y, c.k(s, 0), c.k(s, 0), q));
      return;
    }
    case 8: case 9: case 10: case 11: {
      const n = b.and(c.t(s), y, c.k(s, W(s) - 1));
      c.setR(s, rd(w), b.bin(SHIFT_OPS[opcode - 8], c.t(s), x, n));
      return;
    }
  }
  return false;
}
const DP2_NAMES: Record<number, string> = { 2: 'udiv', 3: 'sdiv', 8: 'lsl', 9: 'lsr', 10: 'asr', 11: 'ror' };
function dis_dp2(w: number): string {
  const s = sf(w), name = DP2_NAMES[bits(w, 15, 10)];
  if (!name) return `.inst\t0x${(w >>> 0).toString(16).padStart(8, '0')} ; undefined`;
  return `${name} ${gr(s, rd(w))}, ${gr(s, rn(w))}, ${gr(s, rm(w))}`;
}

// ---- one-source ----

function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}
const H_RBIT32: Helper = { name: 'rbit32', fn: (_c: unknown, v: number) => rbit32(v), args: [Ty.I32], ret: Ty.I32, sideEffects: false };
const H_RBIT64: Helper = {
  name: 'rbit64', fn: (_c: unknown, lo: number, hi: number) => { RET[0] = rbit32(lo); return rbit32(hi); },
  args: [Ty.I64], ret: Ty.I64, sideEffects: false,
};

function trans_dp1(c: Ctx, w: number): boolean | void {
  const s = sf(w), opcode = bits(w, 15, 10);
  const b = c.b;
  const x = c.r(s, rn(w));
  let r: Val;
  switch (opcode) {
    case 0: { const t = c.t(s); b.call(s ? H_RBIT64 : H_RBIT32, [x], t); r = t; break; }
    case 1: { // rev16
      const m = c.k(s, s ? 0x00ff00ff00ff00ffn : 0x00ff00ff);
      r = b.or(c.t(s), b.and(c.t(s), b.shr(c.t(s), x, c.k(s, 8)), m), b.shl(c.t(s), b.and(c.t(s), x, m), c.k(s, 8)));
      break;
    }
    case 2: // rev32 (X) / rev (W)
      if (!s) { r = b.un('bswap', c.t32(), x); break; }
      r = b.concat(c.t64(), b.un('bswap', c.t32(), b.un('trunc', c.t32(), x)), b.un('bswap', c.t32(), b.un('hi32', c.t32(), x)));
      break;
    case 3: if (!s) return false; r = b.un('bswap', c.t64(), x); break;
    case 4: r = b.un('clz', c.t(s), x); break;
    case 5: {
      const t = b.xor(c.t(s), x, b.sar(c.t(s), x, c.k(s, 1)));
      r = b.sub(c.t(s), b.un('clz', c.t(s), t), c.k(s, 1));
      break;
    }
    default: return false;
  }
  c.setR(s, rd(w), r);
}
const DP1_NAMES = ['rbit', 'rev16', 'rev', 'rev', 'clz', 'cls'];
function dis_dp1(w: number): string {
  const s = sf(w), opcode = bits(w, 15, 10);
  const name = opcode === 2 && s ? 'rev32' : DP1_NAMES[opcode] ?? '.inst';
  return `${name} ${gr(s, rd(w))}, ${gr(s, rn(w))}`;
}

export const INT_ENTRIES: Entry[] = [
  ['adr', '0 ii 10000 iiiiiiiiiiiiiiiiiii ddddd', trans_adr, dis_adr],
  ['adrp', '1 ii 10000 iiiiiiiiiiiiiiiiiii ddddd', trans_adr, dis_adr],
  ['addsub_imm', 'f o s 100010 h iiiiiiiiiiii nnnnn ddddd', trans_addsub_imm, dis_addsub_imm],
  ['logic_imm', 'f oo 100100 N rrrrrr ssssss nnnnn ddddd', trans_logic_imm, dis_logic_imm],
  ['movw', 'f oo 100101 hh iiiiiiiiiiiiiiii ddddd', trans_movw, dis_movw],
  ['bitfield', 'f oo 100110 N rrrrrr ssssss nnnnn ddddd', trans_bitfield, dis_bitfield],
  ['extr', 'f 00 100111 N 0 mmmmm ssssss nnnnn ddddd', trans_extr, dis_extr],
  ['logic_shift', 'f oo 01010 tt N mmmmm iiiiii nnnnn ddddd', trans_logic_shift, dis_logic_shift],
  ['addsub_shift', 'f o s 01011 tt 0 mmmmm iiiiii nnnnn ddddd', trans_addsub_shift, dis_addsub_shift],
  ['addsub_ext', 'f o s 01011 00 1 mmmmm ooo iii nnnnn ddddd', trans_addsub_ext, dis_addsub_ext],
  ['adc', 'f o s 11010000 mmmmm 000000 nnnnn ddddd', trans_adc, dis_adc],
  ['ccmp', 'f o 1 11010010 mmmmm cccc i 0 nnnnn 0 vvvv', trans_ccmp, dis_ccmp],
  ['csel', 'f o 0 11010100 mmmmm cccc 0 p nnnnn ddddd', trans_csel, dis_csel],
  ['dp3', 'f 00 11011 ooo mmmmm o aaaaa nnnnn ddddd', trans_dp3, dis_dp3],
  ['dp2', 'f 0 0 11010110 mmmmm oooooo nnnnn ddddd', trans_dp2, dis_dp2],
  ['dp1', 'f 1 0 11010110 00000 oooooo nnnnn ddddd', trans_dp1, dis_dp1],
];
