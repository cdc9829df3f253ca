// Micro-benchmark (opt-in: FPU_BENCH=1 npx jest tests/unit/fpu-bench). Prints ops/second of
// the fast paths against plain JavaScript double arithmetic on the same operands.

import { RET } from '../../src/translate/runtime';
import * as fpu from '../../src/cpu/fpu';

const run = process.env.FPU_BENCH ? test : test.skip;
const N = 4096;

function operands(seed: number): { f: Float64Array; lo: Int32Array; hi: Int32Array; f32: Int32Array } {
  const f = new Float64Array(N);
  let s = seed;
  for (let i = 0; i < N; i++) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    f[i] = ((s >>> 8) / 16777216 + 0.5) * Math.pow(2, (s & 31) - 16) * (s & 64 ? -1 : 1);
  }
  const w = new Int32Array(f.buffer);
  const lo = new Int32Array(N), hi = new Int32Array(N), f32 = new Int32Array(N);
  const t = new Float32Array(1), ti = new Int32Array(t.buffer);
  for (let i = 0; i < N; i++) { lo[i] = w[2 * i]; hi[i] = w[2 * i + 1]; t[0] = f[i]; f32[i] = ti[0]; }
  return { f, lo, hi, f32 };
}

function time(name: string, body: () => number, opsPerCall: number): number {
  body(); body(); // warm up
  let reps = 0, acc = 0;
  const t0 = process.hrtime.bigint();
  let t1 = t0;
  while (t1 - t0 < 400_000_000n) { acc += body(); reps++; t1 = process.hrtime.bigint(); }
  const rate = (reps * opsPerCall) / (Number(t1 - t0) / 1e9);
  console.log(`${name.padEnd(28)} ${(rate / 1e6).toFixed(1).padStart(8)} M ops/s  (checksum ${acc & 0xffff})`);
  return rate;
}

run('fpu micro-benchmark', () => {
  const A = operands(1), B = operands(2), C = operands(3);
  const st = fpu.newFpStatus();
  const lines: string[] = [];
  const r: Record<string, number> = {};
  const { f: af, lo: al, hi: ah, f32: a32 } = A, { f: bf, lo: bl, hi: bh, f32: b32 } = B, { lo: cl, hi: ch, f32: c32 } = C;
  r.jsAdd = time('JS a+b', () => { let acc = 0; for (let i = 0; i < N; i++) acc += af[i] + bf[i]; return acc; }, N);
  r.add64 = time('add64 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.add64(al[i], ah[i], bl[i], bh[i], st) + RET[0]) | 0; return acc; }, N);
  r.jsMul = time('JS a*b', () => { let acc = 0; for (let i = 0; i < N; i++) acc += af[i] * bf[i]; return acc; }, N);
  r.mul64 = time('mul64 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.mul64(al[i], ah[i], bl[i], bh[i], st) + RET[0]) | 0; return acc; }, N);
  time('JS a/b', () => { let acc = 0; for (let i = 0; i < N; i++) acc += af[i] / bf[i]; return acc; }, N);
  time('div64 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.div64(al[i], ah[i], bl[i], bh[i], st) + RET[0]) | 0; return acc; }, N);
  const up = { ...st, rm: 3 }, tz = { ...st, rm: 1 };
  time('add64 RUP', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.add64(al[i], ah[i], bl[i], bh[i], up) + RET[0]) | 0; return acc; }, N);
  time('mul64 RTZ', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.mul64(al[i], ah[i], bl[i], bh[i], tz) + RET[0]) | 0; return acc; }, N);
  time('sqrt64 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.sqrt64(al[i], ah[i] & 0x7fffffff, st) + RET[0]) | 0; return acc; }, N);
  time('fma64 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.fma64(al[i], ah[i], bl[i], bh[i], cl[i], ch[i], st) + RET[0]) | 0; return acc; }, N);
  time('add32 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.add32(a32[i], b32[i], st)) | 0; return acc; }, N);
  time('mul32 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.mul32(a32[i], b32[i], st)) | 0; return acc; }, N);
  time('div32 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.div32(a32[i], b32[i], st)) | 0; return acc; }, N);
  time('fma32 RNE', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.fma32(a32[i], b32[i], c32[i], st)) | 0; return acc; }, N);
  time('f64toi32 RTZ', () => { let acc = 0; for (let i = 0; i < N; i++) acc = (acc + fpu.f64toi32(al[i], ah[i], tz, true)) | 0; return acc; }, N);
  lines.push(`add64/JS-add ratio: ${(r.add64 / r.jsAdd).toFixed(3)}, mul64/JS-mul ratio: ${(r.mul64 / r.jsMul).toFixed(3)}`);
  console.log(lines.join('\n'));
});
