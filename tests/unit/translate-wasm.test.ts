// The WebAssembly backend (lower-wasm.ts) must agree with the JS lowering and the
// interpreter: random blocks and random multi-block regions run from the same
// state must leave the same registers, memory, pc and exit — including faults
// (precise pc, earlier register writes visible) and helper calls.
import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { Engine } from '../../src/translate/engine';
import { createRiscvCpu, riscv64Frontend } from '../../src/cpu/riscv64';
import { CpuState } from '../../src/cpu/types';
import { c32, c64, Exit, IRBuilder, Ty, defineGlobal, type BinOpName, type Cond, type Helper, type Op, type UnOpName, type Val, type Var } from '../../src/translate/ir';
import { compileBlock, lowerBlock, lowerRegion, type BlockFn, type BlockIR } from '../../src/translate/lower-js';
import { compileWasm, wasmBlockFn, wasmStats } from '../../src/translate/lower-wasm';
import { interpreterFn } from '../../src/translate/interp';
import { optimize } from '../../src/translate/optimize';
import { RET } from '../../src/translate/runtime';

const DATA = 0x300000;
const mem = new GuestMemory();
mem.pages.map(DATA, 0x1000, PROT_READ | PROT_WRITE);
const NSLOTS = 20;
const G64 = [0, 1, 2, 3, 4, 5].map((i) => defineGlobal(i, `r${i}`, Ty.I64, 2 * i));
const G32 = [0, 1, 2].map((i) => defineGlobal(10 + i, `w${i}`, Ty.I32, 12 + i));
/** Loop counter of random regions (keeps them finite). */
const CNT = defineGlobal(20, 'cnt', Ty.I32, 15);
const BIN: BinOpName[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'rotl', 'rotr', 'mulsh', 'muluh', 'mulsuh', 'div', 'divu', 'rem', 'remu'];
const UN: UnOpName[] = ['mov', 'neg', 'not', 'ext8s', 'ext8u', 'ext16s', 'ext16u', 'ext32s', 'ext32u', 'clz', 'ctz', 'popcnt', 'bswap'];
const CONDS: Cond[] = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'ltu', 'geu', 'leu', 'gtu'];

// Helpers: a pure i64 function, one that reads and writes globals, one that faults on odd input.
const mix: Helper = {
  name: 'mix', args: [Ty.I64, Ty.I32], ret: Ty.I64,
  fn: (_cpu: CpuState, l: number, h: number, w: number) => { RET[0] = (h ^ Math.imul(w, 31)) | 0; return (l + w) | 0; },
};
const poke: Helper = {
  name: 'poke', args: [Ty.I32], readsGlobals: true, writesGlobals: true,
  fn: (cpu: CpuState, w: number) => { cpu.regs[3] = (cpu.regs[3] + w + cpu.regs[12]) | 0; cpu.regs[13] ^= w; },
};
const touchy: Helper = {
  name: 'touchy', args: [Ty.I32], ret: Ty.I32,
  fn: (cpu: CpuState, w: number) => (w & 1 ? cpu.mem.dv.getInt32(-4) : w >> 1),
};

type Rand = (n: number) => number;
function rng(seed: number): Rand {
  let s = seed >>> 0;
  return (n) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
}

/** Random ops for one block (insn markers at pc, pc+4, ...); labels are all placed before returning. */
function body(b: IRBuilder, r: Rand, pc: number, n: number, faults: boolean): void {
  const val = (ty: Ty): Val => {
    if (r(4) === 0) return ty === Ty.I64 ? c64(BigInt.asIntN(64, (BigInt(r(1 << 30)) << 34n) ^ BigInt(r(1 << 30)) - 5n)) : c32(r(1 << 30) - (1 << 29));
    return ty === Ty.I64 ? G64[r(G64.length)] : G32[r(G32.length)];
  };
  const dst = (ty: Ty): Var => (ty === Ty.I64 ? G64[r(G64.length)] : G32[r(G32.length)]);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    b.insn(pc + 4 * i, 4);
    const ty = r(3) === 0 ? Ty.I32 : Ty.I64;
    switch (r(11)) {
      case 0: case 1: case 2: b.bin(BIN[r(BIN.length)], dst(ty), val(ty), val(ty)); break;
      case 3: b.un(UN[r(UN.length)], dst(ty), val(ty)); break;
      case 4: b.setcond(dst(ty), CONDS[r(CONDS.length)], val(ty), val(ty)); break;
      case 5: b.movcond(dst(ty), CONDS[r(CONDS.length)], val(ty), val(ty), val(ty), val(ty)); break;
      case 6: { // memory at DATA + (small offset), or (rarely) through a register or the NULL page
        const size = ([1, 2, 4, 8] as const)[r(4)];
        const k = faults ? r(12) : 1;
        const addr = k === 0 ? G64[5] : k === 1 && faults ? c64(8 * r(64)) : c64(DATA + 8 * r(64));
        const d = r(3) === 0 ? dst(Ty.I32) : dst(Ty.I64);
        if (r(2)) b.ld(d, addr, r(8), size, r(2) === 0); else b.st(val(r(3) ? Ty.I64 : Ty.I32), addr, r(8), size);
        break;
      }
      case 7: { const t = b.t64(); b.un('exts', t, val(Ty.I32)); b.bin('add', dst(Ty.I64), t, val(Ty.I64)); b.un('trunc', dst(Ty.I32), val(Ty.I64)); b.un('hi32', dst(Ty.I32), val(Ty.I64)); break; }
      case 8: {
        if (labels.length && r(2)) { b.label(labels.pop()!); break; }
        const l = b.newLabel(); labels.push(l);
        b.brcond(CONDS[r(CONDS.length)], val(ty), val(ty), l);
        break;
      }
      case 9: { // helpers
        const k = r(faults ? 3 : 2);
        if (k === 0) { const t = b.t64(); b.call(mix, [val(Ty.I64), val(Ty.I32)], t); b.mov(dst(Ty.I64), t); }
        else if (k === 1) b.call(poke, [val(Ty.I32)]);
        else b.call(touchy, [val(Ty.I32)], dst(Ty.I32));
        break;
      }
      case 10: { const t = b.t32(); b.concat(dst(Ty.I64), val(Ty.I32), val(Ty.I32)); b.un('extu', dst(Ty.I64), val(Ty.I32)); b.un('neg', t, val(Ty.I32)); b.bin('xor', dst(Ty.I32), t, val(Ty.I32)); break; }
    }
  }
  while (labels.length) b.label(labels.pop()!);
}

function genBlock(seed: number): Op[] {
  const r = rng(seed);
  const b = new IRBuilder();
  body(b, r, 0x1000, 30, seed % 3 === 0);
  b.gotoPtr(G64[0]);
  return b.ops;
}

const REGION_PCS = [0x2000, 0x2100, 0x2200, 0x2300, 0x2400, 0x2500];

/** A random region: blocks jumping among themselves (goto, goto_ptr), out of the region, or exiting. */
function genRegion(seed: number): BlockIR[] {
  const r = rng(seed * 7919);
  const n = 1 + r(REGION_PCS.length);
  const pcs = REGION_PCS.slice(0, n);
  return pcs.map((pc) => {
    const b = new IRBuilder();
    body(b, r, pc, 4 + r(12), seed % 3 === 0);
    const end = pc + 0x80;
    b.insn(end, 4);
    b.bin('sub', CNT, CNT, c32(1));
    const done = b.newLabel();
    b.brcond('eq', CNT, c32(0), done);
    switch (r(5)) {
      case 0: case 1: b.goto(pcs[r(n)]); break;
      case 2: { // goto_ptr to a member picked by register bits (or to a non-member)
        const t = b.t64();
        b.bin('and', t, G64[1], c64(7));
        b.bin('shl', t, t, c64(8));
        b.bin('add', t, t, c64(0x2000));
        b.gotoPtr(t);
        break;
      }
      case 3: b.goto(0x9000 + 4 * r(4)); break;
      case 4: b.exit(Exit.Syscall, end + 4); break;
    }
    b.label(done);
    b.exit(Exit.Signal, end, 5);
    const ops = r(2) ? optimize(b.ops) : b.ops;
    return { pc, ops };
  });
}

function state(seed: number): { regs: Int32Array; data: Uint8Array } {
  const regs = new Int32Array(NSLOTS);
  let s = seed;
  for (let i = 0; i < regs.length; i++) { s = (Math.imul(s, 48271) + 11) | 0; regs[i] = i % 3 === 0 ? s >> 20 : s; }
  regs[1] = 0; // r0 is the goto_ptr target: keep it below 4 GiB
  regs[10] = DATA + (seed % 5 === 0 ? -DATA + 8 : (seed & 0xff)); regs[11] = 0; // r5: an address
  regs[15] = 1 + (seed % 40); // cnt
  const data = new Uint8Array(0x300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + seed) & 255;
  return { regs, data };
}

const wasmRegs = mem.allocRegs(NSLOTS);

/** Runs fn from the seed's state; `inWasm` puts the registers in the state area. */
function runWith(fn: (cpu: CpuState) => number, seed: number, entry = 0, inWasm = false) {
  const st = state(seed);
  mem.poke(DATA, st.data);
  let regs = st.regs;
  if (inWasm) { wasmRegs.set(st.regs); regs = wasmRegs; }
  const cpu = new CpuState(mem, regs);
  cpu.pc = entry;
  const exit = fn(cpu);
  return { exit, pc: cpu.pc, arg: exit === Exit.Jump ? 0 : cpu.exitArg, regs: Array.from(cpu.regs), data: Array.from(mem.read(DATA, 0x300)) };
}

const target = { wordTy: Ty.I64, littleEndian: true };
const noFallback = (): BlockFn => { throw new Error('wasm region fell back to JS'); };

test('wasm, JS lowering and interpreter agree on 400 random blocks', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const ops = seed % 2 ? genBlock(seed) : optimize(genBlock(seed));
    const js = compileBlock(lowerBlock(ops, target, `d${seed}`), mem.dv);
    const it = interpreterFn(ops, Ty.I64, true);
    const wa = wasmBlockFn(compileWasm([{ pc: -1, ops }], target, mem), mem, noFallback);
    const a = runWith(js, seed), b = runWith(it, seed), c = runWith(wa, seed, 0, true);
    if (JSON.stringify(a) !== JSON.stringify(b)) expect({ seed, ...b }).toEqual({ seed, ...a });
    if (JSON.stringify(a) !== JSON.stringify(c)) expect({ seed, ops: ops.length, ...c }).toEqual({ seed, ops: ops.length, ...a });
  }
});

test('wasm and JS regions agree with block-by-block interpretation on 300 random regions', () => {
  const exits = new Set<number>();
  for (let seed = 1; seed <= 300; seed++) {
    const blocks = genRegion(seed);
    const entry = blocks[seed % blocks.length].pc;
    const js = compileBlock(lowerRegion(blocks, target, `r${seed}`), mem.dv);
    const wa = wasmBlockFn(compileWasm(blocks, target, mem), mem, noFallback);
    const interp = new Map(blocks.map((bl) => [bl.pc, interpreterFn(bl.ops, Ty.I64, true)] as const));
    // Reference: run member blocks one at a time while they jump to members.
    const ref = (cpu: CpuState) => {
      for (;;) {
        const r = interp.get(cpu.pc)!(cpu);
        if (r !== Exit.Jump || !interp.has(cpu.pc)) return r;
      }
    };
    const a = runWith(ref, seed, entry), b = runWith(js, seed, entry), c = runWith(wa, seed, entry, true);
    exits.add(a.exit);
    if (JSON.stringify(a) !== JSON.stringify(b)) expect({ seed, backend: 'js', ...b }).toEqual({ seed, backend: 'js', ...a });
    if (JSON.stringify(a) !== JSON.stringify(c)) expect({ seed, backend: 'wasm', ...c }).toEqual({ seed, backend: 'wasm', ...a });
  }
  expect([...exits].sort()).toEqual([Exit.Jump, Exit.Syscall, Exit.Signal, Exit.Fault]);
});

test('a faulting load in the middle of a block exits at its pc with earlier writes visible', () => {
  const b = new IRBuilder();
  b.insn(0x1000, 4); b.mov(G64[1], c64(0x1234_5678_9abcn));
  b.insn(0x1004, 4); b.bin('add', G64[2], G64[2], c64(1));
  b.insn(0x1008, 4); b.ld(G64[3], G64[4], 16, 8, false); // r4 = 0x20: the NULL page
  b.insn(0x100c, 4); b.mov(G64[1], c64(0));
  b.goto(0x1010);
  for (const ops of [b.ops, optimize(b.ops)]) {
    const wa = wasmBlockFn(compileWasm([{ pc: -1, ops }], target, mem), mem, noFallback);
    wasmRegs.fill(0);
    wasmRegs[8] = 0x20; wasmRegs[4] = 41; wasmRegs[5] = -1; wasmRegs[6] = 0x77;
    const cpu = new CpuState(mem, wasmRegs);
    expect(wa(cpu)).toBe(Exit.Fault);
    expect(cpu.pc).toBe(0x1008);
    expect(cpu.exitArg).toBe(11);
    expect([wasmRegs[2], wasmRegs[3]]).toEqual([0x56789abc, 0x1234]);
    expect([wasmRegs[4], wasmRegs[5]]).toEqual([42, -1]);
    expect([wasmRegs[6], wasmRegs[7]]).toEqual([0x77, 0]); // r3 untouched
  }
});

test('accesses just below the state area work, the state area and beyond 4 GiB fault', () => {
  const top = 0x1_0000_0000; // first guest address of the state area
  const mk = (addr: bigint, size: 1 | 2 | 4 | 8) => {
    const b = new IRBuilder();
    b.insn(0x1000, 4); b.st(c64(0x11223344), G64[4], 0, size);
    b.insn(0x1004, 4); b.ld(G64[1], G64[4], 0, size, false);
    b.goto(0x1008);
    const wa = wasmBlockFn(compileWasm([{ pc: -1, ops: b.ops }], target, mem), mem, noFallback);
    wasmRegs.fill(0);
    wasmRegs[8] = Number(addr & 0xffffffffn) | 0; wasmRegs[9] = Number(addr >> 32n) | 0;
    const cpu = new CpuState(mem, wasmRegs);
    return { exit: wa(cpu), pc: cpu.pc };
  };
  for (const size of [1, 2, 4, 8] as const) {
    expect(mk(BigInt(top - size), size)).toEqual({ exit: Exit.Jump, pc: 0x1008 });
    expect(mk(BigInt(top - size + 1), size)).toEqual({ exit: Exit.Fault, pc: 0x1000 });
    expect(mk(BigInt(top + 0x100), size)).toEqual({ exit: Exit.Fault, pc: 0x1000 });
    expect(mk(0xffff_ffff_0001_0000n, size)).toEqual({ exit: Exit.Fault, pc: 0x1000 });
    expect(mk(0xfffen, size)).toEqual({ exit: Exit.Fault, pc: 0x1000 });
  }
});

test('a CPU with registers outside the state area runs the JS fallback', () => {
  const b = new IRBuilder();
  b.insn(0x1000, 4); b.bin('add', G64[1], G64[1], c64(5));
  b.goto(0x1004);
  let used = 0;
  const fallback = () => { used++; return compileBlock(lowerBlock(b.ops, target, 'fb'), mem.dv); };
  const wa = wasmBlockFn(compileWasm([{ pc: -1, ops: b.ops }], target, mem), mem, fallback);
  const cpu = new CpuState(mem, new Int32Array(NSLOTS));
  expect(wa(cpu)).toBe(Exit.Jump);
  expect(wa(cpu)).toBe(Exit.Jump);
  expect(cpu.regs[2]).toBe(10);
  expect(used).toBe(1);
});

describe('engine with the wasm backend', () => {
  // sum = 0; for (i = n; i != 0; i--) sum += i; ecall — as in translate-region.test.ts
  const CODE = 0x400000;
  const words = (n: number, step = 1) => [0x00000513, 0x00000593 | ((n & 0xfff) << 20), 0x00b50533, 0x00058593 | ((-step & 0xfff) << 20), 0xfe059ce3, 0x00000073];
  const setup = (n: number, step = 1) => {
    const m = new GuestMemory();
    m.pages.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
    m.poke(CODE, new Uint8Array(new Int32Array(words(n, step)).buffer));
    return m;
  };
  const engineFor = (m: GuestMemory, wasm: boolean) => { const e = new Engine(riscv64Frontend, m); e.wasm = wasm; return e; };

  test('a hot loop gives the same result as with the JS backend, in a wasm region', () => {
    const before = wasmStats.regions;
    const m = setup(1000);
    const cpu = createRiscvCpu(m);
    cpu.pc = CODE;
    expect(engineFor(m, true).run(cpu)).toBe(Exit.Syscall);
    expect(cpu.regs[20]).toBe(500500);
    expect(cpu.pc).toBe(CODE + 0x18);
    expect(wasmStats.regions).toBeGreaterThan(before);
  });

  test('unmapping code invalidates wasm regions; a flush after patching code runs the new code', () => {
    const m = setup(1000);
    const engine = engineFor(m, true);
    const cpu = createRiscvCpu(m);
    cpu.pc = CODE;
    engine.run(cpu);
    // Patch the decrement to -2 (n even: still terminates) and flush, as fence.i would.
    m.poke(CODE, new Uint8Array(new Int32Array(words(1000, 2)).buffer));
    engine.flushAll();
    cpu.pc = CODE;
    expect(engine.run(cpu)).toBe(Exit.Syscall);
    expect(cpu.regs[20]).toBe(250500);
    m.pages.unmap(CODE, 0x1000);
    cpu.pc = CODE;
    expect(engine.run(cpu)).toBe(Exit.Fault);
  });
});
