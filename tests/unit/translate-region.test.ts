// Regions: a hot loop is re-lowered into one function and still computes the
// same result; code changes invalidate the region.
import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ } from '../../src/memory/page-map';
import { Engine, REGION_THRESHOLD } from '../../src/translate/engine';
import { Exit } from '../../src/translate/ir';
import { createRiscvCpu, riscv64Frontend } from '../../src/cpu/riscv64';

const CODE = 0x400000;
const words = (n: number) => [0x00000513, 0x00000593 | ((n & 0xfff) << 20), 0x00b50533, 0xfff58593, 0xfe059ce3, 0x00000073];
function setup(n: number) {
  const mem = new GuestMemory();
  mem.pages.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
  const buf = new Uint8Array(new Int32Array(words(n)).buffer);
  mem.poke(CODE, buf);
  return mem;
}

test('a loop run past the region threshold gives the same sum', () => {
  const mem = setup(1000);
  const engine = new Engine(riscv64Frontend, mem);
  const cpu = createRiscvCpu(mem);
  cpu.pc = CODE;
  expect(engine.run(cpu)).toBe(Exit.Syscall);
  expect(cpu.regs[20]).toBe(500500);
  expect(engine.stats.regions).toBeGreaterThan(0);
  expect(cpu.pc).toBe(CODE + 0x18);
});

test('regions and plain blocks agree', () => {
  const mem = setup(2 * REGION_THRESHOLD + 3);
  const a = new Engine(riscv64Frontend, mem);
  const b = new Engine(riscv64Frontend, mem);
  b.regions = false;
  const ca = createRiscvCpu(mem), cb = createRiscvCpu(mem);
  ca.pc = cb.pc = CODE;
  a.run(ca); b.run(cb);
  expect(Array.from(ca.regs)).toEqual(Array.from(cb.regs));
  expect(b.stats.regions).toBe(0);
});

test('unmapping code invalidates regions covering it', () => {
  const mem = setup(1000);
  const engine = new Engine(riscv64Frontend, mem);
  const cpu = createRiscvCpu(mem);
  cpu.pc = CODE;
  engine.run(cpu);
  mem.pages.unmap(CODE, 0x1000);
  expect(engine.stats.invalidated).toBeGreaterThan(0);
  cpu.pc = CODE;
  expect(engine.run(cpu)).toBe(Exit.Fault);
});
