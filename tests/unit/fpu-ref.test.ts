// Randomized cross-check of the fast paths against the exact BigInt reference (ref.ts), in all
// five rounding modes (RMM included) and under RISC-V and ARM-style status configurations.

import { RET } from '../../src/translate/runtime';
import * as fpu from '../../src/cpu/fpu';
import {
  Fmt, FMT16, FMT16AHP, FMT32, FMT64, refCvt, refToInt, refFromInt, refRoundInt, pairToBig, bigLo, bigHi,
} from '../../src/cpu/fpu/ref';
import { Rng, OPS, genOperands, genAny, runFast, hex, status } from './fpu-gen';
import type { FpStatus } from '../../src/cpu/fpu';

const N = Number(process.env.FPU_REF_N ?? 4000);

const CONFIGS: [string, Partial<FpStatus>][] = [
  ['riscv', { defaultNaN: true, tininessAfterRounding: true, ftz: false }],
  ['arm', { defaultNaN: false, tininessAfterRounding: false, ftz: false }],
  ['arm-fz', { defaultNaN: false, tininessAfterRounding: true, ftz: true }],
];

function check(name: string, run: (st: FpStatus) => bigint, ref: (st: FpStatus) => bigint,
  rm: number, cfg: Partial<FpStatus>, fails: string[], desc: () => string): void {
  const s1 = status(rm, cfg), s2 = status(rm, cfg);
  const got = run(s1), want = ref(s2);
  if (got !== want || s1.flags !== s2.flags) {
    if (fails.length < 20) {
      fails.push(`${name} rm=${rm} ${desc()} -> got ${got.toString(16)}/${s1.flags} want ${want.toString(16)}/${s2.flags}`);
    }
  }
}

describe.each([['f32', FMT32], ['f64', FMT64]] as [string, Fmt][])('%s fast path vs BigInt reference', (fname, f) => {
  for (const op of Object.keys(OPS)) {
    test.each(CONFIGS)(`${op} (%s)`, (_cfgName, cfg) => {
      const r = new Rng(0x5eed ^ op.length * 7919 ^ f.mbits ^ (cfg.ftz ? 99 : 0) ^ (cfg.defaultNaN ? 0 : 1234));
      const def = OPS[op];
      const fails: string[] = [];
      const n = cfg === CONFIGS[0][1] ? N : N >> 2;
      for (let i = 0; i < n; i++) {
        const args = genOperands(op, f, r);
        for (let rm = 0; rm < 5; rm++) {
          check(`${fname}.${op}`, (st) => runFast(def, f, args, st), (st) => def.ref(f, args, st), rm, cfg, fails,
            () => args.map((x) => hex(f, x)).join(' '));
        }
      }
      expect(fails).toEqual([]);
    });
  }
});

// ---- conversions ----------------------------------------------------------------------------

function genInt(r: Rng, width: number): bigint {
  const k = r.int(5);
  let v: bigint;
  if (k === 0) v = r.bits(width);
  else if (k === 1) v = r.bits(r.range(1, width));
  else if (k === 2) v = (1n << BigInt(r.range(0, width - 1))) + BigInt(r.range(-3, 3));
  else if (k === 3) { const sh = BigInt(r.range(0, width - 1)); v = (r.bits(30) << sh) | (r.bool() ? 1n : 0n); }
  else v = BigInt(r.range(-5, 5));
  return BigInt.asUintN(width, v);
}

/** Floats near integer boundaries and halfway points. */
function genForInt(f: Fmt, r: Rng): bigint {
  if (r.bool(0.6)) return genAny(f, r);
  const st = status(0);
  const k = r.int(3);
  const w = r.pick([31, 32, 63, 64]);
  let v: bigint;
  if (k === 0) v = (1n << BigInt(w)) + BigInt(r.range(-2, 2)) * (1n << BigInt(Math.max(0, w - f.mbits)));
  else v = BigInt(r.range(-10, 10));
  const x = refFromInt(f, r.bool() ? -v : v, st);
  // sometimes add a half / quarter
  if (k === 2) {
    const half = refFromInt(f, 1n, st) - (1n << BigInt(f.mbits)) * BigInt(r.range(1, 2)); // 0.5 or 0.25
    return (x & f.signBit) === 0n ? refAddPos(f, x, half) : x;
  }
  return x;
}
function refAddPos(f: Fmt, x: bigint, y: bigint): bigint {
  return OPS.add.ref(f, [x, y], status(0));
}

describe('conversions vs BigInt reference', () => {
  const cfgs = CONFIGS;
  test.each(cfgs)('float <-> float (%s)', (_n, cfg) => {
    const r = new Rng(77);
    const fails: string[] = [];
    for (let i = 0; i < N; i++) {
      const a32 = genAny(FMT32, r), a64 = genAny(FMT64, r), a16 = genAny(FMT16, r);
      for (let rm = 0; rm < 5; rm++) {
        check('f32to64', (st) => pairToBig(fpu.f32to64(Number(a32) | 0, st), RET[0]), (st) => refCvt(FMT32, FMT64, a32, st), rm, cfg, fails, () => hex(FMT32, a32));
        check('f64to32', (st) => BigInt(fpu.f64to32(bigLo(a64), bigHi(a64), st) >>> 0), (st) => refCvt(FMT64, FMT32, a64, st), rm, cfg, fails, () => hex(FMT64, a64));
        for (const ahp of [false, true]) {
          const F16 = ahp ? FMT16AHP : FMT16;
          check(`f32to16${ahp ? 'ahp' : ''}`, (st) => BigInt(fpu.f32to16(Number(a32) | 0, st, ahp)), (st) => refCvt(FMT32, F16, a32, st), rm, cfg, fails, () => hex(FMT32, a32));
          check(`f64to16${ahp ? 'ahp' : ''}`, (st) => BigInt(fpu.f64to16(bigLo(a64), bigHi(a64), st, ahp)), (st) => refCvt(FMT64, F16, a64, st), rm, cfg, fails, () => hex(FMT64, a64));
          check(`f16to32${ahp ? 'ahp' : ''}`, (st) => BigInt(fpu.f16to32(Number(a16), st, ahp) >>> 0), (st) => refCvt(F16, FMT32, a16, st), rm, cfg, fails, () => hex(FMT16, a16));
          check(`f16to64${ahp ? 'ahp' : ''}`, (st) => pairToBig(fpu.f16to64(Number(a16), st, ahp), RET[0]), (st) => refCvt(F16, FMT64, a16, st), rm, cfg, fails, () => hex(FMT16, a16));
        }
      }
    }
    expect(fails).toEqual([]);
  });

  test.each(cfgs)('float -> int (%s)', (_n, cfg) => {
    const r = new Rng(78);
    const fails: string[] = [];
    for (let i = 0; i < N; i++) {
      const a32 = genForInt(FMT32, r), a64 = genForInt(FMT64, r);
      for (let rm = 0; rm < 5; rm++) {
        for (const signed of [true, false]) {
          for (const nr of ['max', 'zero'] as const) {
            const d = `${signed ? 's' : 'u'} ${nr}`;
            check(`f32toi32 ${d}`, (st) => BigInt(fpu.f32toi32(Number(a32) | 0, st, signed, nr)), (st) => BigInt.asIntN(32, refToInt(FMT32, a32, st, signed, 32, nr)), rm, cfg, fails, () => hex(FMT32, a32));
            check(`f64toi32 ${d}`, (st) => BigInt(fpu.f64toi32(bigLo(a64), bigHi(a64), st, signed, nr)), (st) => BigInt.asIntN(32, refToInt(FMT64, a64, st, signed, 32, nr)), rm, cfg, fails, () => hex(FMT64, a64));
            check(`f32toi64 ${d}`, (st) => BigInt.asIntN(64, pairToBig(fpu.f32toi64(Number(a32) | 0, st, signed, nr), RET[0])), (st) => BigInt.asIntN(64, refToInt(FMT32, a32, st, signed, 64, nr)), rm, cfg, fails, () => hex(FMT32, a32));
            check(`f64toi64 ${d}`, (st) => BigInt.asIntN(64, pairToBig(fpu.f64toi64(bigLo(a64), bigHi(a64), st, signed, nr), RET[0])), (st) => BigInt.asIntN(64, refToInt(FMT64, a64, st, signed, 64, nr)), rm, cfg, fails, () => hex(FMT64, a64));
          }
        }
      }
    }
    expect(fails).toEqual([]);
  });

  test.each(cfgs)('round to integral (%s)', (_n, cfg) => {
    const r = new Rng(80);
    const fails: string[] = [];
    for (let i = 0; i < N; i++) {
      const a32 = genForInt(FMT32, r), a64 = genForInt(FMT64, r);
      for (let rm = 0; rm < 5; rm++) {
        for (const exact of [false, true]) {
          check(`roundInt32 ${exact}`, (st) => BigInt(fpu.roundInt32(Number(a32) | 0, st, exact) >>> 0), (st) => refRoundInt(FMT32, a32, st, exact), rm, cfg, fails, () => hex(FMT32, a32));
          check(`roundInt64 ${exact}`, (st) => pairToBig(fpu.roundInt64(bigLo(a64), bigHi(a64), st, exact), RET[0]), (st) => refRoundInt(FMT64, a64, st, exact), rm, cfg, fails, () => hex(FMT64, a64));
        }
      }
    }
    expect(fails).toEqual([]);
  });

  test.each(cfgs)('int -> float (%s)', (_n, cfg) => {
    const r = new Rng(79);
    const fails: string[] = [];
    for (let i = 0; i < N; i++) {
      const v32 = genInt(r, 32), v64 = genInt(r, 64);
      for (let rm = 0; rm < 5; rm++) {
        for (const signed of [true, false]) {
          const s32 = signed ? BigInt.asIntN(32, v32) : v32, s64 = signed ? BigInt.asIntN(64, v64) : v64;
          const lo = Number(v64 & 0xffffffffn) | 0, hi = Number(v64 >> 32n) | 0;
          const d = signed ? 's' : 'u';
          check(`i32tof32 ${d}`, (st) => BigInt(fpu.i32tof32(Number(v32) | 0, st, signed) >>> 0), (st) => refFromInt(FMT32, s32, st), rm, cfg, fails, () => v32.toString(16));
          check(`i32tof64 ${d}`, (st) => pairToBig(fpu.i32tof64(Number(v32) | 0, st, signed), RET[0]), (st) => refFromInt(FMT64, s32, st), rm, cfg, fails, () => v32.toString(16));
          check(`i64tof32 ${d}`, (st) => BigInt(fpu.i64tof32(lo, hi, st, signed) >>> 0), (st) => refFromInt(FMT32, s64, st), rm, cfg, fails, () => v64.toString(16));
          check(`i64tof64 ${d}`, (st) => pairToBig(fpu.i64tof64(lo, hi, st, signed), RET[0]), (st) => refFromInt(FMT64, s64, st), rm, cfg, fails, () => v64.toString(16));
        }
      }
    }
    expect(fails).toEqual([]);
  });
});
