// Lowers a translation block's IR to JavaScript source and compiles it with
// `new Function`. This file is the only place that decides
//   - how i64 values become JavaScript (a pair of int32 locals: see I64 below),
//   - how guest memory is accessed (see MemoryLowering below),
// so a WebAssembly backend or a system-mode MMU can replace either.
//
// Shape of a generated block:
//   function tb_<pc>(cpu) {
//     const R = cpu.regs;
//     let g10l = R[20], g10h = R[21];     // globals the block uses, cached in locals
//     let q0l = 0, q0h = 0, w1 = 0;       // temps
//     let ip = 0;                          // index of the current guest insn (for precise faults)
//     try { L1: { ...ops... } ...; return exit }
//     catch (e) { write back; cpu.pc = PCS[ip]; return FAULT(cpu, e); }
//   }

import { GUEST_BASE } from '../memory/guest-memory';
import { Exit, Ty, type Cond, type Global, type Helper, type Op, type Val, type Var } from './ir';
import { RET, RUNTIME } from './runtime';

export interface LowerTarget {
  readonly wordTy: Ty;
  readonly littleEndian: boolean;
}

export interface LoweredBlock {
  source: string;
  helpers: Helper[];
  pcs: number[];
}

export type BlockFn = (cpu: import('../cpu/types').CpuState) => number;

/** How guest addresses become DataView offsets. Swap this for an MMU in system mode. */
export class MemoryLowering {
  constructor(readonly target: LowerTarget) {}

  /** JS expression for the host byte offset of guest address `addr` + `offset`. */
  offset(addr: Val, offset: number, name: (v: Val, half: 0 | 1) => string): string {
    const bias = offset - GUEST_BASE;
    if (addr.kind === 'const') {
      const base = this.target.wordTy === Ty.I64 ? addr.hi * 4294967296 + (addr.lo >>> 0) : addr.lo >>> 0;
      return String(base + bias);
    }
    if (this.target.wordTy === Ty.I64) {
      // hi*2^32 + lo is the exact 64-bit address; anything at or above 4 GiB (or negative)
      // lands outside the DataView and throws, which becomes SIGSEGV.
      return `(${name(addr, 1)} * 4294967296 + (${name(addr, 0)} >>> 0) + ${bias})`;
    }
    return `((${name(addr, 0)} >>> 0) + ${bias})`;
  }
}

const LE = (le: boolean) => (le ? 'true' : 'false');

/** The IR of one translation block, as the region lowering consumes it. */
export interface BlockIR {
  readonly pc: number;
  readonly ops: readonly Op[];
}

export function lowerBlock(ops: readonly Op[], target: LowerTarget, name: string): LoweredBlock {
  return new JsEmitter([{ pc: -1, ops }], target, name).emit();
}

/**
 * Lowers several blocks into one function (a region): `for (;;) switch (pc)`,
 * guest registers held in locals throughout, direct jumps between member blocks
 * become `continue` instead of a return to the dispatcher. The function can be
 * entered at any member block (it dispatches on cpu.pc).
 */
export function lowerRegion(blocks: readonly BlockIR[], target: LowerTarget, name: string): LoweredBlock {
  return new JsEmitter(blocks, target, name).emit();
}

/** Compiles lowered source; the generated function closes over memory, helpers and the runtime. */
export function compileBlock(lowered: LoweredBlock, dv: DataView): BlockFn {
  const factory = new Function('M', 'H', 'RT', 'HELPERS', 'PCS', 'FAULT', lowered.source) as (
    ...a: unknown[]) => BlockFn;
  return factory(dv, RET, RUNTIME, lowered.helpers.map((h) => h.fn), lowered.pcs, blockFault);
}

/** What a block's factory closes over besides its helpers and pcs: M, H, RT, FAULT (tb-cache.ts builds blocks with it). */
export function blockRuntime(dv: DataView): unknown[] {
  return [dv, RET, RUNTIME, blockFault];
}

/** Called from a block's catch: a DataView RangeError is a guest memory fault. */
function blockFault(cpu: import('../cpu/types').CpuState, e: unknown): number {
  if (e instanceof RangeError) { cpu.faultAddr = -1; cpu.exitArg = 11; return Exit.Fault; }
  throw e;
}

const CMP: Record<Cond, string> = { eq: '===', ne: '!==', lt: '<', ge: '>=', le: '<=', gt: '>', ltu: '<', geu: '>=', leu: '<=', gtu: '>' };
const UNSIGNED = (c: Cond) => c === 'ltu' || c === 'geu' || c === 'leu' || c === 'gtu';

class JsEmitter {
  private lines: string[] = [];
  private readonly mem: MemoryLowering;
  private readonly globals = new Map<number, Global>();
  private readonly written = new Set<number>();
  /** Temps by name; temps never live across blocks, so blocks share names. */
  private readonly temps = new Map<string, Ty>();
  private readonly helpers: Helper[] = [];
  private readonly pcs: number[] = [];
  /** Member block pcs (empty for a lone block lowered without a dispatch loop). */
  private readonly members = new Set<number>();
  private looped = false;
  private block = 0;
  /** pc of the next case when the current block's final goto can fall through to it. */
  private fallsTo = -1;
  private lastOp: Op | undefined;

  constructor(private readonly blocks: readonly BlockIR[], private readonly target: LowerTarget, private readonly name: string) {
    this.mem = new MemoryLowering(target);
    for (const bl of blocks) if (bl.pc >= 0) this.members.add(bl.pc);
    // A region is entered at any member (the engine points every member's cache entry
    // at it), so it must dispatch on cpu.pc even when no member jumps to another.
    this.looped = this.members.size > 1;
  }

  // ---- names ----
  private n = (v: Val, half: 0 | 1 = 0): string => {
    if (v.kind === 'const') return String(half ? v.hi : v.lo);
    const base = v.kind === 'global' ? `g${v.id}` : (v.ty === Ty.I64 ? `q${v.id}` : `w${v.id}`);
    return v.ty === Ty.I64 ? base + (half ? 'h' : 'l') : base;
  };
  private lo(v: Val): string { return this.n(v, 0); }
  private hi(v: Val): string {
    // An i32 value read as i64 is a front-end bug; treat its hi as its sign for robustness.
    return v.ty === Ty.I64 ? this.n(v, 1) : `(${this.n(v, 0)} >> 31)`;
  }

  private scan(ops: readonly Op[]): void {
    const see = (v: Val | undefined, write = false) => {
      if (!v || v.kind === 'const') return;
      if (v.kind === 'global') { this.globals.set(v.id, v); if (write) this.written.add(v.id); }
      else this.temps.set(v.ty === Ty.I64 ? `q${v.id}` : `w${v.id}`, v.ty);
    };
    for (const o of ops) {
      for (const [k, v] of Object.entries(o)) {
        if (k === 'dst') see(v as Var, true);
        else if (k === 'args') for (const a of v as Val[]) see(a);
        else if (v && typeof v === 'object' && 'kind' in (v as object)) see(v as Val);
      }
      if (o.op === 'goto' && this.members.has(o.pc)) this.looped = true;
      if (o.op === 'goto_ptr' && this.members.size > 0) this.looped = true;
    }
  }

  private writeback(): string {
    const out: string[] = [];
    for (const id of this.written) {
      const g = this.globals.get(id)!;
      if (g.ty === Ty.I64) out.push(`R[${g.slot}] = g${id}l; R[${g.slot + 1}] = g${id}h;`);
      else out.push(`R[${g.slot}] = g${id};`);
    }
    return out.join(' ');
  }

  private reload(): string {
    const out: string[] = [];
    for (const g of this.globals.values()) {
      if (g.ty === Ty.I64) out.push(`g${g.id}l = R[${g.slot}]; g${g.id}h = R[${g.slot + 1}];`);
      else out.push(`g${g.id} = R[${g.slot}];`);
    }
    return out.join(' ');
  }

  emit(): LoweredBlock {
    for (const bl of this.blocks) this.scan(bl.ops);
    const decl: string[] = ['const R = cpu.regs;'];
    for (const g of this.globals.values()) {
      if (g.ty === Ty.I64) decl.push(`let g${g.id}l = R[${g.slot}], g${g.id}h = R[${g.slot + 1}]; // ${g.name}`);
      else decl.push(`let g${g.id} = R[${g.slot}]; // ${g.name}`);
    }
    const tv: string[] = [];
    for (const [name, ty] of this.temps) tv.push(ty === Ty.I64 ? `${name}l = 0, ${name}h = 0` : `${name} = 0`);
    if (tv.length) decl.push(`let ${tv.join(', ')};`);
    decl.push('let ip = 0, o = 0, c = 0, xl = 0, xh = 0;');
    if (this.looped) decl.push('let pc = cpu.pc;', 'const XR = cpu.exitReq;');

    const body: string[] = [];
    const order = this.looped ? this.layout() : this.blocks;
    order.forEach((bl, i) => {
      this.block = i;
      this.lines = [];
      // A block ending in a jump to the next case falls through into it (no dispatch).
      const last = bl.ops[bl.ops.length - 1];
      this.fallsTo = last?.op === 'goto' && order[i + 1]?.pc === last.pc ? last.pc : -1;
      this.emitOps(bl.ops);
      if (this.looped) body.push(`case ${bl.pc}: {`, ...this.lines.map((l) => '  ' + l), '}');
      else body.push(...this.lines);
    });
    this.fallsTo = -1;
    const wb = this.writeback();
    const fn = `tb_${this.name}`;
    const inner = this.looped
      // The loop head is every back-edge: an exit request (CpuState.exitReq, set by a
      // signal or timer) leaves the region there, at a clean instruction boundary.
      ? ['for (;;) {', `  if (XR[0] !== 0) { ${wb} cpu.pc = pc; return 0; }`, '  switch (pc) {', ...body.map((l) => '    ' + l), `    default: ${wb} cpu.pc = pc; return 0;`, '  }', '}']
      : body;
    const source = [
      `return (function ${fn}(cpu) {`,
      ...decl.map((l) => '  ' + l),
      '  try {',
      ...inner.map((l) => '    ' + l),
      // Every path should have exited; falling off the end is a front-end bug.
      `    throw new Error('translation block ${this.name} fell through');`,
      '  } catch (e) {',
      `    ${wb}`,
      '    cpu.pc = PCS[ip];',
      '    return FAULT(cpu, e);',
      '  }',
      '});',
      `//# sourceURL=nodemu-tb-${this.name}.js`,
    ].join('\n');
    return { source, helpers: this.helpers, pcs: this.pcs };
  }

  private emitOps(ops: readonly Op[]): void {
    // Forward labels become nested labelled blocks, opened up front, latest label outermost.
    const labelOrder = ops.filter((o) => o.op === 'label').map((o) => (o as { id: number }).id);
    if (labelOrder.length) this.out(labelOrder.slice().reverse().map((id) => `${this.label(id)}: {`).join(' '));
    // Which insns contain an op that can throw (they need `ip` set).
    const first = this.pcs.length;
    const faulting = new Set<number>();
    let cur = -1;
    for (const o of ops) {
      if (o.op === 'insn') { cur = this.pcs.length; this.pcs.push(o.pc); }
      else if ((o.op === 'ld' || o.op === 'st' || o.op === 'call') && cur >= 0) faulting.add(cur);
    }
    let idx = first - 1;
    this.lastOp = ops[ops.length - 1];
    for (const o of ops) {
      if (o.op === 'insn') { idx++; this.out(`// 0x${o.pc.toString(16)}`); if (faulting.has(idx)) this.out(`ip = ${idx};`); continue; }
      this.op(o);
    }
  }

  private label(id: number): string { return `L${this.block}_${id}`; }

  /** Orders region blocks so that a block's final jump target comes right after it where possible. */
  private layout(): BlockIR[] {
    const byPc = new Map(this.blocks.map((b) => [b.pc, b] as const));
    const placed = new Set<number>();
    const out: BlockIR[] = [];
    for (const start of this.blocks) {
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

  private out(s: string): void { this.lines.push(s); }

  private cond(c: Cond, a: Val, b: Val): string {
    const op = CMP[c];
    if (a.ty === Ty.I32) {
      return UNSIGNED(c) ? `(${this.lo(a)} >>> 0) ${op} (${this.lo(b)} >>> 0)` : `${this.lo(a)} ${op} ${this.lo(b)}`;
    }
    return I64.cond(c, this.lo(a), this.hi(a), this.lo(b), this.hi(b));
  }

  private op(o: Op): void {
    switch (o.op) {
      case 'label': this.out(`} // ${this.label(o.id)}`); return;
      case 'br': this.out(`break ${this.label(o.label)};`); return;
      case 'brcond': this.out(`if (${this.cond(o.cond, o.a, o.b)}) break ${this.label(o.label)};`); return;
      case 'goto':
        if (o.pc === this.fallsTo && o === this.lastOp) this.out(`// falls through to 0x${o.pc.toString(16)}`);
        else if (this.members.has(o.pc)) this.out(`pc = ${o.pc}; continue;`);
        else this.out(`${this.writeback()} cpu.pc = ${o.pc}; return 0;`);
        return;
      case 'goto_ptr': {
        const pc = this.target.wordTy === Ty.I64 ? `${this.hi(o.target)} * 4294967296 + (${this.lo(o.target)} >>> 0)` : `${this.lo(o.target)} >>> 0`;
        if (this.looped) this.out(`pc = ${pc}; continue;`); // the switch's default leaves the region
        else this.out(`${this.writeback()} cpu.pc = ${pc}; return 0;`);
        return;
      }
      case 'exit': this.out(`${this.writeback()} cpu.pc = ${o.pc}; cpu.exitArg = ${o.arg}; return ${o.reason};`); return;
      case 'ld': this.load(o); return;
      case 'st': this.store(o); return;
      case 'call': this.call(o); return;
      case 'setcond': this.assign(o.dst, `(${this.cond(o.cond, o.a, o.b)}) ? 1 : 0`, '0'); return;
      case 'movcond': {
        const c = this.cond(o.cond, o.a, o.b);
        if (o.dst.ty === Ty.I64) {
          const dl = this.lo(o.dst), dh = this.hi(o.dst);
          this.out(`if (${c}) { ${set64(dl, dh, this.lo(o.t), this.hi(o.t))} } else { ${set64(dl, dh, this.lo(o.f), this.hi(o.f))} }`);
        }
        else this.out(`${this.lo(o.dst)} = (${c}) ? ${this.lo(o.t)} : ${this.lo(o.f)};`);
        return;
      }
      case 'concat': this.out(set64(this.lo(o.dst), this.hi(o.dst), this.lo(o.lo), this.lo(o.hi))); return;
      case 'insn': return;
      default:
        if ('b' in o) this.binop(o.op, o.dst, o.a, o.b);
        else this.unop(o.op, o.dst, o.a);
    }
  }

  /** dst = (lo, hi) (see set64 for i64). */
  private assign(dst: Var, lo: string, hi: string): void {
    if (dst.ty === Ty.I64) this.out(set64(this.lo(dst), this.hi(dst), lo, hi));
    else this.out(`${this.lo(dst)} = ${lo};`);
  }

  private binop(op: string, d: Var, a: Val, b: Val): void {
    if (d.ty === Ty.I64) { this.out(I64.binop(op, this.lo(d), this.hi(d), this.lo(a), this.hi(a), this.lo(b), this.hi(b), b.kind === 'const' ? b.lo : undefined)); return; }
    const x = this.lo(a), y = this.lo(b);
    const e: Record<string, string> = {
      add: `(${x} + ${y}) | 0`, sub: `(${x} - ${y}) | 0`, mul: `Math.imul(${x}, ${y})`,
      and: `${x} & ${y}`, or: `${x} | ${y}`, xor: `${x} ^ ${y}`,
      shl: `${x} << ${y}`, shr: `(${x} >>> ${y}) | 0`, sar: `${x} >> ${y}`,
      rotl: `(${x} << ${y}) | (${x} >>> (32 - (${y} & 31)))`, rotr: `(${x} >>> ${y}) | (${x} << (32 - (${y} & 31)))`,
      mulsh: `RT.mulhs32(${x}, ${y})`, muluh: `RT.mulhu32(${x}, ${y})`, mulsuh: `RT.mulhsu32(${x}, ${y})`,
      div: `${y} === 0 ? -1 : (${x} === -2147483648 && ${y} === -1) ? ${x} : (${x} / ${y}) | 0`,
      divu: `${y} === 0 ? -1 : ((${x} >>> 0) / (${y} >>> 0)) | 0`,
      rem: `${y} === 0 ? ${x} : (${x} % ${y}) | 0`,
      remu: `${y} === 0 ? ${x} : ((${x} >>> 0) % (${y} >>> 0)) | 0`,
    };
    if (!(op in e)) throw new Error(`lower-js: no i32 lowering for ${op}`);
    this.out(`${this.lo(d)} = ${e[op]};`);
  }

  private unop(op: string, d: Var, a: Val): void {
    if (d.ty === Ty.I64) {
      const al = this.lo(a);
      const ah = a.ty === Ty.I64 ? this.hi(a) : '0';
      this.out(I64.unop(op, this.lo(d), this.hi(d), al, ah));
      return;
    }
    const x = this.lo(a);
    const e: Record<string, string> = {
      mov: x, neg: `(-(${x})) | 0`, not: `~${x}`,
      ext8s: `(${x} << 24) >> 24`, ext8u: `${x} & 255`, ext16s: `(${x} << 16) >> 16`, ext16u: `${x} & 65535`,
      ext32s: x, ext32u: x, clz: `Math.clz32(${x})`, ctz: `RT.ctz32(${x})`, popcnt: `RT.popcnt32(${x})`, bswap: `RT.bswap32(${x})`,
      trunc: x, hi32: a.ty === Ty.I64 ? this.hi(a) : `(${x} >> 31)`,
    };
    if (!(op in e)) throw new Error(`lower-js: no i32 lowering for ${op}`);
    this.out(`${this.lo(d)} = ${e[op]};`);
  }

  private load(o: Extract<Op, { op: 'ld' }>): void {
    const le = LE(this.target.littleEndian);
    const off = this.mem.offset(o.addr, o.offset, this.n);
    const d = o.dst;
    let v: string;
    switch (o.size) {
      case 1: v = o.signed ? `M.getInt8(${off})` : `M.getUint8(${off})`; break;
      case 2: v = o.signed ? `M.getInt16(${off}, ${le})` : `M.getUint16(${off}, ${le})`; break;
      case 4: v = `M.getInt32(${off}, ${le})`; break;
      case 8: {
        const [l, h] = this.target.littleEndian ? ['o', 'o + 4'] : ['o + 4', 'o'];
        this.out(`o = ${off}; xl = M.getInt32(${l}, ${le}); xh = M.getInt32(${h}, ${le}); ${this.lo(d)} = xl;${d.ty === Ty.I64 ? ` ${this.hi(d)} = xh;` : ''}`);
        return;
      }
    }
    if (d.ty === Ty.I64) {
      this.out(`${this.lo(d)} = ${v}; ${this.hi(d)} = ${o.signed ? `${this.lo(d)} >> 31` : '0'};`);
    } else {
      this.out(`${this.lo(d)} = ${v};`);
    }
  }

  private store(o: Extract<Op, { op: 'st' }>): void {
    const le = LE(this.target.littleEndian);
    const off = this.mem.offset(o.addr, o.offset, this.n);
    const s = this.lo(o.src);
    switch (o.size) {
      case 1: this.out(`M.setInt8(${off}, ${s});`); return;
      case 2: this.out(`M.setInt16(${off}, ${s}, ${le});`); return;
      case 4: this.out(`M.setInt32(${off}, ${s}, ${le});`); return;
      case 8: {
        // High word first: if the access runs off the end it throws before writing anything.
        const [l, h] = this.target.littleEndian ? ['o', 'o + 4'] : ['o + 4', 'o'];
        this.out(`o = ${off}; M.setInt32(${h}, ${this.hi(o.src)}, ${le}); M.setInt32(${l}, ${s}, ${le});`);
      }
    }
  }

  private call(o: Extract<Op, { op: 'call' }>): void {
    let hi = this.helpers.indexOf(o.helper);
    if (hi < 0) { hi = this.helpers.length; this.helpers.push(o.helper); }
    const args = ['cpu'];
    for (const a of o.args) { args.push(this.lo(a)); if (a.ty === Ty.I64) args.push(this.hi(a)); }
    if (o.helper.readsGlobals || o.helper.writesGlobals) this.out(this.writeback());
    const callExpr = `HELPERS[${hi}](${args.join(', ')})`;
    if (o.dst) {
      if (o.dst.ty === Ty.I64) this.out(`${this.lo(o.dst)} = ${callExpr}; ${this.hi(o.dst)} = H[0]; // ${o.helper.name}`);
      else this.out(`${this.lo(o.dst)} = ${callExpr}; // ${o.helper.name}`);
    } else {
      this.out(`${callExpr}; // ${o.helper.name}`);
    }
    if (o.helper.writesGlobals) this.out(this.reload());
  }
}

/**
 * (dl, dh) = (l, h). l is evaluated before either half is written, h after dl is: only
 * when h reads dl do the halves go through the scratch locals xl/xh. (Direct writes are
 * half the statements, which matters most where code runs a few times in V8's
 * interpreter, as most blocks do.) The expressions never throw, so a fault cannot leave
 * a half-written pair.
 */
function set64(dl: string, dh: string, l: string, h: string): string {
  return h.includes(dl) ? `xl = ${l}; xh = ${h}; ${dl} = xl; ${dh} = xh;` : `${dl} = ${l}; ${dh} = ${h};`;
}

/**
 * The i64 lowering: every 64-bit operation becomes int32 arithmetic on (lo, hi)
 * halves, inline where short and through RT (runtime.ts) otherwise. A destination
 * may alias a source (set64; add/sub compute the high half before writing either).
 */
const I64 = {
  cond(c: Cond, al: string, ah: string, bl: string, bh: string): string {
    const ul = `(${al} >>> 0)`, vl = `(${bl} >>> 0)`;
    switch (c) {
      case 'eq': return `(${al} === ${bl} && ${ah} === ${bh})`;
      case 'ne': return `(${al} !== ${bl} || ${ah} !== ${bh})`;
      case 'lt': return `(${ah} < ${bh} || (${ah} === ${bh} && ${ul} < ${vl}))`;
      case 'le': return `(${ah} < ${bh} || (${ah} === ${bh} && ${ul} <= ${vl}))`;
      case 'gt': return `(${ah} > ${bh} || (${ah} === ${bh} && ${ul} > ${vl}))`;
      case 'ge': return `(${ah} > ${bh} || (${ah} === ${bh} && ${ul} >= ${vl}))`;
      case 'ltu': return `((${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && ${ul} < ${vl}))`;
      case 'leu': return `((${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && ${ul} <= ${vl}))`;
      case 'gtu': return `((${ah} >>> 0) > (${bh} >>> 0) || (${ah} === ${bh} && ${ul} > ${vl}))`;
      case 'geu': return `((${ah} >>> 0) > (${bh} >>> 0) || (${ah} === ${bh} && ${ul} >= ${vl}))`;
    }
  },

  binop(op: string, dl: string, dh: string, al: string, ah: string, bl: string, bh: string, constB?: number): string {
    const set = (l: string, h: string) => set64(dl, dh, l, h);
    const call = (fn: string, args: string) => `${dl} = RT.${fn}(${args}); ${dh} = H[0];`;
    switch (op) {
      case 'add': return `c = (${al} >>> 0) + (${bl} >>> 0); ${dh} = (${ah} + ${bh} + (c > 4294967295 ? 1 : 0)) | 0; ${dl} = c | 0;`;
      case 'sub': return `c = (${al} >>> 0) - (${bl} >>> 0); ${dh} = (${ah} - ${bh} - (c < 0 ? 1 : 0)) | 0; ${dl} = c | 0;`;
      case 'and': return set(`${al} & ${bl}`, `${ah} & ${bh}`);
      case 'or': return set(`${al} | ${bl}`, `${ah} | ${bh}`);
      case 'xor': return set(`${al} ^ ${bl}`, `${ah} ^ ${bh}`);
      case 'shl': case 'shr': case 'sar': {
        if (constB === undefined) return call(`${op}64`, `${al}, ${ah}, ${bl}`);
        const n = constB & 63;
        if (n === 0) return set(al, ah);
        if (op === 'shl') return n < 32 ? set(`${al} << ${n}`, `(${ah} << ${n}) | (${al} >>> ${32 - n})`) : set('0', `${al} << ${n - 32}`);
        if (op === 'shr') return n < 32 ? set(`(${al} >>> ${n}) | (${ah} << ${32 - n})`, `${ah} >>> ${n}`) : set(`(${ah} >>> ${n - 32}) | 0`, '0');
        return n < 32 ? set(`(${al} >>> ${n}) | (${ah} << ${32 - n})`, `${ah} >> ${n}`) : set(`${ah} >> ${n - 32}`, `${ah} >> 31`);
      }
      case 'rotl': case 'rotr': return call(`${op}64`, `${al}, ${ah}, ${bl}`);
      case 'mul': return call('mul64', `${al}, ${ah}, ${bl}, ${bh}`);
      case 'mulsh': return call('mulhs64', `${al}, ${ah}, ${bl}, ${bh}`);
      case 'muluh': return call('mulhu64', `${al}, ${ah}, ${bl}, ${bh}`);
      case 'mulsuh': return call('mulhsu64', `${al}, ${ah}, ${bl}, ${bh}`);
      case 'div': case 'divu': case 'rem': case 'remu': return call(`${op}64`, `${al}, ${ah}, ${bl}, ${bh}`);
    }
    throw new Error(`lower-js: no i64 lowering for ${op}`);
  },

  unop(op: string, dl: string, dh: string, al: string, ah: string): string {
    const set = (l: string, h: string) => set64(dl, dh, l, h);
    switch (op) {
      case 'mov': return set(al, ah);
      case 'not': return set(`~${al}`, `~${ah}`);
      case 'neg': return `c = -(${al} >>> 0); ${dh} = (-(${ah}) - (c < 0 ? 1 : 0)) | 0; ${dl} = c | 0;`;
      case 'ext8s': return `${dl} = (${al} << 24) >> 24; ${dh} = ${dl} >> 31;`;
      case 'ext16s': return `${dl} = (${al} << 16) >> 16; ${dh} = ${dl} >> 31;`;
      case 'ext32s': case 'exts': return `${dl} = ${al}; ${dh} = ${dl} >> 31;`;
      case 'ext8u': return set(`${al} & 255`, '0');
      case 'ext16u': return set(`${al} & 65535`, '0');
      case 'ext32u': case 'extu': return set(al, '0');
      case 'clz': return set(`${ah} !== 0 ? Math.clz32(${ah}) : 32 + Math.clz32(${al})`, '0');
      case 'ctz': return set(`${al} !== 0 ? RT.ctz32(${al}) : 32 + RT.ctz32(${ah})`, '0');
      case 'popcnt': return set(`RT.popcnt32(${al}) + RT.popcnt32(${ah})`, '0');
      case 'bswap': return set(`RT.bswap32(${ah})`, `RT.bswap32(${al})`);
    }
    throw new Error(`lower-js: no i64 lowering for ${op}`);
  },
};
