// The RV64GC 32-bit instruction patterns, as data. Each entry gives the bit
// pattern ('0'/'1' fixed, '.' operand; spaces ignored), the operand format and
// the register classes of rd/rs1/rs2/rs3 ('x' or 'f'), and is translated by the
// handler of the same name (trans-*.ts) and printed by disasm.ts.

export type Fmt =
  | 'R' | 'I' | 'L' | 'S' | 'B' | 'U' | 'J' | 'JALR'
  | 'SH' /* 6-bit shamt */ | 'SHW' /* 5-bit shamt */
  | 'RM' /* rd, rs1, rs2, rm */ | 'R2RM' /* rd, rs1, rm */ | 'R2' /* rd, rs1 */ | 'R4' /* rd, rs1, rs2, rs3, rm */
  | 'AMO' | 'LR' | 'CSR' | 'CSRI' | 'FENCE' | 'N';

export interface Pattern {
  readonly name: string;
  readonly mask: number;
  readonly match: number;
  readonly fmt: Fmt;
  /** register class of rd, rs1, rs2, rs3 */
  readonly rc: string;
}

/** Decoded operands. Fields a format does not use are still filled (harmlessly). */
export interface Args {
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  /** Sign-extended immediate, shift amount, CSR uimm, or fence fm/pred/succ bits. */
  imm: number;
  rm: number;
  aq: number;
  rl: number;
  csr: number;
}

export interface Decoded { readonly pat: Pattern; readonly args: Args }

function pattern(name: string, bits: string, fmt: Fmt, rc = 'xxxx'): Pattern {
  const s = bits.replace(/\s+/g, '');
  if (s.length !== 32 || /[^01.]/.test(s)) throw new Error(`bad pattern for ${name}: ${bits}`);
  let mask = 0, match = 0;
  for (let i = 0; i < 32; i++) {
    const bit = 31 - i;
    if (s[i] !== '.') { mask |= 1 << bit; if (s[i] === '1') match |= 1 << bit; }
  }
  return { name, mask: mask >>> 0, match: match >>> 0, fmt, rc };
}

const F3 = ['000', '001', '010', '011', '100', '101', '110', '111'];

function buildTable(): Pattern[] {
  const t: Pattern[] = [];
  const P = (name: string, bits: string, fmt: Fmt, rc?: string) => t.push(pattern(name, bits, fmt, rc));

  // ---- RV64I ----
  P('lui', '.................... ..... 0110111', 'U');
  P('auipc', '.................... ..... 0010111', 'U');
  P('jal', '.................... ..... 1101111', 'J');
  P('jalr', '............ ..... 000 ..... 1100111', 'JALR');
  for (const [n, f] of [['beq', 0], ['bne', 1], ['blt', 4], ['bge', 5], ['bltu', 6], ['bgeu', 7]] as const)
    P(n, `....... ..... ..... ${F3[f]} ..... 1100011`, 'B');
  for (const [n, f] of [['lb', 0], ['lh', 1], ['lw', 2], ['ld', 3], ['lbu', 4], ['lhu', 5], ['lwu', 6]] as const)
    P(n, `............ ..... ${F3[f]} ..... 0000011`, 'L');
  for (const [n, f] of [['sb', 0], ['sh', 1], ['sw', 2], ['sd', 3]] as const)
    P(n, `....... ..... ..... ${F3[f]} ..... 0100011`, 'S');
  for (const [n, f] of [['addi', 0], ['slti', 2], ['sltiu', 3], ['xori', 4], ['ori', 6], ['andi', 7]] as const)
    P(n, `............ ..... ${F3[f]} ..... 0010011`, 'I');
  P('slli', '000000 ...... ..... 001 ..... 0010011', 'SH');
  P('srli', '000000 ...... ..... 101 ..... 0010011', 'SH');
  P('srai', '010000 ...... ..... 101 ..... 0010011', 'SH');
  for (const [n, f7, f] of [['add', '0000000', 0], ['sub', '0100000', 0], ['sll', '0000000', 1], ['slt', '0000000', 2],
    ['sltu', '0000000', 3], ['xor', '0000000', 4], ['srl', '0000000', 5], ['sra', '0100000', 5], ['or', '0000000', 6],
    ['and', '0000000', 7]] as const)
    P(n, `${f7} ..... ..... ${F3[f]} ..... 0110011`, 'R');
  P('addiw', '............ ..... 000 ..... 0011011', 'I');
  P('slliw', '0000000 ..... ..... 001 ..... 0011011', 'SHW');
  P('srliw', '0000000 ..... ..... 101 ..... 0011011', 'SHW');
  P('sraiw', '0100000 ..... ..... 101 ..... 0011011', 'SHW');
  for (const [n, f7, f] of [['addw', '0000000', 0], ['subw', '0100000', 0], ['sllw', '0000000', 1],
    ['srlw', '0000000', 5], ['sraw', '0100000', 5]] as const)
    P(n, `${f7} ..... ..... ${F3[f]} ..... 0111011`, 'R');
  P('fence', '.... .... .... ..... 000 ..... 0001111', 'FENCE');
  P('fence.i', '............ ..... 001 ..... 0001111', 'N');
  P('ecall', '000000000000 00000 000 00000 1110011', 'N');
  P('ebreak', '000000000001 00000 000 00000 1110011', 'N');

  // ---- Zicsr ----
  for (const [n, f] of [['csrrw', 1], ['csrrs', 2], ['csrrc', 3]] as const) P(n, `............ ..... ${F3[f]} ..... 1110011`, 'CSR');
  for (const [n, f] of [['csrrwi', 5], ['csrrsi', 6], ['csrrci', 7]] as const) P(n, `............ ..... ${F3[f]} ..... 1110011`, 'CSRI');

  // ---- M ----
  ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'].forEach((n, f) =>
    P(n, `0000001 ..... ..... ${F3[f]} ..... 0110011`, 'R'));
  for (const [n, f] of [['mulw', 0], ['divw', 4], ['divuw', 5], ['remw', 6], ['remuw', 7]] as const)
    P(n, `0000001 ..... ..... ${F3[f]} ..... 0111011`, 'R');

  // ---- A ----
  for (const [sz, f] of [['w', 2], ['d', 3]] as const) {
    P(`lr.${sz}`, `00010 .. 00000 ..... ${F3[f]} ..... 0101111`, 'LR');
    P(`sc.${sz}`, `00011 .. ..... ..... ${F3[f]} ..... 0101111`, 'AMO');
    for (const [op, f5] of [['amoswap', '00001'], ['amoadd', '00000'], ['amoxor', '00100'], ['amoand', '01100'],
      ['amoor', '01000'], ['amomin', '10000'], ['amomax', '10100'], ['amominu', '11000'], ['amomaxu', '11100']] as const)
      P(`${op}.${sz}`, `${f5} .. ..... ..... ${F3[f]} ..... 0101111`, 'AMO');
  }

  // ---- F and D ----
  P('flw', '............ ..... 010 ..... 0000111', 'L', 'fx');
  P('fld', '............ ..... 011 ..... 0000111', 'L', 'fx');
  P('fsw', '....... ..... ..... 010 ..... 0100111', 'S', 'xxf');
  P('fsd', '....... ..... ..... 011 ..... 0100111', 'S', 'xxf');
  for (const [s, fm] of [['s', '00'], ['d', '01']] as const) {
    const other = s === 's' ? 'd' : 's';
    P(`fmadd.${s}`, `..... ${fm} ..... ..... ... ..... 1000011`, 'R4', 'ffff');
    P(`fmsub.${s}`, `..... ${fm} ..... ..... ... ..... 1000111`, 'R4', 'ffff');
    P(`fnmsub.${s}`, `..... ${fm} ..... ..... ... ..... 1001011`, 'R4', 'ffff');
    P(`fnmadd.${s}`, `..... ${fm} ..... ..... ... ..... 1001111`, 'R4', 'ffff');
    for (const [op, f5] of [['fadd', '00000'], ['fsub', '00001'], ['fmul', '00010'], ['fdiv', '00011']] as const)
      P(`${op}.${s}`, `${f5} ${fm} ..... ..... ... ..... 1010011`, 'RM', 'fff');
    P(`fsqrt.${s}`, `01011 ${fm} 00000 ..... ... ..... 1010011`, 'R2RM', 'ff');
    P(`fsgnj.${s}`, `00100 ${fm} ..... ..... 000 ..... 1010011`, 'R', 'fff');
    P(`fsgnjn.${s}`, `00100 ${fm} ..... ..... 001 ..... 1010011`, 'R', 'fff');
    P(`fsgnjx.${s}`, `00100 ${fm} ..... ..... 010 ..... 1010011`, 'R', 'fff');
    P(`fmin.${s}`, `00101 ${fm} ..... ..... 000 ..... 1010011`, 'R', 'fff');
    P(`fmax.${s}`, `00101 ${fm} ..... ..... 001 ..... 1010011`, 'R', 'fff');
    P(`fcvt.${s}.${other}`, `01000 ${fm} 0000${s === 's' ? '1' : '0'} ..... ... ..... 1010011`, 'R2RM', 'ff');
    P(`feq.${s}`, `10100 ${fm} ..... ..... 010 ..... 1010011`, 'R', 'xff');
    P(`flt.${s}`, `10100 ${fm} ..... ..... 001 ..... 1010011`, 'R', 'xff');
    P(`fle.${s}`, `10100 ${fm} ..... ..... 000 ..... 1010011`, 'R', 'xff');
    P(`fclass.${s}`, `11100 ${fm} 00000 ..... 001 ..... 1010011`, 'R2', 'xf');
    const [ix] = s === 's' ? ['w'] : ['d'];
    P(`fmv.x.${ix}`, `11100 ${fm} 00000 ..... 000 ..... 1010011`, 'R2', 'xf');
    P(`fmv.${ix}.x`, `11110 ${fm} 00000 ..... 000 ..... 1010011`, 'R2', 'fx');
    for (const [it, r2] of [['w', '00000'], ['wu', '00001'], ['l', '00010'], ['lu', '00011']] as const) {
      P(`fcvt.${it}.${s}`, `11000 ${fm} ${r2} ..... ... ..... 1010011`, 'R2RM', 'xf');
      P(`fcvt.${s}.${it}`, `11010 ${fm} ${r2} ..... ... ..... 1010011`, 'R2RM', 'fx');
    }
  }
  return t;
}

export const PATTERNS: readonly Pattern[] = buildTable();
export const PATTERN_BY_NAME: ReadonlyMap<string, Pattern> = new Map(PATTERNS.map((p) => [p.name, p]));

// Bucketed by major opcode (bits 6:0); every pattern fixes all of them.
const BY_OPCODE: Pattern[][] = Array.from({ length: 128 }, () => []);
for (const p of PATTERNS) {
  if ((p.mask & 0x7f) !== 0x7f) throw new Error(`pattern ${p.name} does not fix the opcode`);
  BY_OPCODE[p.match & 0x7f].push(p);
}
for (const bucket of BY_OPCODE) {
  // Overlaps must be deliberate: more specific patterns first.
  bucket.sort((a, b) => popcount(b.mask) - popcount(a.mask));
}

function popcount(v: number): number { let n = 0; for (; v; v &= v - 1) n++; return n; }

const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);

export function immOf(fmt: Fmt, w: number): number {
  switch (fmt) {
    case 'I': case 'L': case 'JALR': return w >> 20;
    case 'S': return ((w >> 25) << 5) | ((w >>> 7) & 31);
    case 'B': return sext((((w >>> 31) & 1) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 63) << 5) | (((w >>> 8) & 15) << 1), 13);
    case 'U': return w & 0xfffff000;
    case 'J': return sext((((w >>> 31) & 1) << 20) | (((w >>> 12) & 255) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 1023) << 1), 21);
    case 'SH': return (w >>> 20) & 63;
    case 'SHW': return (w >>> 20) & 31;
    case 'CSRI': return (w >>> 15) & 31;
    case 'FENCE': return (w >>> 20) & 0xfff;
    default: return 0;
  }
}

export function argsOf(fmt: Fmt, w: number): Args {
  return {
    rd: (w >>> 7) & 31, rs1: (w >>> 15) & 31, rs2: (w >>> 20) & 31, rs3: (w >>> 27) & 31,
    imm: immOf(fmt, w), rm: (w >>> 12) & 7, aq: (w >>> 26) & 1, rl: (w >>> 25) & 1, csr: (w >>> 20) & 0xfff,
  };
}

/** Decodes a 32-bit instruction word; undefined if no pattern matches. */
export function decode32(w: number): Decoded | undefined {
  w >>>= 0;
  for (const p of BY_OPCODE[w & 0x7f]) {
    if (((w & p.mask) >>> 0) === p.match) return { pat: p, args: argsOf(p.fmt, w) };
  }
  return undefined;
}
