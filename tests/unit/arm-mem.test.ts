// Loads, stores, load/store multiple, exclusives and TLS in A32 and Thumb.

import { runA32, runT, thumb, mem, DATA, CODE, SVC_A32, SVC_T16, Exit, irOf } from './arm-harness';

const W = (a: number) => mem.dv.getUint32(a - 0x10000, true);
const setW = (a: number, v: number) => mem.dv.setUint32(a - 0x10000, v >>> 0, true);

describe('A32 single loads and stores', () => {
  test('pre-indexed with write-back, post-indexed, register offset, signed halfword', () => {
    const { cpu, exit } = runA32([
      0xe5b10004, // ldr r0, [r1, #4]!
      0xe4112008, // ldr r2, [r1], #-8
      0xe7d13104, // ldrb r3, [r1, r4, lsl #2]
      0xe15150f2, // ldrsh r5, [r1, #-2]
      SVC_A32,
    ], (c) => {
      c.regs[1] = DATA + 0x100; c.regs[4] = 3;
      setW(DATA + 0x104, 0x11223344); setW(DATA + 0x108, 0xffff8000);
      setW(DATA + 0xf8, 0x8001ab00); // DATA+0xfc-2 .. : halfword at DATA+0xfa
    });
    expect(exit).toBe(Exit.Syscall);
    expect(cpu.regs[0]).toBe(0x11223344);
    expect(cpu.regs[2]).toBe(0x11223344);
    expect(cpu.regs[1]).toBe(DATA + 0xfc);
    // ldrb [DATA+0xfc + 12] = byte at DATA+0x108 = 0x00
    expect(cpu.regs[3]).toBe(0x00);
    expect(cpu.regs[5]).toBe(0xffff8001 | 0);
  });

  test('strd with write-back and ldrd', () => {
    const { cpu } = runA32([0xe1e160f8, 0xe1c180d0, SVC_A32], (c) => {
      c.regs[1] = DATA + 0x200; c.regs[6] = 0x01020304; c.regs[7] = 0x05060708;
    });
    expect(cpu.regs[1]).toBe(DATA + 0x208);
    expect(W(DATA + 0x208)).toBe(0x01020304);
    expect(W(DATA + 0x20c)).toBe(0x05060708);
    expect([cpu.regs[8], cpu.regs[9]]).toEqual([0x01020304, 0x05060708]);
  });

  test('str pc stores the instruction address + 8', () => {
    runA32([0xe581f000, SVC_A32], (c) => { c.regs[1] = DATA; });
    expect(W(DATA)).toBe(CODE + 8);
  });

  test('a fault leaves registers unchanged and reports the pc', () => {
    const { cpu, exit } = runA32([0xe3a02005 /* mov r2, #5 */, 0xe5b10004 /* ldr r0, [r1, #4]! */, SVC_A32], (c) => { c.regs[1] = 0; });
    expect(exit).toBe(Exit.Fault);
    expect(cpu.pc).toBe(CODE + 4);
    expect(cpu.regs[1]).toBe(0);
    expect(cpu.regs[2]).toBe(5);
  });
});

describe('A32 load/store multiple', () => {
  test('push/pop, ldmib, ldmda with write-back', () => {
    const { cpu } = runA32([
      0xe92d0007, // push {r0, r1, r2}
      0xe8bd0070, // pop {r4, r5, r6}
      0xe991000c, // ldmib r1, {r2, r3}
      0xe831000c, // ldmda r1!, {r2, r3}  (overwrites r2/r3)
      SVC_A32,
    ], (c) => {
      c.regs[0] = 10; c.regs[1] = DATA + 0x300; c.regs[2] = 30;
      for (let i = 0; i < 8; i++) setW(DATA + 0x2f0 + 4 * i, 0x100 + i);
    });
    expect([cpu.regs[4], cpu.regs[5], cpu.regs[6]]).toEqual([10, DATA + 0x300, 30]);
    expect(cpu.regs[13]).toBe(DATA + 0x8000);
    // ldmda r1!: addresses r1-4, r1 → words 0x2fc, 0x300 → 0x103, 0x104
    expect([cpu.regs[2], cpu.regs[3]]).toEqual([0x103, 0x104]);
    expect(cpu.regs[1]).toBe(DATA + 0x2f8);
  });

  test('pop {r0, pc} interworks: bit 0 of the loaded pc selects Thumb', () => {
    const { cpu, exit } = runA32([0xe8bd8001, SVC_A32, 0, 0, SVC_T16 | (SVC_T16 << 16)], (c) => {
      c.regs[13] = DATA + 0x400; setW(DATA + 0x400, 7); setW(DATA + 0x404, (CODE + 16) | 1);
    });
    expect(exit).toBe(Exit.Syscall);
    expect(cpu.regs[0]).toBe(7);
    expect(cpu.pc).toBe((CODE + 18) | 1);
    expect(cpu.thumb).toBe(true);
  });

  test('ldr pc loads an ARM target', () => {
    const { cpu } = runA32([0xe591f000, 0xe3a00001, SVC_A32, 0xe3a00002, SVC_A32], (c) => { c.regs[1] = DATA; setW(DATA, CODE + 12); });
    expect(cpu.regs[0]).toBe(2);
  });
});

describe('exclusives', () => {
  test('ldrex/strex succeed, a second strex fails', () => {
    const { cpu } = runA32([0xe1910f9f, 0xe1812f93, 0xe1814f93, SVC_A32], (c) => { c.regs[1] = DATA + 0x40; c.regs[3] = 99; setW(DATA + 0x40, 5); });
    expect(cpu.regs[0]).toBe(5);
    expect(cpu.regs[2]).toBe(0);
    expect(cpu.regs[4]).toBe(1);
    expect(W(DATA + 0x40)).toBe(99);
  });
  test('strex fails when memory changed since ldrex (another thread stored)', () => {
    // ldrex r0,[r1]; str r3,[r1]; strex r2,r3,[r1] → value differs from the monitored one... (the value stored equals r3)
    const { cpu } = runA32([0xe1910f9f, 0xe5813000, 0xe1812f93, SVC_A32], (c) => { c.regs[1] = DATA + 0x40; c.regs[3] = 77; setW(DATA + 0x40, 5); });
    expect(cpu.regs[2]).toBe(1);
  });
  test('ldrexd/strexd', () => {
    const { cpu } = runA32([0xe1b14f9f, 0xe2844001 /* add r4, r4, #1 */, 0xe1a16f94, SVC_A32], (c) => { c.regs[1] = DATA + 0x48; setW(DATA + 0x48, 1); setW(DATA + 0x4c, 2); });
    expect(cpu.regs[6]).toBe(0);
    expect([W(DATA + 0x48), W(DATA + 0x4c)]).toEqual([2, 2]);
  });
  test('misaligned ldrex raises SIGBUS', () => {
    const { cpu, exit } = runA32([0xe1910f9f, SVC_A32], (c) => { c.regs[1] = DATA + 0x41; });
    expect(exit).toBe(Exit.Signal);
    expect(cpu.exitArg).toBe(7);
  });
  test('svc clears the monitor', () => {
    expect(irOf([SVC_A32]).text).toContain('excl_addr');
  });
});

describe('system', () => {
  test('mrc p15 TPIDRURO', () => {
    const { cpu } = runA32([0xee1d0f70, SVC_A32], (c) => { c.regs[20] = 0x12345678; });
    expect(cpu.regs[0]).toBe(0x12345678);
  });
  test('bkpt, udf', () => {
    let r = runA32([0xe1200070]);
    expect([r.exit, r.cpu.exitArg, r.cpu.pc]).toEqual([Exit.Signal, 5, CODE]);
    r = runA32([0xe3a00000, 0xe7f000f0]);
    expect([r.exit, r.cpu.exitArg, r.cpu.pc]).toEqual([Exit.Signal, 4, CODE + 4]);
    r = runT([0xde01]);
    expect([r.exit, r.cpu.exitArg, r.cpu.pc]).toEqual([Exit.Signal, 4, CODE | 1]);
  });
  test('svc exits with the next pc (Thumb keeps bit 0)', () => {
    let r = runA32([SVC_A32]);
    expect([r.exit, r.cpu.pc]).toEqual([Exit.Syscall, CODE + 4]);
    r = runT([0xbf00, SVC_T16]);
    expect([r.exit, r.cpu.pc]).toEqual([Exit.Syscall, (CODE + 4) | 1]);
  });
});

describe('Thumb loads and stores', () => {
  test('literal loads (Align(pc, 4)), ldrd literal', () => {
    // 0: ldr r0, [pc, #4] → Align(4, 4) + 4 = 8
    const { cpu } = runT(thumb(0x4801, 0xbf00, SVC_T16, 0xbf00, 0x5678, 0x1234), () => {});
    expect(cpu.regs[0]).toBe(0x12345678);
    const r = runT(thumb(0xbf00, 0xe9df0102, SVC_T16, 0xbf00, 0xbf00, 1, 0, 2, 0));
    // at 2: ldrd r0, r1, [pc, #8] → Align(6, 4) + 8 = 12
    expect([r.cpu.regs[0], r.cpu.regs[1]]).toEqual([1, 2]);
  });
  test('push/pop, ldr.w pre-indexed', () => {
    const { cpu } = runT(thumb(0xb510 /* push {r4, lr} */, 0xbc03 /* pop {r0, r1} */, 0xf8510f04 /* ldr.w r0, [r1, #4]! */, SVC_T16), (c) => {
      c.regs[14] = DATA + 0x10; c.regs[4] = 0x55; setW(DATA + 0x14, 0xabcdef);
    });
    expect(cpu.regs[1]).toBe(DATA + 0x14);
    expect(cpu.regs[0]).toBe(0xabcdef);
  });
  test('tbb and tbh', () => {
    // 0: tbb [pc, r0]; table at 4: bytes 2,3 (→ pc 4+4=8, 4+6=10); 8: movs r1,#1; svc; 12?: ...
    // table at 4 (pc): bytes [1, 3] → 4 + 2 = 6 (movs r1, #1), 4 + 6 = 10 (movs r1, #2)
    const prog = thumb(0xe8dff000, 0x0301, 0x2101, SVC_T16, 0x2102, SVC_T16);
    expect(runT(prog, (c) => { c.regs[0] = 0; c.regs[1] = 9; }).cpu.regs[1]).toBe(1);
    expect(runT(prog, (c) => { c.regs[0] = 1; c.regs[1] = 9; }).cpu.regs[1]).toBe(2);
    const tbh = thumb(0xe8dff010, 0x0002, 0x0004, 0x2101, SVC_T16, 0x2102, SVC_T16);
    // halfword table at 4: [2, 4] → 4+4 = 8 (movs r1,#1), 4+8 = 12 (movs r1,#2)
    expect(runT(tbh, (c) => { c.regs[0] = 1; }).cpu.regs[1]).toBe(2);
  });
});
