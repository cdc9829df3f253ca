// A64 immediate forms, bitfield moves, extract, move wide, pc-relative
// addresses, and the disassembler on the same words.

import { CODE, dis, Exit, run, SVC, u64 } from './aarch64-harness';

const A = 0x8123456789abcdefn, B = 0x0fedcba987654321n, D = 0x1111222233334444n;

// [word, objdump text, expected x0 with x1 = A, x2 = B, x0 = D, sp = 0x7ff0]
const CASES: [number, string, bigint][] = [
  [0x91448c20, 'add x0, x1, #0x123, lsl #12', u64(A + 0x123000n)],
  [0x713ffc20, 'subs w0, w1, #0xfff', (A - 0xfffn) & 0xffffffffn],
  [0x910003e0, 'mov x0, sp', 0x7ff0n],
  [0x92089c20, 'and x0, x1, #0xff00ff00ff00ff00', A & 0xff00ff00ff00ff00n],
  [0x321f7420, 'orr w0, w1, #0x7ffffffe', (A | 0x7ffffffen) & 0xffffffffn],
  [0xd200f020, 'eor x0, x1, #0x5555555555555555', A ^ 0x5555555555555555n],
  [0xf2410020, 'ands x0, x1, #0x8000000000000000', A & 0x8000000000000000n],
  [0xd2824680, 'mov x0, #0x1234', 0x1234n],
  [0xd2a24680, 'mov x0, #0x12340000', 0x12340000n],
  [0x92800020, 'mov x0, #0xfffffffffffffffe', u64(-2n)],
  [0x52bfffe0, 'mov w0, #0xffff0000', 0xffff0000n],
  [0xf2f7dde0, 'movk x0, #0xbeef, lsl #48', (D & 0xffffffffffffn) | (0xbeefn << 48n)],
  [0x7297dde0, 'movk w0, #0xbeef', 0x3333beefn],
  [0xd2c00000, 'movz x0, #0x0, lsl #32', 0n],
  [0x10000800, 'adr x0, 400100', BigInt(CODE + 0x100)],
  [0xf0000000, 'adrp x0, 403000', BigInt(CODE + 0x3000)],
  [0x10ffffe0, 'adr x0, 3ffffc', BigInt(CODE - 4)],
  [0x93442c20, 'sbfx x0, x1, #4, #8', u64(BigInt.asIntN(8, A >> 4n))],
  [0x53031c20, 'ubfx w0, w1, #3, #5', (A >> 3n) & 31n],
  [0x93440c20, 'sbfiz x0, x1, #60, #4', u64((A & 15n) << 60n)],
  [0x53183c20, 'ubfiz w0, w1, #8, #16', (A & 0xffffn) << 8n],
  [0xb3744c20, 'bfi x0, x1, #12, #20', (D & ~(0xfffffn << 12n)) | ((A & 0xfffffn) << 12n)],
  [0x33042c20, 'bfxil w0, w1, #4, #8', (0x33334444n & ~0xffn) | ((A >> 4n) & 0xffn)],
  [0xb37c1fe0, 'bfc x0, #4, #8', D & ~0xff0n],
  [0xd37df020, 'lsl x0, x1, #3', u64(A << 3n)],
  [0x531f7c20, 'lsr w0, w1, #31', 1n],
  [0x937ffc20, 'asr x0, x1, #63', u64(-1n)],
  [0x93401c20, 'sxtb x0, w1', u64(BigInt.asIntN(8, A))],
  [0x13003c20, 'sxth w0, w1', 0xffffcdefn],
  [0x93407c20, 'sxtw x0, w1', u64(BigInt.asIntN(32, A))],
  [0x53001c20, 'uxtb w0, w1', 0xefn],
  [0x53003c20, 'uxth w0, w1', 0xcdefn],
  [0x93c23020, 'extr x0, x1, x2, #12', u64((B >> 12n) | (A << 52n))],
  [0x13827c20, 'extr w0, w1, w2, #31', ((0x87654321n >> 31n) | (0x89abcdefn << 1n)) & 0xffffffffn],
  [0x93c11c20, 'ror x0, x1, #7', u64((A >> 7n) | (A << 57n))],
];

describe('immediate and bitfield forms', () => {
  test.each(CASES)('%s: %s', (word, text, want) => {
    expect(dis(word)).toBe(text);
    const { cpu, exit } = run([word, SVC], (c) => { c.setX(1, A); c.setX(2, B); c.setX(0, D); c.sp = 0x7ff0; });
    expect(exit).toBe(Exit.Syscall);
    expect(u64(cpu.getX(0)).toString(16)).toBe(want.toString(16));
  });
});

test('flag-setting immediates: cmp, tst; add to sp', () => {
  let { cpu } = run([0xf100143f, SVC], (c) => c.setX(1, 5)); // cmp x1, #5
  expect(cpu.nzcv >>> 28).toBe(0b0110);
  ({ cpu } = run([0x7200003f, SVC], (c) => c.setX(1, 2))); // tst w1, #1
  expect(cpu.nzcv >>> 28).toBe(0b0100);
  ({ cpu } = run([0x910043ff, SVC], (c) => { c.sp = 0x1000; })); // add sp, sp, #16
  expect(cpu.sp).toBe(0x1010);
  expect(dis(0x910043ff)).toBe('add sp, sp, #0x10');
  expect(dis(0xf100143f)).toBe('cmp x1, #0x5');
  expect(dis(0x7200003f)).toBe('tst w1, #0x1');
});

test('reserved encodings are SIGILL', () => {
  // logical immediate with all-ones element (N=1 imms=111111), movw opc=01, sf=0 with N=1
  for (const w of [0x9240fc20, 0x12a00000 | (1 << 29) ^ (1 << 29) | 0x20800000, 0x12400020, 0x00000000]) {
    const { cpu, exit } = run([w, SVC]);
    expect(exit).toBe(Exit.Signal);
    expect(cpu.exitArg).toBe(4);
    expect(cpu.pc).toBe(CODE);
  }
});
