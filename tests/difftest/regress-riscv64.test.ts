// Mismatches the differential tester (scripts/difftest) found on riscv64, shrunk;
// expected values are qemu-riscv64's.

import { runCase } from './case';

jest.setTimeout(30_000);

// SC after LR of a different size: QEMU's SC is a compare-and-swap against the LR value at the SC's size.
test('difftest riscv64: lr.w, sc.d fails (size mismatch)', () => {
  const got = runCase('riscv64', {
    scratchSeed: 1,
    code: [
      0x140424af, // lr.w.aq s1,(s0)
      0x1fb43aaf, // sc.d.aqrl s5,s11,(s0)
    ],
    init: {},
  });
  expect(got).toMatchObject({ 'mem[1024]': '0xea91d3c937d5778f', x21: '0x0000000000000001' });
});

// A store to the reserved word between LR and SC makes the SC fail.
test('difftest riscv64: lr.d, amoor.w, sc.d fails', () => {
  const got = runCase('riscv64', {
    scratchSeed: 1,
    code: [
      0x14043e2f, // lr.d.aq t3,(s0)
      0x40b422af, // amoor.w t0,a1,(s0)
      0x19743b2f, // sc.d s6,s7,(s0)
    ],
    init: { x11: '0xffffffff80000000' },
  });
  expect(got).toMatchObject({ 'mem[1024]': '0xea91d3c9b7d5778f', x22: '0x0000000000000001' });
});

// lr.d then sc.w: the low word still matches, so QEMU stores (and reports failure: the old
// value differs from the whole doubleword LR read).
test('difftest riscv64: lr.d, sc.w stores', () => {
  const got = runCase('riscv64', {
    scratchSeed: 7,
    code: [
      0x14043aaf, // lr.d.aq s5,(s0)
      0x1f7427af, // sc.w.aqrl a5,s7,(s0)
    ],
    init: {},
  });
  expect(got).toMatchObject({ 'mem[1024]': '0x127ee71600000000', x15: '0x0000000000000001' });
});

// The plain case still succeeds.
test('difftest riscv64: lr.d, sc.d succeeds', () => {
  const got = runCase('riscv64', {
    scratchSeed: 7,
    code: [0x10043aaf /* lr.d s5,(s0) */, 0x196437af /* sc.d a5,s6,(s0) */],
    init: { x22: '0x1122334455667788' },
  });
  expect(got).toMatchObject({ 'mem[1024]': '0x1122334455667788', x15: '0x0000000000000000' });
});
