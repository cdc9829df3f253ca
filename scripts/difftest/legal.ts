// Asks a front end whether it translates an encoding (rather than raising SIGILL):
// the generators only emit what nodemu's decoder accepts; whether qemu agrees is
// part of the comparison.

import type { Frontend } from '../../src/cpu/types';
import { IRBuilder } from '../../src/translate/ir';

const EXIT_SIGNAL = 2; // Exit.Signal (a const enum, not visible at run time here)
const SIGILL = 4;

/** pc: where `bytes` start (bit 0 set: Thumb state on arm, the bytes start at pc - 1). */
export function isLegal(fe: Frontend, bytes: Uint8Array, pc = 0x400000): boolean {
  const b = new IRBuilder();
  const start = pc & ~1;
  const fetch16 = (a: number) => { const o = a - start; if (o < 0 || o + 1 >= bytes.length) return 0; return bytes[o] | (bytes[o + 1] << 8); };
  const ctx = { b, pc, fetch16, fetch32: (a: number) => (fetch16(a) | (fetch16(a + 2) << 16)) >>> 0, end: false };
  fe.translate(ctx);
  return !b.ops.some((o) => o.op === 'exit' && (o as { reason: number }).reason === EXIT_SIGNAL && (o as { arg: number }).arg === SIGILL);
}

export function le32(w: number): Uint8Array { return Uint8Array.of(w & 255, (w >>> 8) & 255, (w >>> 16) & 255, w >>> 24); }
