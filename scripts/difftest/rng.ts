// A small seeded PRNG (xoshiro128**): the same seed gives the same programs on every host.

export class Rng {
  private s: Uint32Array;
  constructor(seed: number) {
    this.s = new Uint32Array(4);
    // splitmix32 expands the seed so nearby seeds give unrelated streams
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (!(this.s[0] | this.s[1] | this.s[2] | this.s[3])) this.s[0] = 1;
  }
  u32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = rotl(s[3], 11);
    return r;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number { return Math.floor((this.u32() / 0x1_0000_0000) * n); }
  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
  chance(p: number): boolean { return this.u32() / 0x1_0000_0000 < p; }
  bytes(n: number): Uint8Array { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = this.u32() & 255; return b; }
  /**
   * A 64-bit value biased towards the edge cases instructions get wrong: 0, ±1,
   * sign boundaries, small numbers, and interesting floating-point bit patterns.
   */
  interesting64(): bigint {
    const k = this.int(16);
    const r = (BigInt(this.u32()) << 32n) | BigInt(this.u32());
    switch (k) {
      case 0: return 0n;
      case 1: return 0xffff_ffff_ffff_ffffn;
      case 2: return BigInt(this.range(0, 64));
      case 3: return this.pick([0x8000_0000_0000_0000n, 0x7fff_ffff_ffff_ffffn, 0x8000_0000n, 0x7fff_ffffn, 0xffff_ffffn, 0xffff_ffff_8000_0000n]);
      case 4: return BigInt.asUintN(64, -BigInt(this.range(1, 64)));
      case 5: // f64 specials: ±0, ±inf, NaNs, denormals, 1.0, max
        return this.pick([0x8000_0000_0000_0000n, 0x7ff0_0000_0000_0000n, 0xfff0_0000_0000_0000n, 0x7ff8_0000_0000_0000n,
          0x7ff4_0000_0000_0000n, 0x0000_0000_0000_0001n, 0x000f_ffff_ffff_ffffn, 0x3ff0_0000_0000_0000n, 0x7fef_ffff_ffff_ffffn,
          0x4330_0000_0000_0000n, 0x43e0_0000_0000_0000n, 0xc3e0_0000_0000_0000n, 0x41e0_0000_0000_0000n]);
      case 6: { // NaN-boxed / paired f32 specials
        const f = (): bigint => this.pick([0n, 0x8000_0000n, 0x7f80_0000n, 0xff80_0000n, 0x7fc0_0000n, 0x7fa0_0000n, 0x1n, 0x007f_ffffn,
          0x3f80_0000n, 0x4f00_0000n, 0xcf00_0000n, 0x5f00_0000n, 0x7f7f_ffffn, BigInt(this.u32())]);
        return this.chance(0.5) ? (0xffff_ffffn << 32n) | f() : (f() << 32n) | f();
      }
      case 7: { // a random finite double of moderate magnitude (exercises rounding)
        const e = BigInt(this.range(0x3c0, 0x440));
        return (BigInt(this.int(2)) << 63n) | (e << 52n) | (r & 0xf_ffff_ffff_ffffn);
      }
      case 8: { // a random finite float pair of moderate magnitude
        const f = (): bigint => (BigInt(this.int(2)) << 31n) | (BigInt(this.range(0x60, 0xa0)) << 23n) | BigInt(this.u32() & 0x7fffff);
        return (f() << 32n) | f();
      }
      default: return r;
    }
  }
}

function rotl(x: number, k: number): number { return ((x << k) | (x >>> (32 - k))) >>> 0; }
