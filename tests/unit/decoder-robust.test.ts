// Decoder robustness: sampled 32-bit words (and 16-bit RVC / Thumb halfwords), both
// uniformly random and drawn from each decoder's own pattern tables with random
// operand bits, go through the front end and — unless they end the block — are
// executed once from a random register state (half the registers pointing into a
// data page). Translation must yield IR or SIGILL and execution must end in an
// Exit, never a JavaScript exception.

import { aarch64Frontend, createAarch64Cpu, TABLE } from '../../src/cpu/aarch64';
import { A32_TABLE, armFrontend, createArmCpu, T16_TABLE, T32_TABLE } from '../../src/cpu/arm';
import { createRiscvCpu, PATTERNS, riscv64Frontend } from '../../src/cpu/riscv64';
import type { CpuState, Frontend } from '../../src/cpu/types';
import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { Engine } from '../../src/translate/engine';
import { IRBuilder } from '../../src/translate/ir';
import { Rng } from '../../scripts/difftest/rng';

const N = Number(process.env.DECODER_FUZZ_N ?? 3000);
const CODE = 0x400000, DATA = 0x500000;
const mem = new GuestMemory();
const engines = new Map<unknown, Engine>();
mem.pages.map(CODE, 0x10000, PROT_READ | PROT_EXEC);
mem.pages.map(DATA, 0x10000, PROT_READ | PROT_WRITE);

interface Target {
  fe: Frontend;
  cpu: () => CpuState;
  /** register slots to randomise, and whether they hold 64-bit (lo, hi) pairs */
  slots: [number, number]; pairs: boolean;
  thumb?: boolean;
  /** bytes of the instruction that ends the test block (a system call) */
  exit: number[];
}
const T: Record<string, Target> = {
  riscv64: { fe: riscv64Frontend, cpu: () => createRiscvCpu(mem), slots: [2, 128], pairs: true, exit: [0x73, 0, 0, 0] },
  aarch64: { fe: aarch64Frontend, cpu: () => createAarch64Cpu(mem), slots: [0, 62], pairs: true, exit: [1, 0, 0, 0xd4] },
  arm: { fe: armFrontend, cpu: () => createArmCpu(mem), slots: [0, 13], pairs: false, exit: [0, 0, 0, 0xef] },
  thumb: { fe: armFrontend, cpu: () => createArmCpu(mem), slots: [0, 13], pairs: false, thumb: true, exit: [0x00, 0xdf] },
};

function fromPattern(rng: Rng, pats: readonly { mask: number; match: number }[]): number {
  const p = rng.pick(pats);
  return ((rng.u32() & ~p.mask) | p.match) >>> 0;
}

/** Translates and (when it falls through) runs `bytes`; returns a failure description or undefined. */
function exercise(t: Target, bytes: number[], rng: Rng): string | undefined {
  const code = Uint8Array.from([...bytes, ...t.exit]);
  const pc = t.thumb ? CODE | 1 : CODE; // the arm front end takes Thumb state from pc bit 0
  const b = new IRBuilder();
  const fetch16 = (a: number) => { const o = a - CODE; return o >= 0 && o + 1 < code.length ? code[o] | (code[o + 1] << 8) : 0; };
  const ctx = { b, pc, fetch16, fetch32: (a: number) => (fetch16(a) | (fetch16(a + 2) << 16)) >>> 0, end: false };
  let len: number;
  try {
    len = t.fe.translate(ctx);
  } catch (e) { return `translate: ${(e as Error).message}`; }
  if (ctx.end) return undefined; // branches/exits: translated, not executed (a branch could loop forever)
  // A sample that is not one whole instruction (a random word whose low half is a compressed
  // instruction) would run its leftover bytes as further, untranslated-here code: a branch there
  // can loop forever. Only the translation is checked then.
  if (len !== bytes.length) return undefined;
  mem.poke(CODE, code);
  // One engine per front end, flushed per case: an Engine registers with the (shared) page map
  // and holds a 2 MB page counter, so one per case kept gigabytes alive until the file ended.
  let engine = engines.get(t.fe);
  if (!engine) engines.set(t.fe, engine = new Engine(t.fe, mem));
  engine.flushAll();
  const cpu = t.cpu();
  const r = cpu.regs;
  for (let i = t.slots[0]; i < t.slots[1]; i += t.pairs ? 2 : 1) {
    const ptr = rng.chance(0.5);
    r[i] = ptr ? DATA + rng.int(0x8000) : rng.u32() | 0;
    if (t.pairs) r[i + 1] = ptr ? 0 : rng.u32() | 0;
  }
  cpu.pc = pc;
  try {
    engine.run(cpu);
  } catch (e) { return `run: ${(e as Error).message}`; }
  return undefined;
}

function sample(name: string, gen: (rng: Rng) => number[]): void {
  test(`${name}: ${N} sampled encodings translate or SIGILL, and run without a JS exception`, () => {
    const rng = new Rng(0xdec0de ^ name.length);
    const t = T[name.split(' ')[0]];
    const failures: string[] = [];
    for (let i = 0; i < N && failures.length < 5; i++) {
      const bytes = gen(rng);
      const f = exercise(t, bytes, rng);
      if (f) failures.push(`${bytes.map((x) => x.toString(16).padStart(2, '0')).join(' ')}: ${f}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);
}

const le = (w: number) => [w & 255, (w >>> 8) & 255, (w >>> 16) & 255, w >>> 24];
const th = (w: number) => [(w >>> 16) & 255, (w >>> 24) & 255, w & 255, (w >>> 8) & 255]; // Thumb-2: first halfword first

sample('riscv64', (rng) => {
  const k = rng.int(3);
  if (k === 0) { const h = rng.u32() & 0xffff; return (h & 3) === 3 ? le(rng.u32() | 3) : [h & 255, h >>> 8]; }
  return le(k === 1 ? rng.u32() : fromPattern(rng, PATTERNS));
});
sample('aarch64', (rng) => le(rng.chance(0.5) ? rng.u32() : fromPattern(rng, TABLE.all)));
sample('arm', (rng) => le(rng.chance(0.5) ? rng.u32() : fromPattern(rng, A32_TABLE.patterns)));
sample('thumb', (rng) => {
  const k = rng.int(4);
  if (k === 0) { const h = rng.u32() & 0xffff; return (h >>> 11) >= 0x1d ? th(rng.u32() | 0xe8000000) : [h & 255, h >>> 8]; }
  if (k === 1) { const h = fromPattern(rng, T16_TABLE.patterns) & 0xffff; return (h >>> 11) >= 0x1d ? [0, 0xbf] : [h & 255, h >>> 8]; }
  if (k === 2) return th(fromPattern(rng, T32_TABLE.patterns));
  return th(rng.u32() | 0xe8000000);
});
