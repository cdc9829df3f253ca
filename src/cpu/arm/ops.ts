// Instruction semantics shared by the A32 and T32 (and T16) handlers, with the
// operands already decoded: loads/stores, load/store multiple, exclusives,
// multiplies, extends, bitfields, media, system.

import { c32, Exit, type Val, type Var } from '../../translate/ir';
import { Ctx, ONE, ZERO, SIGBUS, SIGTRAP, type Size, genAdd, genSub, setNZ } from './gen';
import { CF, EXCL_ADDR, EXCL_VAL, EXCL_VAL2, GE, NF, RREGS, TPIDRURO, VF, ZF } from './regs';
import * as H from './helpers';

// ---- single loads and stores ----

export interface Addr { addr: Val; wb?: Val }

export function genLoad(c: Ctx, t: number, a: Addr, n: number, size: Size, signed: boolean): void {
  const v = c.b.ld(c.t32(), a.addr, 0, size as 1 | 2 | 4, signed);
  if (a.wb && n !== t) c.setR(n, a.wb);
  c.setR(t, v, 'load');
}

export function genStore(c: Ctx, t: number, a: Addr, n: number, size: Size): void {
  c.b.st(c.r(t), a.addr, 0, size as 1 | 2 | 4);
  if (a.wb) c.setR(n, a.wb);
}

export function genLoadDual(c: Ctx, t: number, t2: number, a: Addr, n: number): void {
  const b = c.b;
  const v1 = b.ld(c.t32(), a.addr, 0, 4, false);
  const v2 = b.ld(c.t32(), a.addr, 4, 4, false);
  if (a.wb) c.setR(n, a.wb);
  c.setR(t, v1);
  c.setR(t2, v2, 'load');
}

export function genStoreDual(c: Ctx, t: number, t2: number, a: Addr, n: number): void {
  // Second word first: a fault on it leaves memory unchanged when the first page is writable.
  c.b.st(c.r(t2), a.addr, 4, 4);
  c.b.st(c.r(t), a.addr, 0, 4);
  if (a.wb) c.setR(n, a.wb);
}

// ---- load/store multiple ----

export type LsmMode = 'ia' | 'ib' | 'da' | 'db';

function regsOf(list: number): number[] { const r: number[] = []; for (let i = 0; i < 16; i++) if (list & (1 << i)) r.push(i); return r; }

function lsmStart(c: Ctx, n: number, count: number, mode: LsmMode): { base: Val; start: Val; end: Val } {
  const b = c.b;
  const base = c.rs(n);
  const delta = mode === 'ia' ? 0 : mode === 'ib' ? 4 : mode === 'da' ? -4 * count + 4 : -4 * count;
  const start = delta ? b.add(c.t32(), base, c32(delta)) : base;
  const end = b.add(c.t32(), base, c32(mode === 'ia' || mode === 'ib' ? 4 * count : -4 * count));
  return { base, start, end };
}

export function genLdm(c: Ctx, n: number, list: number, mode: LsmMode, w: boolean): void {
  const regs = regsOf(list);
  if (regs.length === 0) { c.illegal(); return; }
  const { start, end } = lsmStart(c, n, regs.length, mode);
  const vals = regs.map((_, k) => c.b.ld(c.t32(), start, 4 * k, 4, false));
  if (w && !(list & (1 << n))) c.setR(n, end);
  regs.forEach((r, k) => { if (r !== 15) c.setR(r, vals[k]); });
  if (list & 0x8000) c.setR(15, vals[vals.length - 1], 'load');
}

export function genStm(c: Ctx, n: number, list: number, mode: LsmMode, w: boolean): void {
  const regs = regsOf(list);
  if (regs.length === 0) { c.illegal(); return; }
  const { start, end } = lsmStart(c, n, regs.length, mode);
  // Last word first, so a fault at the end of a writable range leaves memory unchanged.
  for (let k = regs.length - 1; k >= 0; k--) c.b.st(c.r(regs[k]), start, 4 * k, 4);
  if (w) c.setR(n, end);
}

// ---- exclusives ----

function alignCheck(c: Ctx, addr: Val, size: number): void {
  if (size === 1) return;
  const b = c.b, ok = b.newLabel();
  b.brcond('eq', b.and(c.t32(), addr, c32(size - 1)), ZERO, ok);
  b.exit(Exit.Signal, c.key(c.pc), SIGBUS);
  b.label(ok);
}

/** LDREX{B,H,D} / LDAEX: t2 >= 0 for the doubleword form. */
export function genLdrex(c: Ctx, t: number, t2: number, addr: Val, size: Size): void {
  const b = c.b;
  const a = addr.kind === 'global' ? b.mov(c.t32(), addr) : addr;
  alignCheck(c, a, size);
  const v = b.ld(c.t32(), a, 0, size === 8 ? 4 : size as 1 | 2 | 4, false);
  const v2 = size === 8 ? b.ld(c.t32(), a, 4, 4, false) : ZERO;
  b.mov(EXCL_ADDR, a);
  b.mov(EXCL_VAL, v);
  b.mov(EXCL_VAL2, v2);
  c.setR(t, v);
  if (size === 8) c.setR(t2, v2);
}

/**
 * STREX{B,H,D} / STLEX: stores when the monitor holds this address and memory still
 * holds the value LDREX read (this also catches other guest threads' stores); Rd = 0 on success.
 */
export function genStrex(c: Ctx, d: number, t: number, t2: number, addr: Val, size: Size): void {
  const b = c.b;
  const a = addr.kind === 'global' ? b.mov(c.t32(), addr) : addr;
  alignCheck(c, a, size);
  const fail = b.mov(c.t32(), ONE);
  const out = b.newLabel();
  b.brcond('ne', EXCL_ADDR, a, out);
  const cur = b.ld(c.t32(), a, 0, size === 8 ? 4 : size as 1 | 2 | 4, false);
  if (size === 8) {
    b.brcond('ne', cur, EXCL_VAL, out);
    const cur2 = b.ld(c.t32(), a, 4, 4, false);
    b.brcond('ne', cur2, EXCL_VAL2, out);
    b.st(c.r(t2), a, 4, 4);
    b.st(c.r(t), a, 0, 4);
  } else {
    // As qemu's cmpxchg: the store compares memory with the monitored value truncated to the
    // store's size, the status with the whole value (a byte store after a word LDREX can store and still fail).
    b.brcond('ne', cur, size === 4 ? EXCL_VAL : b.and(c.t32(), EXCL_VAL, c32(size === 1 ? 0xff : 0xffff)), out);
    b.st(c.r(t), a, 0, size as 1 | 2 | 4);
    b.brcond('ne', cur, EXCL_VAL, out);
  }
  b.mov(fail, ZERO);
  b.label(out);
  b.mov(EXCL_ADDR, c32(-1));
  c.setR(d, fail);
}

export function genClrex(c: Ctx): void { c.b.mov(EXCL_ADDR, c32(-1)); }

// ---- multiplies ----

/** MUL/MLA/MLS (acc: 0 none, 1 add, -1 subtract from Ra). */
export function genMul(c: Ctx, d: number, n: number, m: number, a: number, acc: 0 | 1 | -1, s: boolean): void {
  const b = c.b;
  let r: Val = b.bin('mul', c.t32(), c.r(n), c.r(m));
  if (acc === 1) r = b.add(c.t32(), r, c.r(a));
  else if (acc === -1) r = b.sub(c.t32(), c.r(a), r);
  if (s) setNZ(c, r);
  c.setR(d, r);
}

/** UMULL/SMULL/UMLAL/SMLAL/UMAAL. */
export function genMulLong(c: Ctx, lo: number, hi: number, n: number, m: number, signed: boolean, acc: boolean, s: boolean, umaal = false): void {
  const b = c.b;
  const x = c.r(n), y = c.r(m);
  let rl: Val = b.bin('mul', c.t32(), x, y);
  let rh: Val = b.bin(signed ? 'mulsh' : 'muluh', c.t32(), x, y);
  if (acc || umaal) {
    const p = b.concat(c.t64(), rl, rh);
    if (umaal) {
      b.add(p, p, b.un('extu', c.t64(), c.r(lo)));
      b.add(p, p, b.un('extu', c.t64(), c.r(hi)));
    } else {
      b.add(p, p, b.concat(c.t64(), c.r(lo), c.r(hi)));
    }
    rl = b.un('trunc', c.t32(), p);
    rh = b.un('hi32', c.t32(), p);
  }
  if (s) { b.mov(NF, rh); b.or(ZF, rl, rh); }
  c.setR(lo, rl);
  c.setR(hi, rh);
}

/** SDIV/UDIV: division by zero gives 0 (no trap in the A-profile default). */
export function genDiv(c: Ctx, d: number, n: number, m: number, signed: boolean): void {
  const b = c.b;
  const y = c.r(m);
  const q = b.bin(signed ? 'div' : 'divu', c.t32(), c.r(n), y);
  c.setR(d, b.movcond(c.t32(), 'eq', y, ZERO, ZERO, q));
}

const half = (c: Ctx, v: Val, top: number): Val =>
  top ? c.b.sar(c.t32(), v, c32(16)) : c.b.un('ext16s', c.t32(), v);

/** SMUL<x><y> / SMLA<x><y> (Q on accumulate overflow). */
export function genSmulxy(c: Ctx, d: number, n: number, m: number, a: number, x: number, y: number): void {
  const b = c.b;
  let r: Val = b.bin('mul', c.t32(), half(c, c.r(n), x), half(c, c.r(m), y));
  if (a >= 0) { const t = c.t32(); b.call(H.H_ADDQ, [r, c.r(a)], t); r = t; }
  c.setR(d, r);
}

/** SMULW<y> / SMLAW<y>: (Rn * Rm.half) >> 16. */
export function genSmulw(c: Ctx, d: number, n: number, m: number, a: number, y: number): void {
  const b = c.b;
  const p = b.bin('mul', c.t64(), b.un('exts', c.t64(), c.r(n)), b.un('exts', c.t64(), half(c, c.r(m), y)));
  b.sar(p, p, c32(16));
  let r: Val = b.un('trunc', c.t32(), p);
  if (a >= 0) { const t = c.t32(); b.call(H.H_ADDQ, [r, c.r(a)], t); r = t; }
  c.setR(d, r);
}

/** SMLAL<x><y>: 64-bit accumulate of a 16×16 product. */
export function genSmlalxy(c: Ctx, lo: number, hi: number, n: number, m: number, x: number, y: number): void {
  const b = c.b;
  const p = b.bin('mul', c.t32(), half(c, c.r(n), x), half(c, c.r(m), y));
  const s = b.add(c.t64(), b.un('exts', c.t64(), p), b.concat(c.t64(), c.r(lo), c.r(hi)));
  const rl = b.un('trunc', c.t32(), s), rh = b.un('hi32', c.t32(), s);
  c.setR(lo, rl); c.setR(hi, rh);
}

/** SMUAD/SMUSD/SMLAD/SMLSD (a < 0: no accumulate). */
export function genSmlad(c: Ctx, d: number, n: number, m: number, a: number, x: number, sub: boolean): void {
  const b = c.b;
  const p = c.t32();
  b.call(sub ? H.H_SMUSD : H.H_SMUAD, [c.r(n), c.r(m), c32(x)], p);
  let r: Val = p;
  if (a >= 0) { const t = c.t32(); b.call(H.H_ADDQ, [p, c.r(a)], t); r = t; }
  c.setR(d, r);
}

/** SMLALD/SMLSLD: 64-bit accumulate of the dual products. */
export function genSmlald(c: Ctx, lo: number, hi: number, n: number, m: number, x: number, sub: boolean): void {
  const b = c.b;
  let y: Val = c.r(m);
  if (x) y = b.bin('rotr', c.t32(), y, c32(16));
  const p1 = b.bin('mul', c.t32(), half(c, c.r(n), 0), half(c, y, 0));
  const p2 = b.bin('mul', c.t32(), half(c, c.r(n), 1), half(c, y, 1));
  const s = b.concat(c.t64(), c.r(lo), c.r(hi));
  b.add(s, s, b.un('exts', c.t64(), p1));
  b.bin(sub ? 'sub' : 'add', s, s, b.un('exts', c.t64(), p2));
  const rl = b.un('trunc', c.t32(), s), rh = b.un('hi32', c.t32(), s);
  c.setR(lo, rl); c.setR(hi, rh);
}

/** SMMUL/SMMLA/SMMLS (r: round). a < 0: no accumulate. */
export function genSmmul(c: Ctx, d: number, n: number, m: number, a: number, sub: boolean, round: boolean): void {
  const b = c.b;
  const p = b.bin('mul', c.t64(), b.un('exts', c.t64(), c.r(n)), b.un('exts', c.t64(), c.r(m)));
  if (a >= 0) {
    const acc = b.concat(c.t64(), ZERO, c.r(a));
    b.bin(sub ? 'sub' : 'add', p, acc, p);
  }
  if (round) b.add(p, p, b.concat(c.t64(), c32(0x80000000), ZERO));
  c.setR(d, b.un('hi32', c.t32(), p));
}

// ---- extends, reverses, bitfields ----

export type ExtKind = 'sxtb' | 'uxtb' | 'sxth' | 'uxth' | 'sxtb16' | 'uxtb16';

export function genExtend(c: Ctx, d: number, n: number, m: number, rot: number, kind: ExtKind): void {
  const b = c.b;
  let v: Val = c.r(m);
  if (rot) v = b.bin('rotr', c.t32(), v, c32(rot * 8));
  let r: Val;
  switch (kind) {
    case 'sxtb': r = b.un('ext8s', c.t32(), v); break;
    case 'uxtb': r = b.un('ext8u', c.t32(), v); break;
    case 'sxth': r = b.un('ext16s', c.t32(), v); break;
    case 'uxth': r = b.un('ext16u', c.t32(), v); break;
    case 'uxtb16': r = b.and(c.t32(), v, c32(0x00ff00ff)); break;
    default: { const t = c.t32(); b.call(H.H_SXTB16, [v], t); r = t; }
  }
  if (n !== 15) {
    if (kind.endsWith('16')) { const t = c.t32(); b.call(H.H_ADD16, [c.r(n), r], t); r = t; }
    else r = b.add(c.t32(), c.r(n), r);
  }
  c.setR(d, r);
}

export function genRev(c: Ctx, d: number, m: number, kind: 'rev' | 'rev16' | 'revsh' | 'rbit'): void {
  const b = c.b, x = c.r(m);
  let r: Val;
  switch (kind) {
    case 'rev': r = b.un('bswap', c.t32(), x); break;
    case 'rev16': r = b.or(c.t32(), b.and(c.t32(), b.shr(c.t32(), x, c32(8)), c32(0x00ff00ff)), b.and(c.t32(), b.shl(c.t32(), x, c32(8)), c32(0xff00ff00))); break;
    case 'revsh': r = b.un('ext16s', c.t32(), b.or(c.t32(), b.shl(c.t32(), x, c32(8)), b.and(c.t32(), b.shr(c.t32(), x, c32(8)), c32(0xff)))); break;
    default: { const t = c.t32(); b.call(H.H_RBIT, [x], t); r = t; }
  }
  c.setR(d, r);
}

export function genClz(c: Ctx, d: number, m: number): void { c.setR(d, c.b.un('clz', c.t32(), c.r(m))); }

export function genBfx(c: Ctx, d: number, n: number, lsb: number, widthm1: number, signed: boolean): void {
  const b = c.b, w = widthm1 + 1;
  if (lsb + w > 32) { c.illegal(); return; }
  const x = c.r(n);
  const r = signed
    ? b.sar(c.t32(), b.shl(c.t32(), x, c32(32 - lsb - w)), c32(32 - w))
    : b.and(c.t32(), b.shr(c.t32(), x, c32(lsb)), c32(w === 32 ? -1 : (2 ** w - 1)));
  c.setR(d, r);
}

/** BFI (n = 15: BFC). */
export function genBfi(c: Ctx, d: number, n: number, lsb: number, msb: number): void {
  if (msb < lsb) { c.illegal(); return; }
  const b = c.b, w = msb - lsb + 1;
  const mask = (w === 32 ? -1 : (2 ** w - 1) << lsb) | 0;
  const keep = b.and(c.t32(), c.r(d), c32(~mask));
  const r = n === 15 ? keep : b.or(c.t32(), keep, b.and(c.t32(), b.shl(c.t32(), c.r(n), c32(lsb)), c32(mask)));
  c.setR(d, r);
}

// ---- media ----

export function genCall(c: Ctx, d: number, h: Parameters<typeof c.b.call>[0], args: Val[]): void {
  const t = c.t32();
  c.b.call(h, args, t);
  c.setR(d, t);
}

/**
 * A parallel add/subtract into Rd. UADD8 is inline (glibc's armhf string functions
 * run it in their hottest loops): a byte-wise add without carries between bytes,
 * GE[i] = carry out of byte i, gathered with one multiply (bits 7,15,23,31 → 21..24).
 */
export function genPar(c: Ctx, d: number, name: string, a: Val, b: Val): void {
  if (name !== 'uadd8') { genCall(c, d, H.PAR_HELPERS[name], [a, b]); return; }
  const B = c.b, t = () => c.t32();
  const sum = B.xor(t(), B.add(t(), B.and(t(), a, c32(0x7f7f7f7f)), B.and(t(), b, c32(0x7f7f7f7f))), B.and(t(), B.xor(t(), a, b), c32(0x80808080 | 0)));
  const carry = B.or(t(), B.and(t(), a, b), B.and(t(), B.or(t(), a, b), B.un('not', t(), sum)));
  const bits = B.and(t(), B.shr(t(), carry, c32(7)), c32(0x01010101));
  B.and(GE, B.shr(t(), B.bin('mul', t(), bits, c32(0x204081)), c32(21)), c32(15));
  c.setR(d, sum);
}

/** SEL inline: each byte from Rn if its GE bit is set, else from Rm (GE bits spread to byte masks by one multiply). */
export function genSel(c: Ctx, d: number, a: Val, b: Val): void {
  const B = c.b, t = () => c.t32();
  const m = B.bin('mul', t(), B.and(t(), B.bin('mul', t(), GE, c32(0x204081)), c32(0x01010101)), c32(0xff));
  c.setR(d, B.or(t(), B.and(t(), a, m), B.and(t(), b, B.un('not', t(), m))));
}

/** SSAT/USAT with an optional shift (sh: 0 LSL, 1 ASR). satImm is the encoded field. */
export function genSat(c: Ctx, d: number, n: number, satImm: number, sh: number, imm5: number, unsigned: boolean): void {
  const b = c.b;
  let v: Val = c.r(n);
  if (sh) v = b.sar(c.t32(), v, c32(imm5 === 0 ? 31 : imm5));
  else if (imm5) v = b.shl(c.t32(), v, c32(imm5));
  genCall(c, d, unsigned ? H.H_USAT : H.H_SSAT, [v, c32(unsigned ? satImm : satImm + 1)]);
}

export function genPkh(c: Ctx, d: number, n: number, m: number, tb: number, imm5: number): void {
  const b = c.b;
  let r: Val;
  if (tb) { // PKHTB: top from Rn, bottom from Rm ASR #imm (0 = 32)
    const sh = b.sar(c.t32(), c.r(m), c32(imm5 === 0 ? 31 : imm5));
    r = b.or(c.t32(), b.and(c.t32(), c.r(n), c32(0xffff0000)), b.and(c.t32(), sh, c32(0xffff)));
  } else {
    const sh = imm5 ? b.shl(c.t32(), c.r(m), c32(imm5)) : c.r(m);
    r = b.or(c.t32(), b.and(c.t32(), sh, c32(0xffff0000)), b.and(c.t32(), c.r(n), c32(0xffff)));
  }
  c.setR(d, r);
}

// ---- system ----

/** MRS Rd, APSR. */
export function genMrs(c: Ctx, d: number): void {
  const b = c.b;
  const n = b.and(c.t32(), NF, c32(0x80000000));
  const z = b.shl(c.t32(), b.setcond(c.t32(), 'eq', ZF, ZERO), c32(30));
  const cc = b.shl(c.t32(), CF, c32(29));
  const v = b.and(c.t32(), b.shr(c.t32(), VF, c32(3)), c32(0x10000000));
  const qge = c.t32();
  b.call(H.H_GET_QGE, [], qge);
  const r = b.or(c.t32(), b.or(c.t32(), n, z), b.or(c.t32(), cc, v));
  // User mode (0x10) in the mode bits, as hardware returns in the CPSR view.
  c.setR(d, b.or(c.t32(), b.or(c.t32(), r, qge), c32(0x10)));
}

/** MSR APSR_<mask>, v (mask bit 1: nzcvq, bit 0: g). */
export function genMsr(c: Ctx, v: Val, mask: number): void {
  const b = c.b;
  if (mask & 2) {
    const x = v.kind === 'global' ? b.mov(c.t32(), v) : v;
    setNZCVFrom(c, x);
  }
  if (mask) b.call(H.H_SET_QGE, [v, c32(mask)], c.t32());
}

/** NZCV from bits 31:28 of v. */
export function setNZCVFrom(c: Ctx, v: Val): void {
  const b = c.b;
  b.and(NF, v, c32(0x80000000));
  b.setcond(ZF, 'eq', b.and(c.t32(), v, c32(0x40000000)), ZERO);
  b.and(CF, b.shr(c.t32(), v, c32(29)), ONE);
  b.and(VF, b.shl(c.t32(), v, c32(3)), c32(0x80000000));
}

/** MRC/MCR p15 (only TPIDRURO is readable in user mode: c13, c0, 3). */
export function genMrc(c: Ctx, t: number, opc1: number, crn: number, crm: number, opc2: number, read: boolean): boolean {
  if (opc1 !== 0 || crn !== 13 || crm !== 0 || opc2 !== 3 || !read) return false;
  if (t === 15) return false;
  c.setR(t, TPIDRURO);
  return true;
}

export function genSvc(c: Ctx): void {
  c.b.mov(EXCL_ADDR, c32(-1));
  c.b.exit(Exit.Syscall, c.next);
  c.end = true;
}

export function genBkpt(c: Ctx): void { c.exitSignal(SIGTRAP); }

export { genAdd, genSub, RREGS, type Var };
