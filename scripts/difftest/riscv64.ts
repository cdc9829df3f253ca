// riscv64 generator: RV64GC instructions drawn from the decoder's own pattern
// tables (src/cpu/riscv64/decode.ts, rvc.ts) with operand fields constrained so
// the sequence never branches, traps, or touches memory outside the scratch buffer.

import { decode16, decode32, formatInsn, PATTERNS, type Pattern } from '../../src/cpu/riscv64';
import { type ArchSpec, BASE, DATA, type Field, type Insn, randomFields, SCR, SCRATCH, type Unit, writeField } from './arch';
import type { Code } from './elf';
import type { Rng } from './rng';

/** x8 (s0) = scratch middle: base of every load/store (also the compressed c.lw/c.sw register range). */
const B = 8;
/** x2 (sp) = scratch start: base of c.lwsp/c.swsp & co. */
const SP = 2;

const FIELDS: Field[] = [
  ...Array.from({ length: 31 }, (_, i): Field => ({ name: `x${i + 1}`, off: 8 * i, size: 8, reserved: i + 1 === B || i + 1 === SP })),
  ...Array.from({ length: 32 }, (_, i): Field => ({ name: `f${i}`, off: 248 + 8 * i, size: 8 })),
  // fflags | frm << 5; frm 5..7 are reserved (any FP op with dynamic rounding would trap)
  { name: 'fcsr', off: 504, size: 8, mask: 0xffn },
];
const REG_BYTES = 512;

// ---- encoders for the prologue/epilogue ----
const I = (op: number, f3: number, rd: number, rs1: number, imm: number) => ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
const S = (op: number, f3: number, rs1: number, rs2: number, imm: number) =>
  (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | op;
const addi = (rd: number, rs1: number, imm: number) => I(0x13, 0, rd, rs1, imm);
const ld = (rd: number, rs1: number, imm: number) => I(0x03, 3, rd, rs1, imm);
const sd = (rs2: number, rs1: number, imm: number) => S(0x23, 3, rs1, rs2, imm);
const fld = (rd: number, rs1: number, imm: number) => I(0x07, 3, rd, rs1, imm);
const fsd = (rs2: number, rs1: number, imm: number) => S(0x27, 3, rs1, rs2, imm);
const csrrw = (rd: number, csr: number, rs1: number) => I(0x73, 1, rd, rs1, csr);
const csrrs = (rd: number, csr: number, rs1: number) => I(0x73, 2, rd, rs1, csr);
const ECALL = 0x73;
function li(c: Code, rd: number, v: number): void {
  const hi = (v + 0x800) >>> 12;
  c.u32((hi << 12) | (rd << 7) | 0x37);
  c.u32(addi(rd, rd, v - (hi << 12)));
}

// Formats whose rd is written (for x-class rd: must not be a reserved register).
const WRITES_RD = new Set(['R', 'I', 'L', 'U', 'SH', 'SHW', 'AMO', 'LR', 'CSR', 'CSRI', 'RM', 'R2RM', 'R2', 'R4']);
const NO_GEN = new Set(['jal', 'jalr', 'beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu', 'ecall', 'ebreak']);
const GEN32 = PATTERNS.filter((p) => !NO_GEN.has(p.name));
const RMS = [0, 1, 2, 3, 4, 7];

function okArgs(p: Pattern, a: { rd: number; rs1: number }): boolean {
  if (WRITES_RD.has(p.fmt) && p.rc[0] === 'x' && (a.rd === B || a.rd === SP)) return false;
  return true;
}

function gen32(rng: Rng): number | undefined {
  const p = rng.pick(GEN32);
  let w = ((rng.u32() & ~p.mask) | p.match) >>> 0;
  const set = (lo: number, n: number, v: number) => { w = ((w & ~(((1 << n) - 1) << lo)) | ((v & ((1 << n) - 1)) << lo)) >>> 0; };
  switch (p.fmt) {
    case 'L': set(15, 5, B); set(20, 12, rng.range(-256, 248)); break;
    case 'S': { const imm = rng.range(-256, 248); set(15, 5, B); set(7, 5, imm); set(25, 7, imm >> 5); break; }
    case 'AMO': case 'LR': set(15, 5, B); break;
    case 'RM': case 'R2RM': case 'R4': set(12, 3, rng.pick(RMS)); break;
    case 'CSR': case 'CSRI': {
      const csr = rng.range(1, 3);
      set(20, 12, csr);
      const op = (w >>> 12) & 7;
      // Keep frm valid: register writes of frm/fcsr only from x0; immediates only where they cannot set frm to 5..7.
      if (p.fmt === 'CSR' && csr !== 1 && op === 1) set(15, 5, 0);
      if (p.fmt === 'CSR' && csr !== 1 && op === 2) set(15, 5, 0);
      if (p.fmt === 'CSRI' && csr === 2 && op === 5) set(15, 5, rng.range(0, 4));
      if (p.fmt === 'CSRI' && csr === 2 && op === 6) set(15, 5, 0);
      break;
    }
  }
  const d = decode32(w);
  if (!d || d.pat !== p || !okArgs(p, d.args)) return undefined;
  return w;
}

function gen16(rng: Rng): number | undefined {
  const h = rng.u32() & 0xffff;
  if ((h & 3) === 3) return undefined;
  const d = decode16(h);
  if (!d || NO_GEN.has(d.pat.name) || !okArgs(d.pat, d.args)) return undefined;
  if ((d.pat.fmt === 'L' || d.pat.fmt === 'S') && d.args.rs1 !== B && d.args.rs1 !== SP) return undefined;
  return h;
}

export const riscv64: ArchSpec = {
  name: 'riscv64', qemu: 'qemu-riscv64', cls: 64, machine: 243, elfFlags: 0x5 /* RVC, double-float ABI */, thumb: false,
  regBytes: REG_BYTES, fields: FIELDS,
  baseInit() {
    const r = new Uint8Array(REG_BYTES);
    writeField(r, FIELDS[B - 1], BigInt(BASE));
    writeField(r, FIELDS[SP - 1], BigInt(SCRATCH));
    return r;
  },
  randomInit(rng) {
    const r = this.baseInit();
    randomFields(r, FIELDS, rng);
    writeField(r, FIELDS[FIELDS.length - 1], BigInt(rng.int(32) | (rng.pick([0, 1, 2, 3, 4]) << 5)));
    return r;
  },
  genUnit(rng): Unit {
    for (;;) {
      if (rng.chance(0.3)) { const h = gen16(rng); if (h !== undefined) return [{ enc: h, len: 2 }]; } else {
        const w = gen32(rng); if (w !== undefined) return [{ enc: w, len: 4 }];
      }
    }
  },
  emitBlock(c, initAddr, units) {
    // Refill the scratch buffer from the shared initial image (x5 src, x6 dst, x7 count).
    li(c, 5, DATA); li(c, 6, SCRATCH); c.u32(addi(7, 0, SCR / 8));
    c.u32((0x03 << 27) | (6 << 15) | (3 << 12) | 0x2f); // sc.d x0, x0, (x6): drops a reservation left by the previous block
    const loop = c.pc;
    c.u32(ld(28, 5, 0)); c.u32(sd(28, 6, 0)); c.u32(addi(5, 5, 8)); c.u32(addi(6, 6, 8)); c.u32(addi(7, 7, -1));
    const off = loop - c.pc; // bne x7, x0, loop
    c.u32((((off >> 12) & 1) << 31) | (((off >> 5) & 63) << 25) | (0 << 20) | (7 << 15) | (1 << 12) | (((off >> 1) & 15) << 8) | (((off >> 11) & 1) << 7) | 0x63);
    li(c, 31, initAddr);
    for (let i = 0; i < 32; i++) c.u32(fld(i, 31, 248 + 8 * i));
    c.u32(ld(5, 31, 504)); c.u32(csrrw(0, 3, 5));
    for (let i = 1; i <= 31; i++) c.u32(ld(i, 31, 8 * (i - 1)));
    for (const u of units) for (const i of u) c.insn(i.enc, i.len);
    // Dump: x8 still holds BASE; the record lives at BASE + SCR/2 (right after the scratch bytes).
    const D = SCR / 2;
    for (let i = 1; i <= 31; i++) c.u32(sd(i, B, D + 8 * (i - 1)));
    for (let i = 0; i < 32; i++) c.u32(fsd(i, B, D + 248 + 8 * i));
    c.u32(csrrs(5, 3, 0)); c.u32(sd(5, B, D + 504));
    c.u32(addi(10, 0, 1)); c.u32(addi(11, B, -D)); li(c, 12, SCR + REG_BYTES); c.u32(addi(17, 0, 64)); c.u32(ECALL);
  },
  emitExit(c) { c.u32(addi(10, 0, 0)); c.u32(addi(17, 0, 94)); c.u32(ECALL); },
  insnOf: (enc) => ({ enc, len: (enc & 3) === 3 ? 4 : 2 }),
  disasm(i: Insn, pc: number) {
    const d = i.len === 2 ? decode16(i.enc) : decode32(i.enc);
    return d ? formatInsn(d.pat, d.args, pc) + (i.len === 2 ? ` (${(d as { cname?: string }).cname})` : '') : '?';
  },
};
