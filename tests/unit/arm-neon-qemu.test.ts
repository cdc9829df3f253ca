// NEON against qemu-arm: every case of arm-neon-data.ts (recorded by
// scripts/record-arm-neon.js: pseudo-random d0..d7, buffer and r3, one
// instruction) runs in ARM state and in Thumb state; d0..d7, r0, the r1
// write-back, FPSCR (cumulative flags and QC) and the buffer must equal qemu-arm's.

import { DATA, runA32, runT, SVC_A32, SVC_T16 } from './arm-harness';
import { NEON_CASES, type NeonCase } from './arm-neon-data';
import type { ArmCpu } from '../../src/cpu/arm';
import { DREG_SLOT } from '../../src/cpu/arm/regs';

const BUF = DATA + 0x100;
const hexWords = (s: string): number[] => {
  const b = Buffer.from(s, 'hex');
  return Array.from({ length: b.length / 4 }, (_, i) => b.readInt32LE(4 * i));
};

function init(k: NeonCase) {
  return (cpu: ArmCpu) => {
    hexWords(k.v).forEach((w, i) => { cpu.regs[DREG_SLOT(0) + i] = w; });
    cpu.mem.poke(BUF, Buffer.from(k.mem, 'hex'));
    cpu.regs[0] = 0; cpu.regs[1] = BUF; cpu.regs[2] = 16; cpu.regs[3] = k.r3 | 0;
  };
}
function state(cpu: ArmCpu) {
  const v = Buffer.alloc(64);
  for (let i = 0; i < 16; i++) v.writeInt32LE(cpu.regs[DREG_SLOT(0) + i], 4 * i);
  return {
    v: v.toString('hex'), r0: cpu.regs[0] >>> 0, r1off: (cpu.regs[1] - BUF) | 0, fpscr: cpu.fpscr >>> 0,
    mem: cpu.mem.read(BUF, 64).toString('hex'),
  };
}
const expected = (k: NeonCase) => ({ v: k.outV, r0: k.r0, r1off: k.r1off, fpscr: k.fpscr, mem: k.outMem });

/** The cases in both instruction set states (also used by arm-neon-compiled.test.ts). */
export function neonTests(): void {
  describe.each([['A32'], ['T32']])('%s', (mode) => {
    test.each(NEON_CASES.map((k) => [k.asm, k] as const))('%s', (_asm, k) => {
      const r = mode === 'A32' ? runA32([k.a32, SVC_A32], init(k)) : runT([...k.t32, SVC_T16], init(k));
      expect(state(r.cpu)).toEqual(expected(k));
      if (process.env.NODEMU_JIT_THRESHOLD === '0') expect(r.engine.stats.compiled).toBeGreaterThan(0);
    });
  });
}
if (!process.env.NODEMU_NEON_NO_AUTORUN) neonTests();
