// objdump-style disassembly driven by the same pattern tables as the decoder:
// the operand format of each pattern decides the operand syntax, and a small
// alias table reproduces objdump's pseudo-instructions (li, mv, ret, beqz...).

import type { Args, Pattern } from './decode';
import { decodeAt } from './rvc';
import { CSR_NAMES, FREG_NAMES, RM_NAMES, XREG_NAMES } from './regs';

const hex = (v: number) => (v < 0 ? '-0x' + (-v).toString(16) : '0x' + v.toString(16));
/** Absolute branch target, wrapped to 64 bits like objdump prints it. */
const target = (pc: number, off: number) => BigInt.asUintN(64, BigInt(pc + off)).toString(16);
const csrName = (csr: number) => CSR_NAMES[csr] ?? hex(csr);

function fenceSet(bits: number): string {
  const s = (bits & 8 ? 'i' : '') + (bits & 4 ? 'o' : '') + (bits & 2 ? 'r' : '') + (bits & 1 ? 'w' : '');
  return s || '0';
}

const EXACT_CVT = new Set(['fcvt.d.s', 'fcvt.d.w', 'fcvt.d.wu']);

class Ops {
  constructor(readonly p: Pattern, readonly a: Args, readonly pc: number) {}
  private reg(i: number, n: number) { return (this.p.rc[i] ?? 'x') === 'f' ? FREG_NAMES[n] : XREG_NAMES[n]; }
  get rd() { return this.reg(0, this.a.rd); }
  get rs1() { return this.reg(1, this.a.rs1); }
  get rs2() { return this.reg(2, this.a.rs2); }
  get rs3() { return this.reg(3, this.a.rs3); }
  get rm() {
    // Exact conversions ignore rm; objdump leaves out the assembler's default (rne) for them.
    if (this.a.rm === 7 || (this.a.rm === 0 && EXACT_CVT.has(this.p.name))) return '';
    return ',' + (RM_NAMES[this.a.rm] || this.a.rm);
  }
  get target() { return target(this.pc, this.a.imm); }
}

/** Operand syntax per format. */
const FORMAT: Record<Pattern['fmt'], (o: Ops) => string> = {
  R: (o) => `${o.rd},${o.rs1},${o.rs2}`,
  I: (o) => `${o.rd},${o.rs1},${o.a.imm}`,
  L: (o) => `${o.rd},${o.a.imm}(${o.rs1})`,
  S: (o) => `${o.rs2},${o.a.imm}(${o.rs1})`,
  B: (o) => `${o.rs1},${o.rs2},${o.target}`,
  U: (o) => `${o.rd},${hex(o.a.imm >>> 12)}`,
  J: (o) => `${o.rd},${o.target}`,
  JALR: (o) => `${o.rd},${o.a.imm}(${o.rs1})`,
  SH: (o) => `${o.rd},${o.rs1},${hex(o.a.imm)}`,
  SHW: (o) => `${o.rd},${o.rs1},${hex(o.a.imm)}`,
  RM: (o) => `${o.rd},${o.rs1},${o.rs2}${o.rm}`,
  R2RM: (o) => `${o.rd},${o.rs1}${o.rm}`,
  R2: (o) => `${o.rd},${o.rs1}`,
  R4: (o) => `${o.rd},${o.rs1},${o.rs2},${o.rs3}${o.rm}`,
  AMO: (o) => `${o.rd},${o.rs2},(${o.rs1})`,
  LR: (o) => `${o.rd},(${o.rs1})`,
  CSR: (o) => `${o.rd},${csrName(o.a.csr)},${o.rs1}`,
  CSRI: (o) => `${o.rd},${csrName(o.a.csr)},${o.a.imm}`,
  FENCE: (o) => `${fenceSet((o.a.imm >>> 4) & 15)},${fenceSet(o.a.imm & 15)}`,
  N: () => '',
};

type Alias = [base: string | RegExp, when: (a: Args) => boolean, text: (o: Ops) => string];

const CSR_ALIAS_R: Record<number, string> = { 0x001: 'frflags', 0x002: 'frrm', 0x003: 'frcsr', 0xc00: 'rdcycle', 0xc01: 'rdtime', 0xc02: 'rdinstret' };
const CSR_ALIAS_W: Record<number, string> = { 0x001: 'fsflags', 0x002: 'fsrm', 0x003: 'fscsr' };

/** objdump's pseudo-instructions, first match wins. */
const ALIASES: Alias[] = [
  ['addi', (a) => a.rd === 0 && a.rs1 === 0 && a.imm === 0, () => 'nop'],
  ['addi', (a) => a.rs1 === 0, (o) => `li ${o.rd},${o.a.imm}`],
  ['addi', (a) => a.imm === 0, (o) => `mv ${o.rd},${o.rs1}`],
  ['andi', (a) => a.imm === 255, (o) => `zext.b ${o.rd},${o.rs1}`],
  ['add', (a) => a.rs1 === 0, (o) => `mv ${o.rd},${o.rs2}`],
  ['addiw', (a) => a.imm === 0, (o) => `sext.w ${o.rd},${o.rs1}`],
  ['xori', (a) => a.imm === -1, (o) => `not ${o.rd},${o.rs1}`],
  ['sltiu', (a) => a.imm === 1, (o) => `seqz ${o.rd},${o.rs1}`],
  ['sub', (a) => a.rs1 === 0, (o) => `neg ${o.rd},${o.rs2}`],
  ['subw', (a) => a.rs1 === 0, (o) => `negw ${o.rd},${o.rs2}`],
  ['sltu', (a) => a.rs1 === 0, (o) => `snez ${o.rd},${o.rs2}`],
  ['slt', (a) => a.rs2 === 0, (o) => `sltz ${o.rd},${o.rs1}`],
  ['slt', (a) => a.rs1 === 0, (o) => `sgtz ${o.rd},${o.rs2}`],
  ['beq', (a) => a.rs2 === 0, (o) => `beqz ${o.rs1},${o.target}`],
  ['bne', (a) => a.rs2 === 0, (o) => `bnez ${o.rs1},${o.target}`],
  ['bge', (a) => a.rs1 === 0, (o) => `blez ${o.rs2},${o.target}`],
  ['bge', (a) => a.rs2 === 0, (o) => `bgez ${o.rs1},${o.target}`],
  ['blt', (a) => a.rs2 === 0, (o) => `bltz ${o.rs1},${o.target}`],
  ['blt', (a) => a.rs1 === 0, (o) => `bgtz ${o.rs2},${o.target}`],
  ['jal', (a) => a.rd === 0, (o) => `j ${o.target}`],
  ['jal', (a) => a.rd === 1, (o) => `jal ${o.target}`],
  ['jalr', (a) => a.rd === 0 && a.rs1 === 1 && a.imm === 0, () => 'ret'],
  ['jalr', (a) => a.rd === 0 && a.imm === 0, (o) => `jr ${o.rs1}`],
  ['jalr', (a) => a.rd === 0, (o) => `jr ${o.a.imm}(${o.rs1})`],
  ['jalr', (a) => a.rd === 1 && a.imm === 0, (o) => `jalr ${o.rs1}`],
  ['jalr', (a) => a.rd === 1, (o) => `jalr ${o.a.imm}(${o.rs1})`],
  ['csrrs', (a) => a.rs1 === 0 && a.csr in CSR_ALIAS_R, (o) => `${CSR_ALIAS_R[o.a.csr]} ${o.rd}`],
  ['csrrs', (a) => a.rs1 === 0, (o) => `csrr ${o.rd},${csrName(o.a.csr)}`],
  ['csrrw', (a) => a.rd === 0 && a.csr in CSR_ALIAS_W, (o) => `${CSR_ALIAS_W[o.a.csr]} ${o.rs1}`],
  ['csrrw', (a) => a.csr in CSR_ALIAS_W, (o) => `${CSR_ALIAS_W[o.a.csr]} ${o.rd},${o.rs1}`],
  ['csrrw', (a) => a.rd === 0, (o) => `csrw ${csrName(o.a.csr)},${o.rs1}`],
  ['csrrs', (a) => a.rd === 0, (o) => `csrs ${csrName(o.a.csr)},${o.rs1}`],
  ['csrrc', (a) => a.rd === 0, (o) => `csrc ${csrName(o.a.csr)},${o.rs1}`],
  ['csrrwi', (a) => a.rd === 0 && (a.csr === 1 || a.csr === 2), (o) => `${CSR_ALIAS_W[o.a.csr]}i ${o.a.imm}`],
  ['csrrwi', (a) => a.rd === 0, (o) => `csrwi ${csrName(o.a.csr)},${o.a.imm}`],
  ['csrrsi', (a) => a.rd === 0, (o) => `csrsi ${csrName(o.a.csr)},${o.a.imm}`],
  ['csrrci', (a) => a.rd === 0, (o) => `csrci ${csrName(o.a.csr)},${o.a.imm}`],
  [/^fsgnj\.[sd]$/, (a) => a.rs1 === a.rs2, (o) => `fmv.${o.p.name.slice(-1)} ${o.rd},${o.rs1}`],
  [/^fsgnjn\.[sd]$/, (a) => a.rs1 === a.rs2, (o) => `fneg.${o.p.name.slice(-1)} ${o.rd},${o.rs1}`],
  [/^fsgnjx\.[sd]$/, (a) => a.rs1 === a.rs2, (o) => `fabs.${o.p.name.slice(-1)} ${o.rd},${o.rs1}`],
  ['fence', (a) => a.imm === 0x833, () => 'fence.tso'],
  ['fence', (a) => a.imm === 0x010, () => 'pause'],
  ['fence', (a) => (a.imm & 0xff) === 0xff, () => 'fence'],
];

/** Mnemonic with the .aq/.rl suffixes of atomics. */
function mnemonic(p: Pattern, a: Args): string {
  if (p.fmt === 'AMO' || p.fmt === 'LR') return p.name + (a.aq ? (a.rl ? '.aqrl' : '.aq') : a.rl ? '.rl' : '');
  return p.name;
}

export function formatInsn(p: Pattern, a: Args, pc: number): string {
  const o = new Ops(p, a, pc);
  for (const [base, when, text] of ALIASES) {
    if ((typeof base === 'string' ? base === p.name : base.test(p.name)) && when(a)) return text(o);
  }
  const ops = FORMAT[p.fmt](o);
  return ops ? `${mnemonic(p, a)} ${ops}` : mnemonic(p, a);
}

export function disassemble(pc: number, fetch16: (addr: number) => number): { len: number; text: string } {
  const { len, d, word } = decodeAt(pc, fetch16);
  if (d) return { len, text: formatInsn(d.pat, d.args, pc) };
  if (len === 2) return { len, text: word === 0 ? 'unimp' : `.2byte 0x${word.toString(16)}` };
  return { len, text: `.4byte 0x${word.toString(16)}` };
}
