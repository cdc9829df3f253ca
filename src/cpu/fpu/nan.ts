// NaN results at the bit level (never through host doubles, which may quieten or lose payloads).
//
// defaultNaN: the canonical NaN; NV if any operand is a signalling NaN.
// otherwise (ARM FPProcessNaNs): the first signalling NaN in operand order (quietened), else the
// first quiet NaN; NV if any operand is a signalling NaN.

import { FpStatus, FLAG_NV } from './status';
import { RET } from '../../translate/runtime';
import {
  isNaN32, isSNaN32, isNaN64, isSNaN64, CANONICAL_NAN32, CANONICAL_NAN64_HI,
} from './bits';

export function nan2x32(a: number, b: number, st: FpStatus): number {
  const sa = isSNaN32(a), sb = isSNaN32(b);
  if (sa || sb) st.flags |= FLAG_NV;
  if (st.defaultNaN) return CANONICAL_NAN32;
  if (sa) return a | 0x00400000;
  if (sb) return b | 0x00400000;
  return isNaN32(a) ? a : b;
}

/** Three operands, in priority order x, y, z. */
export function nan3x32(x: number, y: number, z: number, st: FpStatus): number {
  const sx = isSNaN32(x), sy = isSNaN32(y), sz = isSNaN32(z);
  if (sx || sy || sz) st.flags |= FLAG_NV;
  if (st.defaultNaN) return CANONICAL_NAN32;
  if (sx) return x | 0x00400000;
  if (sy) return y | 0x00400000;
  if (sz) return z | 0x00400000;
  return isNaN32(x) ? x : isNaN32(y) ? y : z;
}

/** Returns lo, hi in RET[0]. */
export function nan2x64(alo: number, ahi: number, blo: number, bhi: number, st: FpStatus): number {
  const sa = isSNaN64(alo, ahi), sb = isSNaN64(blo, bhi);
  if (sa || sb) st.flags |= FLAG_NV;
  if (st.defaultNaN) { RET[0] = CANONICAL_NAN64_HI; return 0; }
  if (sa) { RET[0] = ahi | 0x00080000; return alo; }
  if (sb) { RET[0] = bhi | 0x00080000; return blo; }
  if (isNaN64(alo, ahi)) { RET[0] = ahi; return alo; }
  RET[0] = bhi;
  return blo;
}

export function nan3x64(xlo: number, xhi: number, ylo: number, yhi: number, zlo: number, zhi: number,
  st: FpStatus): number {
  const sx = isSNaN64(xlo, xhi), sy = isSNaN64(ylo, yhi), sz = isSNaN64(zlo, zhi);
  if (sx || sy || sz) st.flags |= FLAG_NV;
  if (st.defaultNaN) { RET[0] = CANONICAL_NAN64_HI; return 0; }
  if (sx) { RET[0] = xhi | 0x00080000; return xlo; }
  if (sy) { RET[0] = yhi | 0x00080000; return ylo; }
  if (sz) { RET[0] = zhi | 0x00080000; return zlo; }
  if (isNaN64(xlo, xhi)) { RET[0] = xhi; return xlo; }
  if (isNaN64(ylo, yhi)) { RET[0] = yhi; return ylo; }
  RET[0] = zhi;
  return zlo;
}

export function defaultNaN64(st: FpStatus): number {
  st.flags |= FLAG_NV;
  RET[0] = CANONICAL_NAN64_HI;
  return 0;
}
