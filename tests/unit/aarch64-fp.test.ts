// Scalar FP: arithmetic against host doubles/floats (round to nearest), NaN
// propagation and default NaN, FPCR rounding modes, FPSR flags, compares into
// NZCV, conversions (precision, integer, fixed point), FRINT*, FMOV forms.

import { dis, Exit, run, SVC, u64 } from './aarch64-harness';

const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]);
const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0];
const asF32 = (b: bigint) => new Float32Array(new Uint32Array([Number(b & 0xffffffffn)]).buffer)[0];
const asF64 = (b: bigint) => new Float64Array(new BigUint64Array([BigInt.asUintN(64, b)]).buffer)[0];

function exec(words: number[], init: (c: import('../../src/cpu/aarch64').Aarch64Cpu) => void) {
  const r = run([...words, SVC], init);
  expect(r.exit).toBe(Exit.Syscall);
  return r.cpu;
}

const VALS = [0, -0, 1, -1, 0.1, -2.5, 3.75, 1e10, -1e-10, 123456.789, Infinity, -Infinity, 2 ** -130, 2 ** 100, 1 / 3];

describe('arithmetic matches the host (round to nearest even)', () => {
  const ops: [number, number, string, (a: number, b: number) => number][] = [
    [0x1e222820, 0x1e622820, 'fadd', (a, b) => a + b],
    [0x1e223820, 0x1e623820, 'fsub', (a, b) => a - b],
    [0x1e220820, 0x1e620820, 'fmul', (a, b) => a * b],
    [0x1e221820, 0x1e621820, 'fdiv', (a, b) => a / b],
    [0x1e228820, 0x1e628820, 'fnmul', (a, b) => -(a * b)],
  ];
  test.each(ops)('%#: %s', (ws, wd, name, f) => {
    expect(dis(ws)).toBe(`${name} s0, s1, s2`);
    for (const a of VALS) for (const b of VALS) {
      const cs = exec([ws], (c) => { c.setV(1, f32(a)); c.setV(2, f32(b)); c.setV(0, -1n); });
      const want32 = Math.fround(f(Math.fround(a), Math.fround(b)));
      if (!Number.isNaN(want32)) expect(cs.getV(0)).toBe(f32(want32));
      const cd = exec([wd], (c) => { c.setV(1, f64(a)); c.setV(2, f64(b)); });
      const want64 = f(a, b);
      if (!Number.isNaN(want64)) expect(cd.getV(0)).toBe(f64(want64));
      else expect(cd.getV(0)).toBe(name === 'fnmul' ? 0xfff8000000000000n : 0x7ff8000000000000n); // ARM default NaN (fnmul negates it)
    }
  });
});

test('NaN results: ARM default NaN for invalid operations, propagation of operand NaNs, FPCR.DN', () => {
  // inf - inf → default NaN 0x7fc00000 and IOC
  let c = exec([0x1e223820], (c) => { c.setV(1, f32(Infinity)); c.setV(2, f32(Infinity)); });
  expect(c.getV(0)).toBe(0x7fc00000n);
  expect(c.fpsr & 1).toBe(1);
  // sNaN operand is quietened and propagated
  c = exec([0x1e222820], (c) => { c.setV(1, 1n); c.setV(2, 0x7f800001n); });
  expect(c.getV(0)).toBe(0x7fc00001n);
  // qNaN first operand wins over second
  c = exec([0x1e622820], (c) => { c.setV(1, 0x7ff8000000000123n); c.setV(2, 0xfff8000000000456n); });
  expect(c.getV(0)).toBe(0x7ff8000000000123n);
  // DN: default NaN
  c = exec([0x1e622820], (c) => { c.fpcr = 1 << 25; c.setV(1, 0x7ff8000000000123n); c.setV(2, f64(1)); });
  expect(c.getV(0)).toBe(0x7ff8000000000000n);
});

test('fused multiply-add family', () => {
  const [n, m, a] = [1.5, -3.25, 10.125];
  const cases: [number, number][] = [[0x1f420c20, a + n * m], [0x1f428c20, a - n * m], [0x1f620c20, -a - n * m], [0x1f628c20, -a + n * m]];
  for (const [w, want] of cases) {
    const c = exec([w], (c) => { c.setV(1, f64(n)); c.setV(2, f64(m)); c.setV(3, f64(a)); });
    expect(asF64(c.getV(0))).toBe(want);
  }
  // single rounding: fma(x, y, -x*y rounded) recovers the rounding error
  const x = 1 + 2 ** -20, p = Math.fround(x * x);
  const c = exec([0x1f028c20], (c) => { c.setV(1, f32(x)); c.setV(2, f32(x)); c.setV(3, f32(p)); }); // fmsub s0 = s3 - s1*s2
  expect(asF32(c.getV(0))).toBe(Math.fround(p - x * x));
  expect(dis(0x1f620c20)).toBe('fnmadd d0, d1, d2, d3');
});

test('one-source: fabs, fneg, fsqrt, fmov; writes zero the upper bits', () => {
  let c = exec([0x1e20c020], (c) => { c.setV(1, f32(-2)); c.setV(0, -1n); });
  expect(c.getV(0)).toBe(f32(2));
  c = exec([0x1e614020], (c) => c.setV(1, f64(3)));
  expect(c.getV(0)).toBe(f64(-3));
  c = exec([0x1e61c020], (c) => c.setV(1, f64(2)));
  expect(asF64(c.getV(0))).toBe(Math.SQRT2);
  c = exec([0x1e204020], (c) => { c.setV(1, (5n << 64n) | f32(7)); c.setV(0, -1n); });
  expect(c.getV(0)).toBe(f32(7));
});

test('precision conversions incl. half', () => {
  let c = exec([0x1e22c020], (c) => c.setV(1, f32(0.1)));
  expect(asF64(c.getV(0))).toBe(Math.fround(0.1));
  c = exec([0x1e624020], (c) => c.setV(1, f64(0.1)));
  expect(c.getV(0)).toBe(f32(0.1));
  c = exec([0x1e23c020], (c) => c.setV(1, f32(1.5)));
  expect(c.getV(0)).toBe(0x3e00n);
  c = exec([0x1ee24020], (c) => c.setV(1, 0xc000n)); // h1 = -2
  expect(c.getV(0)).toBe(f32(-2));
  c = exec([0x1ee2c020], (c) => c.setV(1, 0x7bffn)); // 65504
  expect(asF64(c.getV(0))).toBe(65504);
  c = exec([0x1e63c020], (c) => c.setV(1, f64(1e6))); // overflow → inf, OFC|IXC
  expect(c.getV(0)).toBe(0x7c00n);
  expect(c.fpsr & 0x14).toBe(0x14);
  expect(dis(0x1ee2c020)).toBe('fcvt d0, h1');
});

test('frint* rounding variants', () => {
  const words = [0x1e244020, 0x1e64c020, 0x1e254020, 0x1e65c020, 0x1e264020, 0x1e674020, 0x1e27c020];
  const names = ['frintn s0, s1', 'frintp d0, d1', 'frintm s0, s1', 'frintz d0, d1', 'frinta s0, s1', 'frintx d0, d1', 'frinti s0, s1'];
  const refs: ((x: number) => number)[] = [
    (x) => { const r = Math.round(x); return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r; },
    Math.ceil, Math.floor, Math.trunc, (x) => Math.sign(x) * Math.round(Math.abs(x)),
    (x) => { const r = Math.round(x); return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r; },
    (x) => { const r = Math.round(x); return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r; },
  ];
  words.forEach((w, i) => {
    expect(dis(w)).toBe(names[i]);
    const d = (w & 0x400000) !== 0;
    for (const x of [0.5, 1.5, 2.5, -0.5, -1.5, -2.7, 2.3, -0.3, 1e20, 7]) {
      const c = exec([w], (c) => c.setV(1, d ? f64(x) : f32(x)));
      const got = d ? asF64(c.getV(0)) : asF32(c.getV(0));
      const xr = d ? x : Math.fround(x);
      const want = refs[i](xr) === 0 ? (x < 0 ? -0 : 0) : refs[i](xr);
      if (!Object.is(got, want)) throw new Error(`${names[i]} ${x}: ${got} want ${want}`);
      if (i === 5) expect(c.fpsr & 16).toBe(Number.isInteger(x) ? 0 : 16);
    }
  });
});

test('fcmp/fcmpe set NZCV; fccmp; fcsel', () => {
  const cmp = (w: number, a: bigint, b: bigint) => exec([w], (c) => { c.setV(1, a); c.setV(2, b); }).nzcv >>> 28;
  expect(cmp(0x1e222020, f32(1), f32(2))).toBe(0b1000);
  expect(cmp(0x1e222020, f32(2), f32(2))).toBe(0b0110);
  expect(cmp(0x1e222020, f32(3), f32(2))).toBe(0b0010);
  expect(cmp(0x1e222020, 0x7fc00000n, f32(2))).toBe(0b0011);
  let c = exec([0x1e222020], (c) => { c.setV(1, 0x7fc00000n); c.setV(2, f32(2)); });
  expect(c.fpsr & 1).toBe(0); // quiet compare
  c = exec([0x1e622030], (c) => { c.setV(1, 0x7ff8000000000000n); c.setV(2, f64(2)); });
  expect(c.fpsr & 1).toBe(1); // fcmpe signals
  expect(cmp(0x1e602028, f64(-0), 0n)).toBe(0b0110); // fcmp d1, #0.0
  // fccmp s1, s2, #4, ne: with Z set (eq) → nzcv = 4; with Z clear → compare
  c = exec([0x1e221424], (c) => { c.nzcv = 0x40000000; c.setV(1, f32(1)); c.setV(2, f32(2)); });
  expect(c.nzcv >>> 28).toBe(4);
  c = exec([0x1e221424], (c) => { c.nzcv = 0; c.setV(1, f32(1)); c.setV(2, f32(2)); });
  expect(c.nzcv >>> 28).toBe(8);
  // fcsel d0, d1, d2, gt after fcmp
  c = exec([0x1e622020, 0x1e62cc20], (c) => { c.setV(1, f64(5)); c.setV(2, f64(4)); });
  expect(c.getV(0)).toBe(f64(5));
  c = exec([0x1e622020, 0x1e62cc20], (c) => { c.setV(1, f64(3)); c.setV(2, f64(4)); });
  expect(c.getV(0)).toBe(f64(4));
  expect(dis(0x1e221424)).toBe('fccmp s1, s2, #0x4, ne');
  expect(dis(0x1e602028)).toBe('fcmp d1, #0.0');
});

test('fmov immediate', () => {
  const cases: [number, string, bigint][] = [
    [0x1e2e1000, 'fmov s0, #1.000000000000000000e+00', f32(1)],
    [0x1e709000, 'fmov d0, #-2.500000000000000000e+00', f64(-2.5)],
    [0x1e281000, 'fmov s0, #1.250000000000000000e-01', f32(0.125)],
    [0x1e67f000, 'fmov d0, #3.100000000000000000e+01', f64(31)],
  ];
  for (const [w, text, want] of cases) {
    expect(dis(w)).toBe(text);
    expect(exec([w], (c) => c.setV(0, -1n)).getV(0)).toBe(want);
  }
});

test('float → integer conversions: rounding, saturation, NaN → 0', () => {
  const cases: [number, string, number, bigint][] = [
    [0x1e380020, 'fcvtzs w0, s1', -2.7, u64(-2n) & 0xffffffffn],
    [0x9e780020, 'fcvtzs x0, d1', -1e30, 0x8000000000000000n],
    [0x1e790020, 'fcvtzu w0, d1', -5, 0n],
    [0x9e390020, 'fcvtzu x0, s1', 1e30, 0xffffffffffffffffn],
    [0x9e600020, 'fcvtns x0, d1', 2.5, 2n],
    [0x1e240020, 'fcvtas w0, s1', 2.5, 3n],
    [0x9e650020, 'fcvtau x0, d1', 3.5, 4n],
    [0x1e700020, 'fcvtms w0, d1', -0.5, 0xffffffffn],
    [0x9e280020, 'fcvtps x0, s1', 0.25, 1n],
    [0x1e380020, 'fcvtzs w0, s1', NaN, 0n],
  ];
  for (const [w, text, x, want] of cases) {
    expect(dis(w)).toBe(text);
    const d = ((w >>> 22) & 3) === 1;
    const c = exec([w], (c) => { c.setV(1, d ? f64(x) : f32(x)); c.setX(0, -1n); });
    expect(u64(c.getX(0))).toBe(want);
  }
});

test('integer → float, fixed point, fmov between register files', () => {
  let c = exec([0x1e220020], (c) => c.setX(1, -7n)); // scvtf s0, w1
  expect(c.getV(0)).toBe(f32(-7));
  c = exec([0x9e620020], (c) => c.setX(1, (1n << 53n) + 1n)); // scvtf d0, x1: rounds
  expect(asF64(c.getV(0))).toBe(2 ** 53);
  expect(c.fpsr & 16).toBe(16);
  c = exec([0x9e230020], (c) => c.setX(1, -1n)); // ucvtf s0, x1
  expect(asF32(c.getV(0))).toBe(2 ** 64);
  c = exec([0x1e630020], (c) => c.setX(1, 0xffffffffn)); // ucvtf d0, w1
  expect(asF64(c.getV(0))).toBe(4294967295);
  c = exec([0x1e18c020], (c) => c.setV(1, f32(1.5))); // fcvtzs w0, s1, #16
  expect(c.getX(0)).toBe(0x18000n);
  c = exec([0x9e598020], (c) => c.setV(1, f64(2.25))); // fcvtzu x0, d1, #32
  expect(c.getX(0)).toBe(0x240000000n);
  c = exec([0x9e42e020], (c) => c.setX(1, 0x180n)); // scvtf d0, x1, #8
  expect(asF64(c.getV(0))).toBe(1.5);
  c = exec([0x1e038420], (c) => c.setX(1, 0x80000000n)); // ucvtf s0, w1, #31
  expect(asF32(c.getV(0))).toBe(1);
  c = exec([0x1e260020, 0x9e660022], (c) => c.setV(1, 0x1122334455667788n)); // fmov w0, s1; fmov x2, d1
  expect([c.getX(0), c.getX(2)]).toEqual([0x55667788n, 0x1122334455667788n]);
  c = exec([0x1e270020], (c) => { c.setX(1, 0x1122334455667788n); c.setV(0, -1n); }); // fmov s0, w1
  expect(c.getV(0)).toBe(0x55667788n);
  c = exec([0x9eae0020, 0x9eaf0022], (c) => { c.setV(1, 0xaaaan << 64n); c.setX(1, 0x77n); c.setV(2, 5n); }); // fmov x0, v1.d[1]; fmov v2.d[1], x1
  expect(c.getX(0)).toBe(0xaaaan);
  expect(c.getV(2)).toBe((0x77n << 64n) | 5n);
  c = exec([0x1ee60020, 0x1ee70043], (c) => { c.setV(1, 0x12345n); c.setX(2, 0xabcdefn); }); // fmov w0, h1; fmov h3, w2
  expect([c.getX(0), c.getV(3)]).toEqual([0x2345n, 0xcdefn]);
  expect(dis(0x9eae0020)).toBe('fmov x0, v1.d[1]');
  expect(dis(0x9eaf0020)).toBe('fmov v0.d[1], x1');
  expect(dis(0x9e598020)).toBe('fcvtzu x0, d1, #32');
});

test('FPCR rounding mode applies to arithmetic; FZ flushes denormal inputs', () => {
  const third = (rm: number) => exec([0x1e221820], (c) => { c.fpcr = rm << 22; c.setV(1, f32(1)); c.setV(2, f32(3)); }).getV(0);
  const rn = third(0), rp = third(1), rmm = third(2), rz = third(3);
  expect(rp).toBe(rn); // 1/3 = 0x3eaaaaab rounds up to nearest
  expect(rmm).toBe(rn - 1n);
  expect(rz).toBe(rn - 1n);
  const c = exec([0x1e222820], (c) => { c.fpcr = 1 << 24; c.setV(1, 1n); c.setV(2, 0n); }); // denormal + 0 with FZ
  expect(c.getV(0)).toBe(0n);
  expect(c.fpsr & 0x80).toBe(0x80);
});
