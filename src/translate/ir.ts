// The intermediate representation shared by every guest front end and every
// backend. TCG-like: a translation block is a straight list of three-address
// ops over typed values. Spec (keep docs/ARCHITECTURE.md in sync):
//
// Types     i32 and i64. An op's type is the type of its destination (for
//           compares and stores: of its operands). Backends without native
//           64-bit integers lower i64 as a pair of i32 halves — in one place.
// Values    Temp  — a block-local virtual register, assigned any number of times.
//           Global — a guest register that lives in CPU state (cpu.regs) between
//                    blocks; backends may cache it in a local within a block and
//                    write it back at exits.
//           Const — an immediate (i64 constants are held as lo/hi int32 halves).
// Control   Only forward branches to labels inside the block. Every path ends in
//           an exit op (goto/goto_ptr/exit). Labels are placed with `label`.
// Memory    ld/st carry size (1,2,4,8), signedness and a constant offset; the
//           address operand is a guest address of the guest word type. Faulting
//           accesses are precise per guest instruction: a front end must not write
//           a global before the last op of the instruction that can fault.
// Integer   Two's complement, wrapping. Shift and rotate counts are taken modulo
//           the operand width. div/divu/rem/remu are total: x/0 = all ones,
//           x%0 = x, MIN/-1 = MIN, MIN%-1 = 0 (front ends with other rules use
//           movcond). mulsh/muluh give the high half of the signed/unsigned
//           double-width product; mulsuh is signed a × unsigned b.
// Helpers   call: a JavaScript function receiving (cpu, ...args), with i64
//           arguments passed as (lo, hi). An i64 result is returned as lo with hi
//           in RET[0] (src/translate/runtime.ts). Flags say whether the helper
//           reads or writes globals in cpu.regs (the backend then syncs them).

export const enum Ty { I32 = 0, I64 = 1 }

export interface Temp { readonly kind: 'temp'; readonly id: number; readonly ty: Ty }
export interface Global { readonly kind: 'global'; readonly id: number; readonly ty: Ty; readonly name: string; /** index in cpu.regs (int32 units; i64 uses slot and slot+1, little-endian halves) */ readonly slot: number }
export interface Const { readonly kind: 'const'; readonly ty: Ty; readonly lo: number; readonly hi: number }
export type Var = Temp | Global;
export type Val = Var | Const;

export type Cond = 'eq' | 'ne' | 'lt' | 'ge' | 'le' | 'gt' | 'ltu' | 'geu' | 'leu' | 'gtu';

/** Why a block returned to the CPU loop. The loop switches on this (QEMU's cpu_loop). */
export const enum Exit {
  /** cpu.pc holds the next guest pc. */
  Jump = 0,
  /** System call instruction; cpu.pc is the pc of the instruction after it. */
  Syscall = 1,
  /** Guest signal raised by the instruction at cpu.pc; cpu.exitArg is the signal number. */
  Signal = 2,
  /** A memory access faulted; cpu.pc is the faulting instruction, cpu.faultAddr the address if known. */
  Fault = 3,
  /** Instruction-cache flush requested (fence.i, IC IVAU…); cpu.pc is the next pc. */
  FlushCode = 4,
  /**
   * Returned by Engine.run only: the CPU's exit request word (CpuState.exitReq) was set
   * (a signal or timer needs the CPU loop); cpu.pc is the next guest pc. Translated code
   * itself returns Exit.Jump when it sees the request at a back-edge.
   */
  Interrupt = 5,
}

/**
 * An IEEE binary operation (or sqrt) with a host-FPU fast path (src/cpu/fpu/fast.ts).
 * The helper's fn already tries it; a backend may inline the same test instead:
 * when cpu.regs[okSlot] != 0 (the front end's promise: round-to-nearest-even and
 * the inexact flag already raised), both operands are zero or normal (no NaN,
 * infinity or subnormal; for div a non-zero divisor; for sqrt non-negative) and
 * the host result is zero-or-normal per `resultOk` below, the host result is the
 * exact guest result with no new flags; otherwise call fn. Operands are the first
 * one (sqrt) or two args; `boxed`: f32 values NaN-boxed in i64 (RISC-V), a badly
 * boxed operand goes to fn. Result checks (ar = |r|, MIN/MAX the smallest normal /
 * largest finite): add/sub MIN < ar <= MAX or r == 0 (a zero sum of normals is
 * exact); mul MIN < ar <= MAX or an operand is 0; div MIN < ar <= MAX or a == 0.
 */
export interface FastFp {
  readonly op: 'add' | 'sub' | 'mul' | 'div' | 'sqrt';
  readonly size: 4 | 8;
  readonly okSlot: number;
  readonly boxed: boolean;
}

export interface Helper {
  readonly name: string;
  readonly fn: (...args: any[]) => number | void;
  readonly args: readonly Ty[];
  readonly ret?: Ty;
  /** true if the helper reads guest registers from cpu.regs (cached globals are written back first). */
  readonly readsGlobals?: boolean;
  /** true if the helper writes guest registers in cpu.regs (cached globals are reloaded after). */
  readonly writesGlobals?: boolean;
  /** false if the helper has no side effects and its result may be dropped when unused. */
  readonly sideEffects?: boolean;
  /** A floating-point operation whose host-FPU fast path a backend may inline (see FastFp). */
  readonly fastFp?: FastFp;
}

export type BinOpName = 'add' | 'sub' | 'mul' | 'and' | 'or' | 'xor' | 'shl' | 'shr' | 'sar' | 'rotl' | 'rotr'
  | 'mulsh' | 'muluh' | 'mulsuh' | 'div' | 'divu' | 'rem' | 'remu';
export type UnOpName = 'mov' | 'neg' | 'not' | 'ext8s' | 'ext8u' | 'ext16s' | 'ext16u' | 'ext32s' | 'ext32u'
  | 'clz' | 'ctz' | 'popcnt' | 'bswap'
  /** i64 <- i32 sign / zero */ | 'exts' | 'extu'
  /** i32 <- i64 low / high half */ | 'trunc' | 'hi32';

export type Op =
  | { op: 'insn'; pc: number; len: number }
  | { op: BinOpName; dst: Var; a: Val; b: Val }
  | { op: UnOpName; dst: Var; a: Val }
  | { op: 'setcond'; dst: Var; cond: Cond; a: Val; b: Val }
  | { op: 'movcond'; dst: Var; cond: Cond; a: Val; b: Val; t: Val; f: Val }
  /** i64 <- (hi:lo) from two i32 */
  | { op: 'concat'; dst: Var; lo: Val; hi: Val }
  | { op: 'ld'; dst: Var; addr: Val; offset: number; size: 1 | 2 | 4 | 8; signed: boolean }
  | { op: 'st'; src: Val; addr: Val; offset: number; size: 1 | 2 | 4 | 8 }
  | { op: 'call'; helper: Helper; args: Val[]; dst?: Var }
  | { op: 'label'; id: number }
  | { op: 'br'; label: number }
  | { op: 'brcond'; cond: Cond; a: Val; b: Val; label: number }
  /** Exit to a constant guest pc. */
  | { op: 'goto'; pc: number }
  /** Exit to a guest pc held in a value (of the guest word type). */
  | { op: 'goto_ptr'; target: Val }
  /** Exit with a reason for the CPU loop; sets cpu.pc = pc and cpu.exitArg = arg. */
  | { op: 'exit'; reason: Exit; pc: number; arg: number };

export type OpName = Op['op'];

export function constant(ty: Ty, lo: number, hi?: number): Const {
  return { kind: 'const', ty, lo: lo | 0, hi: ty === Ty.I64 ? (hi ?? (lo < 0 ? -1 : Math.floor(lo / 0x1_0000_0000))) | 0 : 0 };
}
export const c32 = (v: number): Const => constant(Ty.I32, v | 0);
/** An i64 constant from a JS number (exact integers in ±2^53, sign-extended) or a bigint. */
export function c64(v: number | bigint): Const {
  if (typeof v === 'bigint') {
    const u = BigInt.asUintN(64, v);
    return constant(Ty.I64, Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0);
  }
  return constant(Ty.I64, v | 0, Math.floor(v / 0x1_0000_0000) | 0);
}

export function isConst(v: Val): v is Const { return v.kind === 'const'; }

/** A declared guest register. Front ends declare their globals once per CPU type. */
export function defineGlobal(id: number, name: string, ty: Ty, slot: number): Global {
  return { kind: 'global', id, name, ty, slot };
}

/** Builds the op list of one translation block. Front ends use these methods. */
export class IRBuilder {
  readonly ops: Op[] = [];
  private nextTemp = 0;
  private nextLabel = 0;

  temp(ty: Ty): Temp { return { kind: 'temp', id: this.nextTemp++, ty }; }
  t32(): Temp { return this.temp(Ty.I32); }
  t64(): Temp { return this.temp(Ty.I64); }
  get tempCount(): number { return this.nextTemp; }
  newLabel(): number { return this.nextLabel++; }

  insn(pc: number, len: number): void { this.ops.push({ op: 'insn', pc, len }); }

  bin(op: BinOpName, dst: Var, a: Val, b: Val): Var { this.ops.push({ op, dst, a, b }); return dst; }
  un(op: UnOpName, dst: Var, a: Val): Var { this.ops.push({ op, dst, a }); return dst; }
  mov(dst: Var, a: Val): Var { return this.un('mov', dst, a); }
  add(dst: Var, a: Val, b: Val): Var { return this.bin('add', dst, a, b); }
  sub(dst: Var, a: Val, b: Val): Var { return this.bin('sub', dst, a, b); }
  and(dst: Var, a: Val, b: Val): Var { return this.bin('and', dst, a, b); }
  or(dst: Var, a: Val, b: Val): Var { return this.bin('or', dst, a, b); }
  xor(dst: Var, a: Val, b: Val): Var { return this.bin('xor', dst, a, b); }
  shl(dst: Var, a: Val, b: Val): Var { return this.bin('shl', dst, a, b); }
  shr(dst: Var, a: Val, b: Val): Var { return this.bin('shr', dst, a, b); }
  sar(dst: Var, a: Val, b: Val): Var { return this.bin('sar', dst, a, b); }
  setcond(dst: Var, cond: Cond, a: Val, b: Val): Var { this.ops.push({ op: 'setcond', dst, cond, a, b }); return dst; }
  movcond(dst: Var, cond: Cond, a: Val, b: Val, t: Val, f: Val): Var { this.ops.push({ op: 'movcond', dst, cond, a, b, t, f }); return dst; }
  concat(dst: Var, lo: Val, hi: Val): Var { this.ops.push({ op: 'concat', dst, lo, hi }); return dst; }
  ld(dst: Var, addr: Val, offset: number, size: 1 | 2 | 4 | 8, signed: boolean): Var {
    this.ops.push({ op: 'ld', dst, addr, offset, size, signed }); return dst;
  }
  st(src: Val, addr: Val, offset: number, size: 1 | 2 | 4 | 8): void { this.ops.push({ op: 'st', src, addr, offset, size }); }
  call(helper: Helper, args: Val[], dst?: Var): void { this.ops.push({ op: 'call', helper, args, dst }); }
  label(id: number): void { this.ops.push({ op: 'label', id }); }
  br(label: number): void { this.ops.push({ op: 'br', label }); }
  brcond(cond: Cond, a: Val, b: Val, label: number): void { this.ops.push({ op: 'brcond', cond, a, b, label }); }
  goto(pc: number): void { this.ops.push({ op: 'goto', pc }); }
  gotoPtr(target: Val): void { this.ops.push({ op: 'goto_ptr', target }); }
  exit(reason: Exit, pc: number, arg = 0): void { this.ops.push({ op: 'exit', reason, pc, arg }); }
}

// ---- Text form, for `-d op` and for tests ----

export function valToString(v: Val): string {
  if (v.kind === 'const') {
    if (v.ty === Ty.I32) return `$0x${(v.lo >>> 0).toString(16)}`;
    const n = (BigInt(v.hi >>> 0) << 32n) | BigInt(v.lo >>> 0);
    return `$0x${n.toString(16)}`;
  }
  if (v.kind === 'global') return v.name;
  return `${v.ty === Ty.I64 ? 'q' : 'w'}${v.id}`;
}

export function opToString(o: Op): string {
  const ty = (v: Val) => (v.ty === Ty.I64 ? 'i64' : 'i32');
  switch (o.op) {
    case 'insn': return ` ---- 0x${o.pc.toString(16)}`;
    case 'label': return `L${o.id}:`;
    case 'br': return ` br L${o.label}`;
    case 'brcond': return ` brcond_${ty(o.a)} ${valToString(o.a)}, ${valToString(o.b)}, ${o.cond}, L${o.label}`;
    case 'goto': return ` goto_tb 0x${o.pc.toString(16)}`;
    case 'goto_ptr': return ` goto_ptr ${valToString(o.target)}`;
    case 'exit': return ` exit reason=${o.reason} pc=0x${o.pc.toString(16)} arg=${o.arg}`;
    case 'ld': return ` ld${o.size * 8}${o.signed ? 's' : 'u'}_${ty(o.dst)} ${valToString(o.dst)}, [${valToString(o.addr)}${o.offset ? (o.offset > 0 ? '+' : '') + o.offset : ''}]`;
    case 'st': return ` st${o.size * 8}_${ty(o.src)} ${valToString(o.src)}, [${valToString(o.addr)}${o.offset ? (o.offset > 0 ? '+' : '') + o.offset : ''}]`;
    case 'call': return ` call ${o.helper.name}${o.dst ? ' ' + valToString(o.dst) + ' =' : ''} (${o.args.map(valToString).join(', ')})`;
    case 'setcond': return ` setcond_${ty(o.a)} ${valToString(o.dst)}, ${valToString(o.a)}, ${valToString(o.b)}, ${o.cond}`;
    case 'movcond': return ` movcond_${ty(o.dst)} ${valToString(o.dst)}, ${valToString(o.a)}, ${valToString(o.b)}, ${o.cond} ? ${valToString(o.t)} : ${valToString(o.f)}`;
    case 'concat': return ` concat ${valToString(o.dst)}, ${valToString(o.lo)}, ${valToString(o.hi)}`;
    default:
      if ('b' in o) return ` ${o.op}_${ty(o.dst)} ${valToString(o.dst)}, ${valToString(o.a)}, ${valToString(o.b)}`;
      return ` ${o.op}_${ty(o.dst)} ${valToString(o.dst)}, ${valToString(o.a)}`;
  }
}

export function irToString(ops: readonly Op[]): string { return ops.map(opToString).join('\n'); }
