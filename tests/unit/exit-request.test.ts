// The exit request word (CpuState.exitReq): another thread sets it while the
// guest spins in a compiled loop that makes no system call, and the engine
// returns Exit.Interrupt at an instruction boundary — for both backends.
import { Worker } from 'worker_threads';
import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ } from '../../src/memory/page-map';
import { Engine } from '../../src/translate/engine';
import { Exit } from '../../src/translate/ir';
import { createRiscvCpu, riscv64Frontend } from '../../src/cpu/riscv64';

const CODE = 0x400000;
// loop: addi a0, a0, 1; j loop
const LOOP = [0x00150513, 0xffdff06f];

let mem: GuestMemory;
beforeAll(() => {
  mem = new GuestMemory();
  mem.pages.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
  mem.poke(CODE, new Uint8Array(new Int32Array(LOOP).buffer));
});

/** Sets the word from a worker after `ms` (the Memory object, not a buffer view, goes to the worker). */
function setLater(word: Int32Array, ms: number): Worker {
  const w = new Worker(`
    const { workerData: d } = require('worker_threads');
    const word = new Int32Array(d.memory.buffer, d.offset, 1);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, d.ms);
    Atomics.store(word, 0, 1);`, { eval: true, workerData: { memory: mem.wasm, offset: word.byteOffset, ms } });
  w.unref();
  return w;
}

test.each([['wasm', true], ['js', false]])('%s: a compiled endless loop returns Exit.Interrupt when asked', async (_n, wasm) => {
  const engine = new Engine(riscv64Frontend, mem);
  engine.wasm = wasm as boolean;
  const cpu = createRiscvCpu(mem);
  expect(cpu.exitReq.buffer).toBe(mem.buffer); // in the register-file header, reachable from wasm
  cpu.pc = CODE;
  const w = setLater(cpu.exitReq, 300);
  const r = engine.run(cpu);
  expect(r).toBe(Exit.Interrupt);
  expect([CODE, CODE + 4]).toContain(cpu.pc);
  expect(engine.stats.regions).toBeGreaterThan(0);
  expect(cpu.regs[20]).toBeGreaterThan(1000); // it ran compiled for a while
  // Cleared, it continues where it stopped.
  const before = cpu.regs[20];
  Atomics.store(cpu.exitReq, 0, 0);
  setLater(cpu.exitReq, 50);
  expect(engine.run(cpu)).toBe(Exit.Interrupt);
  expect(cpu.regs[20]).toBeGreaterThan(before);
  await w.terminate();
}, 30_000);

test('a set request stops the engine before the first block', () => {
  const engine = new Engine(riscv64Frontend, mem);
  const cpu = createRiscvCpu(mem);
  cpu.pc = CODE;
  Atomics.store(cpu.exitReq, 0, 1);
  expect(engine.run(cpu)).toBe(Exit.Interrupt);
  expect(cpu.regs[20]).toBe(0);
});
