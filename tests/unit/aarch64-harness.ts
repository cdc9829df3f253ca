// Shared set-up for the aarch64 front-end tests: a guest memory with a code and
// a data area, and helpers to run hand-assembled instruction words (encodings
// cross-checked with aarch64-linux-gnu-as/objdump when the tests were written).

import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { Exit, IRBuilder, irToString } from '../../src/translate/ir';
import { Engine } from '../../src/translate/engine';
import { aarch64Frontend, createAarch64Cpu, type Aarch64Cpu } from '../../src/cpu/aarch64';
import { disassembleWord } from '../../src/cpu/aarch64';

export const CODE = 0x400000;
export const DATA = 0x500000;
export const mem = new GuestMemory();
mem.pages.map(CODE, 0x10000, PROT_READ | PROT_EXEC);
mem.pages.map(DATA, 0x10000, PROT_READ | PROT_WRITE);

export const SVC = 0xd4000001;

export function encode(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return out;
}

export interface RunResult { cpu: Aarch64Cpu; exit: Exit }

/** Places `words` at CODE (or `at`) and runs blocks until an exit other than a jump. */
export function run(words: readonly number[], init?: (cpu: Aarch64Cpu) => void, at = CODE): RunResult {
  mem.fill(CODE, 0x10000, 0);
  mem.poke(at, encode(words));
  const engine = new Engine(aarch64Frontend, mem);
  const cpu = createAarch64Cpu(mem);
  cpu.pc = at;
  init?.(cpu);
  const exit = engine.run(cpu);
  return { cpu, exit };
}

/** A runner that translates `words` once and runs them with many initial states. */
export function runner(words: readonly number[]): (init: (cpu: Aarch64Cpu) => void) => RunResult {
  mem.fill(CODE, 0x10000, 0);
  mem.poke(CODE, encode(words));
  const engine = new Engine(aarch64Frontend, mem);
  return (init) => {
    const cpu = createAarch64Cpu(mem);
    cpu.pc = CODE;
    init(cpu);
    const exit = engine.run(cpu);
    return { cpu, exit };
  };
}

/** IR text the front end emits for one instruction (at pc CODE). */
export function irOf(word: number, pc = CODE): { text: string; end: boolean } {
  const b = new IRBuilder();
  const bytes = encode([word]);
  const fetch16 = (addr: number) => bytes[addr - pc] | (bytes[addr - pc + 1] << 8);
  const ctx = { b, pc, fetch16, fetch32: (addr: number) => (fetch16(addr) | (fetch16(addr + 2) << 16)), end: false };
  aarch64Frontend.translate(ctx);
  return { text: irToString(b.ops).trim(), end: ctx.end };
}

export const dis = (w: number, pc = CODE): string => disassembleWord(w, pc).replace(/\t/g, ' ');

export const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
export const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
export const u32 = (v: bigint): bigint => BigInt.asUintN(32, v);
export const s32 = (v: bigint): bigint => BigInt.asIntN(32, v);

export { Exit };

/** IR text for consecutive words translated into one builder (as in one block). */
export function irOfWords(words: readonly number[], pc = CODE): string[] {
  const b = new IRBuilder();
  const bytes = encode(words);
  const fetch16 = (addr: number) => bytes[addr - pc] | (bytes[addr - pc + 1] << 8);
  for (let i = 0; i < words.length; i++) {
    const ctx = { b, pc: pc + 4 * i, fetch16, fetch32: (addr: number) => (fetch16(addr) | (fetch16(addr + 2) << 16)), end: false };
    b.insn(ctx.pc, 4);
    aarch64Frontend.translate(ctx);
  }
  return irToString(b.ops).split('\n').map((l) => l.trim());
}
