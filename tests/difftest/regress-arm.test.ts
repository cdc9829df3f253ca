// Mismatches the differential tester (scripts/difftest) found on 32-bit ARM (A32 and
// Thumb-2 with VFP/NEON), shrunk; expected values are qemu-arm's.

import { armFrontend } from '../../src/cpu/arm';
import { isLegal, le32 } from '../../scripts/difftest/legal';
import { runCase } from './case';

jest.setTimeout(30_000);

// Encodings nodemu used to execute that are UNDEFINED (qemu-arm raises SIGILL).
const UNDEFINED: [number, string][] = [
  [0xf44767ef, 'VST1 one register with :128 alignment'],
  [0xf42a077f, 'VLD1 one register with :256 alignment'],
  [0xf4ee0c1f, 'VLD1 all lanes .8 with an alignment hint'],
  [0xeea1bb10, 'VDUP to a Q register with an odd D number'],
  [0xf2750324, 'VCGT .s64 (no 64-bit integer compare)'],
  [0xf372f92c, 'VMLS .i64'],
  [0xec87fa03, 'VSTMIA past s31'],
  [0xf3bcc58b, 'VMVN with size 11'],
];
test.each(UNDEFINED)('difftest arm: %s is UNDEFINED (%s)', (w) => {
  expect(isLegal(armFrontend, le32(w))).toBe(false);
});
// Their allocated neighbours still translate.
test.each([[0xf447671f, 'VST1 one register :64'], [0xeea0bb10, 'VDUP to q0'], [0xf2650324, 'VCGT .s32'], [0xf3650324, 'VCGT .u32'],
  [0xf2750014, 'VQADD .s64'], [0xec87fa02, 'VSTMIA s30-s31'], [0xf3b0c58b, 'VMVN']] as [number, string][])(
  'difftest arm: %s is allocated (%s)', (w) => { expect(isLegal(armFrontend, le32(w))).toBe(true); });

test('difftest arm: ldrexd, stlexb (size mismatch: the byte store happens, the status says failure)', () => {
  const got = runCase('arm', { scratchSeed: 1, code: [0xe1b70f9f /* ldrexd r0, [r7] */, 0xe1c7be91 /* stlexb fp, r1, [r7] */], init: {} });
  expect(got).toMatchObject({ 'mem[1024]': '0xea91d3c937d577c9', r0: '0x37d5778f', r1: '0xea91d3c9', r11: '0x00000001' });
});

test('difftest arm: vcvt.f32.s32 from fixed point rounds to nearest whatever FPSCR.RMode says', () => {
  const got = runCase('arm', {
    scratchSeed: 1, code: [0xecb5ab08 /* vldmia r5!, {d10-d13} */, 0xeefaaae1 /* vcvt.f32.s32 s21, s21, #29 */],
    init: { fpscr: '0x67400000' },
  });
  expect(got).toMatchObject({ d10: '0xbf2b716237d5778f', fpscr: '0x67400010' });
});

test('difftest thumb: ldrex, strexh (size mismatch) in Thumb state', () => {
  const got = runCase('thumb', { scratchSeed: 1, code: [0xe8570f00 /* ldrex r0, [r7] */, 0xe8c71f52 /* strexh r2, r1, [r7] */], init: { r1: '0x0000abcd' } });
  expect(got).toMatchObject({ 'mem[1024]': '0xea91d3c937d5abcd', r2: '0x00000001' });
});
