// Bit-cast overlays and small bit helpers. Hosts are little-endian (x86-64, AArch64); LO/HI
// index the two 32-bit halves of a float64 in the Int32Array overlay.

export const F64 = new Float64Array(1);
export const I32 = new Int32Array(F64.buffer);
export const F32 = new Float32Array(1);
export const I32F = new Int32Array(F32.buffer);

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export const LO = LITTLE ? 0 : 1;
export const HI = LITTLE ? 1 : 0;

/** Canonical (RISC-V and ARM default) NaNs. */
export const CANONICAL_NAN32 = 0x7fc00000;
export const CANONICAL_NAN64_HI = 0x7ff80000;
export const CANONICAL_NAN64_LO = 0;
export const CANONICAL_NAN16 = 0x7e00;

export const MIN_NORMAL32 = 1.1754943508222875e-38; // 2^-126
export const MAX32 = 3.4028234663852886e38;
export const MIN_NORMAL64 = 2.2250738585072014e-308; // 2^-1022

/** 2^n for integer n in [-1074, 1023]. */
const POW2_TABLE = new Float64Array(1074 + 1024);
for (let n = -1074; n <= 1023; n++) POW2_TABLE[n + 1074] = Math.pow(2, n);
export function pow2(n: number): number {
  return POW2_TABLE[n + 1074];
}

export function isNaN32(a: number): boolean {
  return (a & 0x7fffffff) > 0x7f800000;
}
export function isSNaN32(a: number): boolean {
  return (a & 0x7fc00000) === 0x7f800000 && (a & 0x003fffff) !== 0;
}
export function isQNaN32(a: number): boolean {
  return (a & 0x7fc00000) === 0x7fc00000;
}
export function isNaN64(lo: number, hi: number): boolean {
  const h = hi & 0x7fffffff;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo !== 0);
}
export function isSNaN64(lo: number, hi: number): boolean {
  return (hi & 0x7ff80000) === 0x7ff00000 && ((hi & 0x0007ffff) !== 0 || lo !== 0);
}
export function isQNaN64(_lo: number, hi: number): boolean {
  return (hi & 0x7ff80000) === 0x7ff80000;
}
export function isNaN16(h: number): boolean {
  return (h & 0x7fff) > 0x7c00;
}
export function isSNaN16(h: number): boolean {
  return (h & 0x7e00) === 0x7c00 && (h & 0x01ff) !== 0;
}

/** float32 bits -> number (must not be NaN: NaN payloads are not preserved). */
export function f32ToNumber(a: number): number {
  I32F[0] = a;
  return F32[0];
}
/** number (exactly representable as float32, not NaN) -> float32 bits. */
export function numberToF32(x: number): number {
  F32[0] = x;
  return I32F[0];
}
/** float64 (lo, hi) -> number (must not be NaN). */
export function f64ToNumber(lo: number, hi: number): number {
  I32[LO] = lo;
  I32[HI] = hi;
  return F64[0];
}
