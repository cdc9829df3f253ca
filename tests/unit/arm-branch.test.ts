// Branches, interworking (the Thumb bit in the pc key), conditional execution and IT blocks.

import { runA32, runT, thumb, CODE, DATA, SVC_A32, SVC_T16, Exit, irOf, mem } from './arm-harness';
import { armFrontend } from '../../src/cpu/arm';

describe('A32 branches', () => {
  test('bl sets lr and jumps; bx lr returns', () => {
    const { cpu } = runA32([
      0xeb000001, // 0: bl 0xc
      0xe3a01002, // 4: mov r1, #2
      SVC_A32, // 8
      0xe3a00001, // c: mov r0, #1
      0xe12fff1e, // 10: bx lr
    ]);
    expect(cpu.regs[0]).toBe(1);
    expect(cpu.regs[1]).toBe(2);
    expect(cpu.regs[14]).toBe(CODE + 4);
  });

  test('blx imm switches to Thumb; bx lr returns to ARM', () => {
    const { cpu } = runA32([
      0xfa000001, // 0: blx 0xc (Thumb)
      0xe3a01002, // 4: mov r1, #2
      SVC_A32, // 8
      0x20014770 >>> 0, // c: movs r0, #1 (0x2001) ; e: bx lr (0x4770)
    ].map((w, i) => (i === 3 ? 0x47702001 : w)));
    expect(cpu.regs[0]).toBe(1);
    expect(cpu.regs[1]).toBe(2);
    expect(cpu.pc).toBe(CODE + 12);
  });

  test('blx reg to Thumb and back with bx lr', () => {
    const { cpu } = runA32([0xe12fff32 /* blx r2 */, SVC_A32, 0x47702005 /* movs r0,#5; bx lr */], (c) => { c.regs[2] = (CODE + 8) | 1; });
    expect(cpu.regs[0]).toBe(5);
    expect(cpu.regs[14]).toBe(CODE + 4);
  });

  test('mov pc, r1 in ARM state interworks (ALUWritePC)', () => {
    const { cpu } = runA32([0xe1a0f001, SVC_A32, 0x2007bf00, SVC_T16], (c) => { c.regs[1] = (CODE + 8) | 1; });
    expect(cpu.regs[0]).toBe(7);
    expect(cpu.thumb).toBe(true);
  });

  test('conditional execution skips on false conditions, including branches', () => {
    const prog = [
      0xe3510000, // cmp r1, #0
      0x03a00001, // moveq r0, #1
      0x13a00002, // movne r0, #2
      0x0a000000, // beq +8 (to 0x14)
      0xe3a02003, // mov r2, #3
      SVC_A32, // 0x14
    ];
    let r = runA32(prog, (c) => { c.regs[1] = 0; });
    expect([r.cpu.regs[0], r.cpu.regs[2]]).toEqual([1, 0]);
    r = runA32(prog, (c) => { c.regs[1] = 5; });
    expect([r.cpu.regs[0], r.cpu.regs[2]]).toEqual([2, 3]);
  });

  test('reading pc as an operand gives the address + 8', () => {
    const { cpu } = runA32([0xe1a0000f /* mov r0, pc */, SVC_A32]);
    expect(cpu.regs[0]).toBe(CODE + 8);
  });
});

describe('Thumb branches', () => {
  test('bl / bx lr keep the Thumb bit in lr', () => {
    // 0: bl +4 (to 8)  f000 f802 ; 4: movs r1, #2 ; 6: svc ; 8: movs r0, #1 ; a: bx lr
    const { cpu } = runT(thumb(0xf000f802, 0x2102, SVC_T16, 0x2001, 0x4770));
    expect([cpu.regs[0], cpu.regs[1]]).toEqual([1, 2]);
    expect(cpu.regs[14]).toBe((CODE + 4) | 1);
  });

  test('cbz / cbnz', () => {
    // 0: cbz r0, 6 (b118? compute: offset = 6 - 4 = 2 → i = 1 → 0xb108) ; 2: movs r1, #1 ; 4: svc ; 6: movs r1, #2 ; 8: svc
    const prog = thumb(0xb108, 0x2101, SVC_T16, 0x2102, SVC_T16);
    expect(runT(prog, (c) => { c.regs[0] = 0; }).cpu.regs[1]).toBe(2);
    expect(runT(prog, (c) => { c.regs[0] = 3; }).cpu.regs[1]).toBe(1);
  });

  test('b<cond>.n and b.w', () => {
    // 0: cmp r0, #0 (2800) ; 2: beq.n 8 (d001) ; 4: movs r1,#1 ; 6: svc ; 8: b.w 0x10 (f000 b802) ; c: svc ; e: svc ; 10: movs r1, #3 ; 12: svc
    const prog = thumb(0x2800, 0xd001, 0x2101, SVC_T16, 0xf000b802, SVC_T16, SVC_T16, 0x2103, SVC_T16);
    expect(runT(prog, (c) => { c.regs[0] = 0; }).cpu.regs[1]).toBe(3);
    expect(runT(prog, (c) => { c.regs[0] = 1; }).cpu.regs[1]).toBe(1);
  });

  test('mov pc, r1 in Thumb stays in Thumb (BranchWritePC)', () => {
    const { cpu } = runT(thumb(0x468f, SVC_T16, 0x2009, SVC_T16), (c) => { c.regs[1] = CODE + 4; });
    expect(cpu.regs[0]).toBe(9);
    expect(cpu.pc).toBe((CODE + 8) | 1);
  });

  test('pop {pc} to an ARM address leaves Thumb', () => {
    const { cpu } = runT(thumb(0xbd00, SVC_T16, 0x0000, 0xef00), (c) => { c.regs[13] = DATA; mem.dv.setUint32(DATA - 0x10000, CODE + 4, true); });
    expect(cpu.pc).toBe(CODE + 8); // the ARM svc at CODE + 4
    expect(cpu.regs[13]).toBe(DATA + 4);
  });
});

describe('IT blocks', () => {
  const prog = thumb(
    0x2800, // cmp r0, #0
    0xbf0c, // ite eq
    0x2101, // moveq r1, #1
    0x2102, // movne r1, #2
    0x1889, // adds r1, r1, r2 (outside: sets flags)
    SVC_T16,
  );
  test('then and else slots', () => {
    expect(runT(prog, (c) => { c.regs[0] = 0; c.regs[2] = 0; }).cpu.regs[1]).toBe(1);
    expect(runT(prog, (c) => { c.regs[0] = 4; c.regs[2] = 0; }).cpu.regs[1]).toBe(2);
  });
  test('16-bit data processing inside an IT block does not set flags', () => {
    // cmp r0,#0 ; it eq ; addeq r0, r0, r1 (1840: flags not set inside IT) ; ite eq? no: check Z after
    const p = thumb(0x2800, 0xbf08, 0x1840, 0xbf0c, 0x2301, 0x2302, SVC_T16);
    // r0 = 0, r1 = 5: Z=1; addeq → r0 = 5 without touching Z; then moveq r3,#1
    expect(runT(p, (c) => { c.regs[1] = 5; }).cpu.regs[3]).toBe(1);
  });
  test('an IT block with a branch as its last instruction', () => {
    // cmp r0, #0 ; it ne ; bne? use: it eq ; bxeq lr
    const p = thumb(0x2800, 0xbf08, 0x4770, 0x2107, SVC_T16);
    let r = runT(p, (c) => { c.regs[0] = 0; c.regs[14] = (CODE + 8) | 1; c.regs[1] = 0; });
    expect(r.cpu.regs[1]).toBe(0); // jumped straight to the svc
    r = runT(p, (c) => { c.regs[0] = 1; c.regs[14] = (CODE + 8) | 1; });
    expect(r.cpu.regs[1]).toBe(7);
  });
  test('the translation of an IT instruction covers its block, with one insn marker each', () => {
    const { text } = irOf(thumb(0xbf0c, 0x2101, 0x2102), true);
    expect(text.match(/---- 0x/g)!.length).toBe(2); // the translator emits the first marker
  });
  test('disassembly lists the conditioned instructions', () => {
    const bytes = new Uint8Array([0x0c, 0xbf, 0x01, 0x21, 0x02, 0x21]);
    const fetch16 = (a: number) => bytes[a - CODE] | (bytes[a - CODE + 1] << 8);
    const d = armFrontend.disassemble(CODE | 1, fetch16);
    expect(d.text.replace(/\t/g, ' ')).toBe('ite eq\n0x00400002:  2101       moveq r1, #1\n0x00400004:  2102       movne r1, #2');
  });
});

test('exit codes', () => {
  expect(runA32([SVC_A32]).exit).toBe(Exit.Syscall);
});
