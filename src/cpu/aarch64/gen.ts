// Per-instruction translation context and the IR generators shared by the
// handlers: register access (XZR/SP/W views), NZCV computation and condition
// evaluation.
//
// Flags live in four i32 globals (regs.ts): N = NF < 0, Z = ZF == 0, C = CF,
// V = VF < 0. Computing them is a handful of i32 ops; reading a condition from
// them is one or two. In addition the block remembers the operands of the last
// flag-setting compare (`BlockState.flags`), so that `cmp; b.cond` / `cmp; csel`
// in one block test the operands directly: one IR compare, no flag decoding.

import { c32, c64, Exit, type Cond, type IRBuilder, type Val, type Var } from '../../translate/ir';
import { CF, NF, SP, VF, VHI, VLO, XREGS, ZF } from './regs';
import { PAGE_SIZE } from '../../memory/guest-memory';
import { MAX_BLOCK_INSNS } from '../../translate/translator';
import { TABLE } from './table';

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;

export const ZERO64 = c64(0);
export const ZERO32 = c32(0);

/** What the current NZCV came from, when known at translation time (values are block temps or constants). */
export type FlagSrc =
  | { kind: 'sub'; a: Val; b: Val; r: Val } // a - b (cmp/subs)
  | { kind: 'add'; r: Val } // adds/cmn: only N and Z are derived from r
  | { kind: 'logic'; r: Val } // ands/tst: C = V = 0
  | { kind: 'regs'; nf: Val; zf: Val; cf: Val; vf: Val }; // NZCV in temps, encoded like the globals (ccmp)

interface BlockState {
  flags?: FlagSrc;
  /** Page of the block's first instruction and instructions translated so far (where the block must end). */
  page?: number;
  count: number;
}
const blockStates = new WeakMap<IRBuilder, BlockState>();

export class Ctx {
  end = false;
  readonly blk: BlockState;

  constructor(readonly b: IRBuilder, readonly pc: number, readonly fetch32?: (addr: number) => number) {
    let s = blockStates.get(b);
    if (!s) { s = { count: 0, page: Math.floor(pc / PAGE_SIZE) }; blockStates.set(b, s); }
    s.count++;
    this.blk = s;
  }

  get next(): number { return this.pc + 4; }

  t64(): Var { return this.b.t64(); }
  t32(): Var { return this.b.t32(); }

  /** Source X register; 31 is XZR. */
  x(r: number): Val { return r === 31 ? ZERO64 : XREGS[r]; }
  /** Source X register; 31 is SP. */
  xsp(r: number): Val { return r === 31 ? SP : XREGS[r]; }
  /** Destination X register; 31 (XZR) is a dead temp. */
  xd(r: number): Var { return r === 31 ? this.b.t64() : XREGS[r]; }
  /** Destination X register; 31 is SP. */
  xdsp(r: number): Var { return r === 31 ? SP : XREGS[r]; }

  /** Operand of width sf: the X register (i64) or its W view (i32). */
  r(sf: number, r: number, sp = false): Val {
    const v = sp ? this.xsp(r) : this.x(r);
    if (sf) return v;
    if (v.kind === 'const') return ZERO32;
    return this.b.un('trunc', this.t32(), v);
  }
  /** Writes a width-sf result to register r (W results zero-extend into X). 31 is XZR unless sp. */
  setR(sf: number, r: number, v: Val, sp = false): void {
    if (r === 31 && !sp) return;
    const d = sp ? this.xdsp(r) : this.xd(r);
    if (sf) this.b.mov(d, v); else this.b.un('extu', d, v);
  }
  /** A constant of width sf. */
  k(sf: number, v: number | bigint): Val {
    if (sf) return c64(v);
    return c32(Number(BigInt.asIntN(32, BigInt(v))));
  }
  /** A fresh temp of width sf. */
  t(sf: number): Var { return sf ? this.b.t64() : this.b.t32(); }

  vlo(r: number): Var { return VLO[r]; }
  vhi(r: number): Var { return VHI[r]; }

  exitSignal(sig: number): void { this.b.exit(Exit.Signal, this.pc, sig); this.end = true; }
  illegal(): void { this.exitSignal(SIGILL); }
}

// ---- flags ----

/** A snapshot of v that later register writes cannot change. */
function snap(c: Ctx, v: Val): Val {
  if (v.kind !== 'global') return v;
  return c.b.mov(c.b.temp(v.ty), v);
}

// ---- flag liveness ----
//
// Flag-setting instructions only write NF/ZF/CF/VF when some later instruction
// may read them from the globals. Readers in the same block (b.cond, csel,
// ccmp) test the setter's operands directly (BlockState.flags), so the globals
// are dead when every path from the setter reaches another flag setter before
// any other reader. Found by a short forward scan of the guest code: readers
// outside the block, indirect branches, calls, system instructions and anything
// undecodable count as reads. A load or store between the setter and an
// in-block reader also counts as a read (after a fault the block restarts at
// that instruction and its readers then use the globals).

type FlagKind = FlagSrc['kind'];
const SCAN_BUDGET = 48;

/** Condition code a fused reader tests, or -1 for instructions that read NZCV otherwise. */
function readerCond(w: number): number {
  if (((w & 0xff000010) >>> 0) === 0x54000000) return w & 15; // b.cond
  if (((w & 0x1fe00800) >>> 0) === 0x1a800000) return (w >>> 12) & 15; // csel family
  if (((w & 0x1fe00000) >>> 0) === 0x1a400000) return (w >>> 12) & 15; // ccmp/ccmn
  return -1;
}
/** Whether a reader of condition cc in the same block tests BlockState.flags of this kind (not the globals). */
function fused(kind: FlagKind, cc: number): boolean {
  const base = cc >> 1;
  if (base === 7) return true;
  switch (kind) {
    case 'sub': return base !== 3;
    case 'logic': case 'regs': return true;
    default: return base === 0 || base === 2;
  }
}
type Cls = 'kill' | 'read' | 'b' | 'cb' | 'mem' | 'stop' | 'other';
function classify(w: number): Cls {
  w >>>= 0;
  const s = (w >>> 29) & 1;
  if (s && ((w & 0x1f800000) >>> 0) === 0x11000000) return 'kill'; // adds/subs imm
  if (s && ((w & 0x1f200000) >>> 0) === 0x0b000000) return 'kill'; // adds/subs shifted
  if (s && ((w & 0x1fe00000) >>> 0) === 0x0b200000) return 'kill'; // adds/subs extended
  if (((w & 0x7f800000) >>> 0) === 0x72000000) return 'kill'; // ands imm
  if (((w & 0x7f000000) >>> 0) === 0x6a000000) return 'kill'; // ands/bics shifted
  if (((w & 0x1fe00000) >>> 0) === 0x1a400000) return 'read'; // ccmp (reads, then writes)
  if (((w & 0xff000010) >>> 0) === 0x54000000) return 'read'; // b.cond
  if (((w & 0x1fe00000) >>> 0) === 0x1a800000 || ((w & 0x1fe00000) >>> 0) === 0x1a000000) return 'read'; // csel, adc/sbc
  if (((w & 0xff200400) >>> 0) === 0x1e200400) return 'read'; // fccmp, fcsel
  if (((w & 0xfc000000) >>> 0) === 0x14000000) return 'b';
  if (((w & 0x7c000000) >>> 0) === 0x34000000) return 'cb'; // cbz/cbnz/tbz/tbnz
  if ((w >>> 24) >= 0xd4 && (w >>> 24) <= 0xd6) return 'stop'; // exceptions, system, br/blr/ret
  if (((w & 0x7c000000) >>> 0) === 0x14000000 || ((w & 0xfc000000) >>> 0) === 0x94000000) return 'stop'; // bl
  if (!TABLE.decode(w)) return 'stop';
  if (((w & 0x0a000000) >>> 0) === 0x08000000) return 'mem';
  return 'other';
}

/** True if the flag globals written at c.pc (by a setter of this kind) can never be read. */
function flagsDead(c: Ctx, kind: FlagKind): boolean {
  const fetch = c.fetch32;
  if (!fetch) return false;
  let budget = SCAN_BUDGET;
  const page = c.blk.page, first = c.blk.count;
  // pc, still in the setter's block, loads/stores seen since the setter (in block)
  const dead = (pc: number, inBlock: boolean, mem: boolean): boolean => {
    for (let i = 1; budget-- > 0; i++) {
      if (inBlock && (Math.floor(pc / PAGE_SIZE) !== page || first + i > MAX_BLOCK_INSNS)) inBlock = false;
      let w: number;
      try { w = fetch(pc); } catch { return false; }
      switch (classify(w)) {
        case 'kill': return true;
        case 'read': {
          const cc = readerCond(w);
          if (!inBlock || mem || cc < 0 || !fused(kind, cc)) return false;
          if (((w & 0xff000010) >>> 0) === 0x54000000) { // b.cond ends the block
            const t = pc + sext((w >>> 5) & 0x7ffff, 19) * 4;
            return dead(t, false, false) && dead(pc + 4, false, false);
          }
          if (((w & 0x1fe00000) >>> 0) === 0x1a400000) return true; // ccmp: new flags
          break; // csel
        }
        case 'b': pc += sext(w & 0x3ffffff, 26) * 4; inBlock = false; continue;
        case 'cb': {
          const t = pc + ((w & 0x7e000000) >>> 0 === 0x36000000 ? sext((w >>> 5) & 0x3fff, 14) : sext((w >>> 5) & 0x7ffff, 19)) * 4;
          return dead(t, false, false) && dead(pc + 4, false, false);
        }
        case 'stop': return false;
        case 'mem': if (inBlock) mem = true; break;
      }
      pc += 4;
    }
    return false;
  };
  return dead(c.pc + 4, true, false);
}
const sext = (v: number, n: number): number => (v << (32 - n)) >> (32 - n);

function setNZ(c: Ctx, sf: number, r: Val): void {
  const b = c.b;
  if (sf) {
    const hi = b.un('hi32', c.t32(), r);
    b.mov(NF, hi);
    b.or(ZF, b.un('trunc', c.t32(), r), hi);
  } else {
    b.mov(NF, r);
    b.mov(ZF, r);
  }
}

/** sign of v (width sf) → VF */
function setV(c: Ctx, sf: number, v: Val): void {
  if (sf) c.b.un('hi32', VF, v); else c.b.mov(VF, v);
}

/** NZ from a logical result, C = V = 0. */
export function genLogicFlags(c: Ctx, sf: number, r: Val): void {
  c.blk.flags = { kind: 'logic', r };
  if (flagsDead(c, 'logic')) return;
  setNZ(c, sf, r);
  c.b.mov(CF, ZERO32);
  c.b.mov(VF, ZERO32);
}

/** a - b (width sf) into a new temp; with flags, NZCV as SUBS. */
export function genSub(c: Ctx, sf: number, a: Val, bv: Val, flags: boolean): Val {
  const b = c.b;
  if (!flags) return b.sub(c.t(sf), a, bv);
  const x = snap(c, a), y = snap(c, bv);
  const r = b.sub(c.t(sf), x, y);
  c.blk.flags = { kind: 'sub', a: x, b: y, r };
  if (flagsDead(c, 'sub')) return r;
  setNZ(c, sf, r);
  b.setcond(CF, 'geu', x, y);
  setV(c, sf, b.and(c.t(sf), b.xor(c.t(sf), x, y), b.xor(c.t(sf), x, r)));
  return r;
}

/** a + b (width sf) into a new temp; with flags, NZCV as ADDS. */
export function genAdd(c: Ctx, sf: number, a: Val, bv: Val, flags: boolean): Val {
  const b = c.b;
  if (!flags) return b.add(c.t(sf), a, bv);
  const x = snap(c, a), y = snap(c, bv);
  const r = b.add(c.t(sf), x, y);
  c.blk.flags = { kind: 'add', r };
  if (flagsDead(c, 'add')) return r;
  setNZ(c, sf, r);
  b.setcond(CF, 'ltu', r, x);
  setV(c, sf, b.and(c.t(sf), b.xor(c.t(sf), r, x), b.xor(c.t(sf), r, y)));
  return r;
}

/** a + b + C (ADC/ADCS; SBC is a + ~b + C). */
export function genAdc(c: Ctx, sf: number, a: Val, bv: Val, flags: boolean): Val {
  const b = c.b;
  const cin = b.un('extu', c.t64(), CF);
  if (!sf) {
    const s = b.add(c.t64(), b.un('extu', c.t64(), a), b.un('extu', c.t64(), bv));
    b.add(s, s, cin);
    const r = b.un('trunc', c.t32(), s);
    if (flags) {
      const v = b.and(c.t32(), b.xor(c.t32(), r, a), b.xor(c.t32(), r, bv));
      setNZ(c, 0, r);
      b.un('hi32', CF, s);
      b.mov(VF, v);
      c.blk.flags = { kind: 'add', r };
    }
    return r;
  }
  const t = b.add(c.t64(), a, bv);
  const r = b.add(c.t64(), t, cin);
  if (flags) {
    const c1 = b.setcond(c.t32(), 'ltu', t, a);
    const c2 = b.setcond(c.t32(), 'ltu', r, t);
    const v = b.and(c.t64(), b.xor(c.t64(), r, a), b.xor(c.t64(), r, bv));
    setNZ(c, 1, r);
    b.or(CF, c1, c2);
    setV(c, 1, v);
    c.blk.flags = { kind: 'add', r };
  }
  return r;
}

/** Sets NZCV from a 4-bit constant (ccmp fallback, msr). */
export function setNZCVConst(c: Ctx, nzcv: number): void {
  const b = c.b;
  b.mov(NF, c32(nzcv & 8 ? -1 : 0));
  b.mov(ZF, c32(nzcv & 4 ? 0 : 1));
  b.mov(CF, c32(nzcv & 2 ? 1 : 0));
  b.mov(VF, c32(nzcv & 1 ? -1 : 0));
  c.blk.flags = undefined;
}

/** Sets NZCV from an i32 value holding NZCV in bits 31:28. */
export function setNZCVFrom(c: Ctx, v: Val): void {
  const b = c.b;
  b.mov(NF, v); // bit 31
  const z = b.and(c.t32(), v, c32(0x40000000));
  b.setcond(ZF, 'eq', z, ZERO32);
  b.and(CF, b.shr(c.t32(), v, c32(29)), c32(1));
  b.shl(VF, v, c32(3));
  c.blk.flags = undefined;
}

/** NZCV packed in bits 31:28 of a new i32 temp. */
export function getNZCV(c: Ctx): Val {
  const b = c.b;
  const n = b.and(c.t32(), NF, c32(0x80000000));
  const z = b.shl(c.t32(), b.setcond(c.t32(), 'eq', ZF, ZERO32), c32(30));
  const cc = b.shl(c.t32(), CF, c32(29));
  const v = b.and(c.t32(), b.shr(c.t32(), VF, c32(3)), c32(0x10000000));
  return b.or(c.t32(), b.or(c.t32(), n, z), b.or(c.t32(), cc, v));
}

// ---- conditions ----

/** A condition as one IR compare. */
export interface Test { cond: Cond; a: Val; b: Val }
const TRUE: Test = { cond: 'eq', a: ZERO32, b: ZERO32 };
const FALSE: Test = { cond: 'ne', a: ZERO32, b: ZERO32 };
const INV: Record<Cond, Cond> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', le: 'gt', gt: 'le', ltu: 'geu', geu: 'ltu', leu: 'gtu', gtu: 'leu' };

// cond>>1: EQ CS MI VS HI GE GT AL; bit 0 inverts (except AL/NV).
const SUB_COND: (Cond | undefined)[] = ['eq', 'geu', undefined, undefined, 'gtu', 'ge', 'gt'];

/** The test for condition code cc (0..15) under the current flags. */
export function condTest(c: Ctx, cc: number): Test {
  const base = cc >> 1;
  if (base === 7) return TRUE;
  const t = baseTest(c, base);
  if (!(cc & 1)) return t;
  return { cond: INV[t.cond], a: t.a, b: t.b };
}

function baseTest(c: Ctx, base: number): Test {
  const b = c.b, f = c.blk.flags;
  const zero = (v: Val) => (v.ty === 1 ? ZERO64 : ZERO32);
  if (f) {
    if (f.kind === 'sub') {
      const cond = SUB_COND[base];
      if (cond) return { cond, a: f.a, b: f.b };
      if (base === 2) return { cond: 'lt', a: f.r, b: zero(f.r) };
    } else if (f.kind === 'logic') {
      switch (base) {
        case 0: return { cond: 'eq', a: f.r, b: zero(f.r) };
        case 1: case 3: case 4: return FALSE; // C, V clear
        case 2: case 5: return { cond: base === 2 ? 'lt' : 'ge', a: f.r, b: zero(f.r) }; // N; N == V ⇔ !N
        case 6: return { cond: 'gt', a: f.r, b: zero(f.r) };
      }
    } else if (f.kind === 'add') {
      if (base === 0) return { cond: 'eq', a: f.r, b: zero(f.r) };
      if (base === 2) return { cond: 'lt', a: f.r, b: zero(f.r) };
    } else {
      return nzcvTest(c, base, f.nf, f.zf, f.cf, f.vf);
    }
  }
  return nzcvTest(c, base, NF, ZF, CF, VF);
}

/** The test for condition base (cc >> 1) from NZCV values encoded like the globals. */
function nzcvTest(c: Ctx, base: number, NF: Val, ZF: Val, CF: Val, VF: Val): Test {
  const b = c.b;
  switch (base) {
    case 0: return { cond: 'eq', a: ZF, b: ZERO32 };
    case 1: return { cond: 'ne', a: CF, b: ZERO32 };
    case 2: return { cond: 'lt', a: NF, b: ZERO32 };
    case 3: return { cond: 'lt', a: VF, b: ZERO32 };
    case 4: { // C && !Z
      const nz = b.setcond(c.t32(), 'ne', ZF, ZERO32);
      return { cond: 'ne', a: b.and(c.t32(), nz, CF), b: ZERO32 };
    }
    case 5: return { cond: 'ge', a: b.xor(c.t32(), NF, VF), b: ZERO32 };
    default: { // !Z && N == V
      const nz = b.setcond(c.t32(), 'ne', ZF, ZERO32);
      const ge = b.setcond(c.t32(), 'ge', b.xor(c.t32(), NF, VF), ZERO32);
      return { cond: 'ne', a: b.and(c.t32(), nz, ge), b: ZERO32 };
    }
  }
}

/** i32 0/1 temp for condition cc. */
export function condValue(c: Ctx, cc: number): Val {
  const t = condTest(c, cc);
  return c.b.setcond(c.t32(), t.cond, t.a, t.b);
}

/** Sets NZCV (encoded like the globals) from temps: written to the globals only if they may be read later. */
export function setFlagRegs(c: Ctx, nf: Val, zf: Val, cf: Val, vf: Val): void {
  c.blk.flags = { kind: 'regs', nf, zf, cf, vf };
  if (flagsDead(c, 'regs')) return;
  c.b.mov(NF, nf); c.b.mov(ZF, zf); c.b.mov(CF, cf); c.b.mov(VF, vf);
}

export { c32, c64 };
