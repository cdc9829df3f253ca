// Instruction patterns as data. A pattern is a bit string, most significant bit
// first ('0'/'1' fixed, '-' or '.' ignored, a letter names an operand field;
// spaces are ignored). Bits carrying the same letter are concatenated, most
// significant first, into that field. Each pattern names its handler and its
// disassembly template; tables are searched most-specific first.

import type { Ctx } from './gen';
import type { DisFn } from './disasm';

export type Fields = Record<string, number>;
export type Handler = (c: Ctx, f: Fields) => boolean | void;

export interface PatternSpec {
  readonly name: string;
  readonly bits: string;
  /** Disassembly template (see disasm.ts). */
  readonly dis: string | DisFn;
  readonly fn: Handler;
  /** Extra decode condition (e.g. "Rn is not 1111"): when false the search continues. */
  readonly when?: (f: Fields) => boolean;
}

export interface Pattern extends PatternSpec {
  readonly mask: number;
  readonly match: number;
  readonly width: 16 | 32;
  /** [letter, bit positions msb first] */
  readonly fields: readonly (readonly [string, readonly number[]])[];
  readonly specificity: number;
}

export function compile(spec: PatternSpec): Pattern {
  const s = spec.bits.replace(/\s+/g, '');
  const width = s.length as 16 | 32;
  if (width !== 16 && width !== 32) throw new Error(`arm: pattern ${spec.name} has ${s.length} bits`);
  let mask = 0, match = 0, specificity = 0;
  const fields = new Map<string, number[]>();
  for (let i = 0; i < width; i++) {
    const bit = width - 1 - i;
    const ch = s[i];
    if (ch === '0' || ch === '1') {
      mask |= 1 << bit; specificity++;
      if (ch === '1') match |= 1 << bit;
    } else if (/[a-zA-Z]/.test(ch)) {
      let l = fields.get(ch);
      if (!l) fields.set(ch, l = []);
      l.push(bit);
    } else if (ch !== '-' && ch !== '.') throw new Error(`arm: bad character in pattern ${spec.name}`);
  }
  return { ...spec, mask: mask >>> 0, match: match >>> 0, width, fields: [...fields], specificity: specificity + (spec.when ? 0.5 : 0) };
}

export function extract(p: Pattern, w: number): Fields {
  const f: Fields = {};
  for (const [name, bits] of p.fields) {
    let v = 0;
    for (const b of bits) v = (v << 1) | ((w >>> b) & 1);
    f[name] = v >>> 0;
  }
  return f;
}

export interface Decoded { readonly p: Pattern; readonly f: Fields }

/** A table searched most-specific first, bucketed on a few always-fixed top bits. */
export class Table {
  private built: { patterns: Pattern[]; buckets: Pattern[][] } | undefined;
  /** Compiled on first use: a run whose blocks all come from the translation cache never decodes. */
  constructor(private readonly specs: readonly PatternSpec[], private readonly shift: number, private readonly bucketBits: number) {}

  get patterns(): readonly Pattern[] { return this.table().patterns; }

  private table(): { patterns: Pattern[]; buckets: Pattern[][] } {
    if (this.built) return this.built;
    const ps = this.specs.map(compile).sort((a, b) => b.specificity - a.specificity);
    const n = 1 << this.bucketBits, shift = this.shift;
    const bm = (n - 1) << shift;
    const buckets = Array.from({ length: n }, (_, k) =>
      ps.filter((p) => ((p.match & p.mask & bm) >>> shift) === (k & ((p.mask & bm) >>> shift))));
    return (this.built = { patterns: ps, buckets });
  }

  decode(w: number, ok?: (p: Pattern, f: Fields) => boolean): Decoded | undefined {
    w >>>= 0;
    const buckets = this.table().buckets;
    for (const p of buckets[(w >>> this.shift) & (buckets.length - 1)]) {
      if (((w & p.mask) >>> 0) !== p.match) continue;
      const f = extract(p, w);
      if (p.when && !p.when(f)) continue;
      if (ok && !ok(p, f)) continue;
      return { p, f };
    }
    return undefined;
  }
}
