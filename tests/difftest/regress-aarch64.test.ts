// Mismatches the differential tester (scripts/difftest) found on aarch64, shrunk;
// expected values are qemu-aarch64's.

import { aarch64Frontend } from '../../src/cpu/aarch64';
import { isLegal, le32 } from '../../scripts/difftest/legal';
import { runCase } from './case';

jest.setTimeout(30_000);

// Encodings nodemu used to execute that are unallocated (qemu raises SIGILL).
const UNALLOCATED: [number, string][] = [
  [0xd50332ff, 'SB with CRm != 0'],
  [0x5e000655, 'scalar DUP with imm5 = 0'],
  [0x4e000c00, 'vector DUP with imm5 = 0'],
  [0x5ea12aed, 'scalar XTN'],
  [0x5f0e8634, 'scalar SHRN'],
  [0x5e2179c8, 'scalar FCVTL'],
  [0x7ee0fac9, 'scalar FNEG (AdvSIMD)'],
  [0x5ee0fbd6, 'scalar FABS (AdvSIMD)'],
  [0x5e619b06, 'scalar FRINTM (AdvSIMD)'],
  [0x6840bf86, 'LDNP with opc = 01'],
  [0x5e6356e1, 'scalar SRSHL .h'],
  [0x7e2b5477, 'scalar URSHL .b'],
  [0x7ef1b657, 'scalar SQRDMULH .d'],
  [0xf8ffc396, 'LDAPR with R = 1'],
  [0x4ee04b44, 'CLS .2d'],
];
test.each(UNALLOCATED)('difftest aarch64: %s is unallocated (%s)', (w) => {
  expect(isLegal(aarch64Frontend, le32(w))).toBe(false);
});
// Their allocated neighbours still translate.
test.each([[0xd50330ff, 'SB'], [0x5e010655, 'DUP b'], [0x7ea14a6d, 'SQXTUN'], [0x69400000, 'LDPSW'], [0x5ee35419, 'SRSHL d'],
  [0xf8bfc396, 'LDAPR'], [0x4ea04b44, 'CLS .4s'], [0x1e60c3d6, 'FABS d']] as [number, string][])(
  'difftest aarch64: %s is allocated (%s)', (w) => { expect(isLegal(aarch64Frontend, le32(w))).toBe(true); });

test('difftest aarch64: ldaxrh, stxrb (size mismatch: stores, reports failure)', () => {
  const got = runCase('aarch64', { scratchSeed: 1, code: [0x4846a39e /* ldaxrh w30, [x28] */, 0x08110b99 /* stxrb w17, w25, [x28] */], init: {} });
  expect(got).toMatchObject({ 'mem[1024]': '0xea91d3c937d57700', x17: '0x0000000000000001', x30: '0x000000000000778f' });
});

test('difftest aarch64: fabd of a negative NaN clears the sign', () => {
  const got = runCase('aarch64', { scratchSeed: 1, code: [0x6ea5d4ed /* fabd v13.4s, v7.4s, v5.4s */], init: { v7: '0xac532ea1ce72dc237fffffffffffffff' } });
  expect(got).toMatchObject({ v13: '0x2c532ea14e72dc237fffffff7fffffff' });
});

test('difftest aarch64: scalar uqadd b only looks at byte 0 (no QC)', () => {
  const got = runCase('aarch64', {
    scratchSeed: 1, code: [0x7e280e6e /* uqadd b14, b19, b8 */],
    init: { v19: '0xeaa692b1df369de5000000007fffffff', v8: '0x00000000000000000000000080800000' },
  });
  expect(got).toMatchObject({ fpsr: '0x0000000000000000', v14: '0x000000000000000000000000000000ff' });
});

test('difftest aarch64: rbit v.8b (size field 01) reverses bytes', () => {
  const got = runCase('aarch64', { scratchSeed: 1, code: [0x2e60596e /* rbit v14.8b, v11.8b */], init: { v11: '0x493ae80a3aa2ebefbb77217362a4b6ba' } });
  expect(got).toMatchObject({ v14: '0x0000000000000000ddee84ce46256d5d' });
});

test('difftest aarch64: fcvtns w, h ignores FPCR.AHP (NaN → 0, IOC)', () => {
  const got = runCase('aarch64', { scratchSeed: 1, code: [0x1ee00006 /* fcvtns w6, h0 */], init: { fpcr: '0x07c00000', v0: '0x7ff00000000000007fffffffffffffff' } });
  expect(got).toMatchObject({ x6: '0x0000000000000000', fpsr: '0x0000000000000001' });
});

test('difftest aarch64: fccmpe flushes a denormal input under FZ (IDC)', () => {
  const got = runCase('aarch64', {
    scratchSeed: 2, code: [0x5e1e05b3 /* mov h19, v13.h[7] */, 0x1e64a67d /* fccmpe d19, d4, #0xd, ge */],
    init: { fpcr: '0x01c00000', v4: '0x7ff8000000000000ffffffffffffffff', v13: '0xffffffff7f800000bd4c39e73c89a24f' },
  });
  expect(got).toMatchObject({ fpsr: '0x0000000000000081', nzcv: '0x0000000030000000' });
});
