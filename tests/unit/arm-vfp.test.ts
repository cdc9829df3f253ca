// VFP and NEON with hand-encoded words (cross-checked with arm-linux-gnueabihf-as);
// the broad arithmetic checks against qemu-arm are in arm-qemu.test.ts.

import { runA32, runT, thumb, mem, DATA, SVC_A32, SVC_T16 } from './arm-harness';

const setD = (a: number, x: number) => mem.dv.setFloat64(a - 0x10000, x, true);
const getD = (a: number) => mem.dv.getFloat64(a - 0x10000, true);
const setF = (a: number, x: number) => mem.dv.setFloat32(a - 0x10000, x, true);

test('vldr, vadd.f64, vstr, vcmp + vmrs APSR_nzcv', () => {
  const { cpu } = runA32([
    0xed900b00, // vldr d0, [r0]
    0xed901a02, // vldr s2, [r0, #8]
    0xee302b00, // vadd.f64 d2, d0, d0
    0xed812b00, // vstr d2, [r1]
    0xeeb41a61, // vcmp.f32 s2, s3
    0xeef1fa10, // vmrs APSR_nzcv, fpscr
    0x43a05001, // movmi r5, #1
    SVC_A32,
  ], (c) => {
    c.regs[0] = DATA; c.regs[1] = DATA + 0x100;
    setD(DATA, 1.25); setF(DATA + 8, -3); c.setSNumber(3, 2);
  });
  expect(getD(DATA + 0x100)).toBe(2.5);
  expect(cpu.dAsNumber(2)).toBe(2.5);
  expect(cpu.regs[5]).toBe(1); // -3 < 2: N set
  expect(cpu.apsr >>> 28).toBe(0b1000);
});

test('FPSCR rounding mode applies to vcvtr, vcvt rounds toward zero', () => {
  const prog = [0xeee12a10 /* vmsr fpscr, r2 */, 0xeebd0bc2 /* vcvt.s32.f64 s0, d2 */, 0xeefd0b42 /* vcvtr.s32.f64 s1, d2 */,
    0xee103a10 /* vmov r3, s0 */, 0xee104a90 /* vmov r4, s1 */, SVC_A32];
  const go = (x: number, rmode: number) => runA32(prog, (c) => { c.setDNumber(2, x); c.regs[2] = rmode << 22; }).cpu;
  let cpu = go(-2.5, 0); // RN: ties to even
  expect([cpu.regs[3], cpu.regs[4]]).toEqual([-2, -2]);
  cpu = go(-2.5, 1); // RP
  expect(cpu.regs[4]).toBe(-2);
  cpu = go(-2.5, 2); // RM
  expect(cpu.regs[4]).toBe(-3);
  cpu = go(2.7, 3); // RZ
  expect([cpu.regs[3], cpu.regs[4]]).toEqual([2, 2]);
  expect(cpu.fpscr & 0x10).toBe(0x10); // IXC accrued
  cpu = go(1e20, 0);
  expect([cpu.regs[3], cpu.fpscr & 1]).toEqual([0x7fffffff, 1]); // saturated, IOC
});

test('vpush/vpop and the s/d overlay', () => {
  const { cpu } = runA32([0xed2d8b04 /* vpush {d8-d9} */, 0xecbdab04 /* vpop {d10-d11} */, SVC_A32], (c) => {
    c.setD(8, 0x1122334455667788n); c.setD(9, 0x99aabbccddeeff00n);
  });
  expect(cpu.getD(10)).toBe(0x1122334455667788n);
  expect(cpu.getD(11)).toBe(0x99aabbccddeeff00n);
  expect(cpu.s(20) >>> 0).toBe(0x55667788); // s20 is the low half of d10
  expect(cpu.regs[13]).toBe(DATA + 0x8000);
});

test('NEON memcpy idiom: vld1.8/vst1.8 with write-back, vdup, veor', () => {
  const src = DATA + 0x1000, dst = DATA + 0x2000;
  const { cpu } = runA32([
    0xf420020d, // vld1.8 {d0-d3}, [r0]!
    0xf401020d, // vst1.8 {d0-d3}, [r1]!
    0xeea42b10, // vdup.32 q2, r2
    0xf3000154, // veor q0, q0, q2
    SVC_A32,
  ], (c) => {
    c.regs[0] = src; c.regs[1] = dst; c.regs[2] = 0xff00ff00;
    for (let i = 0; i < 32; i++) mem.dv.setUint8(src - 0x10000 + i, i + 1);
  });
  for (let i = 0; i < 32; i++) expect(mem.dv.getUint8(dst - 0x10000 + i)).toBe(i + 1);
  expect([cpu.regs[0], cpu.regs[1]]).toEqual([src + 32, dst + 32]);
  expect(cpu.s(0) >>> 0).toBe((0x04030201 ^ 0xff00ff00) >>> 0);
  expect(cpu.s(8) >>> 0).toBe(0xff00ff00); // q2 = d4:d5 = s8..s11
});

test('Thumb VFP encodings (cond field 1110)', () => {
  // vmov s0, r1 (ee00 1a10) ; vcvt.f32.s32 s0, s0 (eeb8 0ac0) ; vmov r0, s0 (ee10 0a10)
  const { cpu } = runT(thumb(0xee001a10, 0xeeb80ac0, 0xee100a10, SVC_T16), (c) => { c.regs[1] = -7; });
  expect(cpu.regs[0] >>> 0).toBe(0xc0e00000); // -7.0f
});
