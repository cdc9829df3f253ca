// The host-FPU fast paths (src/cpu/fpu/fast.ts) against the bit-exact library:
// with round-to-nearest and the inexact flag already raised, every operand class
// (zeros, subnormals, around the smallest normal, near the largest finite,
// infinities, NaNs) must give the same result bits and the same flags, in the
// RISC-V flavour (tininess after rounding, default NaN) and the ARM one (before
// rounding, NaN propagation, with and without flush-to-zero). The WebAssembly
// inlining of the same test is checked end to end by test-binaries/common/c/fpfast.c.

import * as fpu from '../../src/cpu/fpu';
import { fastFpHelper } from '../../src/cpu/fpu/fast';
import { Ty, type FastFp } from '../../src/translate/ir';
import { RET } from '../../src/translate/runtime';

let seed = 0x2545f491;
const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return seed >>> 0; };

/** Raw f64 halves [lo, hi] from a random class. */
function pick64(): [number, number] {
  const r = rnd(), s = (r & 1) << 31, m = rnd() & 0xfffff, lo = rnd() | 0;
  switch ((r >>> 1) % 9) {
    case 0: return [0, s];
    case 1: return [lo >>> ((r >>> 8) % 32), s | (m >>> ((r >>> 8) % 21))]; // subnormal
    case 2: return [lo, s | ((1 + ((r >>> 8) % 3)) << 20) | m];
    case 3: return [lo, s | ((0x7fe - ((r >>> 8) % 3)) << 20) | m];
    case 4: return [0, s | 0x7ff00000];
    case 5: return [lo | 1, s | 0x7ff00000 | m];
    case 6: return [0, s | ((1023 + ((r >>> 8) % 8)) << 20)];
    default: return [lo, s | ((1 + ((r >>> 8) % 2046)) << 20) | m];
  }
}
function pick32(): number {
  const r = rnd(), s = (r & 1) << 31, m = rnd() & 0x7fffff;
  switch ((r >>> 1) % 9) {
    case 0: return s;
    case 1: return s | (m >>> ((r >>> 8) % 23));
    case 2: return s | ((1 + ((r >>> 8) % 3)) << 23) | m;
    case 3: return s | ((0xfe - ((r >>> 8) % 3)) << 23) | m;
    case 4: return s | 0x7f800000;
    case 5: return s | 0x7f800000 | (m | 1);
    case 6: return s | ((127 + ((r >>> 8) % 8)) << 23);
    default: return s | ((1 + ((r >>> 8) % 253)) << 23) | m;
  }
}

type Op = FastFp['op'];
const OPS: Op[] = ['add', 'sub', 'mul', 'div', 'sqrt'];
const LIB64 = { add: fpu.add64, sub: fpu.sub64, mul: fpu.mul64, div: fpu.div64 };
const LIB32 = { add: fpu.add32, sub: fpu.sub32, mul: fpu.mul32, div: fpu.div32 };
const soft64 = (op: Op, al: number, ah: number, bl: number, bh: number, st: fpu.FpStatus) =>
  (op === 'sqrt' ? fpu.sqrt64(al, ah, st) : LIB64[op](al, ah, bl, bh, st));
const soft32 = (op: Op, a: number, b: number, st: fpu.FpStatus) => (op === 'sqrt' ? fpu.sqrt32(a, st) : LIB32[op](a, b, st));

const FLAVOURS: [string, () => fpu.FpStatus][] = [
  ['riscv', () => ({ rm: 0, flags: 0, ftz: false, defaultNaN: true, tininessAfterRounding: true })],
  ['arm', () => ({ rm: 0, flags: 0, ftz: false, defaultNaN: false, tininessAfterRounding: false })],
  ['arm-fz-dn', () => ({ rm: 0, flags: 0, ftz: true, defaultNaN: true, tininessAfterRounding: false })],
];
const N = 4000;

interface Cpu { regs: Int32Array; fp: fpu.FpStatus }
const okOf = (cpu: Cpu) => cpu.fp.rm === 0 && (cpu.fp.flags & fpu.FLAG_NX) !== 0;

describe.each(FLAVOURS)('%s', (_name, status) => {
  test.each(OPS)('f64 %s: same bits and flags as the library', (op) => {
    const cpu: Cpu = { regs: new Int32Array(2), fp: status() };
    const h = fastFpHelper({ name: op, fn: (c: Cpu, al: number, ah: number, bl: number, bh: number) => soft64(op, al, ah, bl, bh, c.fp), args: [Ty.I64, Ty.I64], ret: Ty.I64 },
      { op, size: 8, okSlot: 1, boxed: false }, okOf);
    let fast = 0;
    for (let i = 0; i < N; i++) {
      const [al, ah] = pick64(), [bl, bh] = pick64();
      const ref = status(); ref.flags = fpu.FLAG_NX;
      const el = soft64(op, al, ah, bl, bh, ref), eh = RET[0];
      cpu.fp = status(); cpu.fp.flags = fpu.FLAG_NX; cpu.regs[1] = 1;
      const gl = h.fn(cpu, al, ah, bl, bh) as number, gh = RET[0];
      if (cpu.regs[1] === 1) fast++;
      expect([gl, gh, cpu.fp.flags]).toEqual([el, eh, ref.flags]);
      // The cached word must follow the state after a slow operation.
      expect(cpu.regs[1]).toBe(okOf(cpu) ? 1 : 0);
    }
    expect(fast).toBeGreaterThan(N / 10); // the fast path really ran
  });

  test.each(OPS)('f32 %s (plain and NaN-boxed): same bits and flags as the library', (op) => {
    const cpu: Cpu = { regs: new Int32Array(2), fp: status() };
    const plain = fastFpHelper({ name: op, fn: (c: Cpu, a: number, b: number) => soft32(op, a, b, c.fp), args: [Ty.I32, Ty.I32], ret: Ty.I32 },
      { op, size: 4, okSlot: 1, boxed: false }, okOf);
    const unbox = (l: number, h: number) => (h === -1 ? l : 0x7fc00000);
    const boxed = fastFpHelper({ name: op, fn: (c: Cpu, al: number, ah: number, bl: number, bh: number) => { RET[0] = -1; return soft32(op, unbox(al, ah), unbox(bl, bh), c.fp); }, args: [Ty.I64, Ty.I64], ret: Ty.I64 },
      { op, size: 4, okSlot: 1, boxed: true }, okOf);
    for (let i = 0; i < N; i++) {
      const a = pick32(), b = pick32();
      const ref = status(); ref.flags = fpu.FLAG_NX;
      const e = soft32(op, a, b, ref);
      cpu.fp = status(); cpu.fp.flags = fpu.FLAG_NX; cpu.regs[1] = 1;
      expect([plain.fn(cpu, a, b), cpu.fp.flags]).toEqual([e, ref.flags]);
      // Boxed: sometimes badly boxed (reads as the canonical NaN).
      const ah = rnd() % 8 ? -1 : 0x1234;
      const ref2 = status(); ref2.flags = fpu.FLAG_NX;
      const e2 = soft32(op, unbox(a, ah), b, ref2);
      cpu.fp = status(); cpu.fp.flags = fpu.FLAG_NX; cpu.regs[1] = 1;
      const g2 = boxed.fn(cpu, a, ah, b, -1) as number;
      expect([g2, RET[0], cpu.fp.flags]).toEqual([e2, -1, ref2.flags]);
    }
  });
});

test('without the inexact flag or with another rounding mode the library runs', () => {
  const cpu: Cpu = { regs: new Int32Array(2), fp: FLAVOURS[0][1]() };
  const h = fastFpHelper({ name: 'add', fn: (c: Cpu, al: number, ah: number, bl: number, bh: number) => fpu.add64(al, ah, bl, bh, c.fp), args: [Ty.I64, Ty.I64], ret: Ty.I64 },
    { op: 'add', size: 8, okSlot: 1, boxed: false }, okOf);
  // 1 + 2^-60 is inexact: the library must raise NX, and then the word switches on.
  h.fn(cpu, 0, 0x3ff00000, 0, 0x3c300000);
  expect(cpu.fp.flags).toBe(fpu.FLAG_NX);
  expect(cpu.regs[1]).toBe(1);
  cpu.fp.rm = 1; // RTZ: the next slow operation switches the word off
  cpu.regs[1] = 0;
  h.fn(cpu, 0, 0x3ff00000, 0, 0x3c300000);
  expect(cpu.regs[1]).toBe(0);
});
