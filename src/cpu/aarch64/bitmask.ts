// DecodeBitMasks (logical immediates and bitfield moves), per the Arm ARM.

const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

function ror(v: bigint, r: number, esize: number): bigint {
  if (r === 0) return v;
  const m = ones(esize);
  return ((v >> BigInt(r)) | (v << BigInt(esize - r))) & m;
}

function replicate(v: bigint, esize: number, datasize: number): bigint {
  let out = 0n;
  for (let i = 0; i < datasize; i += esize) out |= v << BigInt(i);
  return out;
}

type Masks = { wmask: bigint; tmask: bigint } | undefined;
/** Memo per (N, imms, immr, immediate, datasize): 2^15 possible inputs, BigInt work done once (translation hot path). */
const MEMO = new Map<number, Masks>();

/** wmask and tmask for (N, imms, immr) at datasize 32/64; undefined if reserved. */
export function decodeBitMasks(n: number, imms: number, immr: number, immediate: boolean, datasize: number): Masks {
  const key = (n << 14) | (imms << 8) | (immr << 2) | (immediate ? 2 : 0) | (datasize === 64 ? 1 : 0);
  let m = MEMO.get(key);
  if (m === undefined && !MEMO.has(key)) { m = computeBitMasks(n, imms, immr, immediate, datasize); MEMO.set(key, m); }
  return m;
}

function computeBitMasks(n: number, imms: number, immr: number, immediate: boolean, datasize: number): Masks {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return undefined;
  const levels = (1 << len) - 1;
  if (immediate && (imms & levels) === levels) return undefined;
  const s = imms & levels, r = immr & levels;
  const diff = (s - r) & levels;
  const esize = 1 << len;
  if (esize > datasize) return undefined;
  const welem = ones(s + 1), telem = ones(diff + 1);
  return { wmask: replicate(ror(welem, r, esize), esize, datasize), tmask: replicate(telem, esize, datasize) };
}

/** The value of a logical immediate, or undefined if the encoding is reserved. */
export function logicalImm(n: number, imms: number, immr: number, datasize: number): bigint | undefined {
  if (datasize === 32 && n) return undefined;
  return decodeBitMasks(n, imms, immr, true, datasize)?.wmask;
}

/** Encodes a 64-bit (or 32-bit) value as a logical immediate {n, immr, imms}, or undefined. For tests and the disassembler. */
export function encodeLogicalImm(v: bigint, datasize: number): { n: number; immr: number; imms: number } | undefined {
  for (let n = 0; n <= (datasize === 64 ? 1 : 0); n++) {
    for (let imms = 0; imms < 64; imms++) {
      for (let immr = 0; immr < 64; immr++) {
        if (logicalImm(n, imms, immr, datasize) === BigInt.asUintN(datasize, v)) return { n, immr, imms };
      }
    }
  }
  return undefined;
}
