// Shared set-up for the arm front-end tests: a guest memory with a code and a
// data area, and helpers to run hand-assembled instructions (encodings
// cross-checked with arm-linux-gnueabihf-as/objdump, -marm and -mthumb).
//
// A32 programs are lists of 32-bit words. Thumb programs are lists of
// halfwords in memory order (a 32-bit T32 instruction is two entries, hw1 first).

import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { Exit, IRBuilder, irToString } from '../../src/translate/ir';
import { Engine } from '../../src/translate/engine';
import { armFrontend, createArmCpu, type ArmCpu } from '../../src/cpu/arm';

export const CODE = 0x400000;
export const DATA = 0x500000;
export const mem = new GuestMemory();
mem.pages.map(CODE, 0x10000, PROT_READ | PROT_EXEC);
mem.pages.map(DATA, 0x10000, PROT_READ | PROT_WRITE);

export const SVC_A32 = 0xef000000;
export const SVC_T16 = 0xdf00;

export function encodeA32(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return out;
}
export function encodeT(hws: readonly number[]): Uint8Array {
  const out = new Uint8Array(hws.length * 2);
  const dv = new DataView(out.buffer);
  hws.forEach((w, i) => dv.setUint16(i * 2, w, true));
  return out;
}

/** Splits "f851 0f04" style T32 words given as numbers > 0xffff into halfwords. */
export function thumb(...ins: number[]): number[] {
  const out: number[] = [];
  for (const w of ins) if (w > 0xffff) out.push(w >>> 16, w & 0xffff); else out.push(w);
  return out;
}

export interface RunResult { cpu: ArmCpu; exit: Exit; engine: Engine }

function go(bytes: Uint8Array, entry: number, init?: (cpu: ArmCpu) => void): RunResult {
  mem.fill(CODE, 0x10000, 0);
  mem.fill(DATA, 0x10000, 0);
  mem.poke(CODE, bytes);
  const engine = new Engine(armFrontend, mem);
  const cpu = createArmCpu(mem);
  cpu.pc = entry;
  cpu.regs[13] = DATA + 0x8000;
  init?.(cpu);
  const exit = engine.run(cpu);
  return { cpu, exit, engine };
}

/** Runs A32 words at CODE until an exit other than a jump (end programs with SVC_A32). */
export function runA32(words: readonly number[], init?: (cpu: ArmCpu) => void): RunResult {
  return go(encodeA32(words), CODE, init);
}
/** Runs Thumb halfwords at CODE (entered in Thumb state). */
export function runT(hws: readonly number[], init?: (cpu: ArmCpu) => void): RunResult {
  return go(encodeT(hws), CODE | 1, init);
}

/** A runner that places code once and runs it with many initial states. */
export function runnerA32(words: readonly number[], isThumb = false): (init: (cpu: ArmCpu) => void) => RunResult {
  mem.fill(CODE, 0x10000, 0);
  mem.poke(CODE, isThumb ? encodeT(words) : encodeA32(words));
  const engine = new Engine(armFrontend, mem);
  return (init) => {
    const cpu = createArmCpu(mem);
    cpu.pc = isThumb ? CODE | 1 : CODE;
    init(cpu);
    const exit = engine.run(cpu);
    return { cpu, exit, engine };
  };
}

/** IR text for one A32 word (or Thumb halfwords when thumb). */
export function irOf(code: readonly number[], isThumb = false, pc = CODE): { text: string; end: boolean } {
  const b = new IRBuilder();
  const bytes = isThumb ? encodeT(code) : encodeA32(code);
  const fetch16 = (addr: number) => bytes[addr - pc] | (bytes[addr - pc + 1] << 8);
  const ctx = { b, pc: isThumb ? pc | 1 : pc, fetch16, fetch32: (addr: number) => (fetch16(addr) | (fetch16(addr + 2) << 16)), end: false };
  armFrontend.translate(ctx);
  return { text: irToString(b.ops).trim(), end: ctx.end };
}

export const u32 = (v: number): number => v >>> 0;
export { Exit };
