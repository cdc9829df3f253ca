// Loads and stores: single register (every addressing mode, general and
// SIMD&FP registers), pairs, literal loads, exclusives, load-acquire /
// store-release, and the LSE atomics (ld<op>, swp, cas, casp).
//
// Precise faults: every access of an instruction happens before any register
// write (loads go to temps first; base writeback comes last).

import { c32, c64, Exit, type Cond, type UnOpName, type Val } from '../../translate/ir';
import { bit, bits, type Entry, rd, rm, rn, rt2, sext } from './decode';
import { Ctx, SIGBUS, ZERO64 } from './gen';
import { EXCL_ADDR, EXCL_VAL, EXCL_VAL2, VHI, VLO } from './regs';
import { EXTEND_NAMES, target, wn, xn, xsp } from './dis-util';

const NO_EXCL = c64(-1);
type Size = 1 | 2 | 4 | 8;

/** What a single-register load/store moves. */
interface Access {
  bytes: 1 | 2 | 4 | 8 | 16;
  load: boolean;
  /** sign-extend a load to 64 (to64) or 32 bits (to32) */
  signed: '' | 'x' | 'w';
  fp: boolean;
  prefetch: boolean;
}

/** size (31:30), V (26), opc (23:22) → access, or undefined if unallocated. */
function accessOf(w: number): Access | undefined {
  const size = bits(w, 31, 30), v = bit(w, 26), opc = bits(w, 23, 22);
  if (v) {
    if (opc & 2) { if (size !== 0) return undefined; return { bytes: 16, load: !!(opc & 1), signed: '', fp: true, prefetch: false }; }
    return { bytes: (1 << size) as Size, load: !!(opc & 1), signed: '', fp: true, prefetch: false };
  }
  const bytes = (1 << size) as Size;
  switch (opc) {
    case 0: return { bytes, load: false, signed: '', fp: false, prefetch: false };
    case 1: return { bytes, load: true, signed: '', fp: false, prefetch: false };
    case 2: return size === 3 ? { bytes, load: true, signed: '', fp: false, prefetch: true } : { bytes, load: true, signed: 'x', fp: false, prefetch: false };
    default: return size >= 2 ? undefined : { bytes, load: true, signed: 'w', fp: false, prefetch: false };
  }
}

const log2 = (n: number) => 31 - Math.clz32(n);

/** Loads rt (general or vector) from addr into temps; returns the write-back thunk. */
function emitLoad(c: Ctx, a: Access, rt: number, addr: Val): () => void {
  const b = c.b;
  if (a.fp) {
    if (a.bytes === 16) {
      const lo = b.ld(c.t64(), addr, 0, 8, false), hi = b.ld(c.t64(), addr, 8, 8, false);
      return () => { b.mov(VLO[rt], lo); b.mov(VHI[rt], hi); };
    }
    const v = b.ld(c.t64(), addr, 0, a.bytes, false);
    return () => { b.mov(VLO[rt], v); b.mov(VHI[rt], ZERO64); };
  }
  const bytes = a.bytes as Size;
  if (a.signed === 'w') {
    const v = b.ld(c.t32(), addr, 0, bytes, true);
    return () => c.setR(0, rt, v);
  }
  const v = b.ld(c.t64(), addr, 0, bytes, a.signed === 'x');
  return () => c.setR(1, rt, v);
}

function emitStore(c: Ctx, a: Access, rt: number, addr: Val): void {
  const b = c.b;
  if (a.fp) {
    if (a.bytes === 16) { b.st(VLO[rt], addr, 0, 8); b.st(VHI[rt], addr, 8, 8); return; }
    b.st(VLO[rt], addr, 0, a.bytes);
    return;
  }
  b.st(c.x(rt), addr, 0, a.bytes as Size);
}

/** One single-register access at addr; then the optional base writeback. */
function access(c: Ctx, a: Access, rt: number, addr: Val, wb?: { rn: number; value: Val }): void {
  if (a.prefetch) return; // prfm: no effect, never faults
  let finish = () => {};
  if (a.load) finish = emitLoad(c, a, rt, addr); else emitStore(c, a, rt, addr);
  if (wb) c.b.mov(c.xdsp(wb.rn), wb.value);
  finish();
}

/** base + constant (folded when the offset is 0). */
function offsetAddr(c: Ctx, base: Val, off: number): Val {
  return off === 0 ? base : c.b.add(c.t64(), base, c64(off));
}

// ---- single register ----

function trans_ldst_uimm(c: Ctx, w: number): boolean | void {
  const a = accessOf(w);
  if (!a) return false;
  access(c, a, rd(w), offsetAddr(c, c.xsp(rn(w)), bits(w, 21, 10) * a.bytes));
}

function trans_ldst_imm9(c: Ctx, w: number): boolean | void {
  const a = accessOf(w);
  const mode = bits(w, 11, 10); // 0 unscaled, 1 post, 2 unprivileged, 3 pre
  if (!a || (a.prefetch && mode !== 0) || (mode === 2 && a.fp)) return false;
  const off = sext(bits(w, 20, 12), 9);
  const base = c.xsp(rn(w));
  if (mode === 0 || mode === 2) { access(c, a, rd(w), offsetAddr(c, base, off)); return; }
  const moved = c.b.add(c.t64(), base, c64(off));
  access(c, a, rd(w), mode === 1 ? c.b.mov(c.t64(), base) : moved, { rn: rn(w), value: moved });
}

const EXT64: UnOpName[] = ['ext8u', 'ext16u', 'ext32u', 'mov', 'ext8s', 'ext16s', 'ext32s', 'mov'];

/** Register offset: Xm or Wm extended, optionally scaled by the access size. */
function regOffset(c: Ctx, w: number, scale: number): Val | undefined {
  const option = bits(w, 15, 13);
  if (!(option & 2)) return undefined;
  const b = c.b;
  let off: Val = c.x(rm(w));
  if (EXT64[option] !== 'mov' && off.kind !== 'const') off = b.un(EXT64[option], c.t64(), off);
  if (bit(w, 12) && scale) off = b.shl(c.t64(), off, c64(scale));
  return b.add(c.t64(), c.xsp(rn(w)), off);
}

function trans_ldst_reg(c: Ctx, w: number): boolean | void {
  const a = accessOf(w);
  if (!a) return false;
  const addr = regOffset(c, w, log2(a.bytes));
  if (!addr) return false;
  access(c, a, rd(w), addr);
}

function trans_ldr_lit(c: Ctx, w: number): boolean | void {
  const opc = bits(w, 31, 30), v = bit(w, 26);
  const addr = c64(c.pc + sext(bits(w, 23, 5), 19) * 4);
  let a: Access;
  if (v) {
    if (opc === 3) return false;
    a = { bytes: (4 << opc) as 4 | 8 | 16, load: true, signed: '', fp: true, prefetch: false };
  } else {
    a = { bytes: opc === 1 ? 8 : 4, load: true, signed: opc === 2 ? 'x' : '', fp: false, prefetch: opc === 3 };
  }
  access(c, a, rd(w), addr);
}

// ---- disassembly of single-register forms ----

const FP_PREFIX: Record<number, string> = { 1: 'b', 2: 'h', 4: 's', 8: 'd', 16: 'q' };
function rtName(a: Access, rt: number): string {
  if (a.fp) return `${FP_PREFIX[a.bytes]}${rt}`;
  return a.bytes === 8 || a.signed === 'x' ? xn(rt) : wn(rt);
}
function mnemonic(a: Access, base: string): string {
  if (a.prefetch) return base === 'ldur' ? 'prfum' : 'prfm';
  const op = a.load ? base : base.replace('ld', 'st');
  if (a.fp) return op;
  const suffix = a.bytes === 1 ? 'b' : a.bytes === 2 ? 'h' : '';
  const s = a.signed ? 's' : '';
  if (a.signed && a.bytes === 4) return `${op}sw`;
  return `${op}${s}${suffix}`;
}
const PRFOPS = ['pldl1keep', 'pldl1strm', 'pldl2keep', 'pldl2strm', 'pldl3keep', 'pldl3strm', '', '',
  'plil1keep', 'plil1strm', 'plil2keep', 'plil2strm', 'plil3keep', 'plil3strm', '', '',
  'pstl1keep', 'pstl1strm', 'pstl2keep', 'pstl2strm', 'pstl3keep', 'pstl3strm'];
const prfop = (rt: number) => PRFOPS[rt] || `#0x${rt.toString(16)}`;
function first(a: Access, rt: number): string { return a.prefetch ? prfop(rt) : rtName(a, rt); }

function dis_ldst_uimm(w: number): string {
  const a = accessOf(w)!;
  if (!a) return '.inst';
  const off = bits(w, 21, 10) * a.bytes;
  return `${mnemonic(a, 'ldr')}\t${first(a, rd(w))}, [${xsp(rn(w))}${off ? `, #${off}` : ''}]`;
}
function dis_ldst_imm9(w: number): string {
  const a = accessOf(w);
  if (!a) return '.inst';
  const mode = bits(w, 11, 10), off = sext(bits(w, 20, 12), 9);
  const r = `${first(a, rd(w))}`, n = xsp(rn(w));
  if (mode === 0) return `${mnemonic(a, 'ldur')}\t${r}, [${n}${off ? `, #${off}` : ''}]`;
  if (mode === 2) return `${mnemonic(a, 'ldtr')}\t${r}, [${n}${off ? `, #${off}` : ''}]`;
  if (mode === 1) return `${mnemonic(a, 'ldr')}\t${r}, [${n}], #${off}`;
  return `${mnemonic(a, 'ldr')}\t${r}, [${n}, #${off}]!`;
}
function dis_ldst_reg(w: number): string {
  const a = accessOf(w);
  if (!a) return '.inst';
  const option = bits(w, 15, 13), S = bit(w, 12), amt = log2(a.bytes);
  const m = option & 1 ? xn(rm(w)) : wn(rm(w));
  let ext = '';
  if (option === 3) ext = S ? `, lsl #${amt}` : '';
  else ext = `, ${EXTEND_NAMES[option]}${S ? ` #${amt}` : ''}`;
  return `${mnemonic(a, 'ldr')}\t${first(a, rd(w))}, [${xsp(rn(w))}, ${m}${ext}]`;
}
function dis_ldr_lit(w: number, pc: number): string {
  const opc = bits(w, 31, 30), v = bit(w, 26), t = target(pc, sext(bits(w, 23, 5), 19) * 4);
  if (v) return `ldr\t${['s', 'd', 'q'][opc] ?? '?'}${rd(w)}, ${t}`;
  if (opc === 3) return `prfm\t${prfop(rd(w))}, ${t}`;
  return `${opc === 2 ? 'ldrsw' : 'ldr'}\t${opc === 0 ? wn(rd(w)) : xn(rd(w))}, ${t}`;
}

// ---- pairs ----

function pairOf(w: number): { bytes: 4 | 8 | 16; fp: boolean; signed: boolean } | undefined {
  const opc = bits(w, 31, 30), v = bit(w, 26), L = bit(w, 22);
  if (v) return opc === 3 ? undefined : { bytes: (4 << opc) as 4 | 8 | 16, fp: true, signed: false };
  if (opc === 0) return { bytes: 4, fp: false, signed: false };
  if (opc === 2) return { bytes: 8, fp: false, signed: false };
  // LDPSW; there is no non-temporal (LDNP) form of it
  if (opc === 1 && L && bits(w, 24, 23) !== 0) return { bytes: 4, fp: false, signed: true };
  return undefined;
}

function trans_ldst_pair(c: Ctx, w: number): boolean | void {
  const p = pairOf(w);
  if (!p) return false;
  const mode = bits(w, 24, 23), L = bit(w, 22), rt = rd(w), r2 = rt2(w), n = rn(w);
  const off = sext(bits(w, 21, 15), 7) * p.bytes;
  const b = c.b;
  const base = c.xsp(n);
  const moved = mode === 1 || mode === 3 ? b.add(c.t64(), base, c64(off)) : undefined;
  const addr = mode === 1 ? b.mov(c.t64(), base) : mode === 3 ? moved! : offsetAddr(c, base, off);
  const a: Access = { bytes: p.bytes, load: !!L, signed: p.signed ? 'x' : '', fp: p.fp, prefetch: false };
  if (L) {
    const f1 = emitLoad(c, a, rt, addr);
    const addr2 = b.add(c.t64(), addr, c64(p.bytes));
    const f2 = emitLoad(c, a, r2, addr2);
    if (moved) b.mov(c.xdsp(n), moved);
    f1(); f2();
  } else {
    emitStore(c, a, rt, addr);
    emitStore(c, a, r2, b.add(c.t64(), addr, c64(p.bytes)));
    if (moved) b.mov(c.xdsp(n), moved);
  }
}
function dis_ldst_pair(w: number): string {
  const p = pairOf(w);
  if (!p) return '.inst';
  const mode = bits(w, 24, 23), L = bit(w, 22);
  const off = sext(bits(w, 21, 15), 7) * p.bytes;
  const reg = (r: number) => (p.fp ? `${FP_PREFIX[p.bytes]}${r}` : p.bytes === 8 || p.signed ? xn(r) : wn(r));
  const name = (mode === 0 ? (L ? 'ldnp' : 'stnp') : L ? (p.signed ? 'ldpsw' : 'ldp') : 'stp');
  const regs = `${reg(rd(w))}, ${reg(rt2(w))}`, n = xsp(rn(w));
  if (mode === 1) return `${name}\t${regs}, [${n}], #${off}`;
  if (mode === 3) return `${name}\t${regs}, [${n}, #${off}]!`;
  return `${name}\t${regs}, [${n}${off ? `, #${off}` : ''}]`;
}

// ---- exclusives, acquire/release, compare-and-swap ----

/** SIGBUS unless addr is a multiple of size. */
function alignCheck(c: Ctx, addr: Val, size: number): void {
  if (size === 1) return;
  const b = c.b;
  const ok = b.newLabel();
  b.brcond('eq', b.and(c.t32(), b.un('trunc', c.t32(), addr), c32(size - 1)), c32(0), ok);
  b.exit(Exit.Signal, c.pc, SIGBUS);
  b.label(ok);
}

function trans_excl(c: Ctx, w: number): boolean | void {
  const size = (1 << bits(w, 31, 30)) as Size, o2 = bit(w, 23), L = bit(w, 22), o1 = bit(w, 21);
  const rs = rm(w), rt = rd(w), r2 = rt2(w);
  const b = c.b;
  const addr = b.mov(c.t64(), c.xsp(rn(w)));
  if (o2 && o1) return genCas(c, w, size, addr);
  if (o2) { // ldar / stlr (and ldlar/stllr)
    if (L) { const v = b.ld(c.t64(), addr, 0, size, false); c.setR(1, rt, v); } else b.st(c.x(rt), addr, 0, size);
    return;
  }
  if (o1 && !(w >>> 31)) return genCasp(c, w, addr);
  const pair = o1 === 1;
  const esize = size; // element size; pairs only for 4/8
  alignCheck(c, addr, pair ? esize * 2 : esize);
  if (L) {
    const v = b.ld(c.t64(), addr, 0, esize, false);
    const v2 = pair ? b.ld(c.t64(), addr, esize, esize, false) : undefined;
    b.mov(EXCL_ADDR, addr);
    b.mov(EXCL_VAL, v);
    if (v2) b.mov(EXCL_VAL2, v2);
    c.setR(1, rt, v);
    if (v2) c.setR(1, r2, v2);
    return;
  }
  // Store exclusive, as QEMU does it: a compare-and-swap against the value the load
  // exclusive read. It stores only if the monitor holds this address and memory (at the
  // store's size) still holds that value; status compares the old value with the whole
  // loaded value (so a store to the monitored location in between makes it fail).
  const status = b.setcond(c.t32(), 'ne', EXCL_ADDR, addr);
  const skip = b.newLabel();
  b.brcond('ne', status, c32(0), skip);
  const old = b.ld(c.t64(), addr, 0, esize, false);
  b.setcond(status, 'ne', old, EXCL_VAL);
  if (pair) {
    const old2 = b.ld(c.t64(), addr, esize, esize, false);
    b.or(status, status, b.setcond(c.t32(), 'ne', old2, EXCL_VAL2));
    b.brcond('ne', status, c32(0), skip);
  } else {
    const want = esize === 8 ? EXCL_VAL : b.un(ZEXT[esize], c.t64(), EXCL_VAL);
    b.brcond('ne', b.setcond(c.t32(), 'ne', old, want), c32(0), skip);
  }
  b.st(c.x(rt), addr, 0, esize);
  if (pair) b.st(c.x(r2), addr, esize, esize);
  b.label(skip);
  b.mov(EXCL_ADDR, NO_EXCL);
  c.setR(0, rs, status);
}

const ZEXT: Record<number, UnOpName> = { 1: 'ext8u', 2: 'ext16u', 4: 'ext32u', 8: 'mov' };
const SEXT: Record<number, UnOpName> = { 1: 'ext8s', 2: 'ext16s', 4: 'ext32s', 8: 'mov' };

function genCas(c: Ctx, w: number, size: Size, addr: Val): boolean | void {
  if (rt2(w) !== 31) return false;
  const b = c.b, rs = rm(w), rt = rd(w);
  alignCheck(c, addr, size);
  const old = b.ld(c.t64(), addr, 0, size, false);
  const expect = b.un(ZEXT[size], c.t64(), c.x(rs));
  const skip = b.newLabel();
  b.brcond('ne', old, expect, skip);
  b.st(c.x(rt), addr, 0, size);
  b.label(skip);
  c.setR(1, rs, old);
}

function genCasp(c: Ctx, w: number, addr: Val): boolean | void {
  const rs = rm(w), rt = rd(w);
  if ((rs & 1) || (rt & 1) || rt2(w) !== 31) return false;
  const size: Size = bit(w, 30) ? 8 : 4;
  const b = c.b;
  alignCheck(c, addr, size * 2);
  const o1 = b.ld(c.t64(), addr, 0, size, false), o2 = b.ld(c.t64(), addr, size, size, false);
  const e1 = b.un(ZEXT[size], c.t64(), c.x(rs)), e2 = b.un(ZEXT[size], c.t64(), c.x(rs + 1));
  const skip = b.newLabel();
  b.brcond('ne', o1, e1, skip);
  b.brcond('ne', o2, e2, skip);
  b.st(c.x(rt), addr, 0, size);
  b.st(c.x(rt + 1), addr, size, size);
  b.label(skip);
  c.setR(1, rs, o1);
  c.setR(1, rs + 1, o2);
}

function dis_excl(w: number): string {
  const sz = bits(w, 31, 30), o2 = bit(w, 23), L = bit(w, 22), o1 = bit(w, 21), o0 = bit(w, 15);
  const suffix = sz === 0 ? 'b' : sz === 1 ? 'h' : '';
  const r = (x: number) => (sz === 3 ? xn(x) : wn(x));
  const n = `[${xsp(rn(w))}]`;
  if (o2 && o1) return `cas${L ? 'a' : ''}${o0 ? 'l' : ''}${suffix}\t${r(rm(w))}, ${r(rd(w))}, ${n}`;
  if (o2) return `${L ? (o0 ? 'ldar' : 'ldlar') : o0 ? 'stlr' : 'stllr'}${suffix}\t${r(rd(w))}, ${n}`;
  if (o1 && !(w >>> 31)) {
    const pr = (x: number) => (bit(w, 30) ? xn(x) : wn(x));
    return `casp${L ? 'a' : ''}${o0 ? 'l' : ''}\t${pr(rm(w))}, ${pr(rm(w) + 1)}, ${pr(rd(w))}, ${pr(rd(w) + 1)}, ${n}`;
  }
  const x = o1 ? 'xp' : 'xr';
  const name = L ? `ld${o0 ? 'a' : ''}${x}${suffix}` : `st${o0 ? 'l' : ''}${x}${suffix}`;
  const regs = o1 ? `${r(rd(w))}, ${r(rt2(w))}` : r(rd(w));
  return L ? `${name}\t${regs}, ${n}` : `${name}\t${wn(rm(w))}, ${regs}, ${n}`;
}

// ---- LSE atomic memory operations ----

const AMO_NAMES = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'];

function trans_atomic(c: Ctx, w: number): boolean | void {
  const size = (1 << bits(w, 31, 30)) as Size, o3 = bit(w, 15), opc = bits(w, 14, 12);
  const rs = rm(w), rt = rd(w);
  const b = c.b;
  const addr = b.mov(c.t64(), c.xsp(rn(w)));
  if (o3 && opc === 4) { // ldapr
    if (rs !== 31 || !bit(w, 23) || bit(w, 22)) return false; // LDAPR is A=1 R=0
    c.setR(1, rt, b.ld(c.t64(), addr, 0, size, false));
    return;
  }
  if (o3 && opc !== 0) return false;
  alignCheck(c, addr, size);
  const old = b.ld(c.t64(), addr, 0, size, false);
  const s = c.x(rs);
  let v: Val;
  if (o3) v = s;
  else {
    switch (opc) {
      case 0: v = b.add(c.t64(), old, s); break;
      case 1: v = b.and(c.t64(), old, b.un('not', c.t64(), s)); break;
      case 2: v = b.xor(c.t64(), old, s); break;
      case 3: v = b.or(c.t64(), old, s); break;
      default: {
        const signed = opc < 6, isMax = !(opc & 1);
        const ext = signed ? SEXT[size] : ZEXT[size];
        const x = b.un(ext, c.t64(), old), y = b.un(ext, c.t64(), s);
        const cond: Cond = signed ? (isMax ? 'gt' : 'lt') : isMax ? 'gtu' : 'ltu';
        v = b.movcond(c.t64(), cond, x, y, x, y);
      }
    }
  }
  b.st(v, addr, 0, size);
  c.setR(1, rt, old);
}
function dis_atomic(w: number): string {
  const sz = bits(w, 31, 30), A = bit(w, 23), R = bit(w, 22), o3 = bit(w, 15), opc = bits(w, 14, 12);
  const suffix = sz === 0 ? 'b' : sz === 1 ? 'h' : '';
  const r = (x: number) => (sz === 3 ? xn(x) : wn(x));
  const ord = `${A ? 'a' : ''}${R ? 'l' : ''}`;
  if (o3 && opc === 4) return `ldapr${suffix}\t${r(rd(w))}, [${xsp(rn(w))}]`;
  if (o3) return `swp${ord}${suffix}\t${r(rm(w))}, ${r(rd(w))}, [${xsp(rn(w))}]`;
  if (rd(w) === 31 && !A) return `st${AMO_NAMES[opc]}${R ? 'l' : ''}${suffix}\t${r(rm(w))}, [${xsp(rn(w))}]`;
  return `ld${AMO_NAMES[opc]}${ord}${suffix}\t${r(rm(w))}, ${r(rd(w))}, [${xsp(rn(w))}]`;
}

export const MEM_ENTRIES: Entry[] = [
  ['ldst_uimm', 'ss 111 v 01 oo iiiiiiiiiiii nnnnn ttttt', trans_ldst_uimm, dis_ldst_uimm],
  ['ldst_imm9', 'ss 111 v 00 oo 0 iiiiiiiii mm nnnnn ttttt', trans_ldst_imm9, dis_ldst_imm9],
  ['ldst_reg', 'ss 111 v 00 oo 1 mmmmm ooo s 10 nnnnn ttttt', trans_ldst_reg, dis_ldst_reg],
  ['ldr_lit', 'oo 011 v 00 iiiiiiiiiiiiiiiiiii ttttt', trans_ldr_lit, dis_ldr_lit],
  ['ldst_pair', 'oo 101 v 0 mm l iiiiiii uuuuu nnnnn ttttt', trans_ldst_pair, dis_ldst_pair],
  ['excl', 'ss 001000 a l b sssss o uuuuu nnnnn ttttt', trans_excl, dis_excl],
  ['atomic', 'ss 111 0 00 a r 1 sssss o ppp 00 nnnnn ttttt', trans_atomic, dis_atomic],
];
