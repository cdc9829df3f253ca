// aarch64 generator: A64 encodings drawn from the decoder's pattern table
// (src/cpu/aarch64/table.ts), random operand bits, then field constraints (memory
// operands based on reserved registers pointing into the scratch buffer, small
// offsets, no writes to the reserved registers) and nodemu's own translator as the
// final filter for unallocated encodings.

import { aarch64Frontend, disassembleWord, TABLE } from '../../src/cpu/aarch64';
import { type ArchSpec, BASE, DATA, type Field, type Insn, randomFields, SCR, SCRATCH, type Unit, writeField } from './arch';
import type { Code } from './elf';
import { isLegal, le32 } from './legal';
import type { Rng } from './rng';

/** x28: scratch base (never written); x27: base for writeback forms (drifts); x26: small index register. */
const B = 28, B2 = 27, IDX = 26;
const RESERVED = new Set([B, B2, IDX]);

const VOFF = 288;
const FIELDS: Field[] = [
  ...Array.from({ length: 31 }, (_, i): Field => ({ name: `x${i}`, off: 8 * i, size: 8, reserved: RESERVED.has(i) })),
  { name: 'sp', off: 248, size: 8 },
  { name: 'nzcv', off: 256, size: 8, mask: 0xf000_0000n },
  // AHP DN FZ RMode (what both emulators implement for A64)
  { name: 'fpcr', off: 264, size: 8, mask: 0x07c0_0000n },
  // IOC DZC OFC UFC IXC IDC QC
  { name: 'fpsr', off: 272, size: 8, mask: 0x0800_009fn },
  ...Array.from({ length: 32 }, (_, i): Field => ({ name: `v${i}`, off: VOFF + 16 * i, size: 16 })),
];
const REG_BYTES = VOFF + 512;

// ---- encoders for the prologue/epilogue ----
const movz = (rd: number, imm: number, hw: number) => 0xd2800000 | (hw << 21) | ((imm & 0xffff) << 5) | rd;
const movk = (rd: number, imm: number, hw: number) => 0xf2800000 | (hw << 21) | ((imm & 0xffff) << 5) | rd;
const pairQ = (load: boolean, t1: number, t2: number, rn: number, off: number) => (load ? 0xad400000 : 0xad000000) | (((off / 16) & 0x7f) << 15) | (t2 << 10) | (rn << 5) | t1;
const pairX = (load: boolean, t1: number, t2: number, rn: number, off: number) => (load ? 0xa9400000 : 0xa9000000) | (((off / 8) & 0x7f) << 15) | (t2 << 10) | (rn << 5) | t1;
const ldrX = (rt: number, rn: number, off: number) => 0xf9400000 | ((off / 8) << 10) | (rn << 5) | rt;
const strX = (rt: number, rn: number, off: number) => 0xf9000000 | ((off / 8) << 10) | (rn << 5) | rt;
const addImm = (rd: number, rn: number, imm: number) => 0x91000000 | (imm << 10) | (rn << 5) | rd;
const subImm = (rd: number, rn: number, imm: number) => 0xd1000000 | (imm << 10) | (rn << 5) | rd;
const MSR = { nzcv: 0xd51b4200, fpcr: 0xd51b4400, fpsr: 0xd51b4420 };
const MRS = { nzcv: 0xd53b4200, fpcr: 0xd53b4400, fpsr: 0xd53b4420 };
const CLREX = 0xd503305f, SVC0 = 0xd4000001;
function li(c: Code, rd: number, v: number): void { c.u32(movz(rd, v & 0xffff, 0)); c.u32(movk(rd, v >>> 16, 1)); }

const NO_GEN = new Set(['b', 'bl', 'b.cond', 'cbz', 'tbz', 'br', 'svc', 'brk', 'hint', 'sys', 'mrs', 'msr', 'ldr_lit']);
const GEN = TABLE.all.filter((p) => !NO_GEN.has(p.name));

function gen(rng: Rng): number | undefined {
  const p = rng.pick(GEN);
  let w = ((rng.u32() & ~p.mask) | p.match) >>> 0;
  const get = (lo: number, n: number) => (w >>> lo) & ((1 << n) - 1);
  const set = (lo: number, n: number, v: number) => { w = ((w & ~(((1 << n) - 1) << lo)) | ((v & ((1 << n) - 1)) << lo)) >>> 0; };
  const free = () => { let r; do r = rng.int(31); while (RESERVED.has(r)); return r; };
  if (RESERVED.has(get(0, 5))) set(0, 5, free());
  switch (p.name) {
    case 'ldst_uimm': set(5, 5, B); set(10, 12, rng.int(32)); break;
    case 'ldst_imm9': {
      const wb = get(10, 1) === 1; // post (01) / pre (11) index
      set(5, 5, wb ? B2 : B);
      if (wb) set(12, 9, rng.range(-32, 31));
      break;
    }
    case 'ldst_reg': set(5, 5, B); set(16, 5, IDX); break;
    case 'ldst_pair': {
      const wb = get(23, 1) === 1;
      set(5, 5, wb ? B2 : B); set(15, 7, rng.range(-8, 7));
      let t2 = get(10, 5);
      while (RESERVED.has(t2) || t2 === get(0, 5)) t2 = free();
      set(10, 5, t2);
      break;
    }
    case 'excl': case 'atomic': {
      set(5, 5, B);
      let s = get(16, 5);
      while (RESERVED.has(s) || s === get(0, 5) || s === get(10, 5)) s = free();
      set(16, 5, s);
      if (p.name === 'excl') { let t2 = get(10, 5); while (RESERVED.has(t2) || t2 === get(0, 5)) t2 = free(); set(10, 5, t2); }
      break;
    }
    case 'simd_ldst_mult': case 'simd_ldst_single': set(5, 5, B); break;
    case 'simd_ldst_mult_post': case 'simd_ldst_single_post': set(5, 5, B2); set(16, 5, rng.chance(0.5) ? IDX : 31); break;
  }
  if (TABLE.decode(w) !== p || !isLegal(aarch64Frontend, le32(w))) return undefined;
  return w;
}

export const aarch64: ArchSpec = {
  name: 'aarch64', qemu: 'qemu-aarch64', cls: 64, machine: 183, thumb: false,
  regBytes: REG_BYTES, fields: FIELDS,
  baseInit() {
    const r = new Uint8Array(REG_BYTES);
    writeField(r, FIELDS[B], BigInt(BASE));
    writeField(r, FIELDS[B2], BigInt(BASE));
    writeField(r, FIELDS[IDX], 8n);
    writeField(r, FIELDS[31], BigInt(BASE)); // sp
    return r;
  },
  randomInit(rng) {
    const r = this.baseInit();
    randomFields(r, FIELDS, rng);
    writeField(r, FIELDS[IDX], BigInt(rng.int(64)));
    return r;
  },
  genUnit(rng): Unit {
    for (;;) { const w = gen(rng); if (w !== undefined) return [{ enc: w, len: 4 }]; }
  },
  emitBlock(c, initAddr, units) {
    c.u32(CLREX); // no exclusive reservation leaks from the previous block
    // Refill the scratch buffer (x1 src, x2 dst, x3 count) before the flags are set.
    li(c, 1, DATA); li(c, 2, SCRATCH); c.u32(movz(3, SCR / 8, 0));
    const loop = c.pc;
    c.u32(0xf8408424); // ldr x4, [x1], #8
    c.u32(0xf8008444); // str x4, [x2], #8
    c.u32(subImm(3, 3, 1));
    c.u32(0xb5000000 | ((((loop - c.pc) >> 2) & 0x7ffff) << 5) | 3); // cbnz x3, loop
    li(c, 0, initAddr);
    for (let i = 0; i < 32; i += 2) c.u32(pairQ(true, i, i + 1, 0, VOFF + 16 * i));
    c.u32(ldrX(1, 0, 256)); c.u32(MSR.nzcv | 1);
    c.u32(ldrX(1, 0, 264)); c.u32(MSR.fpcr | 1);
    c.u32(ldrX(1, 0, 272)); c.u32(MSR.fpsr | 1);
    c.u32(ldrX(1, 0, 248)); c.u32(addImm(31, 1, 0)); // mov sp, x1
    for (let i = 1; i < 31; i += 2) c.u32(pairX(true, i, i + 1, 0, 8 * i));
    c.u32(ldrX(0, 0, 0));
    for (const u of units) for (const i of u) c.insn(i.enc, i.len);
    // Dump: x28 still holds BASE; the record lives at BASE + SCR/2.
    const D = SCR / 2;
    c.u32(strX(0, B, D)); c.u32(addImm(0, B, D));
    for (let i = 1; i < 31; i += 2) c.u32(pairX(false, i, i + 1, 0, 8 * i));
    c.u32(addImm(1, 31, 0)); c.u32(strX(1, 0, 248)); // mov x1, sp
    c.u32(MRS.nzcv | 1); c.u32(strX(1, 0, 256));
    c.u32(MRS.fpcr | 1); c.u32(strX(1, 0, 264));
    c.u32(MRS.fpsr | 1); c.u32(strX(1, 0, 272));
    for (let i = 0; i < 32; i += 2) c.u32(pairQ(false, i, i + 1, 0, VOFF + 16 * i));
    c.u32(movz(0, 1, 0)); c.u32(subImm(1, B, D)); c.u32(movz(2, SCR + REG_BYTES, 0)); c.u32(movz(8, 64, 0)); c.u32(SVC0);
  },
  emitExit(c) { c.u32(movz(0, 0, 0)); c.u32(movz(8, 94, 0)); c.u32(SVC0); },
  insnOf: (enc) => ({ enc, len: 4 }),
  disasm: (i: Insn, pc: number) => disassembleWord(i.enc, pc).replace(/\t/g, ' '),
};
