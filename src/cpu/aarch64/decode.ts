// The A64 pattern tables, as data. Each entry gives a 32-bit pattern ('0'/'1'
// fixed, any other letter an operand bit; spaces ignored), the handler that
// translates it (trans-*.ts) and the formatter that prints it (disasm).
// Tables are bucketed by op0 (bits 28:25), the top-level A64 encoding group;
// within a bucket more specific patterns (more fixed bits) are tried first.

import type { Ctx } from './gen';

/** Emits IR for instruction word w; returning false means "unallocated" (SIGILL). */
export type Handler = (c: Ctx, w: number) => boolean | void;
/** objdump-style text (mnemonic and operands) for word w at pc. */
export type Dis = (w: number, pc: number) => string;

export interface Pattern {
  readonly name: string;
  readonly mask: number;
  readonly match: number;
  readonly trans: Handler;
  readonly dis: Dis;
}

export type Entry = [name: string, bits: string, trans: Handler, dis: Dis];

export function pattern(name: string, bits: string, trans: Handler, dis: Dis): Pattern {
  const s = bits.replace(/\s+/g, '');
  if (s.length !== 32) throw new Error(`aarch64: bad pattern for ${name}: ${bits} (${s.length} bits)`);
  let mask = 0, match = 0;
  for (let i = 0; i < 32; i++) {
    const bit = 31 - i;
    if (s[i] === '0' || s[i] === '1') { mask |= 1 << bit; if (s[i] === '1') match |= 1 << bit; }
  }
  return { name, mask: mask >>> 0, match: match >>> 0, trans, dis };
}

function popcount(v: number): number { let n = 0; for (; v; v &= v - 1) n++; return n; }

export class PatternTable {
  private readonly entries: (readonly Entry[])[] = [];
  private built: { all: Pattern[]; buckets: Pattern[][] } | undefined;

  /** Patterns are made on first use: a run whose blocks all come from the translation cache never decodes. */
  add(entries: readonly Entry[]): void {
    this.entries.push(entries);
    this.built = undefined;
  }

  get all(): Pattern[] { return this.table().all; }

  private table(): { all: Pattern[]; buckets: Pattern[][] } {
    if (this.built) return this.built;
    const all: Pattern[] = [];
    const buckets: Pattern[][] = Array.from({ length: 16 }, () => []);
    for (const group of this.entries) {
      for (const [name, bits, trans, dis] of group) {
        const p = pattern(name, bits, trans, dis);
        all.push(p);
        for (let op0 = 0; op0 < 16; op0++) {
          const m = (p.mask >>> 25) & 15, v = (p.match >>> 25) & 15;
          if ((op0 & m) === v) buckets[op0].push(p);
        }
      }
    }
    for (const b of buckets) b.sort((x, y) => popcount(y.mask) - popcount(x.mask));
    return (this.built = { all, buckets });
  }

  decode(w: number): Pattern | undefined {
    w >>>= 0;
    for (const p of this.table().buckets[(w >>> 25) & 15]) if (((w & p.mask) >>> 0) === p.match) return p;
    return undefined;
  }
}

// ---- field extraction ----
export const rd = (w: number): number => w & 31;
export const rn = (w: number): number => (w >>> 5) & 31;
export const rm = (w: number): number => (w >>> 16) & 31;
export const ra = (w: number): number => (w >>> 10) & 31;
export const rt2 = (w: number): number => (w >>> 10) & 31;
export const sf = (w: number): number => w >>> 31;
/** Unsigned bits hi..lo of w. */
export const bits = (w: number, hi: number, lo: number): number => ((w >>> lo) & (0xffffffff >>> (31 - hi + lo))) >>> 0;
export const bit = (w: number, b: number): number => (w >>> b) & 1;
/** Sign-extends the low n bits of v. */
export const sext = (v: number, n: number): number => (v << (32 - n)) >> (32 - n);
