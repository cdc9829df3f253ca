// Shared set-up for the riscv64 front-end tests: a guest memory with a code and
// a data area, and helpers to run hand-assembled instruction words.
// Words with low bits 0b11 are 32-bit instructions, anything else is a 16-bit one.

import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { Exit, IRBuilder, irToString } from '../../src/translate/ir';
import { Engine } from '../../src/translate/engine';
import { createRiscvCpu, riscv64Frontend, type RiscvCpu } from '../../src/cpu/riscv64';

export const CODE = 0x400000;
export const DATA = 0x500000;
export const mem = new GuestMemory();
mem.pages.map(CODE, 0x10000, PROT_READ | PROT_EXEC);
mem.pages.map(DATA, 0x10000, PROT_READ | PROT_WRITE);

export function encode(words: readonly number[]): Uint8Array {
  const out: number[] = [];
  for (const w of words) {
    if ((w & 3) === 3) out.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff);
    else out.push(w & 0xff, (w >>> 8) & 0xff);
  }
  return Uint8Array.from(out);
}

export const ECALL = 0x00000073;

export interface RunResult { cpu: RiscvCpu; exit: Exit }

/** Places `words` at CODE (or `at`) and runs blocks until an exit other than a jump. */
export function run(words: readonly number[], init?: (cpu: RiscvCpu) => void, at = CODE): RunResult {
  mem.fill(CODE, 0x10000, 0);
  mem.poke(at, encode(words));
  const engine = new Engine(riscv64Frontend, mem);
  const cpu = createRiscvCpu(mem);
  cpu.pc = at;
  init?.(cpu);
  const exit = engine.run(cpu);
  return { cpu, exit };
}

/** IR text the front end emits for one instruction (at pc CODE). */
export function irOf(word: number, pc = CODE): { text: string; len: number; end: boolean } {
  const b = new IRBuilder();
  const bytes = encode([word]);
  const fetch16 = (addr: number) => bytes[addr - pc] | (bytes[addr - pc + 1] << 8);
  const ctx = { b, pc, fetch16, fetch32: (addr: number) => (fetch16(addr) | (fetch16(addr + 2) << 16)), end: false };
  const len = riscv64Frontend.translate(ctx);
  return { text: irToString(b.ops).trim(), len, end: ctx.end };
}

export { Exit };
