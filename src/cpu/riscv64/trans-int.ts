// Handlers for RV64I, M, A, Zicsr and Zifencei: one small function per
// instruction, named like the pattern it translates.

import { c32, c64, Exit, type BinOpName, type Val } from '../../translate/ir';
import type { Args } from './decode';
import {
  Ctx, genAlignCheck, genArith, genArithImm, genArithW, genBranch, genLoad, genSetcond, genStore, SIGTRAP, ZERO,
  type Handler,
} from './gen';
import { RES_VAL, RESERVATION } from './regs';
import { csrExists, csrReadOnly, csrWritesFrm, H_CSR_READ, H_CSR_WRITE } from './csr';

const NO_RESERVATION = c64(-1);

// ---- RV64I ----

function trans_lui(c: Ctx, a: Args): void { if (a.rd) c.b.mov(c.xd(a.rd), c64(a.imm)); }
function trans_auipc(c: Ctx, a: Args): void { if (a.rd) c.b.mov(c.xd(a.rd), c64(c.pc + a.imm)); }

function trans_jal(c: Ctx, a: Args): void {
  if (a.rd) c.b.mov(c.xd(a.rd), c64(c.next));
  c.b.goto(c.pc + a.imm);
  c.end = true;
}

function trans_jalr(c: Ctx, a: Args): void {
  const b = c.b;
  // Target first: rd may be rs1.
  const t = b.add(c.t64(), c.x(a.rs1), c64(a.imm));
  b.and(t, t, c64(-2));
  if (a.rd) b.mov(c.xd(a.rd), c64(c.next));
  b.gotoPtr(t);
  c.end = true;
}

function trans_addi(c: Ctx, a: Args): void {
  if (!a.rd) return;
  if (a.rs1 === 0) c.b.mov(c.xd(a.rd), c64(a.imm)); // li
  else if (a.imm === 0) c.b.mov(c.xd(a.rd), c.x(a.rs1)); // mv
  else genArithImm(c, 'add', a);
}

function trans_add(c: Ctx, a: Args): void {
  if (a.rd && a.rs1 === 0) c.b.mov(c.xd(a.rd), c.x(a.rs2)); // c.mv
  else genArith(c, 'add', a);
}

const arith = (op: BinOpName): Handler => (c, a) => genArith(c, op, a);
const arithImm = (op: BinOpName): Handler => (c, a) => genArithImm(c, op, a);
const arithW = (op: BinOpName): Handler => (c, a) => genArithW(c, op, a);
const arithImmW = (op: BinOpName): Handler => (c, a) => genArithW(c, op, a, a.imm);
const load = (size: 1 | 2 | 4 | 8, signed: boolean): Handler => (c, a) => genLoad(c, a, size, signed);
const store = (size: 1 | 2 | 4 | 8): Handler => (c, a) => genStore(c, a, size);
const branch = (cond: Parameters<typeof genBranch>[1]): Handler => (c, a) => genBranch(c, cond, a);

function trans_fence(): void { /* single-threaded: nothing to order */ }
function trans_fence_i(c: Ctx): void { c.b.exit(Exit.FlushCode, c.next); c.end = true; }
function trans_ecall(c: Ctx): void {
  // Linux drops any load reservation on the way back from the kernel.
  c.b.mov(RESERVATION, NO_RESERVATION);
  c.b.exit(Exit.Syscall, c.next);
  c.end = true;
}
function trans_ebreak(c: Ctx): void { c.exitSignal(SIGTRAP); }

// ---- Zicsr ----

type CsrOp = 'w' | 's' | 'c';

/** csrr{w,s,c}[i]: the value written comes from rs1 or the 5-bit immediate. */
function genCsr(c: Ctx, a: Args, op: CsrOp, imm: boolean): boolean {
  const src: Val = imm ? c64(a.imm) : c.x(a.rs1);
  const srcIsZero = imm ? a.imm === 0 : a.rs1 === 0;
  const writes = op === 'w' || !srcIsZero;
  const reads = op !== 'w' || a.rd !== 0;
  if (!csrExists(a.csr) || (writes && csrReadOnly(a.csr))) return false;
  const b = c.b;
  const csr = c32(a.csr);
  let old: Val = ZERO;
  if (reads) { const t = c.t64(); b.call(H_CSR_READ, [csr], t); old = t; }
  if (writes) {
    let v: Val = src;
    if (op === 's') v = b.or(c.t64(), old, src);
    else if (op === 'c') v = b.and(c.t64(), old, b.un('not', c.t64(), src));
    b.call(H_CSR_WRITE, [csr, v]);
    if (csrWritesFrm(a.csr)) c.blk.frmChecked = false;
  }
  if (a.rd) b.mov(c.xd(a.rd), old);
  return true;
}

// ---- A ----

type AmoOp = 'swap' | 'add' | 'xor' | 'and' | 'or' | 'min' | 'max' | 'minu' | 'maxu';

function genLr(c: Ctx, a: Args, size: 4 | 8): void {
  const b = c.b;
  const addr = c.x(a.rs1); // still valid at its last use: rd is written last
  genAlignCheck(c, addr, size);
  const v = b.ld(c.t64(), addr, 0, size, true);
  b.mov(RESERVATION, addr);
  b.mov(RES_VAL, v);
  if (a.rd) b.mov(c.xd(a.rd), v);
}

function genSc(c: Ctx, a: Args, size: 4 | 8): void {
  const b = c.b;
  const addr = c.x(a.rs1); // still valid at its last use: rd is written last
  genAlignCheck(c, addr, size);
  // fail = 0 on success. As in QEMU, SC is a compare-and-swap against the value LR loaded:
  // the store happens only when the reservation address matches and memory still holds
  // that value at the SC's size (so a store to the reserved word makes the SC fail); the
  // result compares the (sign-extended) old value with the whole LR value, so after an
  // lr.d an sc.w may store and still report failure — QEMU's behaviour for this mix.
  const fail = b.setcond(c.t64(), 'ne', RESERVATION, addr);
  const skip = b.newLabel();
  b.brcond('ne', fail, ZERO, skip);
  const cur = b.ld(c.t64(), addr, 0, size, true);
  b.setcond(fail, 'ne', cur, RES_VAL);
  const expect = size === 4 ? b.un('ext32s', c.t64(), RES_VAL) : RES_VAL;
  const differ = b.setcond(c.t64(), 'ne', cur, expect);
  b.brcond('ne', differ, ZERO, skip);
  b.st(c.x(a.rs2), addr, 0, size);
  b.label(skip);
  b.mov(RESERVATION, NO_RESERVATION);
  if (a.rd) b.mov(c.xd(a.rd), fail);
}

function genAmo(c: Ctx, a: Args, op: AmoOp, size: 4 | 8): void {
  const b = c.b;
  const addr = c.x(a.rs1); // still valid at its last use: rd is written last
  genAlignCheck(c, addr, size);
  const old = b.ld(c.t64(), addr, 0, size, true);
  let src = c.x(a.rs2);
  let v: Val;
  switch (op) {
    case 'swap': v = src; break;
    case 'add': case 'xor': case 'and': case 'or': v = b.bin(op, c.t64(), old, src); break;
    default: {
      // min/max compare the operand width: sign- or zero-extend both sides of a .w op.
      const unsigned = op === 'minu' || op === 'maxu';
      let x: Val = old;
      if (size === 4) {
        src = b.un(unsigned ? 'ext32u' : 'ext32s', c.t64(), src);
        if (unsigned) x = b.un('ext32u', c.t64(), old);
      }
      const cond = unsigned ? 'ltu' : 'lt';
      const min = op === 'min' || op === 'minu';
      v = b.movcond(c.t64(), cond, x, src, min ? x : src, min ? src : x);
    }
  }
  b.st(v, addr, 0, size);
  if (a.rd) b.mov(c.xd(a.rd), old);
}

// ---- the handler table ----

export const INT_HANDLERS: Record<string, Handler> = {
  lui: trans_lui, auipc: trans_auipc, jal: trans_jal, jalr: trans_jalr,
  beq: branch('eq'), bne: branch('ne'), blt: branch('lt'), bge: branch('ge'), bltu: branch('ltu'), bgeu: branch('geu'),
  lb: load(1, true), lh: load(2, true), lw: load(4, true), ld: load(8, true),
  lbu: load(1, false), lhu: load(2, false), lwu: load(4, false),
  sb: store(1), sh: store(2), sw: store(4), sd: store(8),
  addi: trans_addi,
  slti: (c, a) => genSetcond(c, 'lt', a, a.imm), sltiu: (c, a) => genSetcond(c, 'ltu', a, a.imm),
  xori: arithImm('xor'), ori: arithImm('or'), andi: arithImm('and'),
  slli: arithImm('shl'), srli: arithImm('shr'), srai: arithImm('sar'),
  add: trans_add, sub: arith('sub'), sll: arith('shl'), srl: arith('shr'), sra: arith('sar'),
  slt: (c, a) => genSetcond(c, 'lt', a), sltu: (c, a) => genSetcond(c, 'ltu', a),
  xor: arith('xor'), or: arith('or'), and: arith('and'),
  addiw: arithImmW('add'), slliw: arithImmW('shl'), srliw: arithImmW('shr'), sraiw: arithImmW('sar'),
  addw: arithW('add'), subw: arithW('sub'), sllw: arithW('shl'), srlw: arithW('shr'), sraw: arithW('sar'),
  fence: trans_fence, 'fence.i': trans_fence_i, ecall: trans_ecall, ebreak: trans_ebreak,

  csrrw: (c, a) => genCsr(c, a, 'w', false), csrrs: (c, a) => genCsr(c, a, 's', false),
  csrrc: (c, a) => genCsr(c, a, 'c', false), csrrwi: (c, a) => genCsr(c, a, 'w', true),
  csrrsi: (c, a) => genCsr(c, a, 's', true), csrrci: (c, a) => genCsr(c, a, 'c', true),

  // IR div/rem already give the RISC-V results for x/0 and MIN/-1 (see runtime.ts div64).
  mul: arith('mul'), mulh: arith('mulsh'), mulhsu: arith('mulsuh'), mulhu: arith('muluh'),
  div: arith('div'), divu: arith('divu'), rem: arith('rem'), remu: arith('remu'),
  mulw: arithW('mul'), divw: arithW('div'), divuw: arithW('divu'), remw: arithW('rem'), remuw: arithW('remu'),

  'lr.w': (c, a) => genLr(c, a, 4), 'lr.d': (c, a) => genLr(c, a, 8),
  'sc.w': (c, a) => genSc(c, a, 4), 'sc.d': (c, a) => genSc(c, a, 8),
};
for (const op of ['swap', 'add', 'xor', 'and', 'or', 'min', 'max', 'minu', 'maxu'] as const) {
  INT_HANDLERS[`amo${op}.w`] = (c, a) => genAmo(c, a, op, 4);
  INT_HANDLERS[`amo${op}.d`] = (c, a) => genAmo(c, a, op, 8);
}
