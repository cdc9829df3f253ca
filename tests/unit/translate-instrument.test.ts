// The instrumentation pass (src/translate/instrument.ts) run through the
// interpreter, the JS lowering and the wasm lowering: the same hook calls in the
// same order with the same arguments, a load that overwrites its own address
// register still reports the address it used, and a watch check stops the
// block before the access with SIGTRAP at the accessing instruction.

import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { CpuState } from '../../src/cpu/types';
import { defineGlobal, Exit, IRBuilder, Ty, type Helper, type Op } from '../../src/translate/ir';
import { compileBlock, lowerBlock, type BlockFn } from '../../src/translate/lower-js';
import { interpreterFn } from '../../src/translate/interp';
import { compileWasm, wasmBlockFn } from '../../src/translate/lower-wasm';
import { optimize } from '../../src/translate/optimize';
import { instrumentOps, memHookArgs, MEM_STORE, type BlockHooks } from '../../src/translate/instrument';

const DATA = 0x300000;
const mem = new GuestMemory();
mem.pages.map(DATA, 0x1000, PROT_READ | PROT_WRITE);
const R = [0, 1, 2].map((i) => defineGlobal(i, `r${i}`, Ty.I64, 2 * i));
const target = { wordTy: Ty.I64, littleEndian: true };
const wasmRegs = mem.allocRegs(8);

let calls: string[] = [];
const exec: Helper = { name: 'exec', args: [Ty.I32], fn: (_c: CpuState, id: number) => { calls.push(`exec ${id}`); } };
const memHook: Helper = {
  name: 'mem', args: memHookArgs(Ty.I64),
  fn: (_c: CpuState, id: number, lo: number, hi: number, off: number, info: number) => {
    calls.push(`mem ${id} ${(hi * 2 ** 32 + (lo >>> 0) + off).toString(16)} ${info & 0xff}${info & MEM_STORE ? 'w' : 'r'}`);
  },
};

/** r1 = [r0] (the load overwrites r0 first: dst == addr), [r1 + 8] = r0, goto 0x2000. */
function block(): IRBuilder {
  const b = new IRBuilder();
  b.insn(0x1000, 4);
  b.ld(R[0], R[0], 0, 8, false);
  b.insn(0x1004, 4);
  b.st(R[0], R[1], 8, 4);
  b.goto(0x2000);
  return b;
}

function runAll(ops: Op[]) {
  const backends: Array<[string, BlockFn, boolean]> = [
    ['interp', interpreterFn(ops, Ty.I64, true), false],
    ['js', compileBlock(lowerBlock(ops, target, 't'), mem.dv), false],
    ['wasm', wasmBlockFn(compileWasm([{ pc: -1, ops }], target, mem), mem, () => { throw new Error('fallback'); }), true],
  ];
  return backends.map(([name, fn, inWasm]) => {
    calls = [];
    mem.poke(DATA, new Uint8Array(0x120));
    mem.setU32(DATA, DATA + 0x10, true); // [DATA] = DATA + 0x10 (an address)
    const regs = inWasm ? wasmRegs : new Int32Array(8);
    regs.fill(0);
    regs[0] = DATA; regs[2] = DATA + 0x100;
    const cpu = new CpuState(mem, regs);
    const exit = fn(cpu);
    return { name, exit, pc: cpu.pc, arg: cpu.exitArg, calls, r0: regs[0] };
  });
}

test('hooks: the same calls with the same addresses in the interpreter, JS and wasm', () => {
  const b = block();
  const hooks: BlockHooks = {
    entry: [{ helper: exec, id: 7 }],
    insn: [[{ helper: exec, id: 1 }], [{ helper: exec, id: 2 }]],
    mem: [[{ helper: memHook, id: 3 }], [{ helper: memHook, id: 4 }]],
  };
  const ops = optimize(instrumentOps(b, b.ops, hooks));
  const expected = ['exec 7', 'exec 1', `mem 3 ${DATA.toString(16)} 8r`, 'exec 2', `mem 4 ${(DATA + 0x108).toString(16)} 4w`];
  for (const r of runAll(ops)) {
    expect({ name: r.name, calls: r.calls, exit: r.exit, pc: r.pc, r0: r.r0 }).toEqual({ name: r.name, calls: expected, exit: Exit.Jump, pc: 0x2000, r0: DATA + 0x10 });
  }
});

test('no hooks, no watch: the ops are untouched', () => {
  const b = block();
  expect(instrumentOps(b, b.ops, {})).toEqual(b.ops);
});

test('watch: the check runs before each access; nonzero exits with SIGTRAP at that instruction, before it runs', () => {
  const seen: string[] = [];
  let stopOn = 'w';
  const watch: Helper = {
    name: 'watch', args: [Ty.I64, Ty.I32, Ty.I32], ret: Ty.I32,
    fn: (_c: CpuState, lo: number, _hi: number, off: number, info: number) => {
      const kind = info & MEM_STORE ? 'w' : 'r';
      seen.push(`${((lo >>> 0) + off).toString(16)} ${kind}`);
      return kind === stopOn ? 1 : 0;
    },
  };
  const b = block();
  const ops = optimize(instrumentOps(b, b.ops, undefined, watch));
  for (const r of runAll(ops)) {
    seen.length = 0;
    expect(r).toMatchObject({ exit: Exit.Signal, pc: 0x1004, arg: 5, r0: DATA + 0x10 }); // the load ran, the store did not
    expect([...mem.read(DATA + 0x108, 4)]).toEqual([0, 0, 0, 0]);
  }
  stopOn = 'none';
  for (const r of runAll(ops)) expect(r).toMatchObject({ exit: Exit.Jump, pc: 0x2000 });
});
