// Hand-written edge cases: signed zeros, subnormals, overflow per mode, ties (RNE vs RMM), NaN
// rules (RISC-V canonical, ARM propagation), fma cancellation, conversion saturation/rounding,
// tininess conventions, flush-to-zero, half precision.

import { RET } from '../../src/translate/runtime';
import * as fpu from '../../src/cpu/fpu';
import type { FpStatus } from '../../src/cpu/fpu';

const { FLAG_NX: NX, FLAG_UF: UF, FLAG_OF: OF, FLAG_DZ: DZ, FLAG_NV: NV, FLAG_ID: ID } = fpu;
const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;

const F = new Float64Array(1), I = new Int32Array(F.buffer);
const F4 = new Float32Array(1), I4 = new Int32Array(F4.buffer);
/** f64 bits as a 16-digit hex string <-> (lo, hi) */
const split = (h: string): [number, number] => {
  const v = BigInt('0x' + h);
  return [Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0];
};
const join = (lo: number, hi: number): string =>
  ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16).padStart(16, '0');
const d2h = (x: number): string => { F[0] = x; return join(I[0], I[1]); };
const f2h = (x: number): number => { F4[0] = x; return I4[0]; };
const h32 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');

function st(rm = RNE, o: Partial<FpStatus> = {}): FpStatus {
  return { ...fpu.newFpStatus(), rm, ...o };
}
const ARM = { defaultNaN: false, tininessAfterRounding: false };

type Bin64 = (alo: number, ahi: number, blo: number, bhi: number, s: FpStatus) => number;
function op64(fn: Bin64, a: string, b: string, s: FpStatus): string {
  const [alo, ahi] = split(a), [blo, bhi] = split(b);
  const lo = fn(alo, ahi, blo, bhi, s);
  return join(lo, RET[0]);
}
function fma64h(a: string, b: string, c: string, s: FpStatus): string {
  const [alo, ahi] = split(a), [blo, bhi] = split(b), [clo, chi] = split(c);
  return join(fpu.fma64(alo, ahi, blo, bhi, clo, chi, s), RET[0]);
}

const MAX64 = '7fefffffffffffff', INF64 = '7ff0000000000000', NINF64 = 'fff0000000000000';
const QNAN64 = '7ff8000000000000', SNAN64 = '7ff0000000000001', MINSUB64 = '0000000000000001';
const MINNORM64 = '0010000000000000', ONE64 = '3ff0000000000000', ZERO64 = '0000000000000000';
const NZERO64 = '8000000000000000';
const MAX32 = 0x7f7fffff, INF32 = 0x7f800000, QNAN32 = 0x7fc00000, SNAN32 = 0x7f800001;

describe('status and helpers', () => {
  test('newFpStatus is RISC-V flavoured', () => {
    expect(fpu.newFpStatus()).toEqual({ rm: 0, flags: 0, ftz: false, defaultNaN: true, tininessAfterRounding: true });
  });
  test('flag values', () => {
    expect([NX, UF, OF, DZ, NV, ID]).toEqual([1, 2, 4, 8, 16, 128]);
  });
  test('NaN predicates', () => {
    expect(fpu.isNaN32(QNAN32)).toBe(true);
    expect(fpu.isSNaN32(QNAN32)).toBe(false);
    expect(fpu.isSNaN32(SNAN32)).toBe(true);
    expect(fpu.isNaN32(INF32)).toBe(false);
    expect(fpu.isNaN32(0xffc00000 | 0)).toBe(true);
    expect(fpu.isNaN64(...split(QNAN64))).toBe(true);
    expect(fpu.isSNaN64(...split(SNAN64))).toBe(true);
    expect(fpu.isSNaN64(...split('7ff4000000000000'))).toBe(true);
    expect(fpu.isNaN64(...split(INF64))).toBe(false);
    expect(fpu.CANONICAL_NAN32).toBe(0x7fc00000);
    expect([fpu.CANONICAL_NAN64_LO, fpu.CANONICAL_NAN64_HI]).toEqual([0, 0x7ff80000]);
  });
  test('classify', () => {
    const c32 = [0xff800000 | 0, f2h(-1), 0x80000001 | 0, 0x80000000 | 0, 0, 1, f2h(1), INF32, SNAN32, QNAN32];
    expect(c32.map((x) => fpu.classify32(x))).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    const c64 = [NINF64, 'bff0000000000000', '800fffffffffffff', NZERO64, ZERO64, MINSUB64, ONE64, INF64, SNAN64, QNAN64];
    expect(c64.map((x) => fpu.classify64(...split(x)))).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
  });
});

describe('signed zeros', () => {
  test('x + (-x) is +0, except -0 in RDN', () => {
    for (const rm of [RNE, RTZ, RUP, RMM]) expect(op64(fpu.add64, ONE64, 'bff0000000000000', st(rm))).toBe(ZERO64);
    expect(op64(fpu.add64, ONE64, 'bff0000000000000', st(RDN))).toBe(NZERO64);
    expect(op64(fpu.sub64, ONE64, ONE64, st(RDN))).toBe(NZERO64);
    expect(fpu.sub32(f2h(1.5), f2h(1.5), st(RDN))).toBe(0x80000000 | 0);
    expect(fpu.sub32(f2h(1.5), f2h(1.5), st(RUP))).toBe(0);
  });
  test('zero + zero', () => {
    expect(op64(fpu.add64, NZERO64, NZERO64, st())).toBe(NZERO64);
    expect(op64(fpu.add64, ZERO64, NZERO64, st())).toBe(ZERO64);
    expect(op64(fpu.add64, ZERO64, NZERO64, st(RDN))).toBe(NZERO64);
    expect(op64(fpu.sub64, NZERO64, ZERO64, st())).toBe(NZERO64);
    expect(fpu.add32(0x80000000 | 0, 0, st(RDN))).toBe(0x80000000 | 0);
    expect(fpu.add32(0x80000000 | 0, 0, st(RNE))).toBe(0);
  });
  test('mul/div/sqrt zero signs', () => {
    expect(op64(fpu.mul64, NZERO64, ONE64, st())).toBe(NZERO64);
    expect(op64(fpu.div64, ZERO64, 'bff0000000000000', st())).toBe(NZERO64);
    expect(join(fpu.sqrt64(...split(NZERO64), st()), RET[0])).toBe(NZERO64);
    expect(fpu.sqrt32(0x80000000 | 0, st())).toBe(0x80000000 | 0);
  });
  test('fma zero sign rules', () => {
    // (+0 * 1) + (-0) = +0 (RNE), -0 (RDN); (-0 * 1) + (-0) = -0
    expect(fma64h(ZERO64, ONE64, NZERO64, st())).toBe(ZERO64);
    expect(fma64h(ZERO64, ONE64, NZERO64, st(RDN))).toBe(NZERO64);
    expect(fma64h(NZERO64, ONE64, NZERO64, st())).toBe(NZERO64);
    // exact cancellation of a nonzero product
    expect(fma64h(ONE64, ONE64, 'bff0000000000000', st())).toBe(ZERO64);
    expect(fma64h(ONE64, ONE64, 'bff0000000000000', st(RDN))).toBe(NZERO64);
    expect(fpu.fma32(f2h(2), f2h(3), f2h(-6), st(RDN))).toBe(0x80000000 | 0);
    // tiny product + zero keeps the product's sign even when it rounds to zero
    const s = st(RNE);
    expect(fma64h(MINSUB64, '3fe0000000000000', NZERO64, s)).toBe(ZERO64);
    expect(s.flags).toBe(UF | NX);
  });
});

describe('subnormals and tininess', () => {
  test('half of the smallest subnormal', () => {
    const half = '3fe0000000000000';
    const s = st(RNE);
    expect(op64(fpu.mul64, MINSUB64, half, s)).toBe(ZERO64); // tie to even: 0
    expect(s.flags).toBe(UF | NX);
    expect(op64(fpu.mul64, MINSUB64, half, st(RUP))).toBe(MINSUB64);
    expect(op64(fpu.mul64, MINSUB64, half, st(RMM))).toBe(MINSUB64);
    expect(op64(fpu.mul64, MINSUB64, half, st(RTZ))).toBe(ZERO64);
  });
  test('exact subnormal results raise nothing', () => {
    const s = st();
    expect(op64(fpu.sub64, MINNORM64, MINSUB64, s)).toBe('000fffffffffffff');
    expect(s.flags).toBe(0);
    const s2 = st();
    expect(fpu.mul32(0x00800000, f2h(0.5), s2)).toBe(0x00400000);
    expect(s2.flags).toBe(0);
  });
  test('tininess after vs before rounding', () => {
    // (1 + 2^-52) * (2^-1022 - 2^-1074) = 2^-1022 (1 - 2^-104): tiny before rounding, rounds to 2^-1022
    const a = '3ff0000000000001', b = '000fffffffffffff';
    const after = st(RNE);
    expect(op64(fpu.mul64, a, b, after)).toBe(MINNORM64);
    expect(after.flags).toBe(NX);
    const before = st(RNE, { tininessAfterRounding: false });
    expect(op64(fpu.mul64, a, b, before)).toBe(MINNORM64);
    expect(before.flags).toBe(NX | UF);
    // RTZ: the unbounded-exponent result stays below 2^-1022, so tiny either way
    const rtz = st(RTZ);
    expect(op64(fpu.mul64, a, b, rtz)).toBe('000fffffffffffff');
    expect(rtz.flags).toBe(NX | UF);
    // float32 equivalent
    const s32 = st(RNE);
    expect(fpu.mul32(0x3f800001, 0x007fffff, s32)).toBe(0x00800000);
    expect(s32.flags).toBe(NX);
    const s32b = st(RNE, { tininessAfterRounding: false });
    expect(fpu.mul32(0x3f800001, 0x007fffff, s32b)).toBe(0x00800000);
    expect(s32b.flags).toBe(NX | UF);
  });
});

describe('overflow per rounding mode', () => {
  const cases: [number, string, string][] = [
    // rm, result for +MAX*2, result for -MAX*2
    [RNE, INF64, NINF64], [RMM, INF64, NINF64], [RTZ, MAX64, 'ffefffffffffffff'],
    [RDN, MAX64, NINF64], [RUP, INF64, 'ffefffffffffffff'],
  ];
  test.each(cases)('rm=%i', (rm, pos, negr) => {
    const s = st(rm);
    expect(op64(fpu.mul64, MAX64, '4000000000000000', s)).toBe(pos);
    expect(s.flags).toBe(OF | NX);
    const s2 = st(rm);
    expect(op64(fpu.mul64, MAX64, 'c000000000000000', s2)).toBe(negr);
    expect(s2.flags).toBe(OF | NX);
    const s3 = st(rm);
    const r32 = fpu.add32(MAX32, MAX32, s3);
    expect(h32(r32)).toBe(pos === INF64 ? '7f800000' : '7f7fffff');
    expect(s3.flags).toBe(OF | NX);
  });
  test('MAX + half ulp: RNE overflows (tie to even), RTZ is merely inexact', () => {
    const halfUlp = '7c90000000000000'; // 2^970
    const s = st(RNE);
    expect(op64(fpu.add64, MAX64, halfUlp, s)).toBe(INF64);
    expect(s.flags).toBe(OF | NX);
    const s2 = st(RTZ);
    expect(op64(fpu.add64, MAX64, halfUlp, s2)).toBe(MAX64);
    expect(s2.flags).toBe(NX);
    const s3 = st(RUP);
    expect(op64(fpu.add64, MAX64, '0000000000000001', s3)).toBe(INF64);
    expect(s3.flags).toBe(OF | NX);
  });
});

describe('ties: RNE vs RMM', () => {
  test('1 + 2^-53', () => {
    const t = '3ca0000000000000';
    expect(op64(fpu.add64, ONE64, t, st(RNE))).toBe(ONE64);
    expect(op64(fpu.add64, ONE64, t, st(RMM))).toBe('3ff0000000000001');
    expect(op64(fpu.sub64, 'bff0000000000000', t, st(RMM))).toBe('bff0000000000001');
    // 1 + 3*2^-53 is a tie between 1+2^-52 (odd) and 1+2^-51 (even)
    expect(op64(fpu.add64, '3ff0000000000001', t, st(RNE))).toBe('3ff0000000000002');
    expect(op64(fpu.add64, '3ff0000000000001', t, st(RMM))).toBe('3ff0000000000002');
  });
  test('float32 ties', () => {
    expect(h32(fpu.add32(f2h(1), f2h(2 ** -24), st(RNE)))).toBe('3f800000');
    expect(h32(fpu.add32(f2h(1), f2h(2 ** -24), st(RMM)))).toBe('3f800001');
    // product tie: (1+2^-23)*(1+2^-23)... use 3 * (1+2^-23)/... exact tie via fma
    expect(h32(fpu.fma32(f2h(1), f2h(1), f2h(2 ** -24), st(RMM)))).toBe('3f800001');
  });
  test('fma64 RMM tie', () => {
    // 1*1 + 2^-53 is exactly a tie
    expect(fma64h(ONE64, ONE64, '3ca0000000000000', st(RMM))).toBe('3ff0000000000001');
    expect(fma64h(ONE64, ONE64, '3ca0000000000000', st(RNE))).toBe(ONE64);
    // just above the tie
    expect(fma64h(ONE64, ONE64, '3ca0000000000001', st(RNE))).toBe('3ff0000000000001');
  });
});

describe('invalid operations and NaNs (RISC-V)', () => {
  test('inf - inf, 0 * inf, 0/0, inf/inf, sqrt(-1) give canonical NaN + NV', () => {
    const checks: [string, () => string][] = [
      ['add', () => op64(fpu.add64, INF64, NINF64, s)],
      ['sub', () => op64(fpu.sub64, INF64, INF64, s)],
      ['mul', () => op64(fpu.mul64, ZERO64, INF64, s)],
      ['div0', () => op64(fpu.div64, ZERO64, NZERO64, s)],
      ['divinf', () => op64(fpu.div64, INF64, NINF64, s)],
      ['sqrt', () => join(fpu.sqrt64(...split('bff0000000000000'), s), RET[0])],
      ['fma', () => fma64h(INF64, ZERO64, ONE64, s)],
      ['fma2', () => fma64h(INF64, ONE64, NINF64, s)],
    ];
    let s = st();
    for (const [name, f] of checks) {
      s = st();
      expect([name, f(), s.flags]).toEqual([name, QNAN64, NV]);
    }
    const s32 = st();
    expect(fpu.add32(INF32, INF32 | 0x80000000, s32)).toBe(QNAN32);
    expect(s32.flags).toBe(NV);
  });
  test('divide by zero', () => {
    const s = st();
    expect(op64(fpu.div64, 'bff0000000000000', ZERO64, s)).toBe(NINF64);
    expect(s.flags).toBe(DZ);
    const s2 = st();
    expect(fpu.div32(f2h(1), 0x80000000 | 0, s2)).toBe(0xff800000 | 0);
    expect(s2.flags).toBe(DZ);
  });
  test('NaN operands give the canonical NaN; NV only for sNaN', () => {
    let s = st();
    expect(op64(fpu.add64, '7ff8000000000123', ONE64, s)).toBe(QNAN64);
    expect(s.flags).toBe(0);
    s = st();
    expect(op64(fpu.mul64, ONE64, 'fff0000000000123', s)).toBe(QNAN64);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.sub32(0xffc00123 | 0, f2h(1), s)).toBe(QNAN32);
    expect(s.flags).toBe(0);
  });
  test('fma: inf*0 + qNaN raises NV (RISC-V)', () => {
    const s = st();
    expect(fma64h(INF64, ZERO64, QNAN64, s)).toBe(QNAN64);
    expect(s.flags).toBe(NV);
    const s2 = st();
    expect(fpu.fma32(0, INF32, QNAN32, s2)).toBe(QNAN32);
    expect(s2.flags).toBe(NV);
  });
});

describe('ARM NaN propagation (defaultNaN=false)', () => {
  test('first sNaN (quietened) wins, else first qNaN', () => {
    let s = st(RNE, ARM);
    expect(h32(fpu.add32(0x7fc00001, 0x7f800002, s))).toBe('7fc00002');
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(h32(fpu.add32(0x7fc00001, 0xffc00002 | 0, s))).toBe('7fc00001');
    expect(s.flags).toBe(0);
    s = st(RNE, ARM);
    expect(op64(fpu.mul64, ONE64, 'fff0000000000005', s)).toBe('fff8000000000005');
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(op64(fpu.sub64, '7ff8000000000007', 'fff8000000000005', s)).toBe('7ff8000000000007');
    // sub does not flip a NaN's sign
    s = st(RNE, ARM);
    expect(op64(fpu.sub64, ONE64, '7ff8000000000005', s)).toBe('7ff8000000000005');
  });
  test('fma order is c (addend), a, b; qNaN addend with inf*0 gives default NaN + NV', () => {
    let s = st(RNE, ARM);
    expect(h32(fpu.fma32(0x7fc00001, 0x7fc00002, 0x7fc00003, s))).toBe('7fc00003');
    s = st(RNE, ARM);
    expect(h32(fpu.fma32(0x7f800001, 0x7fc00002, 0x7fc00003, s))).toBe('7fc00001');
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(h32(fpu.fma32(INF32, 0, 0x7fc00003, s))).toBe('7fc00000');
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(fma64h(INF64, ZERO64, '7ff8000000000003', s)).toBe(QNAN64);
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(fma64h(ONE64, '7ff0000000000002', '7ff8000000000003', s)).toBe('7ff8000000000002');
  });
  test('defaultNaN=true forces the canonical NaN', () => {
    const s = st(RNE, { defaultNaN: true });
    expect(fpu.add32(0x7fc00001, 0, s)).toBe(QNAN32);
  });
});

describe('fma', () => {
  test('exact error of a product (cancellation)', () => {
    const a = 1 / 3, b = 3.0000000000000004;
    const p = a * b;
    // Dekker: exact a*b - p
    const split = (x: number) => { const t = 134217729 * x; const h = t - (t - x); return [h, x - h]; };
    const [ah, al] = split(a), [bh, bl] = split(b);
    const err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    for (const rm of [RNE, RTZ, RDN, RUP, RMM]) {
      const s = st(rm);
      expect(fma64h(d2h(a), d2h(b), d2h(-p), s)).toBe(d2h(err));
      expect(s.flags).toBe(0);
    }
  });
  test('single rounding differs from mul-then-add', () => {
    // (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60, lost by separate rounding of the square in float32
    const x = f2h(1 + 2 ** -12);
    const s = st();
    const r = fpu.fma32(x, x, f2h(-1), s);
    expect(r).toBe(f2h(2 ** -11 + 2 ** -24));
    expect(s.flags).toBe(0);
    const sep = fpu.add32(fpu.mul32(x, x, st()), f2h(-1), st());
    expect(sep).toBe(f2h(2 ** -11));
  });
  test('huge operands with small result, result in subnormal range', () => {
    // 2^1000 * 2^-1000 + (-1) = 0 exactly
    expect(fma64h('7e70000000000000', '0170000000000000', 'bff0000000000000', st())).toBe(ZERO64);
    // 2^-600 * 2^-500 + 2^-1074 = 2^-1074 + 2^-1100: inexact subnormal
    const s = st(RUP);
    expect(fma64h('1a70000000000000', '20b0000000000000', MINSUB64, s)).toBe('0000000000000002');
    expect(s.flags).toBe(NX | UF);
  });
});

describe('min/max', () => {
  test('RISC-V minimumNumber/maximumNumber', () => {
    let s = st();
    expect(h32(fpu.min32(QNAN32, f2h(1), s))).toBe(h32(f2h(1)));
    expect(s.flags).toBe(0);
    s = st();
    expect(h32(fpu.max32(f2h(2), SNAN32, s))).toBe(h32(f2h(2)));
    expect(s.flags).toBe(NV);
    s = st();
    expect(h32(fpu.min32(0x7fc00005, 0x7f800001, s))).toBe('7fc00000');
    expect(s.flags).toBe(NV);
    expect(h32(fpu.min32(0, 0x80000000 | 0, st()))).toBe('80000000');
    expect(h32(fpu.max32(0x80000000 | 0, 0, st()))).toBe('00000000');
    expect(op64(fpu.min64, ZERO64, NZERO64, st())).toBe(NZERO64);
    expect(op64(fpu.max64, NZERO64, ZERO64, st())).toBe(ZERO64);
    expect(op64(fpu.max64, QNAN64, 'c000000000000000', st())).toBe('c000000000000000');
    expect(op64(fpu.min64, '7ff8000000000001', 'fff8000000000000', st())).toBe(QNAN64);
    expect(op64(fpu.min64, ONE64, '4000000000000000', st())).toBe(ONE64);
  });
  test('ARM FMIN/FMAX propagate NaNs', () => {
    const s = st(RNE, ARM);
    expect(h32(fpu.minNaN32(f2h(1), 0x7fc00005, s))).toBe('7fc00005');
    expect(s.flags).toBe(0);
    const s2 = st(RNE, ARM);
    expect(op64(fpu.maxNaN64, '7ff8000000000001', '7ff0000000000002', s2)).toBe('7ff8000000000002');
    expect(s2.flags).toBe(NV);
    expect(h32(fpu.maxNaN32(0, 0x80000000 | 0, st()))).toBe('00000000');
  });
  test('ARM FMINNM/FMAXNM: a quiet NaN loses, sNaN propagates with NV', () => {
    let s = st(RNE, ARM);
    expect(h32(fpu.minNum32(0x7fc00005, f2h(3), s))).toBe(h32(f2h(3)));
    expect(s.flags).toBe(0);
    s = st(RNE, ARM);
    expect(h32(fpu.maxNum32(f2h(3), 0xffc00005 | 0, s))).toBe(h32(f2h(3)));
    s = st(RNE, ARM);
    expect(h32(fpu.minNum32(0x7fc00005, 0x7f800006, s))).toBe('7fc00006');
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(h32(fpu.minNum32(f2h(3), 0x7f800006, s))).toBe('7fc00006');
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(op64(fpu.maxNum64, '7ff8000000000001', INF64, s)).toBe(INF64);
    expect(op64(fpu.minNum64, '7ff8000000000001', '7ff8000000000002', st(RNE, ARM))).toBe('7ff8000000000001');
  });
});

describe('comparisons', () => {
  test('eq is quiet, lt/le signal on any NaN', () => {
    let s = st();
    expect(fpu.eq32(QNAN32, QNAN32, s)).toBe(0);
    expect(s.flags).toBe(0);
    expect(fpu.eq32(SNAN32, f2h(1), s)).toBe(0);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.lt32(QNAN32, f2h(1), s)).toBe(0);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.le64(...split(ONE64), ...split(QNAN64), s)).toBe(0);
    expect(s.flags).toBe(NV);
    expect(fpu.eq64(...split(ZERO64), ...split(NZERO64), st())).toBe(1);
    expect(fpu.lt64(...split(NZERO64), ...split(ZERO64), st())).toBe(0);
    expect(fpu.le32(0x80000000 | 0, 0, st())).toBe(1);
  });
  test('cmp (ARM FCMP/FCMPE)', () => {
    let s = st();
    expect(fpu.cmp32(f2h(1), f2h(2), s, false)).toBe(0);
    expect(fpu.cmp32(f2h(2), f2h(2), s, false)).toBe(1);
    expect(fpu.cmp32(f2h(3), f2h(2), s, false)).toBe(2);
    expect(fpu.cmp32(QNAN32, f2h(2), s, false)).toBe(3);
    expect(s.flags).toBe(0);
    expect(fpu.cmp32(QNAN32, f2h(2), s, true)).toBe(3);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.cmp64(...split(SNAN64), ...split(ONE64), s, false)).toBe(3);
    expect(s.flags).toBe(NV);
    expect(fpu.cmp64(...split(NINF64), ...split(ONE64), st(), false)).toBe(0);
  });
});

describe('conversions', () => {
  const cvt = (x: number, rm: number, signed = true) => {
    const s = st(rm);
    const r = fpu.f64toi32(...split(d2h(x)), s, signed);
    return [r, s.flags];
  };
  test('float -> int rounding per mode', () => {
    expect(cvt(2.5, RNE)).toEqual([2, NX]);
    expect(cvt(3.5, RNE)).toEqual([4, NX]);
    expect(cvt(2.5, RMM)).toEqual([3, NX]);
    expect(cvt(-2.5, RMM)).toEqual([-3, NX]);
    expect(cvt(-2.5, RNE)).toEqual([-2, NX]);
    expect(cvt(-2.1, RDN)).toEqual([-3, NX]);
    expect(cvt(-2.9, RUP)).toEqual([-2, NX]);
    expect(cvt(2.9, RTZ)).toEqual([2, NX]);
    expect(cvt(7, RTZ)).toEqual([7, 0]);
  });
  test('saturation and NaN', () => {
    expect(cvt(2147483647.4, RTZ)).toEqual([2147483647, NX]);
    expect(cvt(2147483647.5, RNE)).toEqual([2147483647, NV]); // rounds to 2^31: out of range
    expect(cvt(-2147483648.9, RUP)).toEqual([-2147483648, NX]);
    expect(cvt(-2147483649, RNE)).toEqual([-2147483648, NV]);
    expect(cvt(Infinity, RNE)).toEqual([2147483647, NV]);
    expect(cvt(-Infinity, RNE)).toEqual([-2147483648, NV]);
    let s = st();
    expect(fpu.f64toi32(...split(QNAN64), s, true)).toBe(2147483647);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.f64toi32(...split(QNAN64), s, true, 'zero')).toBe(0);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.f32toi32(QNAN32, s, false)).toBe(-1); // 0xffffffff
    s = st();
    expect(fpu.f32toi64(QNAN32, s, true)).toBe(-1);
    expect(RET[0]).toBe(0x7fffffff);
    s = st();
    expect(fpu.f64toi64(...split(d2h(-1e30)), s, true)).toBe(0);
    expect(RET[0]).toBe(0x80000000 | 0);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.f64toi64(...split(d2h(1e30)), s, false)).toBe(-1);
    expect(RET[0]).toBe(-1);
  });
  test('unsigned: small negatives that round to 0 are only inexact', () => {
    expect(cvt(-0.3, RTZ, false)).toEqual([0, NX]);
    expect(cvt(-0.5, RNE, false)).toEqual([0, NX]);
    expect(cvt(-0.7, RNE, false)).toEqual([0, NV]);
    expect(cvt(-1, RTZ, false)).toEqual([0, NV]);
    expect(cvt(4294967295.2, RTZ, false)).toEqual([-1, NX]);
    expect(cvt(4294967295.5, RNE, false)).toEqual([-1, NV]);
  });
  test('64-bit results', () => {
    const s = st();
    expect(fpu.f64toi64(...split(d2h(-(2 ** 40) - 1.5)), s, true)).toBe(-2); // tie -> even
    expect(RET[0]).toBe(-257);
    expect(s.flags).toBe(NX);
    const s2 = st();
    expect(fpu.f64toi64(...split(d2h(2 ** 63)), s2, false)).toBe(0);
    expect(RET[0]).toBe(0x80000000 | 0);
    expect(s2.flags).toBe(0);
  });
  test('int -> float', () => {
    // 2^60 + 2^36 + 1: RN to double gives the float32 midpoint 2^60 + 2^36; the +1 must win
    const lo = 1, hi = 0x10000010;
    expect(h32(fpu.i64tof32(lo, hi, st(RNE), true))).toBe(h32(f2h(2 ** 60 + 2 ** 37)));
    expect(h32(fpu.i64tof32(0, hi, st(RNE), true))).toBe(h32(f2h(2 ** 60)));
    expect(h32(fpu.i64tof32(0, hi, st(RMM), true))).toBe(h32(f2h(2 ** 60 + 2 ** 37)));
    const s = st(RTZ);
    expect(join(fpu.i64tof64(-1, 0x7fffffff, s, true), RET[0])).toBe('43dfffffffffffff');
    expect(s.flags).toBe(NX);
    expect(join(fpu.i64tof64(-1, -1, st(), false), RET[0])).toBe('43f0000000000000');
    expect(join(fpu.i64tof64(-1, -1, st(), true), RET[0])).toBe('bff0000000000000');
    expect(h32(fpu.i32tof32(-1, st(), false))).toBe('4f800000');
    expect(h32(fpu.i32tof32(0x7fffffff, st(RDN), true))).toBe('4effffff');
    expect(join(fpu.i32tof64(-5, st(), true), RET[0])).toBe(d2h(-5));
  });
  test('f64 <-> f32', () => {
    const s = st();
    expect(h32(fpu.f64to32(...split(d2h(0.1)), s))).toBe(h32(f2h(0.1)));
    expect(s.flags).toBe(NX);
    const s2 = st(RTZ);
    expect(h32(fpu.f64to32(...split(d2h(1e39)), s2))).toBe('7f7fffff');
    expect(s2.flags).toBe(OF | NX);
    const s3 = st();
    expect(h32(fpu.f64to32(...split(d2h(2 ** -150)), s3))).toBe('00000000');
    expect(s3.flags).toBe(UF | NX);
    expect(h32(fpu.f64to32(...split(d2h(2 ** -150 * 1.5)), st()))).toBe('00000001');
    // NaN narrowing (ARM) keeps the top payload bits and quietens
    const s4 = st(RNE, ARM);
    expect(h32(fpu.f64to32(...split('fff4000020000000'), s4))).toBe('ffe00001');
    expect(s4.flags).toBe(NV);
    expect(join(fpu.f32to64(0x7f800001, st(RNE, ARM)), RET[0])).toBe('7ff8000020000000');
    expect(join(fpu.f32to64(0x7f800001, st()), RET[0])).toBe(QNAN64);
    expect(join(fpu.f32to64(0x00000001, st()), RET[0])).toBe(d2h(2 ** -149));
  });
});

describe('round to integral', () => {
  const ri = (x: number, rm: number, exact = true): [string, number] => {
    const s = st(rm);
    return [join(fpu.roundInt64(...split(d2h(x)), s, exact), RET[0]), s.flags];
  };
  test('modes, signs, flags', () => {
    expect(ri(2.5, RNE)).toEqual([d2h(2), NX]);
    expect(ri(2.5, RMM)).toEqual([d2h(3), NX]);
    expect(ri(-0.3, RNE)).toEqual([NZERO64, NX]);
    expect(ri(-0.3, RDN)).toEqual([d2h(-1), NX]);
    expect(ri(0.3, RUP, false)).toEqual([d2h(1), 0]);
    expect(ri(-7, RUP)).toEqual([d2h(-7), 0]);
    expect(ri(2 ** 60 + 2 ** 8, RTZ)).toEqual([d2h(2 ** 60 + 2 ** 8), 0]);
    const s = st(RTZ);
    expect(h32(fpu.roundInt32(f2h(-1.75), s, true))).toBe(h32(f2h(-1)));
    expect(s.flags).toBe(NX);
    const s2 = st();
    expect(h32(fpu.roundInt32(SNAN32, s2, false))).toBe('7fc00000');
    expect(s2.flags).toBe(NV);
  });
});

describe('flush to zero (ARM FZ)', () => {
  const FZ = { ftz: true, defaultNaN: false, tininessAfterRounding: false };
  test('denormal inputs are flushed with ID', () => {
    const s = st(RNE, FZ);
    expect(op64(fpu.add64, MINSUB64, ONE64, s)).toBe(ONE64);
    expect(s.flags).toBe(ID);
    const s2 = st(RNE, FZ);
    expect(h32(fpu.mul32(0x80000001 | 0, f2h(2), s2))).toBe('80000000');
    expect(s2.flags).toBe(ID);
  });
  test('tiny results are flushed with UF only (before-rounding check)', () => {
    const s = st(RNE, FZ);
    expect(op64(fpu.mul64, MINNORM64, '3fe0000000000000', s)).toBe(ZERO64);
    expect(s.flags).toBe(UF);
    // would round up to the smallest normal, still flushed (tiny before rounding)
    const s2 = st(RNE, FZ);
    expect(op64(fpu.mul64, '3ff0000000000001', '001fffffffffffff', s2)).not.toBe(ZERO64);
    const s3 = st(RNE, FZ);
    // (1 - 2^-53) * 2^-1022 rounds (tie, even) up to 2^-1022 but is tiny before rounding
    expect(op64(fpu.mul64, '3fefffffffffffff', MINNORM64, st())).toBe(MINNORM64);
    expect(op64(fpu.mul64, '3fefffffffffffff', MINNORM64, s3)).toBe(ZERO64);
    expect(s3.flags).toBe(UF);
    const s4 = st(RNE, FZ);
    expect(h32(fpu.sub32(0x00800001, 0x00800000, s4))).toBe('00000000');
    expect(s4.flags).toBe(UF);
  });
});

describe('half precision', () => {
  test('basic conversions', () => {
    expect(fpu.f32to16(f2h(1), st())).toBe(0x3c00);
    expect(fpu.f32to16(f2h(-2), st())).toBe(0xc000);
    expect(h32(fpu.f16to32(0x3c00, st()))).toBe('3f800000');
    expect(h32(fpu.f16to32(0x0001, st()))).toBe(h32(f2h(2 ** -24)));
    expect(join(fpu.f16to64(0x7bff, st()), RET[0])).toBe(d2h(65504));
    expect(fpu.f64to16(...split(d2h(2 ** -25)), st())).toBe(0); // tie to even
    expect(fpu.f64to16(...split(d2h(2 ** -25)), st(RMM))).toBe(1);
  });
  test('overflow and NaN', () => {
    let s = st();
    expect(fpu.f32to16(f2h(65520), s)).toBe(0x7c00);
    expect(s.flags).toBe(OF | NX);
    s = st(RTZ); // rounds to 65504 even with an unbounded exponent: no overflow
    expect(fpu.f32to16(f2h(65520), s)).toBe(0x7bff);
    expect(s.flags).toBe(NX);
    s = st(RTZ);
    expect(fpu.f32to16(f2h(65536), s)).toBe(0x7bff);
    expect(s.flags).toBe(OF | NX);
    s = st();
    expect(fpu.f32to16(SNAN32, s)).toBe(0x7e00);
    expect(s.flags).toBe(NV);
    s = st(RNE, ARM);
    expect(fpu.f32to16(0xffc02000 | 0, s)).toBe(0xfe01);
    s = st();
    expect(h32(fpu.f16to32(0x7c01, s))).toBe('7fc00000');
    expect(s.flags).toBe(NV);
  });
  test('ARM alternative half precision', () => {
    expect(h32(fpu.f16to32(0x7c00, st(), true))).toBe(h32(f2h(65536)));
    expect(h32(fpu.f16to32(0x7fff, st(), true))).toBe(h32(f2h(131008)));
    let s = st();
    expect(fpu.f32to16(f2h(65536), s, true)).toBe(0x7c00);
    expect(s.flags).toBe(0);
    s = st();
    expect(fpu.f32to16(INF32, s, true)).toBe(0x7fff);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.f32to16(0xffc00000 | 0, s, true)).toBe(0x8000);
    expect(s.flags).toBe(NV);
    s = st();
    expect(fpu.f32to16(f2h(1e6), s, true)).toBe(0x7fff);
    expect(s.flags).toBe(NV);
  });
});
