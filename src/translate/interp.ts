// The IR interpreter: runs a block's IR without generating JavaScript, so code
// that executes only a few times (start-up, error paths) never pays for
// `new Function` and V8 compilation. The engine promotes blocks that keep
// running to compiled regions (engine.ts).
//
// Technique: "closure compilation". Each op becomes a small JS closure over its
// operand slots; a block runs as `while ((i = ops[i](T, cpu)) >= 0);`. Every
// closure returns the index of the next op, or -1 - Exit for an exit.
//
// All values live in one Int32Array frame T: the block's globals (copied from
// cpu.regs on entry, written back at exits), its temps and its constants, each
// as a (lo, hi) pair of int32. This is the second backend of the IR; its
// 64-bit semantics must stay equal to lower-js.ts (tests/unit/translate-interp
// runs random IR through both).

import type { CpuState } from '../cpu/types';
import { GUEST_BASE } from '../memory/guest-memory';
import { Exit, Ty, type Cond, type Op, type Val } from './ir';
import { RET, RUNTIME } from './runtime';

type OpFn = (T: Int32Array, cpu: CpuState) => number;

export interface PreparedBlock {
  readonly fns: OpFn[];
  readonly frameSize: number;
  /** Frame initialisation: constants in place, the rest zero. */
  readonly init: Int32Array;
  /** [frame index, regs slot, is64] for each global the block uses. */
  readonly globals: Int32Array;
  /** Guest pc of the instruction each op belongs to (for precise faults). */
  readonly opPc: Float64Array;
}

const TWO32 = 4294967296;

export function prepareBlock(ops: readonly Op[], wordTy: Ty, littleEndian: boolean): PreparedBlock {
  // Frame slots: temps and globals by id (per type), a fresh slot per constant use
  // (no string keys: preparing is on the start-up path, every new block pays it).
  const temps: number[][] = [[], []];
  const globals: number[] = [];
  const init: number[] = [];
  const globalList: number[] = [];
  const slot = (v: Val): number => {
    if (v.kind === 'const') {
      const s = init.length;
      init.push(v.lo, v.ty === Ty.I64 ? v.hi : v.lo >> 31);
      return s;
    }
    const table = v.kind === 'global' ? globals : temps[v.ty];
    let s = table[v.id];
    if (s === undefined) {
      s = init.length;
      table[v.id] = s;
      init.push(0, 0);
      if (v.kind === 'global') globalList.push(s, v.slot, v.ty === Ty.I64 ? 1 : 0);
    }
    return s;
  };
  // Labels resolve to op indices after a first pass.
  const labelAt = new Map<number, number>();
  ops.forEach((o, i) => { if (o.op === 'label') labelAt.set(o.id, i); });
  const opPc = new Float64Array(ops.length);
  let pc = 0;
  const fns: OpFn[] = [];
  ops.forEach((o, i) => {
    if (o.op === 'insn') pc = o.pc;
    opPc[i] = pc;
    fns.push(compileOp(o, i + 1, slot, labelAt, wordTy, littleEndian));
  });
  // Globals are written back at exits: exit closures call writeback through cpu.
  return { fns, frameSize: init.length, init: Int32Array.from(init), globals: Int32Array.from(globalList), opPc };
}

/** Runs a prepared block; returns its Exit like a compiled block does. */
/** Host offset of the access that just threw (set by ld/st closures, read by runPrepared). */
let faultOff: number | undefined;

export function runPrepared(p: PreparedBlock, cpu: CpuState): number {
  current = p;
  const T = p.init.slice();
  const R = cpu.regs;
  const g = p.globals;
  for (let k = 0; k < g.length; k += 3) { T[g[k]] = R[g[k + 1]]; if (g[k + 2]) T[g[k] + 1] = R[g[k + 1] + 1]; }
  let i = 0;
  try {
    const fns = p.fns;
    while ((i = fns[i](T, cpu)) >= 0);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    writeback(p, T, R);
    cpu.pc = p.opPc[i];
    // The guest address of a faulting ld/st (si_addr); -1 when a helper faulted.
    cpu.faultAddr = faultOff === undefined ? -1 : faultOff + GUEST_BASE;
    faultOff = undefined;
    cpu.exitArg = 11;
    return Exit.Fault;
  }
  writeback(p, T, R);
  return -1 - i;
}

function writeback(p: PreparedBlock, T: Int32Array, R: Int32Array): void {
  const g = p.globals;
  for (let k = 0; k < g.length; k += 3) { R[g[k + 1]] = T[g[k]]; if (g[k + 2]) R[g[k + 1] + 1] = T[g[k] + 1]; }
}

function reload(p: { globals: Int32Array }, T: Int32Array, R: Int32Array): void {
  const g = p.globals;
  for (let k = 0; k < g.length; k += 3) { T[g[k]] = R[g[k + 1]]; if (g[k + 2]) T[g[k] + 1] = R[g[k + 1] + 1]; }
}

function condFn(c: Cond, is64: boolean): (al: number, ah: number, bl: number, bh: number) => boolean {
  if (!is64) {
    switch (c) {
      case 'eq': return (a, _h, b) => a === b; case 'ne': return (a, _h, b) => a !== b;
      case 'lt': return (a, _h, b) => a < b; case 'ge': return (a, _h, b) => a >= b;
      case 'le': return (a, _h, b) => a <= b; case 'gt': return (a, _h, b) => a > b;
      case 'ltu': return (a, _h, b) => (a >>> 0) < (b >>> 0); case 'geu': return (a, _h, b) => (a >>> 0) >= (b >>> 0);
      case 'leu': return (a, _h, b) => (a >>> 0) <= (b >>> 0); case 'gtu': return (a, _h, b) => (a >>> 0) > (b >>> 0);
    }
  }
  switch (c) {
    case 'eq': return (al, ah, bl, bh) => al === bl && ah === bh;
    case 'ne': return (al, ah, bl, bh) => al !== bl || ah !== bh;
    case 'lt': return (al, ah, bl, bh) => ah < bh || (ah === bh && (al >>> 0) < (bl >>> 0));
    case 'le': return (al, ah, bl, bh) => ah < bh || (ah === bh && (al >>> 0) <= (bl >>> 0));
    case 'gt': return (al, ah, bl, bh) => ah > bh || (ah === bh && (al >>> 0) > (bl >>> 0));
    case 'ge': return (al, ah, bl, bh) => ah > bh || (ah === bh && (al >>> 0) >= (bl >>> 0));
    case 'ltu': return (al, ah, bl, bh) => (ah >>> 0) < (bh >>> 0) || (ah === bh && (al >>> 0) < (bl >>> 0));
    case 'leu': return (al, ah, bl, bh) => (ah >>> 0) < (bh >>> 0) || (ah === bh && (al >>> 0) <= (bl >>> 0));
    case 'gtu': return (al, ah, bl, bh) => (ah >>> 0) > (bh >>> 0) || (ah === bh && (al >>> 0) > (bl >>> 0));
    case 'geu': return (al, ah, bl, bh) => (ah >>> 0) > (bh >>> 0) || (ah === bh && (al >>> 0) >= (bl >>> 0));
  }
}

type Bin = (al: number, ah: number, bl: number, bh: number) => number; // returns lo, hi in RET[0]

function bin64(op: string): Bin {
  switch (op) {
    case 'add': return (al, ah, bl, bh) => { const c = (al >>> 0) + (bl >>> 0); RET[0] = (ah + bh + (c > 4294967295 ? 1 : 0)) | 0; return c | 0; };
    case 'sub': return (al, ah, bl, bh) => { const c = (al >>> 0) - (bl >>> 0); RET[0] = (ah - bh - (c < 0 ? 1 : 0)) | 0; return c | 0; };
    case 'and': return (al, ah, bl, bh) => { RET[0] = ah & bh; return al & bl; };
    case 'or': return (al, ah, bl, bh) => { RET[0] = ah | bh; return al | bl; };
    case 'xor': return (al, ah, bl, bh) => { RET[0] = ah ^ bh; return al ^ bl; };
    case 'shl': return (al, ah, bl) => RUNTIME.shl64(al, ah, bl);
    case 'shr': return (al, ah, bl) => RUNTIME.shr64(al, ah, bl);
    case 'sar': return (al, ah, bl) => RUNTIME.sar64(al, ah, bl);
    case 'rotl': return (al, ah, bl) => RUNTIME.rotl64(al, ah, bl);
    case 'rotr': return (al, ah, bl) => RUNTIME.rotr64(al, ah, bl);
    case 'mul': return RUNTIME.mul64;
    case 'mulsh': return RUNTIME.mulhs64;
    case 'muluh': return RUNTIME.mulhu64;
    case 'mulsuh': return RUNTIME.mulhsu64;
    case 'div': return RUNTIME.div64;
    case 'divu': return RUNTIME.divu64;
    case 'rem': return RUNTIME.rem64;
    case 'remu': return RUNTIME.remu64;
  }
  throw new Error(`interp: no i64 op ${op}`);
}

function bin32(op: string): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => (a + b) | 0;
    case 'sub': return (a, b) => (a - b) | 0;
    case 'mul': return Math.imul;
    case 'and': return (a, b) => a & b;
    case 'or': return (a, b) => a | b;
    case 'xor': return (a, b) => a ^ b;
    case 'shl': return (a, b) => a << b;
    case 'shr': return (a, b) => (a >>> b) | 0;
    case 'sar': return (a, b) => a >> b;
    case 'rotl': return (a, b) => (a << b) | (a >>> (32 - (b & 31)));
    case 'rotr': return (a, b) => (a >>> b) | (a << (32 - (b & 31)));
    case 'mulsh': return RUNTIME.mulhs32;
    case 'muluh': return RUNTIME.mulhu32;
    case 'mulsuh': return RUNTIME.mulhsu32;
    case 'div': return (a, b) => (b === 0 ? -1 : (a === -2147483648 && b === -1) ? a : (a / b) | 0);
    case 'divu': return (a, b) => (b === 0 ? -1 : ((a >>> 0) / (b >>> 0)) | 0);
    case 'rem': return (a, b) => (b === 0 ? a : (a % b) | 0);
    case 'remu': return (a, b) => (b === 0 ? a : ((a >>> 0) % (b >>> 0)) | 0);
  }
  throw new Error(`interp: no i32 op ${op}`);
}

/** Unary ops: (lo, hi) → lo, hi in RET[0]. `hi` of an i32 source is its sign. */
function un(op: string, dst64: boolean): (l: number, h: number) => number {
  const r = (lo: number, hi: number) => { RET[0] = hi; return lo; };
  switch (op) {
    case 'mov': case 'ext32u': case 'extu': return dst64 && (op !== 'mov') ? (l) => r(l, 0) : (l, h) => r(l, h);
    case 'not': return (l, h) => r(~l, ~h);
    case 'neg': return dst64 ? (l, h) => { const c = -(l >>> 0); return r(c | 0, (-h - (c < 0 ? 1 : 0)) | 0); } : (l) => r((-l) | 0, 0);
    case 'ext8s': return (l) => { const v = (l << 24) >> 24; return r(v, v >> 31); };
    case 'ext16s': return (l) => { const v = (l << 16) >> 16; return r(v, v >> 31); };
    case 'ext32s': case 'exts': return (l) => r(l, l >> 31);
    case 'ext8u': return (l) => r(l & 255, 0);
    case 'ext16u': return (l) => r(l & 65535, 0);
    case 'clz': return dst64 ? (l, h) => r(h !== 0 ? Math.clz32(h) : 32 + Math.clz32(l), 0) : (l) => r(Math.clz32(l), 0);
    case 'ctz': return dst64 ? (l, h) => r(l !== 0 ? RUNTIME.ctz32(l) : 32 + RUNTIME.ctz32(h), 0) : (l) => r(RUNTIME.ctz32(l), 0);
    case 'popcnt': return dst64 ? (l, h) => r(RUNTIME.popcnt32(l) + RUNTIME.popcnt32(h), 0) : (l) => r(RUNTIME.popcnt32(l), 0);
    case 'bswap': return dst64 ? (l, h) => r(RUNTIME.bswap32(h), RUNTIME.bswap32(l)) : (l) => r(RUNTIME.bswap32(l), 0);
    case 'trunc': return (l) => r(l, 0);
    case 'hi32': return (_l, h) => r(h, 0);
  }
  throw new Error(`interp: no unary op ${op}`);
}

function compileOp(o: Op, next: number, slot: (v: Val) => number, labelAt: Map<number, number>, wordTy: Ty, le: boolean): OpFn {
  // Writes an i32 result: the hi slot gets the sign so i32 values read as i64 are consistent.
  switch (o.op) {
    case 'insn': case 'label': return () => next;
    case 'br': { const t = labelAt.get(o.label)!; return () => t; }
    case 'brcond': {
      const f = condFn(o.cond, o.a.ty === Ty.I64), a = slot(o.a), b = slot(o.b), t = labelAt.get(o.label)!;
      return (T) => (f(T[a], T[a + 1], T[b], T[b + 1]) ? t : next);
    }
    case 'setcond': {
      const f = condFn(o.cond, o.a.ty === Ty.I64), a = slot(o.a), b = slot(o.b), d = slot(o.dst);
      return (T) => { T[d] = f(T[a], T[a + 1], T[b], T[b + 1]) ? 1 : 0; T[d + 1] = 0; return next; };
    }
    case 'movcond': {
      const f = condFn(o.cond, o.a.ty === Ty.I64), a = slot(o.a), b = slot(o.b), t = slot(o.t), e = slot(o.f), d = slot(o.dst);
      return (T) => { const s = f(T[a], T[a + 1], T[b], T[b + 1]) ? t : e; const l = T[s], h = T[s + 1]; T[d] = l; T[d + 1] = h; return next; };
    }
    case 'concat': {
      const l = slot(o.lo), h = slot(o.hi), d = slot(o.dst);
      return (T) => { const x = T[l], y = T[h]; T[d] = x; T[d + 1] = y; return next; };
    }
    case 'goto': { const pc = o.pc; return (_T, cpu) => { cpu.pc = pc; return -1 - Exit.Jump; }; }
    case 'goto_ptr': {
      const t = slot(o.target);
      return wordTy === Ty.I64
        ? (T, cpu) => { cpu.pc = T[t + 1] * TWO32 + (T[t] >>> 0); return -1 - Exit.Jump; }
        : (T, cpu) => { cpu.pc = T[t] >>> 0; return -1 - Exit.Jump; };
    }
    case 'exit': { const { pc, arg, reason } = o; return (_T, cpu) => { cpu.pc = pc; cpu.exitArg = arg; return -1 - reason; }; }
    case 'ld': {
      const a = slot(o.addr), d = slot(o.dst), bias = o.offset - GUEST_BASE, size = o.size, signed = o.signed;
      const off = wordTy === Ty.I64 ? (T: Int32Array) => T[a + 1] * TWO32 + (T[a] >>> 0) + bias : (T: Int32Array) => (T[a] >>> 0) + bias;
      const rd = (cpu: CpuState, x: number): number => {
        const M = cpu.mem.dv;
        switch (size) {
          case 1: return signed ? M.getInt8(x) : M.getUint8(x);
          case 2: return signed ? M.getInt16(x, le) : M.getUint16(x, le);
          default: return M.getInt32(x, le);
        }
      };
      if (size === 8) {
        return (T, cpu) => {
          const x = off(T), M = cpu.mem.dv;
          try {
            const l = M.getInt32(le ? x : x + 4, le), h = M.getInt32(le ? x + 4 : x, le);
            T[d] = l; T[d + 1] = h; return next;
          } catch (e) { faultOff = x; throw e; }
        };
      }
      return (T, cpu) => {
        const x = off(T);
        try { const v = rd(cpu, x); T[d] = v; T[d + 1] = signed ? v >> 31 : 0; return next; } catch (e) { faultOff = x; throw e; }
      };
    }
    case 'st': {
      const a = slot(o.addr), s = slot(o.src), bias = o.offset - GUEST_BASE, size = o.size;
      const off = wordTy === Ty.I64 ? (T: Int32Array) => T[a + 1] * TWO32 + (T[a] >>> 0) + bias : (T: Int32Array) => (T[a] >>> 0) + bias;
      return (T, cpu) => {
        const x = off(T), M = cpu.mem.dv;
        try {
          switch (size) {
            case 1: M.setInt8(x, T[s]); break;
            case 2: M.setInt16(x, T[s], le); break;
            case 4: M.setInt32(x, T[s], le); break;
            default: M.setInt32(le ? x + 4 : x, T[s + 1], le); M.setInt32(le ? x : x + 4, T[s], le);
          }
        } catch (e) { faultOff = x; throw e; }
        return next;
      };
    }
    case 'call': {
      const h = o.helper, fn = h.fn as (...a: number[]) => number;
      const argSlots: [number, boolean][] = o.args.map((a) => [slot(a), a.ty === Ty.I64]);
      const d = o.dst ? slot(o.dst) : -1;
      const d64 = o.dst?.ty === Ty.I64;
      const syncs = !!(h.readsGlobals || h.writesGlobals);
      // The frame's global map is only known once the whole block is prepared; the
      // closure looks it up lazily through a holder filled in by prepareBlock's caller.
      return (T, cpu) => {
        const args: unknown[] = [cpu];
        for (const [s, is64] of argSlots) { args.push(T[s]); if (is64) args.push(T[s + 1]); }
        if (syncs) writeback(current!, T, cpu.regs);
        const r = (fn as (...a: unknown[]) => number)(...args);
        if (d >= 0) { T[d] = r | 0; T[d + 1] = d64 ? RET[0] : 0; }
        if (h.writesGlobals) reload(current!, T, cpu.regs);
        return next;
      };
    }
    default: {
      const d = slot(o.dst), a = slot(o.a);
      if ('b' in o) {
        const b = slot(o.b);
        if (o.dst.ty === Ty.I64) {
          const f = bin64(o.op);
          return (T) => { const l = f(T[a], T[a + 1], T[b], T[b + 1]); T[d] = l; T[d + 1] = RET[0]; return next; };
        }
        const f = bin32(o.op);
        return (T) => { T[d] = f(T[a], T[b]); T[d + 1] = 0; return next; };
      }
      const f = un(o.op, o.dst.ty === Ty.I64);
      const aIs32 = o.a.ty === Ty.I32;
      return (T) => { const l = f(T[a], aIs32 ? T[a] >> 31 : T[a + 1]); T[d] = l; T[d + 1] = RET[0]; return next; };
    }
  }
}

/** The block being interpreted (helpers that sync globals need its frame map). */
let current: PreparedBlock | undefined;

/** Entry used by the engine: a BlockFn that interprets `ops`. */
export function interpreterFn(ops: readonly Op[], wordTy: Ty, littleEndian: boolean): (cpu: CpuState) => number {
  const p = prepareBlock(ops, wordTy, littleEndian);
  return (cpu) => runPrepared(p, cpu);
}
