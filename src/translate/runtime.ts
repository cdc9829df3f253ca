// Run-time support shared by generated code and helpers: the second result
// register and the out-of-line 64-bit operations the JS lowering calls when
// inline code would be too long (multiplies, divides, variable shifts).
// All 64-bit values are (lo, hi) int32 pairs; results return lo, hi in RET[0].

/** Second result register: helpers returning i64 return the low half and put the high half in RET[0]. */
export const RET = new Int32Array(4);

const TWO32 = 4294967296;

/** Unsigned 32×32 → 64: returns the low word (as uint32 number), high word in U[0]. */
const U = new Float64Array(1);
function umul32(a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const mid = a0 * b1 + a1 * b0; // < 2^33
  const lo = a0 * b0 + (mid % 65536) * 65536; // < 2^33
  U[0] = a1 * b1 + Math.floor(mid / 65536) + Math.floor(lo / TWO32);
  return lo % TWO32;
}

export function mul64(al: number, ah: number, bl: number, bh: number): number {
  const lo = umul32(al, bl);
  RET[0] = (U[0] + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
  return lo | 0;
}

/** High 64 bits of the unsigned 128-bit product. */
export function mulhu64(al: number, ah: number, bl: number, bh: number): number {
  const l0 = umul32(al, bl), h0 = U[0];
  const l1 = umul32(al, bh), h1 = U[0];
  const l2 = umul32(ah, bl), h2 = U[0];
  const l3 = umul32(ah, bh), h3 = U[0];
  void l0;
  const w1 = h0 + l1 + l2;
  const w2 = h1 + h2 + l3 + Math.floor(w1 / TWO32);
  const w3 = h3 + Math.floor(w2 / TWO32);
  RET[0] = w3 | 0;
  return w2 | 0;
}

function sub64hi(rl: number, rh: number, xl: number, xh: number): number {
  const c = (rl >>> 0) - (xl >>> 0);
  RET[0] = (rh - xh - (c < 0 ? 1 : 0)) | 0;
  return c | 0;
}

/** High 64 bits of the signed 128-bit product. */
export function mulhs64(al: number, ah: number, bl: number, bh: number): number {
  let l = mulhu64(al, ah, bl, bh), h = RET[0];
  if (ah < 0) { l = sub64hi(l, h, bl, bh); h = RET[0]; }
  if (bh < 0) { l = sub64hi(l, h, al, ah); h = RET[0]; }
  RET[0] = h;
  return l;
}

/** High 64 bits of signed a × unsigned b. */
export function mulhsu64(al: number, ah: number, bl: number, bh: number): number {
  let l = mulhu64(al, ah, bl, bh), h = RET[0];
  if (ah < 0) { l = sub64hi(l, h, bl, bh); h = RET[0]; }
  RET[0] = h;
  return l;
}

export function mulhu32(a: number, b: number): number { umul32(a, b); return U[0] | 0; }
export function mulhs32(a: number, b: number): number {
  let h = mulhu32(a, b);
  if (a < 0) h = (h - b) | 0;
  if (b < 0) h = (h - a) | 0;
  return h;
}
export function mulhsu32(a: number, b: number): number {
  let h = mulhu32(a, b);
  if (a < 0) h = (h - b) | 0;
  return h;
}

const toBig = (l: number, h: number): bigint => (BigInt(h) << 32n) | BigInt(l >>> 0);
const toBigU = (l: number, h: number): bigint => (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);
function retBig(v: bigint): number {
  const u = BigInt.asUintN(64, v);
  RET[0] = Number(u >> 32n) | 0;
  return Number(u & 0xffffffffn) | 0;
}

// Division: IR semantics (see ir.ts): x/0 = all ones, x%0 = x; MIN/-1 = MIN, MIN%-1 = 0.
export function div64(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) { RET[0] = -1; return -1; }
  if (bl === -1 && bh === -1 && al === 0 && ah === -2147483648) { RET[0] = ah; return al; }
  if (ah === (al >> 31) && bh === (bl >> 31)) { // both fit in int32: fast path
    const q = Math.trunc(al / bl); RET[0] = q < 0 ? -1 : 0; return q | 0;
  }
  return retBig(toBig(al, ah) / toBig(bl, bh));
}
export function divu64(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) { RET[0] = -1; return -1; }
  if (ah === 0 && bh === 0) { RET[0] = 0; return Math.floor((al >>> 0) / (bl >>> 0)) | 0; }
  return retBig(toBigU(al, ah) / toBigU(bl, bh));
}
export function rem64(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) { RET[0] = ah; return al; }
  if (bl === -1 && bh === -1) { RET[0] = 0; return 0; }
  if (ah === (al >> 31) && bh === (bl >> 31)) { const r = al % bl; RET[0] = r < 0 ? -1 : 0; return r | 0; }
  return retBig(toBig(al, ah) % toBig(bl, bh));
}
export function remu64(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) { RET[0] = ah; return al; }
  if (ah === 0 && bh === 0) { RET[0] = 0; return ((al >>> 0) % (bl >>> 0)) | 0; }
  return retBig(toBigU(al, ah) % toBigU(bl, bh));
}

// Variable shifts; the count is taken modulo 64.
export function shl64(l: number, h: number, n: number): number {
  n &= 63;
  if (n === 0) { RET[0] = h; return l; }
  if (n < 32) { RET[0] = (h << n) | (l >>> (32 - n)); return l << n; }
  RET[0] = l << (n - 32); return 0;
}
export function shr64(l: number, h: number, n: number): number {
  n &= 63;
  if (n === 0) { RET[0] = h; return l; }
  if (n < 32) { RET[0] = h >>> n; return (l >>> n) | (h << (32 - n)); }
  RET[0] = 0; return (h >>> (n - 32)) | 0;
}
export function sar64(l: number, h: number, n: number): number {
  n &= 63;
  if (n === 0) { RET[0] = h; return l; }
  if (n < 32) { RET[0] = h >> n; return (l >>> n) | (h << (32 - n)); }
  RET[0] = h >> 31; return h >> (n - 32);
}
export function rotl64(l: number, h: number, n: number): number {
  n &= 63;
  const a = shl64(l, h, n), ah = RET[0];
  const b = shr64(l, h, (64 - n) & 63), bh = RET[0];
  if (n === 0) { RET[0] = h; return l; }
  RET[0] = ah | bh; return a | b;
}
export function rotr64(l: number, h: number, n: number): number { return rotl64(l, h, (64 - (n & 63)) & 63); }

export function popcnt32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
export function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}
export function ctz32(v: number): number { return v === 0 ? 32 : 31 - Math.clz32(v & -v); }

/** The functions generated code may call, by the name the JS lowering uses. */
export const RUNTIME = {
  mul64, mulhu64, mulhs64, mulhsu64, mulhu32, mulhs32, mulhsu32,
  div64, divu64, rem64, remu64, shl64, shr64, sar64, rotl64, rotr64, popcnt32, bswap32, ctz32,
};
