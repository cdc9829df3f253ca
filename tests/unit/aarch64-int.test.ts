// A64 integer data processing against a BigInt reference model: results and NZCV
// for add/sub/adc/sbc/logic in both widths, shifted and extended operands,
// multiply/divide, variable shifts and the one-source ops.

import { Exit, runner, SVC, s32, s64, u32, u64 } from './aarch64-harness';

const MASK = (n: number) => (1n << BigInt(n)) - 1n;
const sx = (v: bigint, n: number) => BigInt.asIntN(n, v);
const ux = (v: bigint, n: number) => BigInt.asUintN(n, v);

/** Arm AddWithCarry: result and NZCV (bits 3..0). */
function addWithCarry(x: bigint, y: bigint, carry: bigint, n: number): [bigint, number] {
  const us = ux(x, n) + ux(y, n) + carry;
  const ss = sx(x, n) + sx(y, n) + carry;
  const r = ux(us, n);
  const N = (r >> BigInt(n - 1)) & 1n ? 8 : 0;
  const Z = r === 0n ? 4 : 0;
  const C = r !== us ? 2 : 0;
  const V = sx(r, n) !== ss ? 1 : 0;
  return [r, N | Z | C | V];
}
function logicFlags(r: bigint, n: number): number {
  return (((r >> BigInt(n - 1)) & 1n) ? 8 : 0) | (ux(r, n) === 0n ? 4 : 0);
}

type Ref = (a: bigint, b: bigint, c: bigint) => [bigint, number?];
const FLAGS: [string, number, number, Ref][] = [
  ['adds x', 0xab020020, 64, (a, b) => addWithCarry(a, b, 0n, 64)],
  ['subs x', 0xeb020020, 64, (a, b) => addWithCarry(a, ~b, 1n, 64)],
  ['adds w', 0x2b020020, 32, (a, b) => addWithCarry(a, b, 0n, 32)],
  ['subs w', 0x6b020020, 32, (a, b) => addWithCarry(a, ~b, 1n, 32)],
  ['adcs x', 0xba020020, 64, (a, b, c) => addWithCarry(a, b, c, 64)],
  ['sbcs x', 0xfa020020, 64, (a, b, c) => addWithCarry(a, ~b, c, 64)],
  ['adcs w', 0x3a020020, 32, (a, b, c) => addWithCarry(a, b, c, 32)],
  ['sbcs w', 0x7a020020, 32, (a, b, c) => addWithCarry(a, ~b, c, 32)],
  ['ands x', 0xea020020, 64, (a, b) => [ux(a & b, 64), logicFlags(a & b, 64)]],
  ['ands w', 0x6a020020, 32, (a, b) => [ux(a & b, 32), logicFlags(a & b, 32)]],
  ['bics x', 0xea220020, 64, (a, b) => [ux(a & ~b, 64), logicFlags(a & ~b, 64)]],
];

const shr = (v: bigint, n: number, s: bigint) => ux(v, n) >> (s % BigInt(n));
const sar = (v: bigint, n: number, s: bigint) => ux(sx(v, n) >> (s % BigInt(n)), n);
const ror = (v: bigint, n: number, s: bigint) => { const k = s % BigInt(n); return ux((ux(v, n) >> k) | (v << (BigInt(n) - k)), n); };
const rbit = (v: bigint, n: number) => { let r = 0n; for (let i = 0; i < n; i++) if ((v >> BigInt(i)) & 1n) r |= 1n << BigInt(n - 1 - i); return r; };
const bswap = (v: bigint, n: number) => { let r = 0n; for (let i = 0; i < n; i += 8) r |= ((v >> BigInt(i)) & 0xffn) << BigInt(n - 8 - i); return r; };
const clz = (v: bigint, n: number) => { v = ux(v, n); let k = 0; for (let i = n - 1; i >= 0 && !((v >> BigInt(i)) & 1n); i--) k++; return BigInt(k); };
const cls = (v: bigint, n: number) => { const s = (v >> BigInt(n - 1)) & 1n; let k = 0; for (let i = n - 2; i >= 0 && ((v >> BigInt(i)) & 1n) === s; i--) k++; return BigInt(k); };
const perHalf = (v: bigint, n: number, f: (x: bigint, k: number) => bigint, k: number) => {
  let r = 0n; for (let i = 0; i < n; i += k) r |= f((v >> BigInt(i)) & MASK(k), k) << BigInt(i); return r;
};

const PLAIN: [string, number, Ref][] = [
  ['add x, lsl #7', 0x8b021c20, (a, b) => [u64(a + (b << 7n))]],
  ['sub w, asr #3', 0x4b820c20, (a, b) => [u32(a - (s32(b) >> 3n))]],
  ['orr x, ror #13', 0xaac23420, (a, b) => [u64(a | ror(b, 64, 13n))]],
  ['eon x, lsr #60', 0xca62f020, (a, b) => [u64(a ^ ~(u64(b) >> 60n))]],
  ['orn w', 0x2a220020, (a, b) => [u32(a | ~b)]],
  ['add x, sxtw #2', 0x8b22c820, (a, b) => [u64(a + (s32(b) << 2n))]],
  ['add w, sxth #1', 0x0b22a420, (a, b) => [u32(a + (BigInt.asIntN(16, b) << 1n))]],
  ['mul x', 0x9b027c20, (a, b) => [u64(a * b)]],
  ['madd w', 0x1b020c20, (a, b, c) => [u32(a * b + c)]],
  ['msub x', 0x9b028c20, (a, b, c) => [u64(c - a * b)]],
  ['smaddl', 0x9b220c20, (a, b, c) => [u64(s32(a) * s32(b) + c)]],
  ['umsubl', 0x9ba28c20, (a, b, c) => [u64(c - u32(a) * u32(b))]],
  ['smulh', 0x9b427c20, (a, b) => [u64((s64(a) * s64(b)) >> 64n)]],
  ['umulh', 0x9bc27c20, (a, b) => [u64((u64(a) * u64(b)) >> 64n)]],
  ['udiv x', 0x9ac20820, (a, b) => [u64(b) === 0n ? 0n : u64(a) / u64(b)]],
  ['sdiv x', 0x9ac20c20, (a, b) => [s64(b) === 0n ? 0n : u64(s64(a) / s64(b))]],
  ['udiv w', 0x1ac20820, (a, b) => [u32(b) === 0n ? 0n : u32(a) / u32(b)]],
  ['sdiv w', 0x1ac20c20, (a, b) => [s32(b) === 0n ? 0n : u32(s32(a) / s32(b))]],
  ['lsl x', 0x9ac22020, (a, b) => [u64(a << (u64(b) % 64n))]],
  ['lsr x', 0x9ac22420, (a, b) => [shr(a, 64, u64(b))]],
  ['asr x', 0x9ac22820, (a, b) => [sar(a, 64, u64(b))]],
  ['ror x', 0x9ac22c20, (a, b) => [ror(a, 64, u64(b))]],
  ['lsl w', 0x1ac22020, (a, b) => [u32(a << (u64(b) % 32n))]],
  ['lsr w', 0x1ac22420, (a, b) => [shr(a, 32, u64(b))]],
  ['asr w', 0x1ac22820, (a, b) => [sar(a, 32, u64(b))]],
  ['ror w', 0x1ac22c20, (a, b) => [ror(a, 32, u64(b))]],
  ['rbit x', 0xdac00020, (a) => [rbit(u64(a), 64)]],
  ['rbit w', 0x5ac00020, (a) => [rbit(u32(a), 32)]],
  ['rev16 x', 0xdac00420, (a) => [perHalf(u64(a), 64, bswap, 16)]],
  ['rev16 w', 0x5ac00420, (a) => [perHalf(u32(a), 32, bswap, 16)]],
  ['rev32 x', 0xdac00820, (a) => [perHalf(u64(a), 64, bswap, 32)]],
  ['rev w', 0x5ac00820, (a) => [bswap(u32(a), 32)]],
  ['rev x', 0xdac00c20, (a) => [bswap(u64(a), 64)]],
  ['clz x', 0xdac01020, (a) => [clz(a, 64)]],
  ['clz w', 0x5ac01020, (a) => [clz(a, 32)]],
  ['cls x', 0xdac01420, (a) => [cls(a, 64)]],
  ['cls w', 0x5ac01420, (a) => [cls(a, 32)]],
];

const MIN64 = -(1n << 63n);
const VALUES: bigint[] = [0n, 1n, 2n, 3n, -1n, -2n, 7n, -7n, 31n, 32n, 63n, 64n, 65n, MIN64, MIN64 - 1n, 0x7fffffffn, 0x80000000n,
  -0x80000000n, 0xffffffffn, 0x100000000n, 0x123456789abcdef0n, -0x123456789abcdefn, 0xdeadbeefn, 1n << 53n, 0x8000n, 0xffffn];

// Deterministic pseudo-random 64-bit values.
let seed = 12345n;
function rnd(): bigint {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) & MASK(64);
  const v = seed ^ (seed >> 29n);
  const shape = Number(v & 7n);
  return shape === 0 ? sx(v, 8) : shape === 1 ? ux(v, 32) : shape === 2 ? sx(v, 33) : v;
}
const PAIRS: [bigint, bigint][] = [];
for (const a of VALUES) for (const b of VALUES) PAIRS.push([a, b]);
for (let i = 0; i < 400; i++) PAIRS.push([rnd(), rnd()]);

describe('flag-setting ops match AddWithCarry', () => {
  test.each(FLAGS)('%s', (name, word, _n, ref) => {
    const go = runner([word, SVC]);
    for (const [a, b] of PAIRS) for (const cin of [0n, 1n]) {
      const { cpu, exit } = go((c) => { c.setX(1, a); c.setX(2, b); c.setX(0, 0x5555n); c.nzcv = cin ? 0x20000000 : 0; });
      expect(exit).toBe(Exit.Syscall);
      const [r, f] = ref(a, b, cin);
      const got = u64(cpu.getX(0)), nzcv = cpu.nzcv >>> 28;
      if (got !== r || nzcv !== f) throw new Error(`${name}(${a}, ${b}, c=${cin}) = ${got.toString(16)} nzcv=${nzcv}, want ${r.toString(16)} nzcv=${f}`);
    }
  });
});

describe('non-flag ops match the reference', () => {
  test.each(PLAIN)('%s', (name, word, ref) => {
    const go = runner([word, SVC]);
    for (const [a, b] of PAIRS) {
      const c3 = a ^ (b << 3n);
      const { cpu } = go((c) => { c.setX(1, a); c.setX(2, b); c.setX(3, c3); c.setX(0, -1n); c.nzcv = 0x90000000; });
      const [r] = ref(a, b, c3);
      const got = u64(cpu.getX(0));
      if (got !== r) throw new Error(`${name}(${a}, ${b}, ${c3}) = ${got.toString(16)}, want ${r.toString(16)}`);
      expect(cpu.nzcv).toBe(0x90000000);
    }
  });
});
