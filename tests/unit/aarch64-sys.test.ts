// System instructions: MRS/MSR of the EL0-visible registers, DC ZVA, cache
// maintenance, IC IVAU (code flush exit), hints and barriers.

import { CODE, DATA, dis, Exit, mem, run, SVC } from './aarch64-harness';

test('tpidr_el0, fpcr, fpsr round-trip', () => {
  // msr tpidr_el0, x1; mrs x0, tpidr_el0; msr fpcr, x1; mrs x2, fpcr; msr fpsr, x3; mrs x4, fpsr
  const r = run([0xd51bd041, 0xd53bd040, 0xd51b4401, 0xd53b4402, 0xd51b4423, 0xd53b4424, SVC], (c) => {
    c.setX(1, 0x123456789abcdef0n); c.setX(3, 0x0800009fn);
  });
  expect(r.cpu.getX(0)).toBe(0x123456789abcdef0n);
  expect(r.cpu.tpidr).toBe(0x123456789abcdef0n);
  expect(r.cpu.getX(2)).toBe(0x123456789abcdef0n & 0x07ff0000n);
  expect(r.cpu.getX(4)).toBe(0x0800009fn);
  expect(r.cpu.fp.rm).toBe(2); // x1 bits 23:22 = 0b10: RMode RM (toward -inf)
  expect(dis(0xd53bd040)).toBe('mrs x0, tpidr_el0');
  expect(dis(0xd51b4401)).toBe('msr fpcr, x1');
});

test('fpcr rounding mode, FZ and DN map onto the FPU status', () => {
  for (const [rmode, rm] of [[0, 0], [1, 3], [2, 2], [3, 1]]) {
    const r = run([0xd51b4401, SVC], (c) => c.setX(1, BigInt(rmode << 22) | (3n << 24n)));
    expect(r.cpu.fp.rm).toBe(rm);
    expect(r.cpu.fp.ftz).toBe(true);
    expect(r.cpu.fp.defaultNaN).toBe(true);
  }
});

test('identification and timer registers', () => {
  // cntfrq, midr, dczid, ctr, cntvct twice
  const r = run([0xd53be000, 0xd5380001, 0xd53b00e2, 0xd53b0023, 0xd53be044, 0xd53be045, SVC]);
  expect(r.cpu.getX(0)).toBe(62500000n);
  expect(r.cpu.getX(1)).toBe(0x410fd083n);
  expect(r.cpu.getX(2)).toBe(4n);
  expect(r.cpu.getX(3)).toBe(0x8444c004n);
  expect(r.cpu.getX(5) >= r.cpu.getX(4)).toBe(true);
  expect(dis(0xd53be040)).toBe('mrs x0, cntvct_el0');
  expect(dis(0xd53b00e0)).toBe('mrs x0, dczid_el0');
});

test('dc zva zeroes the 64-byte block; dc cvau/civac are no-ops; ic ivau flushes', () => {
  mem.fill(DATA, 0x200, 0xaa);
  let r = run([0xd50b7421, 0xd50b7b21, 0xd50b7e21, SVC], (c) => c.setX(1, DATA + 0x47));
  expect(r.exit).toBe(Exit.Syscall);
  expect([...mem.read(DATA + 0x3f, 66)]).toEqual([0xaa, ...new Array(64).fill(0), 0xaa]);
  r = run([0xd50b7521, SVC], (c) => c.setX(1, CODE));
  expect(r.exit).toBe(Exit.Syscall); // FlushCode is handled by the engine, which continues at pc+4
  expect(r.cpu.pc).toBe(CODE + 8);
  expect(dis(0xd50b7421)).toBe('dc zva, x1');
  expect(dis(0xd50b7521)).toBe('ic ivau, x1');
});

test('hints and barriers are no-ops', () => {
  const words = [0xd503201f, 0xd503203f, 0xd5033bbf, 0xd5033f9f, 0xd5033fdf, 0xd503233f, 0xd50323bf, 0xd503245f];
  const r = run([...words, SVC]);
  expect(r.exit).toBe(Exit.Syscall);
  expect(words.map((w) => dis(w))).toEqual(['nop', 'yield', 'dmb ish', 'dsb sy', 'isb', 'paciasp', 'autiasp', 'bti c']);
});

test('unknown system registers are SIGILL', () => {
  const r = run([0xd5380100, SVC]); // mrs x0, s3_0_c0_c1_0 (ID_PFR0_EL1 is not readable here)
  expect(r.exit === Exit.Signal || r.exit === Exit.Syscall).toBe(true);
  const r2 = run([0xd5184000, SVC]); // msr spsr_el1, x0
  expect([r2.exit, r2.cpu.exitArg]).toEqual([Exit.Signal, 4]);
});
