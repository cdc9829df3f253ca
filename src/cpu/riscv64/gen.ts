// Per-instruction translation context and the IR generators shared by the
// handlers (gen_arith, gen_load, gen_branch, ...).

import { c32, c64, Exit, type BinOpName, type Cond, type Global, type IRBuilder, type Val, type Var } from '../../translate/ir';
import type { Args } from './decode';
import { FREGS, XREGS } from './regs';

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;

const ZERO = c64(0);

/** Facts about the block being translated that outlive one instruction. */
interface BlockState {
  /** A check that frm holds a valid rounding mode has been emitted since the last write to frm. */
  frmChecked: boolean;
}
const blockStates = new WeakMap<IRBuilder, BlockState>();

export class Ctx {
  end = false;
  readonly blk: BlockState;

  constructor(readonly b: IRBuilder, readonly pc: number, readonly len: number) {
    let s = blockStates.get(b);
    if (!s) { s = { frmChecked: false }; blockStates.set(b, s); }
    this.blk = s;
  }

  /** pc of the next instruction. */
  get next(): number { return this.pc + this.len; }

  /** Source x register (x0 reads as constant 0). */
  x(r: number): Val { return r === 0 ? ZERO : XREGS[r]; }
  /** Destination x register; writes to x0 go to a dead temp. */
  xd(r: number): Var { return r === 0 ? this.b.t64() : XREGS[r]; }
  f(r: number): Global { return FREGS[r]; }

  t64(): Var { return this.b.t64(); }
  t32(): Var { return this.b.t32(); }

  exitSignal(sig: number): void { this.b.exit(Exit.Signal, this.pc, sig); this.end = true; }
  illegal(): void { this.exitSignal(SIGILL); }
}

export type Handler = (c: Ctx, a: Args) => boolean | void;

// ---- integer generators ----

export function genArith(c: Ctx, op: BinOpName, a: Args): void {
  if (a.rd === 0) return; // no side effects
  c.b.bin(op, c.xd(a.rd), c.x(a.rs1), c.x(a.rs2));
}

export function genArithImm(c: Ctx, op: BinOpName, a: Args): void {
  if (a.rd === 0) return;
  c.b.bin(op, c.xd(a.rd), c.x(a.rs1), c64(a.imm));
}

/** *W ops: 32-bit operation on the low halves, result sign-extended. `imm` replaces rs2 when given. */
export function genArithW(c: Ctx, op: BinOpName, a: Args, imm?: number): void {
  if (a.rd === 0) return;
  const b = c.b;
  const x = b.un('trunc', c.t32(), c.x(a.rs1));
  const y = imm === undefined ? b.un('trunc', c.t32(), c.x(a.rs2)) : c32(imm);
  const r = b.bin(op, c.t32(), x, y);
  b.un('exts', c.xd(a.rd), r);
}

export function genSetcond(c: Ctx, cond: Cond, a: Args, imm?: number): void {
  if (a.rd === 0) return;
  c.b.setcond(c.xd(a.rd), cond, c.x(a.rs1), imm === undefined ? c.x(a.rs2) : c64(imm));
}

export function genLoad(c: Ctx, a: Args, size: 1 | 2 | 4 | 8, signed: boolean): void {
  // A load to x0 still happens: it can fault.
  c.b.ld(c.xd(a.rd), c.x(a.rs1), a.imm, size, signed);
}

export function genStore(c: Ctx, a: Args, size: 1 | 2 | 4 | 8): void {
  c.b.st(c.x(a.rs2), c.x(a.rs1), a.imm, size);
}

export function genBranch(c: Ctx, cond: Cond, a: Args): void {
  const b = c.b;
  const taken = b.newLabel();
  b.brcond(cond, c.x(a.rs1), c.x(a.rs2), taken);
  b.goto(c.next);
  b.label(taken);
  b.goto(c.pc + a.imm);
  c.end = true;
}

/** Raises SIGBUS unless addr is aligned to `size` (AMOs and LR/SC must be naturally aligned). */
export function genAlignCheck(c: Ctx, addr: Val, size: number): void {
  const b = c.b;
  const ok = b.newLabel();
  const t = b.and(c.t64(), addr, c64(size - 1));
  b.brcond('eq', t, ZERO, ok);
  b.exit(Exit.Signal, c.pc, SIGBUS);
  b.label(ok);
}

export { ZERO };
