// The WebAssembly backend: lowers a region (the same BlockIR[] lower-js.ts gets)
// to one wasm function, so i64 IR values are native i64 instead of int32 pairs.
//
// Shape of a generated module:
//   (import "env" "h0" (func ...))            ;; helpers, through wrappers (see HelperCall)
//   (import "env" "mem" (memory 65536 65536 shared))   ;; the guest memory
//   (func $run (param $S i32) (param $pc i32) (result i32)
//     ;; $S: host offset of the CPU's register-file header (GuestMemory.allocRegs);
//     ;; globals are cached in locals, loaded from $S+32+4*slot at entry.
//     block $exit
//       block $fault
//         <look $pc up among the member blocks → $idx, or exit>
//         loop $dispatch
//           block $bN-1 ... block $b0  (br_table $idx)
//           end $b0  <block 0's code>  end $b1 <block 1's code> ...
//         end
//       end
//       ;; fault: $npc = $ip (pc of the faulting instruction), $code = Exit.Fault, exitArg = 11
//     end
//     ;; write back the written globals, store $npc at $S+0, return $code
//   )
//   plus small functions (div, mulh, bswap) the body calls.
//
// Memory: every access computes the 64-bit host offset (guest address + offset
// - GUEST_BASE) and branches to $fault unless offset + size <= STATE_BASE, so a
// guest access can neither trap nor reach the emulator state area; then a plain
// little-endian load/store (big-endian guests are Unsupported → JS backend).
//
// Helpers are JavaScript: the module imports, per helper, a wrapper that calls
// helper.fn(current cpu, ...args) (the engine wrapper sets the current cpu before
// entering the region), stores RET[0] at $S+12 (the high half of an i64 result)
// and turns a RangeError into a fault flag at $S+16 that the code checks.

import type { CpuState } from '../cpu/types';
import { GUEST_BASE, HDR_EXIT_REQ, REGS_HEADER, STATE_BASE, type GuestMemory } from '../memory/guest-memory';
import { Exit, Ty, type Cond, type FastFp, type Global, type Helper, type Op, type Val, type Var } from './ir';
import type { BlockFn, BlockIR, LowerTarget } from './lower-js';
import { RET } from './runtime';
import { FuncBody, ModuleBuilder, Op as W, T, VOID, type FuncType } from './wasm/encoder';

/** Thrown for IR this backend does not handle; the engine then uses lower-js.ts. */
export class Unsupported extends Error {}

export interface WasmRegion {
  /** The compiled function: (header offset, entry pc) → Exit; next pc at header+0. */
  readonly run: (hdr: number, pc: number) => number;
  readonly bytes: number;
}

const HDR_PC = 0, HDR_ARG = 8, HDR_RETHI = 12, HDR_FAULT = 16;

// ---- helper wrappers ----

/** The CPU the running region belongs to and its header offset (set by the engine wrapper). */
const CUR: { cpu: CpuState | undefined; hdr: number; i32: Int32Array | undefined } = { cpu: undefined, hdr: 0, i32: undefined };

type Wrapper = (...a: number[]) => number;
const wrapperFactories = new Map<number, (fn: Function, cur: typeof CUR, ret: Int32Array) => Wrapper>();

/** A fixed-arity wrapper (no rest/spread on the hot path) around a helper. */
function helperWrapper(fn: Function, arity: number): Wrapper {
  let f = wrapperFactories.get(arity);
  if (!f) {
    const ps = Array.from({ length: arity }, (_, i) => `a${i}`);
    f = new Function('fn', 'CUR', 'RET', `return function (${ps.join(', ')}) {
  try {
    const r = fn(CUR.cpu${ps.map((p) => ', ' + p).join('')});
    CUR.i32[(CUR.hdr + ${HDR_RETHI}) >>> 2] = RET[0];
    return r;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    CUR.i32[(CUR.hdr + ${HDR_FAULT}) >>> 2] = 1;
    return 0;
  }
};`) as (fn: Function, cur: typeof CUR, ret: Int32Array) => Wrapper;
    wrapperFactories.set(arity, f);
  }
  return f(fn, CUR, RET);
}

// ---- lowering ----

const CMP32: Record<Cond, W> = {
  eq: W.i32_eq, ne: W.i32_ne, lt: W.i32_lt_s, ge: W.i32_ge_s, le: W.i32_le_s, gt: W.i32_gt_s,
  ltu: W.i32_lt_u, geu: W.i32_ge_u, leu: W.i32_le_u, gtu: W.i32_gt_u,
};
const CMP64: Record<Cond, W> = {
  eq: W.i64_eq, ne: W.i64_ne, lt: W.i64_lt_s, ge: W.i64_ge_s, le: W.i64_le_s, gt: W.i64_gt_s,
  ltu: W.i64_lt_u, geu: W.i64_ge_u, leu: W.i64_le_u, gtu: W.i64_gt_u,
};
const BIN32: Record<string, W> = {
  add: W.i32_add, sub: W.i32_sub, mul: W.i32_mul, and: W.i32_and, or: W.i32_or, xor: W.i32_xor,
  shl: W.i32_shl, shr: W.i32_shr_u, sar: W.i32_shr_s, rotl: W.i32_rotl, rotr: W.i32_rotr,
};
const BIN64: Record<string, W> = {
  add: W.i64_add, sub: W.i64_sub, mul: W.i64_mul, and: W.i64_and, or: W.i64_or, xor: W.i64_xor,
  shl: W.i64_shl, shr: W.i64_shr_u, sar: W.i64_shr_s, rotl: W.i64_rotl, rotr: W.i64_rotr,
};

const wt = (t: Ty): T => (t === Ty.I64 ? T.I64 : T.I32);
const RUN_TYPE: FuncType = { params: [T.I32, T.I32], results: [T.I32] };

/** Small functions the generated code calls (defined in the module on first use). */
type Util = 'div32' | 'divu32' | 'rem32' | 'remu32' | 'div64' | 'divu64' | 'rem64' | 'remu64'
  | 'mulhu64' | 'mulhs64' | 'mulhsu64' | 'bswap32' | 'bswap64';

/** Layout: a block's final jump target comes right after it where possible (it then falls through). */
function layout(blocks: readonly BlockIR[]): BlockIR[] {
  const byPc = new Map(blocks.map((b) => [b.pc, b] as const));
  const placed = new Set<number>();
  const out: BlockIR[] = [];
  for (const start of blocks) {
    let b: BlockIR | undefined = start;
    while (b && !placed.has(b.pc)) {
      placed.add(b.pc);
      out.push(b);
      const last: Op | undefined = b.ops[b.ops.length - 1];
      b = last?.op === 'goto' ? byPc.get(last.pc) : undefined;
    }
  }
  return out;
}

class WasmEmitter {
  private readonly m = new ModuleBuilder();
  private readonly f = new FuncBody(RUN_TYPE);
  private readonly S = 0;
  private readonly PC = 1;
  private readonly idx: number;
  private readonly ip: number;
  private readonly code: number;
  private readonly npc: number;
  private readonly a64: number;
  private readonly t64: number;
  private readonly globals = new Map<number, { g: Global; local: number }>();
  private readonly written = new Set<number>();
  private readonly temps = new Map<string, number>();
  /** Helper imports: helper → arity → function index; and in import order. */
  private readonly imports = new Map<Helper, Map<number, number>>();
  private readonly importList: [Helper, number][] = [];
  private readonly utils = new Map<Util, number>();
  private readonly utilOrder: Util[] = [];
  /** Control stack (innermost last): names of the enclosing blocks, for branch depths. */
  private readonly ctl: string[] = [];
  private readonly order: BlockIR[];
  private readonly index = new Map<number, number>();
  private readonly region: boolean;
  private block = 0;
  /** Member [pc, block index] pairs sorted by pc (for lookups). */
  private sorted: [number, number][] | undefined;

  constructor(blocks: readonly BlockIR[], private readonly target: LowerTarget) {
    if (!target.littleEndian) throw new Unsupported('big-endian guest');
    this.region = blocks.some((b) => b.pc >= 0);
    this.order = this.region ? layout(blocks) : blocks.slice(0, 1);
    this.order.forEach((b, i) => this.index.set(b.pc, i));
    // Imports first (their indices precede the defined functions): one per helper and arity.
    for (const bl of this.order) {
      for (const o of bl.ops) {
        if (o.op !== 'call') continue;
        const arity = this.arity(o);
        let byArity = this.imports.get(o.helper);
        if (!byArity) { byArity = new Map(); this.imports.set(o.helper, byArity); }
        if (!byArity.has(arity)) {
          byArity.set(arity, this.m.importFunc('env', `h${this.importList.length}`, { params: Array(arity).fill(T.I32), results: [T.I32] }));
          this.importList.push([o.helper, arity]);
        }
      }
    }
    this.m.importMemory('env', 'mem', 65536, 65536, true);
    const f = this.f;
    this.idx = f.local(T.I32); this.ip = f.local(T.I32); this.code = f.local(T.I32);
    this.npc = f.local(T.I64); this.a64 = f.local(T.I64); this.t64 = f.local(T.I64);
  }

  // ---- values ----

  private local(v: Var): number {
    if (v.kind === 'global') {
      let e = this.globals.get(v.id);
      if (!e) { e = { g: v, local: this.f.local(wt(v.ty)) }; this.globals.set(v.id, e); }
      return e.local;
    }
    const key = `${v.ty}:${v.id}`;
    let l = this.temps.get(key);
    if (l === undefined) { l = this.f.local(wt(v.ty)); this.temps.set(key, l); }
    return l;
  }

  /** Pushes v as type `ty`: i32 → i64 sign-extends (like lower-js's hi()), i64 → i32 takes the low half. */
  private push(v: Val, ty: Ty, unsigned = false): void {
    const f = this.f;
    if (v.kind === 'const') {
      if (ty === Ty.I32) f.i32(v.lo);
      else if (v.ty === Ty.I64) f.i64(v.lo, v.hi);
      else f.i64(v.lo, unsigned ? 0 : v.lo >> 31);
      return;
    }
    f.get(this.local(v));
    if (v.ty === ty) return;
    if (ty === Ty.I64) f.op(unsigned ? W.i64_extend_i32_u : W.i64_extend_i32_s);
    else f.op(W.i32_wrap_i64);
  }

  private set(d: Var): void {
    if (d.kind === 'global') this.written.add(d.id);
    this.f.set(this.local(d));
  }

  private depth(name: string): number {
    const i = this.ctl.lastIndexOf(name);
    if (i < 0) throw new Error(`lower-wasm: no enclosing ${name}`);
    return this.ctl.length - 1 - i;
  }
  private open(o: W.block | W.loop | W.if_, name: string): void { this.f.block(o, VOID); this.ctl.push(name); }
  private close(): void { this.f.op(W.end); this.ctl.pop(); }

  private util(u: Util): number {
    let i = this.utils.get(u);
    if (i === undefined) {
      i = this.m.nextFuncIndex + 1 + this.utilOrder.length; // the run function is defined first
      this.utils.set(u, i);
      this.utilOrder.push(u);
    }
    return i;
  }

  // ---- structure ----

  emit(): Uint8Array {
    const f = this.f;
    // Declare locals for every global up front (loaded at entry), and find the written
    // ones before emitting anything (write-backs before helper calls need all of them).
    const see = (v: Val | undefined) => { if (v !== undefined && v.kind === 'global') this.local(v); };
    for (const bl of this.order) {
      for (const o of bl.ops) {
        switch (o.op) {
          case 'insn': case 'label': case 'br': case 'goto': case 'exit': continue;
          case 'goto_ptr': see(o.target); continue;
          case 'brcond': case 'setcond': see(o.a); see(o.b); break;
          case 'movcond': see(o.a); see(o.b); see(o.t); see(o.f); break;
          case 'concat': see(o.lo); see(o.hi); break;
          case 'ld': see(o.addr); break;
          case 'st': see(o.addr); see(o.src); continue;
          case 'call': for (const a of o.args) see(a); break;
          default: see(o.a); if ('b' in o) see(o.b);
        }
        const d = (o as { dst?: Var }).dst;
        if (d !== undefined && d.kind === 'global') { this.local(d); this.written.add(d.id); }
      }
    }
    this.reload();
    this.open(W.block, 'exit');
    this.open(W.block, 'fault');
    if (this.region) {
      f.get(this.PC).op(W.i64_extend_i32_u).set(this.t64);
      this.lookup();
      this.open(W.loop, 'dispatch');
      const n = this.order.length;
      for (let i = n - 1; i >= 0; i--) this.open(W.block, `b${i}`);
      f.get(this.idx).brTable(Array.from({ length: n }, (_, i) => i), n - 1);
      this.order.forEach((bl, i) => {
        this.close(); // end of block b<i>: its code follows
        this.block = i;
        this.emitOps(bl.ops, this.order[i + 1]?.pc);
      });
      this.close(); // loop
    } else {
      this.emitOps(this.order[0].ops, undefined);
    }
    this.close(); // fault: the faulting instruction's pc is in $ip
    f.get(this.S).i32(11).mem(W.i32_store, HDR_ARG);
    f.get(this.S).i32(0).mem(W.i32_store, HDR_FAULT);
    f.get(this.ip).op(W.i64_extend_i32_u).set(this.npc);
    f.i32(Exit.Fault).set(this.code);
    this.close(); // exit
    this.writeback();
    f.get(this.S).get(this.npc).mem(W.i64_store, HDR_PC);
    f.get(this.code);

    const run = this.m.addFunc(f);
    this.m.exportFunc('run', run);
    for (const u of this.utilOrder) this.m.addFunc(UTIL_BODIES[u]());
    return this.m.encode();
  }

  /** Helper wrappers in import order. */
  importFns(): Wrapper[] {
    return this.importList.map(([h, arity]) => helperWrapper(h.fn, arity));
  }

  private arity(o: Extract<Op, { op: 'call' }>): number {
    let n = 0;
    for (const a of o.args) n += a.ty === Ty.I64 ? 2 : 1;
    return n;
  }

  private writeback(): void {
    const f = this.f;
    for (const id of this.written) {
      const { g, local } = this.globals.get(id)!;
      f.get(this.S).get(local).mem(g.ty === Ty.I64 ? W.i64_store : W.i32_store, REGS_HEADER + 4 * g.slot);
    }
  }

  private reload(): void {
    const f = this.f;
    for (const { g, local } of this.globals.values()) {
      f.get(this.S).mem(g.ty === Ty.I64 ? W.i64_load : W.i32_load, REGS_HEADER + 4 * g.slot).set(local);
    }
  }

  /** Looks the pc in $t64 up among the member blocks: sets $idx, or leaves the region (Exit.Jump to it). */
  private lookup(): void {
    const f = this.f;
    const sorted = this.sorted ??= [...this.index.entries()].sort((x, y) => x[0] - y[0]);
    this.open(W.block, 'found');
    const search = (lo: number, hi: number) => {
      if (hi - lo <= 4) {
        for (let i = lo; i < hi; i++) {
          const [pc, k] = sorted[i];
          f.get(this.t64).i64(pc | 0, Math.floor(pc / 4294967296)).op(W.i64_eq);
          this.open(W.if_, 'if');
          f.i32(k).set(this.idx).br(W.br, this.depth('found'));
          this.close();
        }
        return;
      }
      const mid = (lo + hi) >> 1;
      const pc = sorted[mid][0];
      f.get(this.t64).i64(pc | 0, Math.floor(pc / 4294967296)).op(W.i64_lt_u);
      this.open(W.if_, 'if');
      search(lo, mid);
      f.op(W.else_);
      search(mid, hi);
      this.close();
    };
    search(0, sorted.length);
    f.get(this.t64).set(this.npc);
    f.i32(Exit.Jump).set(this.code).br(W.br, this.depth('exit'));
    this.close();
  }

  private emitOps(ops: readonly Op[], nextPc: number | undefined): void {
    const f = this.f;
    const labelOrder = ops.filter((o) => o.op === 'label').map((o) => (o as { id: number }).id);
    for (let i = labelOrder.length - 1; i >= 0; i--) this.open(W.block, `L${this.block}_${labelOrder[i]}`);
    // Which insns contain an op that can fault (they set $ip).
    const faulting = new Set<number>();
    let cur = -1;
    ops.forEach((o, i) => {
      if (o.op === 'insn') cur = i;
      else if ((o.op === 'ld' || o.op === 'st' || o.op === 'call') && cur >= 0) faulting.add(cur);
    });
    const last = ops[ops.length - 1];
    ops.forEach((o, i) => {
      if (o.op === 'insn') { if (faulting.has(i)) f.i32(o.pc).set(this.ip); return; }
      if (o === last && o.op === 'goto' && o.pc === nextPc) return; // falls through to the next block
      this.op(o);
    });
    if (!last || !(last.op === 'goto' || last.op === 'goto_ptr' || last.op === 'exit' || last.op === 'br')) f.op(W.unreachable);
  }

  /** Exits to `pc` (default: the pc in $t64) with Exit.Jump when the CPU's exit request word is set. */
  private checkExitRequest(pc?: number): void {
    const f = this.f;
    f.get(this.S).mem(W.i32_load, HDR_EXIT_REQ);
    this.open(W.if_, 'if');
    if (pc === undefined) f.get(this.t64).set(this.npc);
    else f.i64(pc | 0, Math.floor(pc / 4294967296)).set(this.npc);
    this.exitTo(Exit.Jump);
    this.close();
  }

  private exitTo(code: number): void {
    this.f.i32(code).set(this.code).br(W.br, this.depth('exit'));
  }

  private op(o: Op): void {
    const f = this.f;
    switch (o.op) {
      case 'insn': return;
      case 'label':
        if (this.ctl[this.ctl.length - 1] !== `L${this.block}_${o.id}`) throw new Unsupported('labels not nested');
        this.close();
        return;
      case 'br': f.br(W.br, this.depth(`L${this.block}_${o.label}`)); return;
      case 'brcond': this.cond(o.cond, o.a, o.b); f.br(W.br_if, this.depth(`L${this.block}_${o.label}`)); return;
      case 'goto': {
        const k = this.index.get(o.pc);
        if (this.region && k !== undefined) {
          // A later block's code starts right after the end of its br_table target block,
          // which encloses this one: branch there directly. Earlier blocks go through the dispatch loop.
          if (k > this.block) f.br(W.br, this.depth(`b${k}`));
          else {
            // A back-edge: leave at o.pc if an exit request is pending (signals, timers).
            this.checkExitRequest(o.pc);
            f.i32(k).set(this.idx).br(W.br, this.depth('dispatch'));
          }
          return;
        }
        f.i64(o.pc | 0, Math.floor(o.pc / 4294967296)).set(this.npc);
        this.exitTo(Exit.Jump);
        return;
      }
      case 'goto_ptr': {
        if (this.target.wordTy === Ty.I64) this.push(o.target, Ty.I64);
        else { this.push(o.target, Ty.I32); f.op(W.i64_extend_i32_u); }
        if (!this.region) { f.set(this.npc); this.exitTo(Exit.Jump); return; }
        f.set(this.t64);
        this.checkExitRequest();
        this.lookup();
        f.br(W.br, this.depth('dispatch'));
        return;
      }
      case 'exit':
        f.get(this.S).i32(o.arg).mem(W.i32_store, HDR_ARG);
        f.i64(o.pc | 0, Math.floor(o.pc / 4294967296)).set(this.npc);
        this.exitTo(o.reason);
        return;
      case 'ld': this.load(o); return;
      case 'st': this.store(o); return;
      case 'call': this.call(o); return;
      case 'setcond':
        this.cond(o.cond, o.a, o.b);
        if (o.dst.ty === Ty.I64) f.op(W.i64_extend_i32_u);
        this.set(o.dst);
        return;
      case 'movcond':
        this.push(o.t, o.dst.ty);
        this.push(o.f, o.dst.ty);
        this.cond(o.cond, o.a, o.b);
        f.op(W.select);
        this.set(o.dst);
        return;
      case 'concat':
        if (o.dst.ty !== Ty.I64) throw new Unsupported('concat to i32');
        this.push(o.hi, Ty.I32); f.op(W.i64_extend_i32_u).i64(32, 0).op(W.i64_shl);
        this.push(o.lo, Ty.I32); f.op(W.i64_extend_i32_u).op(W.i64_or);
        this.set(o.dst);
        return;
      default:
        if ('b' in o) this.binop(o.op, o.dst, o.a, o.b);
        else this.unop(o.op, o.dst, o.a);
    }
  }

  /** Pushes the i32 truth value of `a cond b` (compared at a's type). */
  private cond(c: Cond, a: Val, b: Val): void {
    this.push(a, a.ty);
    this.push(b, a.ty);
    this.f.op(a.ty === Ty.I64 ? CMP64[c] : CMP32[c]);
  }

  private binop(op: string, d: Var, a: Val, b: Val): void {
    const f = this.f;
    const ty = d.ty;
    if (ty === Ty.I32 && (op === 'mulsh' || op === 'muluh' || op === 'mulsuh')) {
      this.push(a, Ty.I32); f.op(op === 'muluh' ? W.i64_extend_i32_u : W.i64_extend_i32_s);
      this.push(b, Ty.I32); f.op(op === 'mulsh' ? W.i64_extend_i32_s : W.i64_extend_i32_u);
      f.op(W.i64_mul).i64(32, 0).op(W.i64_shr_u).op(W.i32_wrap_i64);
      this.set(d);
      return;
    }
    this.push(a, ty);
    this.push(b, ty);
    const direct = (ty === Ty.I64 ? BIN64 : BIN32)[op];
    if (direct !== undefined) f.op(direct);
    else {
      const sfx = ty === Ty.I64 ? '64' : '32';
      switch (op) {
        case 'div': case 'divu': case 'rem': case 'remu': f.call(this.util(`${op}${sfx}` as Util)); break;
        case 'mulsh': f.call(this.util('mulhs64')); break;
        case 'muluh': f.call(this.util('mulhu64')); break;
        case 'mulsuh': f.call(this.util('mulhsu64')); break;
        default: throw new Unsupported(`binop ${op}`);
      }
    }
    this.set(d);
  }

  private unop(op: string, d: Var, a: Val): void {
    const f = this.f;
    if (d.ty === Ty.I64) {
      // lower-js reads an i32 source of an i64 unop with a zero high half (except sign extensions).
      const signed = op === 'exts' || op === 'ext32s' || op === 'ext8s' || op === 'ext16s';
      const src = () => this.push(a, Ty.I64, !signed);
      switch (op) {
        case 'mov': src(); break;
        case 'neg': f.i64(0, 0); src(); f.op(W.i64_sub); break;
        case 'not': src(); f.i64(-1, -1).op(W.i64_xor); break;
        case 'ext8s': src(); f.op(W.i64_extend8_s); break;
        case 'ext16s': src(); f.op(W.i64_extend16_s); break;
        case 'ext32s': case 'exts': src(); if (a.ty === Ty.I64) f.op(W.i64_extend32_s); break;
        case 'ext8u': src(); f.i64(0xff, 0).op(W.i64_and); break;
        case 'ext16u': src(); f.i64(0xffff, 0).op(W.i64_and); break;
        case 'ext32u': case 'extu': src(); if (a.ty === Ty.I64) f.i64(-1, 0).op(W.i64_and); break;
        case 'clz': src(); f.op(W.i64_clz); break;
        case 'ctz': src(); f.op(W.i64_ctz); break;
        case 'popcnt': src(); f.op(W.i64_popcnt); break;
        case 'bswap': src(); f.call(this.util('bswap64')); break;
        default: throw new Unsupported(`i64 unop ${op}`);
      }
      this.set(d);
      return;
    }
    switch (op) {
      case 'hi32':
        if (a.ty === Ty.I64) { this.push(a, Ty.I64); f.i64(32, 0).op(W.i64_shr_u).op(W.i32_wrap_i64); }
        else { this.push(a, Ty.I32); f.i32(31).op(W.i32_shr_s); }
        break;
      case 'mov': case 'trunc': case 'ext32s': case 'ext32u': this.push(a, Ty.I32); break;
      case 'neg': f.i32(0); this.push(a, Ty.I32); f.op(W.i32_sub); break;
      case 'not': this.push(a, Ty.I32); f.i32(-1).op(W.i32_xor); break;
      case 'ext8s': this.push(a, Ty.I32); f.op(W.i32_extend8_s); break;
      case 'ext16s': this.push(a, Ty.I32); f.op(W.i32_extend16_s); break;
      case 'ext8u': this.push(a, Ty.I32); f.i32(0xff).op(W.i32_and); break;
      case 'ext16u': this.push(a, Ty.I32); f.i32(0xffff).op(W.i32_and); break;
      case 'clz': this.push(a, Ty.I32); f.op(W.i32_clz); break;
      case 'ctz': this.push(a, Ty.I32); f.op(W.i32_ctz); break;
      case 'popcnt': this.push(a, Ty.I32); f.op(W.i32_popcnt); break;
      case 'bswap': this.push(a, Ty.I32); f.call(this.util('bswap32')); break;
      default: throw new Unsupported(`i32 unop ${op}`);
    }
    this.set(d);
  }

  /** Pushes the i32 host offset of [addr + offset, +size), branching to $fault unless it lies inside the guest window. */
  private address(addr: Val, offset: number, size: number): void {
    const f = this.f;
    const bias = offset - GUEST_BASE;
    const limit = STATE_BASE - size; // highest valid host offset
    if (addr.kind === 'const') {
      const base = this.target.wordTy === Ty.I64 ? addr.hi * 4294967296 + (addr.lo >>> 0) : addr.lo >>> 0;
      const host = base + bias;
      if (host < 0 || host > limit) f.br(W.br, this.depth('fault'));
      f.i32(host | 0);
      return;
    }
    if (this.target.wordTy === Ty.I64) this.push(addr, Ty.I64);
    else { this.push(addr, Ty.I32); f.op(W.i64_extend_i32_u); }
    if (bias !== 0) f.i64(bias | 0, Math.floor(bias / 4294967296)).op(W.i64_add);
    f.tee(this.a64).i64(limit | 0, 0).op(W.i64_gt_u).br(W.br_if, this.depth('fault'));
    f.get(this.a64).op(W.i32_wrap_i64);
  }

  private load(o: Extract<Op, { op: 'ld' }>): void {
    this.address(o.addr, o.offset, o.size);
    let op: W;
    if (o.dst.ty === Ty.I64) {
      op = o.size === 1 ? (o.signed ? W.i64_load8_s : W.i64_load8_u)
        : o.size === 2 ? (o.signed ? W.i64_load16_s : W.i64_load16_u)
          : o.size === 4 ? (o.signed ? W.i64_load32_s : W.i64_load32_u) : W.i64_load;
    } else {
      op = o.size === 1 ? (o.signed ? W.i32_load8_s : W.i32_load8_u)
        : o.size === 2 ? (o.signed ? W.i32_load16_s : W.i32_load16_u) : W.i32_load;
    }
    this.f.mem(op);
    this.set(o.dst);
  }

  private store(o: Extract<Op, { op: 'st' }>): void {
    this.address(o.addr, o.offset, o.size);
    const ty = o.size === 8 ? Ty.I64 : o.src.ty;
    this.push(o.src, ty);
    const op = ty === Ty.I64
      ? (o.size === 1 ? W.i64_store8 : o.size === 2 ? W.i64_store16 : o.size === 4 ? W.i64_store32 : W.i64_store)
      : (o.size === 1 ? W.i32_store8 : o.size === 2 ? W.i32_store16 : W.i32_store);
    this.f.mem(op);
  }

  private call(o: Extract<Op, { op: 'call' }>): void {
    if (o.helper.fastFp && o.dst) this.fastFp(o, o.helper.fastFp);
    else this.plainCall(o);
  }

  /** Scratch float locals (a, b, result, |result|) per precision, declared on first use. */
  private fpLocals = new Map<T, number[]>();
  private fl(t: T): number[] {
    let l = this.fpLocals.get(t);
    if (!l) { l = [0, 1, 2, 3].map(() => this.f.local(t)); this.fpLocals.set(t, l); }
    return l;
  }

  /** The host-FPU fast path of a FastFp helper inline (same tests as src/cpu/fpu/fast.ts), else the call. */
  private fastFp(o: Extract<Op, { op: 'call' }>, d: FastFp): void {
    const f = this.f;
    const is64 = d.size === 8;
    const ft = is64 ? T.F64 : T.F32;
    const [fa, fb, fr, tmp] = this.fl(ft);
    const MIN = is64 ? 2.2250738585072014e-308 : 1.1754943508222875e-38;
    const MAX = is64 ? 1.7976931348623157e308 : 3.4028234663852886e38;
    const k = (v: number) => (is64 ? f.f64(v) : f.f32(v));
    const F = is64
      ? { abs: W.f64_abs, ge: W.f64_ge, gt: W.f64_gt, le: W.f64_le, lt: W.f64_lt, eq: W.f64_eq }
      : { abs: W.f32_abs, ge: W.f32_ge, gt: W.f32_gt, le: W.f32_le, lt: W.f32_lt, eq: W.f32_eq };
    const toSlow = () => f.br(W.br_if, this.depth('fpslow'));
    /** Pushes MIN lo |x| <= MAX (lo: >= for operands, > for results), or-ed with x == 0 if `zero`. */
    const normalOrZero = (x: number, lo: W, zero = true) => {
      f.get(x).op(F.abs).tee(tmp); k(MIN); f.op(lo);
      f.get(tmp); k(MAX); f.op(F.le).op(W.i32_and);
      if (zero) { f.get(x); k(0); f.op(F.eq).op(W.i32_or); }
    };
    // Doubles come as one i64 argument or as an (lo, hi) pair of i32 arguments (32-bit guests).
    const pairs = is64 && o.args[0].ty === Ty.I32;
    const operand = (i: number, x: number) => {
      const v = o.args[pairs ? 2 * i : i];
      if (pairs) {
        this.push(v, Ty.I32); f.op(W.i64_extend_i32_u);
        this.push(o.args[2 * i + 1], Ty.I32); f.op(W.i64_extend_i32_u).i64(32, 0).op(W.i64_shl).op(W.i64_or);
        f.op(W.f64_reinterpret_i64);
      } else if (is64) { this.push(v, Ty.I64); f.op(W.f64_reinterpret_i64); }
      else if (d.boxed) {
        this.push(v, Ty.I64); f.i64(32, 0).op(W.i64_shr_u).op(W.i32_wrap_i64).i32(-1).op(W.i32_ne); toSlow();
        this.push(v, Ty.I32); f.op(W.f32_reinterpret_i32);
      } else { this.push(v, Ty.I32); f.op(W.f32_reinterpret_i32); }
      f.set(x);
      normalOrZero(x, F.ge); f.op(W.i32_eqz); toSlow();
    };
    this.open(W.block, 'fpdone');
    this.open(W.block, 'fpslow');
    f.get(this.S).mem(W.i32_load, REGS_HEADER + 4 * d.okSlot).op(W.i32_eqz); toSlow();
    operand(0, fa);
    if (d.op === 'sqrt') {
      f.get(fa); k(0); f.op(F.lt); toSlow();
      f.get(fa).op(is64 ? W.f64_sqrt : W.f32_sqrt).set(fr);
    } else {
      operand(1, fb);
      if (d.op === 'div') { f.get(fb); k(0); f.op(F.eq); toSlow(); }
      const OPS = is64 ? { add: W.f64_add, sub: W.f64_sub, mul: W.f64_mul, div: W.f64_div }
        : { add: W.f32_add, sub: W.f32_sub, mul: W.f32_mul, div: W.f32_div };
      f.get(fa).get(fb).op(OPS[d.op]).set(fr);
      // A zero result is exact only for add/sub (x - x); mul/div: only from a zero operand.
      normalOrZero(fr, F.gt, d.op === 'add' || d.op === 'sub');
      if (d.op === 'mul') { f.get(fa); k(0); f.op(F.eq).op(W.i32_or); f.get(fb); k(0); f.op(F.eq).op(W.i32_or); }
      if (d.op === 'div') { f.get(fa); k(0); f.op(F.eq).op(W.i32_or); }
      f.op(W.i32_eqz); toSlow();
    }
    f.get(fr);
    if (is64) f.op(W.i64_reinterpret_f64);
    else if (d.boxed) f.op(W.i32_reinterpret_f32).op(W.i64_extend_i32_u).i64(0, -1).op(W.i64_or);
    else f.op(W.i32_reinterpret_f32);
    this.set(o.dst!);
    f.br(W.br, this.depth('fpdone'));
    this.close(); // fpslow
    this.plainCall(o);
    this.close(); // fpdone
  }

  private plainCall(o: Extract<Op, { op: 'call' }>): void {
    const f = this.f;
    const h = o.helper;
    if (h.readsGlobals || h.writesGlobals) this.writeback();
    for (const a of o.args) {
      if (a.ty === Ty.I64) {
        this.push(a, Ty.I64); f.op(W.i32_wrap_i64);
        this.push(a, Ty.I64); f.i64(32, 0).op(W.i64_shr_u).op(W.i32_wrap_i64);
      } else {
        this.push(a, Ty.I32);
      }
    }
    f.call(this.imports.get(h)!.get(this.arity(o))!);
    // A helper that threw RangeError (a bad guest address) is a fault of this instruction.
    f.get(this.S).mem(W.i32_load, HDR_FAULT).br(W.br_if, this.depth('fault'));
    if (o.dst) {
      if (o.dst.ty === Ty.I64) {
        f.op(W.i64_extend_i32_u).get(this.S).mem(W.i64_load32_u, HDR_RETHI).i64(32, 0).op(W.i64_shl).op(W.i64_or);
      }
      this.set(o.dst);
    } else {
      f.op(W.drop);
    }
    if (h.writesGlobals) this.reload();
  }
}

// ---- utility functions (params a=0, b=1) ----

function utilBody(ty: T, params: number, build: (f: FuncBody) => void): () => FuncBody {
  return () => {
    const f = new FuncBody({ params: Array(params).fill(ty), results: [ty] });
    build(f);
    return f;
  };
}

/** b == 0 ? zeroResult : (signed && b == -1) ? -a (wraps: MIN/-1 = MIN) : a op b */
function divBody(ty: T, op: W, signed: boolean, isRem: boolean): () => FuncBody {
  const is64 = ty === T.I64;
  const c = (f: FuncBody, v: number) => (is64 ? f.i64(v, v >> 31) : f.i32(v));
  return utilBody(ty, 2, (f) => {
    f.get(1).op(is64 ? W.i64_eqz : W.i32_eqz).block(W.if_, VOID);
    if (isRem) f.get(0); else c(f, -1);
    f.op(W.return_).op(W.end);
    if (signed && !isRem) {
      f.get(1); c(f, -1); f.op(is64 ? W.i64_eq : W.i32_eq).block(W.if_, VOID);
      c(f, 0); f.get(0).op(is64 ? W.i64_sub : W.i32_sub).op(W.return_).op(W.end);
    }
    f.get(0).get(1).op(op);
  });
}

const MASK32 = (f: FuncBody) => f.i64(-1, 0).op(W.i64_and);
/** High 64 bits of the unsigned 128-bit product, from 32-bit partial products. */
function mulhuBody(f: FuncBody): void {
  const a0 = f.local(T.I64), a1 = f.local(T.I64), b0 = f.local(T.I64), b1 = f.local(T.I64), m1 = f.local(T.I64), m2 = f.local(T.I64);
  f.get(0); MASK32(f); f.set(a0);
  f.get(0).i64(32, 0).op(W.i64_shr_u).set(a1);
  f.get(1); MASK32(f); f.set(b0);
  f.get(1).i64(32, 0).op(W.i64_shr_u).set(b1);
  // m1 = a1*b0 + (a0*b0 >> 32); m2 = a0*b1 + (m1 & mask); hi = a1*b1 + (m1 >> 32) + (m2 >> 32)
  f.get(a1).get(b0).op(W.i64_mul).get(a0).get(b0).op(W.i64_mul).i64(32, 0).op(W.i64_shr_u).op(W.i64_add).set(m1);
  f.get(a0).get(b1).op(W.i64_mul).get(m1); MASK32(f); f.op(W.i64_add).set(m2);
  f.get(a1).get(b1).op(W.i64_mul).get(m1).i64(32, 0).op(W.i64_shr_u).op(W.i64_add).get(m2).i64(32, 0).op(W.i64_shr_u).op(W.i64_add);
}

const UTIL_BODIES: Record<Util, () => FuncBody> = {
  div32: divBody(T.I32, W.i32_div_s, true, false),
  divu32: divBody(T.I32, W.i32_div_u, false, false),
  rem32: divBody(T.I32, W.i32_rem_s, true, true), // wasm rem_s gives MIN % -1 = 0 without trapping
  remu32: divBody(T.I32, W.i32_rem_u, false, true),
  div64: divBody(T.I64, W.i64_div_s, true, false),
  divu64: divBody(T.I64, W.i64_div_u, false, false),
  rem64: divBody(T.I64, W.i64_rem_s, true, true),
  remu64: divBody(T.I64, W.i64_rem_u, false, true),
  mulhu64: utilBody(T.I64, 2, mulhuBody),
  // signed: mulhu - (a < 0 ? b : 0) - (b < 0 ? a : 0); signed × unsigned: only the first correction
  mulhs64: utilBody(T.I64, 2, (f) => {
    mulhuBody(f);
    f.get(0).i64(63, 0).op(W.i64_shr_s).get(1).op(W.i64_and).op(W.i64_sub);
    f.get(1).i64(63, 0).op(W.i64_shr_s).get(0).op(W.i64_and).op(W.i64_sub);
  }),
  mulhsu64: utilBody(T.I64, 2, (f) => {
    mulhuBody(f);
    f.get(0).i64(63, 0).op(W.i64_shr_s).get(1).op(W.i64_and).op(W.i64_sub);
  }),
  bswap32: utilBody(T.I32, 1, (f) => {
    f.get(0).i32(24).op(W.i32_shl);
    f.get(0).i32(0xff00).op(W.i32_and).i32(8).op(W.i32_shl).op(W.i32_or);
    f.get(0).i32(8).op(W.i32_shr_u).i32(0xff00).op(W.i32_and).op(W.i32_or);
    f.get(0).i32(24).op(W.i32_shr_u).op(W.i32_or);
  }),
  bswap64: utilBody(T.I64, 1, (f) => {
    // (x rotl 8 & 0x000000ff_000000ff...) style: swap bytes, then 16-bit halves, then 32-bit words.
    const x = f.local(T.I64);
    f.get(0).i64(8, 0).op(W.i64_shr_u).i64(0x00ff00ff, 0x00ff00ff).op(W.i64_and);
    f.get(0).i64(0x00ff00ff, 0x00ff00ff).op(W.i64_and).i64(8, 0).op(W.i64_shl).op(W.i64_or).set(x);
    f.get(x).i64(16, 0).op(W.i64_shr_u).i64(0x0000ffff, 0x0000ffff).op(W.i64_and);
    f.get(x).i64(0x0000ffff, 0x0000ffff).op(W.i64_and).i64(16, 0).op(W.i64_shl).op(W.i64_or);
    f.i64(32, 0).op(W.i64_rotl);
  }),
};

// ---- compilation and the engine-facing function ----

/** Stats for measurements: NODEMU_WASM_STATS=1 prints them at exit, =2 also one line per module. */
export const wasmStats = { regions: 0, bytes: 0, compileMs: 0, unsupported: 0 };
const STATS = process.env.NODEMU_WASM_STATS;
if (STATS) {
  process.on('exit', () => {
    const s = wasmStats;
    process.stderr.write(`wasm: ${s.regions} modules, ${s.bytes} bytes, ${s.compileMs.toFixed(1)} ms encoding+compiling (${(s.compileMs / Math.max(1, s.regions)).toFixed(3)} ms each), ${s.unsupported} unsupported\n`);
  });
}

/** Lowers and compiles a region (or one block: pc < 0); throws Unsupported for IR it cannot handle. */
export function compileWasm(blocks: readonly BlockIR[], target: LowerTarget, mem: GuestMemory): WasmRegion {
  const t0 = performance.now();
  const e = new WasmEmitter(blocks, target);
  const bytes = e.emit();
  const imports: Record<string, unknown> = { mem: mem.wasm };
  e.importFns().forEach((fn, i) => { imports[`h${i}`] = fn; });
  const t1 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const t2 = performance.now();
  const inst = new WebAssembly.Instance(module, { env: imports });
  wasmStats.regions++;
  wasmStats.bytes += bytes.length;
  const ms = performance.now() - t0;
  wasmStats.compileMs += ms;
  if (STATS === '2') process.stderr.write(`wasm: ${blocks.length} blocks, ${Object.keys(imports).length - 1} helpers, ${bytes.length} bytes, ${ms.toFixed(2)} ms (lower+encode ${(t1 - t0).toFixed(2)}, compile ${(t2 - t1).toFixed(2)}, instantiate ${(performance.now() - t2).toFixed(2)})\n`);
  return { run: inst.exports.run as (hdr: number, pc: number) => number, bytes: bytes.length };
}

/** Encodes without compiling (for tests and size measurements). */
export function encodeWasm(blocks: readonly BlockIR[], target: LowerTarget): Uint8Array {
  return new WasmEmitter(blocks, target).emit();
}

/** Jump cache entries (direct-mapped by pc; each: guest pc, table index). */
const JC_ENTRIES = 1024;

/**
 * Runs compiled regions for one GuestMemory, chaining them inside WebAssembly:
 * every region function is also put in a shared funcref table, and a small
 * driver function runs a region, looks the next pc up in a direct-mapped jump
 * cache in the state area (pc → table index, filled by the JS side whenever the
 * engine enters a region at a pc) and calls the next region through
 * call_indirect, returning to the engine's dispatcher only on a miss or a
 * non-jump exit. This avoids a JS↔wasm round trip and a Map lookup per region
 * transition.
 */
export class WasmRuntime {
  /** Chaining between regions inside wasm; off for -d exec (every transition is traced in JS). */
  chain = true;
  private readonly table: WebAssembly.Table | undefined;
  private readonly drive: ((hdr: number, pc: number, idx: number) => number) | undefined;
  private readonly jc: number;
  private readonly i32: Int32Array;
  private readonly slots = new Map<BlockFn, number>();
  private readonly freeSlots: number[] = [];
  private nextSlot = 1; // slot 0 is never used (an empty jump-cache entry has pc 0 anyway)

  constructor(readonly mem: GuestMemory, chaining = true) {
    this.i32 = new Int32Array(mem.buffer);
    this.chain = chaining;
    this.jc = chaining ? mem.allocState(JC_ENTRIES * 8) : -1;
    if (this.jc < 0) return;
    this.table = new WebAssembly.Table({ element: 'anyfunc', initial: 64 });
    const bytes = driverModule(this.jc);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: mem.wasm, table: this.table } });
    this.drive = inst.exports.drive as (hdr: number, pc: number, idx: number) => number;
  }

  /** A BlockFn running `region`; CPUs with registers outside the state area run `fallback()` instead. */
  blockFn(region: WasmRegion, fallback: () => BlockFn): BlockFn {
    const run = region.run;
    const buffer = this.mem.buffer;
    const i32 = this.i32;
    const drive = this.drive;
    let slot = -1;
    if (this.table && drive) {
      slot = this.freeSlots.pop() ?? this.nextSlot++;
      if (slot >= this.table.length) this.table.grow(Math.max(64, this.table.length));
      this.table.set(slot, run);
    }
    const jcIndex = this.jc >>> 2;
    let js: BlockFn | undefined;
    const fn: BlockFn = (cpu) => {
      const regs = cpu.regs;
      if (regs.buffer !== buffer || regs.byteOffset < STATE_BASE + REGS_HEADER) return (js ??= fallback())(cpu);
      const hdr = regs.byteOffset - REGS_HEADER;
      CUR.cpu = cpu; CUR.hdr = hdr; CUR.i32 = i32;
      const pc = cpu.pc;
      let r: number;
      if (slot > 0 && this.chain) {
        const e = jcIndex + ((pc >>> 1) & (JC_ENTRIES - 1)) * 2;
        i32[e] = pc; i32[e + 1] = slot;
        r = drive!(hdr, pc, slot);
      } else {
        r = run(hdr, pc);
      }
      const h = hdr >>> 2;
      cpu.pc = i32[h + 1] * 4294967296 + (i32[h] >>> 0);
      if (r !== Exit.Jump) {
        cpu.exitArg = i32[h + 2];
        if (r === Exit.Fault) cpu.faultAddr = -1;
      }
      return r;
    };
    if (slot > 0) this.slots.set(fn, slot);
    return fn;
  }

  /** Forgets a region (its code was invalidated): frees its table slot, clears the jump cache. */
  release(fn: BlockFn): void {
    const slot = this.slots.get(fn);
    if (slot === undefined) return;
    this.slots.delete(fn);
    this.table!.set(slot, null);
    this.freeSlots.push(slot);
    this.clearJumpCache();
  }

  releaseAll(): void {
    for (const fn of [...this.slots.keys()]) this.release(fn);
    this.clearJumpCache();
  }

  private clearJumpCache(): void {
    if (this.jc >= 0) this.i32.fill(0, this.jc >>> 2, (this.jc >>> 2) + JC_ENTRIES * 2);
  }
}

/** The driver: (hdr, pc, table index) → Exit; runs regions while they jump to pcs in the jump cache. */
function driverModule(jc: number): Uint8Array {
  const m = new ModuleBuilder();
  m.importTable('env', 'table', 1);
  m.importMemory('env', 'mem', 65536, 65536, true);
  const runType = m.typeIndex(RUN_TYPE);
  const f = new FuncBody({ params: [T.I32, T.I32, T.I32], results: [T.I32] });
  const S = 0, PC = 1, IDX = 2;
  const code = f.local(T.I32), npc = f.local(T.I64), e = f.local(T.I32);
  f.block(W.loop, VOID);
  f.get(S).get(PC).get(IDX).callIndirect(runType).tee(code);
  f.block(W.if_, VOID).get(code).op(W.return_).op(W.end);
  // An exit request (signal, timer) returns to JavaScript between regions.
  f.get(S).mem(W.i32_load, HDR_EXIT_REQ);
  f.block(W.if_, VOID).i32(Exit.Jump).op(W.return_).op(W.end);
  // Next pc (at hdr+0) must be below 4 GiB and in the jump cache.
  f.get(S).mem(W.i64_load, HDR_PC).tee(npc).i64(32, 0).op(W.i64_shr_u).op(W.i64_eqz).op(W.i32_eqz);
  f.block(W.if_, VOID).i32(Exit.Jump).op(W.return_).op(W.end);
  f.get(npc).op(W.i32_wrap_i64).tee(PC).i32(1).op(W.i32_shr_u).i32(JC_ENTRIES - 1).op(W.i32_and).i32(3).op(W.i32_shl).tee(e);
  f.mem(W.i32_load, jc).get(PC).op(W.i32_ne);
  f.block(W.if_, VOID).i32(Exit.Jump).op(W.return_).op(W.end);
  f.get(e).mem(W.i32_load, jc + 4).set(IDX);
  f.br(W.br, 0);
  f.op(W.end);
  f.op(W.unreachable);
  m.exportFunc('drive', m.addFunc(f));
  return m.encode();
}

/**
 * A BlockFn running a compiled region, without chaining (tests). A CPU whose
 * registers are not in the state area (GuestMemory.allocRegs) runs `fallback()`.
 */
export function wasmBlockFn(region: WasmRegion, mem: GuestMemory, fallback: () => BlockFn): BlockFn {
  return new WasmRuntime(mem, false).blockFn(region, fallback);
}
