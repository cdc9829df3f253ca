// A extension: every AMO against a reference model, LR/SC success and failure,
// alignment, and rd/rs1 aliasing.

import { DATA, ECALL, Exit, mem, run } from './riscv64-harness';

const s64 = (v: bigint) => BigInt.asIntN(64, v);
const u64 = (v: bigint) => BigInt.asUintN(64, v);
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const u32 = (v: bigint) => BigInt.asUintN(32, v);

/** amo<op>.<w|d> a0, a2, (a1) */
const AMO = (f5: number, d: boolean) => ((f5 << 27) | (12 << 20) | (11 << 15) | ((d ? 3 : 2) << 12) | (10 << 7) | 0x2f) >>> 0;

type Ref = (mem: bigint, src: bigint, w: boolean) => bigint;
const pick = (a: bigint, b: bigint, less: (x: bigint, y: bigint) => boolean) => (less(a, b) ? a : b);
const OPS: [string, number, Ref][] = [
  ['amoswap', 0b00001, (_m, s) => s],
  ['amoadd', 0b00000, (m, s) => m + s],
  ['amoxor', 0b00100, (m, s) => m ^ s],
  ['amoand', 0b01100, (m, s) => m & s],
  ['amoor', 0b01000, (m, s) => m | s],
  ['amomin', 0b10000, (m, s, w) => pick(m, s, (x, y) => (w ? s32(x) < s32(y) : s64(x) < s64(y)))],
  ['amomax', 0b10100, (m, s, w) => pick(m, s, (x, y) => (w ? s32(x) > s32(y) : s64(x) > s64(y)))],
  ['amominu', 0b11000, (m, s, w) => pick(m, s, (x, y) => (w ? u32(x) < u32(y) : u64(x) < u64(y)))],
  ['amomaxu', 0b11100, (m, s, w) => pick(m, s, (x, y) => (w ? u32(x) > u32(y) : u64(x) > u64(y)))],
];
const VALUES = [0n, 1n, -1n, 0x7fffffffn, 0x80000000n, -0x80000000n, 0x1_0000_0001n, -(1n << 63n), 0x123456789n];

describe.each([['w', false], ['d', true]] as const)('AMO .%s', (_sz, d) => {
  test.each(OPS)('%s', (name, f5, ref) => {
    const addr = DATA + 0x100;
    for (const m of VALUES) for (const s of VALUES) {
      mem.setU64n(addr, 0x5555555555555555n);
      if (d) mem.setU64n(addr, m); else mem.setU32(addr, Number(u32(m)));
      const { cpu, exit } = run([AMO(f5, d), ECALL], (c) => { c.setX(11, addr); c.setX(12, s); });
      expect(exit).toBe(Exit.Syscall);
      const old = d ? s64(m) : s32(m);
      const want = d ? u64(ref(m, s, false)) : u32(ref(m, s, true));
      if (cpu.getX(10) !== old) throw new Error(`${name}: rd = ${cpu.getX(10)}, want ${old}`);
      const got = d ? mem.u64n(addr) : BigInt(mem.u32(addr));
      if (got !== want) throw new Error(`${name}.${_sz}(${m}, ${s}): mem = ${got}, want ${want}`);
      if (!d) expect(mem.u32(addr + 4)).toBe(0x55555555); // only 4 bytes written
    }
  });
});

test('AMO with rd == rs1 stores to the old address, then writes rd', () => {
  const addr = DATA + 0x200;
  mem.setU64n(addr, 40n);
  // amoadd.w a1,a2,(a1)
  const { cpu } = run([0x00c5a5af, ECALL], (c) => { c.setX(11, addr); c.setX(12, 2n); });
  expect(cpu.getX(11)).toBe(40n);
  expect(mem.u32(addr)).toBe(42);
});

test('AMO to x0 still performs the store', () => {
  const addr = DATA + 0x208;
  mem.setU64n(addr, 1n);
  const { cpu } = run([0x00c5b02f /* amoadd.d zero,a2,(a1) */, ECALL], (c) => { c.setX(11, addr); c.setX(12, 2n); });
  expect(mem.u64n(addr)).toBe(3n);
  expect(cpu.getX(0)).toBe(0n);
});

test('misaligned AMO raises SIGBUS without side effects', () => {
  const addr = DATA + 0x302;
  mem.setU64n(DATA + 0x300, 0n);
  const { cpu, exit } = run([0x08c5b52f /* amoswap.d a0,a2,(a1) */, ECALL], (c) => { c.setX(11, addr); c.setX(12, -1n); c.setX(10, 9n); });
  expect([exit, cpu.exitArg]).toEqual([Exit.Signal, 7]);
  expect(cpu.getX(10)).toBe(9n);
  expect(mem.u64n(DATA + 0x300)).toBe(0n);
});

describe('LR/SC', () => {
  test('lr.w; sc.w to the same address succeeds', () => {
    const addr = DATA + 0x400;
    mem.setU64n(addr, 0xffffffff_80000001n);
    // lr.w a0,(a1) ; sc.w a3,a2,(a1)
    const { cpu } = run([0x1005a52f, 0x18c5a6af, ECALL], (c) => { c.setX(11, addr); c.setX(12, 0x1234n); c.setX(13, 77n); });
    expect(cpu.getX(10)).toBe(-0x7fffffffn); // sign-extended word
    expect(cpu.getX(13)).toBe(0n);
    expect(mem.u64n(addr)).toBe(0xffffffff_00001234n);
  });

  test('a second sc.d fails: the first one cleared the reservation', () => {
    const addr = DATA + 0x408;
    mem.setU64n(addr, 5n);
    // lr.d a0,(a1) ; sc.d a3,a2,(a1) ; sc.d a4,a2,(a1)
    const { cpu } = run([0x1005b52f, 0x18c5b6af, 0x18c5b72f, ECALL], (c) => { c.setX(11, addr); c.setX(12, 6n); });
    expect([cpu.getX(10), cpu.getX(13), cpu.getX(14)]).toEqual([5n, 0n, 1n]);
    expect(mem.u64n(addr)).toBe(6n);
  });

  test('sc.d to another address fails and does not store', () => {
    const addr = DATA + 0x410;
    mem.setU64n(addr + 8, 5n);
    // lr.d a0,(a1) ; sc.d a3,a2,(a5)
    const { cpu } = run([0x1005b52f, 0x18c7b6af, ECALL], (c) => { c.setX(11, addr); c.setX(15, addr + 8); c.setX(12, 6n); });
    expect(cpu.getX(13)).toBe(1n);
    expect(mem.u64n(addr + 8)).toBe(5n);
  });

  test('sc without a reservation fails', () => {
    const addr = DATA + 0x418;
    mem.setU64n(addr, 5n);
    const { cpu } = run([0x18c5b6af, ECALL], (c) => { c.setX(11, addr); c.setX(12, 6n); });
    expect(cpu.getX(13)).toBe(1n);
    expect(mem.u64n(addr)).toBe(5n);
  });

  test('the reservation survives block boundaries (it is CPU state)', () => {
    const addr = DATA + 0x420;
    mem.setU64n(addr, 5n);
    // lr.d a0,(a1) ; c.j .+2 (ends the block) ; sc.d a3,a2,(a1)
    const { cpu } = run([0x1005b52f, 0xa009, 0x18c5b6af, ECALL], (c) => { c.setX(11, addr); c.setX(12, 9n); });
    expect(cpu.getX(13)).toBe(0n);
    expect(mem.u64n(addr)).toBe(9n);
  });

  test('a system call drops the reservation, as Linux does', () => {
    const addr = DATA + 0x428;
    mem.setU64n(addr, 5n);
    const first = run([0x1005b52f /* lr.d a0,(a1) */, ECALL], (c) => c.setX(11, addr));
    const regs = first.cpu.regs.slice();
    const { cpu } = run([0x18c5b6af /* sc.d a3,a2,(a1) */, ECALL], (c) => { c.regs.set(regs); c.setX(12, 9n); });
    expect(cpu.getX(13)).toBe(1n);
    expect(mem.u64n(addr)).toBe(5n);
  });
});
