// Block-level lowering: memory access, forward branches, helpers, precise faults.
import { GuestMemory, GUEST_BASE } from '../../src/memory/guest-memory';
import { CpuState } from '../../src/cpu/types';
import { c64, Exit, IRBuilder, Ty, defineGlobal, type Helper } from '../../src/translate/ir';
import { compileBlock, lowerBlock } from '../../src/translate/lower-js';
import { RET } from '../../src/translate/runtime';

const mem = new GuestMemory();
const X = [0, 1, 2, 3].map((i) => defineGlobal(i, `x${i}`, Ty.I64, 2 * i));
const target = { wordTy: Ty.I64, littleEndian: true };
const compile = (ir: IRBuilder) => compileBlock(lowerBlock(ir.ops, target, 't'), mem.dv);
const mk = () => new CpuState(mem, new Int32Array(8));

test('loads and stores of every size and sign', () => {
  const base = 0x200000;
  const ir = new IRBuilder();
  ir.insn(0x1000, 4);
  ir.st(X[1], X[0], 0, 8);
  ir.insn(0x1004, 4);
  ir.ld(X[2], X[0], 0, 1, true);
  ir.insn(0x1008, 4);
  ir.ld(X[3], X[0], 6, 2, false);
  ir.goto(0x100c);
  const cpu = mk();
  cpu.regs[0] = base;
  cpu.regs[2] = 0x89abcdef | 0; cpu.regs[3] = 0xfedcba98 | 0;
  expect(compile(ir)(cpu)).toBe(Exit.Jump);
  expect(mem.dv.getBigUint64(base - GUEST_BASE, true)).toBe(0xfedcba9889abcdefn);
  expect([cpu.regs[4], cpu.regs[5]]).toEqual([0xffffffef | 0, -1]);
  expect([cpu.regs[6], cpu.regs[7]]).toEqual([0xfedc, 0]);
  expect(cpu.pc).toBe(0x100c);
});

test('forward branches select the exit', () => {
  const ir = new IRBuilder();
  ir.insn(0x1000, 4);
  const l = ir.newLabel();
  ir.brcond('lt', X[0], c64(0), l);
  ir.mov(X[1], c64(1));
  ir.goto(0x2000);
  ir.label(l);
  ir.mov(X[1], c64(2));
  ir.goto(0x3000);
  const fn = compile(ir);
  const cpu = mk();
  cpu.regs[1] = -1;
  fn(cpu); expect([cpu.pc, cpu.regs[2]]).toEqual([0x3000, 2]);
  cpu.regs[1] = 0;
  fn(cpu); expect([cpu.pc, cpu.regs[2]]).toEqual([0x2000, 1]);
});

test('a faulting access reports the pc of its instruction and keeps earlier register writes', () => {
  const ir = new IRBuilder();
  ir.insn(0x1000, 4);
  ir.add(X[1], X[1], c64(5));
  ir.insn(0x1004, 4);
  ir.ld(X[2], X[0], 0, 4, false); // x0 = 0: NULL page
  ir.insn(0x1008, 4);
  ir.goto(0x100c);
  const cpu = mk();
  expect(compile(ir)(cpu)).toBe(Exit.Fault);
  expect(cpu.pc).toBe(0x1004);
  expect(cpu.regs[2]).toBe(5);
  // 64-bit address with high bits set faults as well
  cpu.regs[1] = 1; cpu.regs[0] = 0x20000;
  expect(compile(ir)(cpu)).toBe(Exit.Fault);
});

test('helpers get (cpu, lo, hi) and return i64 via RET', () => {
  const h: Helper = { name: 'swap', args: [Ty.I64], ret: Ty.I64, fn: (_c: unknown, lo: number, hi: number) => { RET[0] = lo; return hi; } };
  const ir = new IRBuilder();
  ir.insn(0x1000, 4);
  ir.call(h, [X[0]], X[1]);
  ir.goto(0x1004);
  const cpu = mk();
  cpu.regs[0] = 1; cpu.regs[1] = 2;
  compile(ir)(cpu);
  expect([cpu.regs[2], cpu.regs[3]]).toEqual([2, 1]);
});
