// The C extension as data: each 16-bit pattern names the 32-bit instruction it
// expands to and how its operands map; the expansion is then translated and
// disassembled exactly like the 32-bit form. `null` from `args` marks a
// reserved encoding (→ SIGILL).

import { decode32, PATTERN_BY_NAME, type Args, type Decoded, type Pattern } from './decode';

interface CPattern {
  readonly name: string;
  readonly mask: number;
  readonly match: number;
  readonly to: Pattern;
  readonly args: (h: number) => Partial<Args> | null;
}

// Field helpers: bit ranges of the halfword and the 3-bit "prime" registers.
const bits = (h: number, hi: number, lo: number) => (h >>> lo) & ((1 << (hi - lo + 1)) - 1);
const bit = (h: number, i: number) => (h >>> i) & 1;
const sext = (v: number, n: number) => (v << (32 - n)) >> (32 - n);
const rdFull = (h: number) => bits(h, 11, 7);
const rs2Full = (h: number) => bits(h, 6, 2);
const rdP = (h: number) => 8 + bits(h, 4, 2); // rd' / rs2' at [4:2]
const rs1P = (h: number) => 8 + bits(h, 9, 7); // rs1' / rd' at [9:7]
const imm6 = (h: number) => sext((bit(h, 12) << 5) | bits(h, 6, 2), 6);
const uimm6 = (h: number) => (bit(h, 12) << 5) | bits(h, 6, 2);
/** CL/CS offsets: doubleword (c.ld/c.sd/c.fld/c.fsd) and word (c.lw/c.sw). */
const offD = (h: number) => (bits(h, 12, 10) << 3) | (bits(h, 6, 5) << 6);
const offW = (h: number) => (bits(h, 12, 10) << 3) | (bit(h, 6) << 2) | (bit(h, 5) << 6);
/** Stack-relative loads (CI) and stores (CSS). */
const ldspOff = (h: number) => (bit(h, 12) << 5) | (bits(h, 6, 5) << 3) | (bits(h, 4, 2) << 6);
const lwspOff = (h: number) => (bit(h, 12) << 5) | (bits(h, 6, 4) << 2) | (bits(h, 3, 2) << 6);
const sdspOff = (h: number) => (bits(h, 12, 10) << 3) | (bits(h, 9, 7) << 6);
const swspOff = (h: number) => (bits(h, 12, 9) << 2) | (bits(h, 8, 7) << 6);
const jOff = (h: number) => sext((bit(h, 12) << 11) | (bit(h, 11) << 4) | (bits(h, 10, 9) << 8) | (bit(h, 8) << 10) |
  (bit(h, 7) << 6) | (bit(h, 6) << 7) | (bits(h, 5, 3) << 1) | (bit(h, 2) << 5), 12);
const bOff = (h: number) => sext((bit(h, 12) << 8) | (bits(h, 11, 10) << 3) | (bits(h, 6, 5) << 6) |
  (bits(h, 4, 3) << 1) | (bit(h, 2) << 5), 9);
const addi4spnImm = (h: number) => (bits(h, 12, 11) << 4) | (bits(h, 10, 7) << 6) | (bit(h, 6) << 2) | (bit(h, 5) << 3);
const addi16spImm = (h: number) => sext((bit(h, 12) << 9) | (bit(h, 6) << 4) | (bit(h, 5) << 6) | (bits(h, 4, 3) << 7) |
  (bit(h, 2) << 5), 10);

type Spec = [name: string, bits: string, to: string, args: (h: number) => Partial<Args> | null];

const SPECS: Spec[] = [
  // ---- quadrant 0 ----
  ['c.addi4spn', '000 ........ ... 00', 'addi', (h) => { const imm = addi4spnImm(h); return imm ? { rd: rdP(h), rs1: 2, imm } : null; }],
  ['c.fld', '001 ... ... .. ... 00', 'fld', (h) => ({ rd: rdP(h), rs1: rs1P(h), imm: offD(h) })],
  ['c.lw', '010 ... ... .. ... 00', 'lw', (h) => ({ rd: rdP(h), rs1: rs1P(h), imm: offW(h) })],
  ['c.ld', '011 ... ... .. ... 00', 'ld', (h) => ({ rd: rdP(h), rs1: rs1P(h), imm: offD(h) })],
  ['c.fsd', '101 ... ... .. ... 00', 'fsd', (h) => ({ rs2: rdP(h), rs1: rs1P(h), imm: offD(h) })],
  ['c.sw', '110 ... ... .. ... 00', 'sw', (h) => ({ rs2: rdP(h), rs1: rs1P(h), imm: offW(h) })],
  ['c.sd', '111 ... ... .. ... 00', 'sd', (h) => ({ rs2: rdP(h), rs1: rs1P(h), imm: offD(h) })],
  // ---- quadrant 1 ----
  ['c.addi', '000 . ..... ..... 01', 'addi', (h) => ({ rd: rdFull(h), rs1: rdFull(h), imm: imm6(h) })],
  ['c.addiw', '001 . ..... ..... 01', 'addiw', (h) => (rdFull(h) ? { rd: rdFull(h), rs1: rdFull(h), imm: imm6(h) } : null)],
  ['c.li', '010 . ..... ..... 01', 'addi', (h) => ({ rd: rdFull(h), rs1: 0, imm: imm6(h) })],
  ['c.addi16sp', '011 . 00010 ..... 01', 'addi', (h) => { const imm = addi16spImm(h); return imm ? { rd: 2, rs1: 2, imm } : null; }],
  ['c.lui', '011 . ..... ..... 01', 'lui', (h) => { const imm = imm6(h) << 12; return imm ? { rd: rdFull(h), imm } : null; }],
  ['c.srli', '100 . 00 ... ..... 01', 'srli', (h) => ({ rd: rs1P(h), rs1: rs1P(h), imm: uimm6(h) })],
  ['c.srai', '100 . 01 ... ..... 01', 'srai', (h) => ({ rd: rs1P(h), rs1: rs1P(h), imm: uimm6(h) })],
  ['c.andi', '100 . 10 ... ..... 01', 'andi', (h) => ({ rd: rs1P(h), rs1: rs1P(h), imm: imm6(h) })],
  ['c.sub', '100 0 11 ... 00 ... 01', 'sub', (h) => ({ rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h) })],
  ['c.xor', '100 0 11 ... 01 ... 01', 'xor', (h) => ({ rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h) })],
  ['c.or', '100 0 11 ... 10 ... 01', 'or', (h) => ({ rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h) })],
  ['c.and', '100 0 11 ... 11 ... 01', 'and', (h) => ({ rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h) })],
  ['c.subw', '100 1 11 ... 00 ... 01', 'subw', (h) => ({ rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h) })],
  ['c.addw', '100 1 11 ... 01 ... 01', 'addw', (h) => ({ rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h) })],
  ['c.j', '101 ........... 01', 'jal', (h) => ({ rd: 0, imm: jOff(h) })],
  ['c.beqz', '110 ... ... ..... 01', 'beq', (h) => ({ rs1: rs1P(h), rs2: 0, imm: bOff(h) })],
  ['c.bnez', '111 ... ... ..... 01', 'bne', (h) => ({ rs1: rs1P(h), rs2: 0, imm: bOff(h) })],
  // ---- quadrant 2 ----
  ['c.slli', '000 . ..... ..... 10', 'slli', (h) => ({ rd: rdFull(h), rs1: rdFull(h), imm: uimm6(h) })],
  ['c.fldsp', '001 . ..... ..... 10', 'fld', (h) => ({ rd: rdFull(h), rs1: 2, imm: ldspOff(h) })],
  ['c.lwsp', '010 . ..... ..... 10', 'lw', (h) => (rdFull(h) ? { rd: rdFull(h), rs1: 2, imm: lwspOff(h) } : null)],
  ['c.ldsp', '011 . ..... ..... 10', 'ld', (h) => (rdFull(h) ? { rd: rdFull(h), rs1: 2, imm: ldspOff(h) } : null)],
  ['c.jr', '100 0 ..... 00000 10', 'jalr', (h) => (rdFull(h) ? { rd: 0, rs1: rdFull(h), imm: 0 } : null)],
  ['c.mv', '100 0 ..... ..... 10', 'add', (h) => ({ rd: rdFull(h), rs1: 0, rs2: rs2Full(h) })],
  ['c.ebreak', '100 1 00000 00000 10', 'ebreak', () => ({})],
  ['c.jalr', '100 1 ..... 00000 10', 'jalr', (h) => ({ rd: 1, rs1: rdFull(h), imm: 0 })],
  ['c.add', '100 1 ..... ..... 10', 'add', (h) => ({ rd: rdFull(h), rs1: rdFull(h), rs2: rs2Full(h) })],
  ['c.fsdsp', '101 ...... ..... 10', 'fsd', (h) => ({ rs2: rs2Full(h), rs1: 2, imm: sdspOff(h) })],
  ['c.swsp', '110 ...... ..... 10', 'sw', (h) => ({ rs2: rs2Full(h), rs1: 2, imm: swspOff(h) })],
  ['c.sdsp', '111 ...... ..... 10', 'sd', (h) => ({ rs2: rs2Full(h), rs1: 2, imm: sdspOff(h) })],
];

function build(): CPattern[] {
  return SPECS.map(([name, b, to, args]) => {
    const s = b.replace(/\s+/g, '');
    if (s.length !== 16 || /[^01.]/.test(s)) throw new Error(`bad RVC pattern for ${name}`);
    let mask = 0, match = 0;
    for (let i = 0; i < 16; i++) if (s[i] !== '.') { mask |= 1 << (15 - i); if (s[i] === '1') match |= 1 << (15 - i); }
    const pat = PATTERN_BY_NAME.get(to);
    if (!pat) throw new Error(`RVC ${name} expands to unknown ${to}`);
    return { name, mask, match, to: pat, args };
  });
}

export const RVC_PATTERNS: readonly CPattern[] = build();

// Bucketed by quadrant and funct3 (bits 1:0 and 15:13), which every pattern fixes;
// within a bucket, table order puts the special cases first.
const BUCKETS: CPattern[][] = Array.from({ length: 32 }, () => []);
const bucketOf = (h: number) => ((h >>> 13) << 2) | (h & 3);
for (const p of RVC_PATTERNS) {
  if ((p.mask & 0xe003) !== 0xe003) throw new Error(`RVC ${p.name} does not fix quadrant/funct3`);
  BUCKETS[bucketOf(p.match)].push(p);
}

export interface DecodedC extends Decoded { readonly cname: string }

/** Decodes a 16-bit instruction into its 32-bit equivalent; undefined if reserved/illegal. */
export function decode16(h: number): DecodedC | undefined {
  h &= 0xffff;
  for (const p of BUCKETS[bucketOf(h)]) {
    if ((h & p.mask) !== p.match) continue;
    const a = p.args(h);
    if (!a) return undefined;
    return {
      pat: p.to, cname: p.name,
      args: { rd: 0, rs1: 0, rs2: 0, rs3: 0, imm: 0, rm: 0, aq: 0, rl: 0, csr: 0, ...a },
    };
  }
  return undefined;
}

/** Decodes the instruction at pc (2 or 4 bytes); `d` is undefined for illegal encodings. */
export function decodeAt(pc: number, fetch16: (addr: number) => number): { len: number; d: Decoded | undefined; word: number } {
  const lo = fetch16(pc);
  if ((lo & 3) !== 3) return { len: 2, d: decode16(lo), word: lo };
  // Two halfword fetches: the upper half may sit on the next page.
  const w = (lo | (fetch16(pc + 2) << 16)) >>> 0;
  return { len: 4, d: decode32(w), word: w };
}
