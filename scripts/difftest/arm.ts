// 32-bit ARM generators (A32 and Thumb-2, with VFP and NEON): encodings drawn
// from the decoder's pattern tables (src/cpu/arm: A32, T16, T32 incl. VFP/NEON)
// with random operand bits, then constrained by field letter: core registers
// come from a free pool (never sp, pc or the reserved base/index registers),
// memory operands use the reserved base registers with small aligned offsets,
// no branches/system calls/coprocessor reads/FPSCR writes, no UNPREDICTABLE
// register combinations; nodemu's translator is the last filter. Thumb units
// may be IT blocks (IT + the instructions it predicates).

import { A32_TABLE, armFrontend, disassembleWord, T16_TABLE, T32_TABLE } from '../../src/cpu/arm';
import { COND_NAMES } from '../../src/cpu/arm/disasm';
import type { Pattern } from '../../src/cpu/arm/pattern';
import { type ArchSpec, BASE, DATA, type Field, type Insn, randomFields, SCR, SCRATCH, type Unit, writeField } from './arch';
import type { Code } from './elf';
import { isLegal } from './legal';
import type { Rng } from './rng';

/** r7: scratch base (never written; a low register so Thumb-16 loads can use it); r6: small index; r5: writeback base (drifts). */
const B = 7, IDX = 6, B2 = 5, SP = 13;
const FREE = [0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 14];
const LOW_FREE = [0, 1, 2, 3, 4];
const D_EVEN = [0, 2, 8, 10]; // ldrd/strd first registers whose pair is free

// Register record: d0-d31, r0-r14, APSR, FPSCR.
const ROFF = 256, APSR = 316, FPSCR = 320, REG_BYTES = 328;
const FIELDS: Field[] = [
  ...Array.from({ length: 32 }, (_, i): Field => ({ name: `d${i}`, off: 8 * i, size: 8 })),
  ...Array.from({ length: 15 }, (_, i): Field => ({ name: i === 13 ? 'sp' : `r${i}`, off: ROFF + 4 * i, size: 4, reserved: [B, IDX, B2, SP].includes(i) })),
  // N Z C V Q, GE[3:0]
  { name: 'apsr', off: APSR, size: 4, mask: 0xf80f_0000n },
  // N Z C V QC AHP DN FZ RMode, cumulative IDC IXC UFC OFC DZC IOC (no short vectors, no trap enables)
  { name: 'fpscr', off: FPSCR, size: 4, mask: 0xffc0_009fn },
];

const isFp = (p: Pattern) => p.name.startsWith('v') || p.name.startsWith('neon');
/** Core-register operands of VFP/NEON patterns (the rest of their register fields are FP registers). */
const FP_CORE: Record<string, string> = {
  vmov_rs: 't', vmov_scalar_to: 't', vmov_scalar_from: 't', vmov_rrd: 'tT', vmov_rrss: 'tT', vdup: 't',
  vmov_to_scalar: 't', vmov_from_scalar: 't', vmrs: 't',
};
const REG_LETTERS = 'dnmtahlrT';

const NO_GEN = new Set([
  'b', 'bl', 'blx_imm', 'bx', 'bxj', 'blx_reg', 'bcond', 'cbz', 'tbb', 'svc', 'bkpt', 'udf', 'mrc', 'swp',
  'vmsr', // random values would set FPSCR.LEN/STRIDE (short vectors)
  'ldr_lit', 'ldrb_lit', 'ldrsb_lit', 'ldrh_lit', 'ldrsh_lit',
]);

/** Word with one pattern field read/written by letter (bits msb first, as the pattern names them). */
class Enc {
  constructor(public w: number, readonly p: Pattern) {}
  bits(l: string): readonly number[] | undefined { return this.p.fields.find((f) => f[0] === l)?.[1]; }
  has(l: string): boolean { return !!this.bits(l); }
  width(l: string): number { return this.bits(l)?.length ?? 0; }
  get(l: string): number {
    let v = 0;
    for (const b of this.bits(l) ?? []) v = (v << 1) | ((this.w >>> b) & 1);
    return v >>> 0;
  }
  set(l: string, v: number): void {
    const bs = this.bits(l);
    if (!bs) return;
    bs.forEach((b, i) => {
      const bit = (v >>> (bs.length - 1 - i)) & 1;
      this.w = ((this.w & ~(1 << b)) | (bit << b)) >>> 0;
    });
  }
}

function regList(rng: Rng, pool: readonly number[], min: number): number {
  for (;;) {
    let g = 0;
    for (const r of pool) if (rng.chance(0.4)) g |= 1 << r;
    let n = 0;
    for (let x = g; x; x &= x - 1) n++;
    if (n >= min) return g;
  }
}

const MEM = /^(ldr|str|lda|stl|ldm|stm|pld|pli|push|pop|ldaex|stlex|vldr|vstr|vldm|vstm|vld_|vst_)/;
const HINTS = [0, 1, 4]; // nop, yield, sev (not wfe/wfi)

/** Applies the constraints to a random instance of pattern p; false when this draw is unusable. */
function constrain(e: Enc, rng: Rng, table: 'a32' | 't16' | 't32'): boolean {
  const p = e.p, n = p.name;
  const pick = (w: number) => rng.pick(w === 3 ? LOW_FREE : FREE);
  // Condition (A32): mostly always, else any real condition.
  if (table === 'a32' && e.has('c')) e.set('c', rng.chance(0.7) ? 14 : rng.int(14));
  // Core-register fields get free registers.
  const letters = isFp(p) ? (FP_CORE[n] ?? '') : REG_LETTERS;
  for (const l of letters) {
    const w = e.width(l);
    if (w === 3 || w === 4) e.set(l, pick(w));
  }
  const distinct = (a: string, b: string) => { while (e.get(a) === e.get(b)) e.set(a, pick(e.width(a))); };
  switch (true) {
    case n === 'neonmisc': if (e.get('d') === e.get('m')) e.set('m', e.get('m') ^ 2); break; // VZIP/VUZP/VTRN with d == m: UNKNOWN results
    case n === 'vmrs': if (rng.chance(0.4)) e.set('t', 15); break; // vmrs APSR_nzcv, fpscr
    case n === 'nop' || n === 'hint': e.set(table === 'a32' ? 'i' : 'o', rng.pick(HINTS)); break;
    case n.startsWith('msr'): e.set('x', rng.range(1, 3)); break;
    case n === 'dp_imm' || n === 'dp_reg' || n === 'dp_rsr': {
      const o = e.get('o');
      if (o >= 8 && o <= 11) { e.set('d', 0); e.set('s', 1); }
      if (o === 13 || o === 15) e.set('n', 0);
      break;
    }
    case n === 'dp_mimm' || n === 'dp_sreg': {
      // T32 register 15 in Rn/Rd means MOV/MVN or TST/TEQ/CMN/CMP.
      const o = e.get('o');
      if ((o === 2 || o === 3) && rng.chance(0.4)) e.set('n', 15);
      if ([0, 4, 8, 13].includes(o) && e.get('s') && rng.chance(0.4)) e.set('d', 15);
      break;
    }
    case /^(umull|umlal|smull|smlal|umaal|smlalxy|smlald)$/.test(n): distinct('h', 'l'); break;
    case n === 'cmp_hi': if (e.get('n') < 8 && e.get('m') < 8) e.set('n', rng.pick([8, 9, 10, 11, 12, 14])); break;
    case n === 'add_sp7' || n === 'sub_sp7': e.set('i', rng.int(5)); break;
    case n === 'push' || n === 'pop': e.set('g', regList(rng, LOW_FREE, 1) | (n === 'push' && rng.chance(0.5) ? 0x100 : 0)); break;
    case n === 'ldr_sp' || n === 'str_sp': e.set('i', rng.int(64)); break;
    case MEM.test(n): return memory(e, rng, table);
  }
  return true;
}

function memory(e: Enc, rng: Rng, table: 'a32' | 't16' | 't32'): boolean {
  const n = e.p.name;
  const base = (wb: boolean) => e.set('n', wb ? B2 : B);
  const pick = () => rng.pick(FREE);
  // Load/store multiple.
  if (/^(ldm|stm)/.test(n)) {
    if (table === 't16') { e.set('n', B2); e.set('g', regList(rng, LOW_FREE, 1)); return true; }
    base(e.get('w') === 1);
    e.set('g', regList(rng, FREE, table === 't32' ? 2 : 1));
    return true;
  }
  if (/^v(ld|st)[rm]$/.test(n)) {
    const wb = n.endsWith('m') && e.get('w') === 1;
    base(wb);
    if (n.endsWith('m')) {
      const dbl = e.get('s') === 1, d = e.get('d'); // D:Vd for doubles, Vd:D for singles
      const first = dbl ? d : ((d & 15) << 1) | (d >>> 4);
      const k = rng.range(1, 4);
      if (first + k > 32) return false;
      e.set('i', dbl ? 2 * k : k);
    }
    return true;
  }
  if (/^v(ld|st)_/.test(n)) {
    if (rng.chance(0.7)) { e.set('n', B); e.set('m', 15); return true; }
    // Post-increment by the transfer size only when that keeps the base word aligned (LDM & co. fault otherwise).
    const single = e.has('s'), z = e.get('z');
    const bytes = single ? (e.get('s') + 1) << (z === 3 ? e.get('i') >> 2 : z) : 8;
    e.set('n', B2); e.set('m', rng.chance(0.5) && bytes % 4 === 0 ? 13 : IDX);
    e.w = (e.w & ~0x30) >>> 0; // no alignment hints on the drifting base
    return true;
  }
  // Exclusives and acquire/release: naturally aligned at the base register.
  if (/ex|^lda|^stl/.test(n)) {
    e.set('n', B);
    if (e.has('i')) e.set('i', rng.int(4));
    if (/d$/.test(n)) {
      if (table === 'a32') { e.set('t', rng.pick(D_EVEN)); } else { while (e.get('T') === e.get('t')) e.set('T', pick()); }
    }
    if (e.has('d') && /^st/.test(n)) {
      const t = e.get('t'), t2 = table === 'a32' && /d$/.test(n) ? t + 1 : (e.has('T') ? e.get('T') : t);
      while ([t, t2].includes(e.get('d'))) e.set('d', pick());
    }
    return true;
  }
  if (/^(pld|pli)/.test(n)) { e.set('n', B); if (e.has('m')) e.set('m', IDX); return true; }
  // Single loads/stores.
  const dual = /^(ldrd|strd)/.test(n);
  if (dual) {
    if (table === 'a32' && e.get('p') === 0) e.set('w', 0); // P=0 W=1 is UNPREDICTABLE
    if (table === 'a32') e.set('t', rng.pick(D_EVEN));
    else if (n === 'ldrd') while (e.get('T') === e.get('t')) e.set('T', pick());
  }
  if (table === 't16') {
    e.set('n', B);
    if (e.has('m')) e.set('m', IDX);
    return true;
  }
  // Writeback: A32 P=0 or W=1; T32 imm8 forms W=1 (P=0 is post-index), ldrd/strd W=1.
  const wb = e.has('w') && (e.get('w') === 1 || (table === 'a32' && e.has('p') && e.get('p') === 0));
  base(wb);
  if (e.has('m')) {
    e.set('m', IDX);
    if (table === 'a32' && e.width('i') === 5) { e.set('i', rng.int(3)); e.set('y', 0); }
    return true;
  }
  const iw = e.width('i');
  if (wb) e.set('i', dual && table === 't32' ? rng.int(9) : 4 * rng.int(9)); // keeps the drifting base word aligned
  else if (dual && table === 'a32') e.set('i', 4 * rng.int(64));
  else if (iw === 12) e.set('i', rng.int(table === 'a32' ? 256 : 1024));
  return true;
}

/** Bits a pattern leaves open ('-'): should-be-zero, or should-be-one in the hint/MSR space (qemu raises SIGILL otherwise). */
function dontCare(p: Pattern): number {
  const s = p.bits.replace(/\s+/g, '');
  let m = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === '-' || s[i] === '.') m |= 1 << (s.length - 1 - i);
  return m >>> 0;
}
const SBO = new Set(['nop', 'msr_imm']);

function tableGen(table: 'a32' | 't16' | 't32') {
  const t = table === 'a32' ? A32_TABLE : table === 't16' ? T16_TABLE : T32_TABLE;
  const pats = t.patterns.filter((p) => !NO_GEN.has(p.name));
  return (rng: Rng): number | undefined => {
    const p = rng.pick(pats);
    const dc = dontCare(p);
    const e = new Enc(((rng.u32() & ~p.mask & ~dc) | p.match | (SBO.has(p.name) ? dc : 0)) >>> 0, p);
    if (p.width === 16) e.w &= 0xffff;
    if (!constrain(e, rng, table)) return undefined;
    const d = table === 'a32' ? A32_TABLE.decode(e.w, (_p, f) => f.c !== 15) : t.decode(e.w);
    return d?.p === p ? e.w : undefined;
  };
}
const genA32 = tableGen('a32'), genT16 = tableGen('t16'), genT32 = tableGen('t32');

function bytesOf(u: Unit, thumb: boolean): Uint8Array {
  const out: number[] = [];
  for (const i of u) {
    const hws = i.len === 2 ? [i.enc] : thumb ? [i.enc >>> 16, i.enc & 0xffff] : [i.enc & 0xffff, i.enc >>> 16];
    for (const h of hws) out.push(h & 255, (h >>> 8) & 255);
  }
  return Uint8Array.from(out);
}

function thumbInsn(rng: Rng, inIT: boolean): Insn | undefined {
  if (rng.chance(0.45)) { const h = genT16(rng); return h === undefined || (inIT && h === 0xbf00) ? undefined : { enc: h, len: 2 }; }
  const w = genT32(rng);
  return w === undefined ? undefined : { enc: w, len: 4 };
}

function itUnit(rng: Rng): Unit | undefined {
  const first = rng.int(14), mask = rng.range(1, 15);
  const n = 4 - Math.log2(mask & -mask);
  const u: Unit = [{ enc: 0xbf00 | (first << 4) | mask, len: 2 }];
  while (u.length <= n) { const i = thumbInsn(rng, true); if (i) u.push(i); }
  return isLegal(armFrontend, bytesOf(u, true), 0x400001) ? u : undefined;
}

// ---- encoders for the prologue/epilogue ----
const A = {
  movw: (rd: number, v: number) => 0xe3000000 | ((v >>> 12 & 15) << 16) | (rd << 12) | (v & 0xfff),
  movt: (rd: number, v: number) => 0xe3400000 | ((v >>> 12 & 15) << 16) | (rd << 12) | (v & 0xfff),
  ldrImm: (rt: number, rn: number, off: number) => 0xe5900000 | (rn << 16) | (rt << 12) | off,
  strImm: (rt: number, rn: number, off: number) => 0xe5800000 | (rn << 16) | (rt << 12) | off,
};
// T32 encodings as hw1 << 16 | hw2
const T = {
  movw: (rd: number, v: number) => (((0xf240 | ((v >>> 11 & 1) << 10) | (v >>> 12 & 15)) << 16) | ((v >>> 8 & 7) << 12) | (rd << 8) | (v & 255)) >>> 0,
  movt: (rd: number, v: number) => (((0xf2c0 | ((v >>> 11 & 1) << 10) | (v >>> 12 & 15)) << 16) | ((v >>> 8 & 7) << 12) | (rd << 8) | (v & 255)) >>> 0,
  ldrImm: (rt: number, rn: number, off: number) => (((0xf8d0 | rn) << 16) | (rt << 12) | off) >>> 0,
  strImm: (rt: number, rn: number, off: number) => (((0xf8c0 | rn) << 16) | (rt << 12) | off) >>> 0,
  addw: (rd: number, rn: number, v: number) => (((0xf200 | ((v >>> 11 & 1) << 10) | rn) << 16) | ((v >>> 8 & 7) << 12) | (rd << 8) | (v & 255)) >>> 0,
  subw: (rd: number, rn: number, v: number) => (((0xf2a0 | ((v >>> 11 & 1) << 10) | rn) << 16) | ((v >>> 8 & 7) << 12) | (rd << 8) | (v & 255)) >>> 0,
};
// VFP encodings are the same in A32 (cond = always) and T32.
const VLDMIA_WB_LO = 0xecb00b20, VLDMIA_WB_HI = 0xecf00b20, VSTMIA_WB_LO = 0xeca00b20, VSTMIA_HI = 0xecc00b20;
const VMSR_R1 = 0xeee11a10, VMRS_R1 = 0xeef11a10;
const D = SCR / 2; // the record lives at BASE + D

function makeSpec(thumb: boolean): ArchSpec {
  const E = thumb ? T : A;
  return {
    name: thumb ? 'thumb' : 'arm', qemu: 'qemu-arm', cls: 32, machine: 40, elfFlags: 0x05000400, thumb,
    regBytes: REG_BYTES, fields: FIELDS,
    baseInit() {
      const r = new Uint8Array(REG_BYTES);
      const f = (name: string) => FIELDS.find((x) => x.name === name)!;
      writeField(r, f(`r${B}`), BigInt(BASE));
      writeField(r, f(`r${B2}`), BigInt(BASE));
      writeField(r, f(`r${IDX}`), 8n);
      writeField(r, f('sp'), BigInt(BASE));
      return r;
    },
    randomInit(rng) {
      const r = this.baseInit();
      randomFields(r, FIELDS, rng);
      writeField(r, FIELDS.find((x) => x.name === `r${IDX}`)!, BigInt(4 * rng.int(16)));
      return r;
    },
    genUnit(rng): Unit {
      for (;;) {
        if (!thumb) { const w = genA32(rng); if (w !== undefined && isLegal(armFrontend, bytesOf([{ enc: w, len: 4 }], false))) return [{ enc: w, len: 4 }]; continue; }
        if (rng.chance(0.12)) { const u = itUnit(rng); if (u) return u; continue; }
        const i = thumbInsn(rng, false);
        if (i && isLegal(armFrontend, bytesOf([i], true), 0x400001)) return [i];
      }
    },
    emitBlock(c, initAddr, units) {
      const ins = (w: number) => c.insn(w, 4, thumb);
      const li = (rd: number, v: number) => { ins(E.movw(rd, v & 0xffff)); ins(E.movt(rd, v >>> 16)); };
      // Refill the scratch buffer (r1 src, r2 dst, r3 count) before the flags are set.
      li(1, DATA); li(2, SCRATCH); li(3, SCR / 4);
      const loop = c.pc;
      if (thumb) {
        ins(0xf8514b04); ins(0xf8424b04); // ldr r4, [r1], #4; str r4, [r2], #4
        c.u16(0x3b01); // subs r3, #1
        c.u16(0xd100 | (((loop - c.pc - 4) >> 1) & 0xff)); // bne loop
        ins(0xf3bf8f2f); // clrex
      } else {
        ins(0xe4914004); ins(0xe4824004); ins(0xe2533001);
        ins(0x1a000000 | (((loop - c.pc - 8) >> 2) & 0xffffff));
        ins(0xf57ff01f);
      }
      li(0, initAddr);
      ins(VLDMIA_WB_LO); ins(VLDMIA_WB_HI); // r0 -> core registers
      ins(E.ldrImm(1, 0, FPSCR - ROFF)); ins(VMSR_R1);
      ins(E.ldrImm(1, 0, APSR - ROFF)); ins(thumb ? 0xf3818c00 : 0xe12cf001); // msr APSR_nzcvqg, r1
      if (thumb) {
        ins(E.ldrImm(1, 0, 4 * SP)); c.u16(0x468d); // mov sp, r1
        ins(E.ldrImm(14, 0, 4 * 14));
        ins(0xe8901fff); // ldm r0, {r0-r12}
      } else ins(0xe8907fff); // ldm r0, {r0-r14}
      for (const u of units) for (const i of u) c.insn(i.enc, i.len, thumb);
      // Dump: r7 still holds BASE.
      ins(E.strImm(0, B, D + ROFF));
      if (thumb) {
        ins(T.addw(0, B, D + ROFF + 4)); // r1's slot (T32 has no stmib)
        ins(0xe8801ffe); // stm r0, {r1-r12}
        ins(E.strImm(14, 0, 4 * 13)); // lr
        c.u16(0x4669); ins(E.strImm(1, 0, 4 * 12)); // mov r1, sp
        ins(T.subw(0, 0, 4));
        ins(0xf3ef8100); // mrs r1, apsr
      } else {
        ins(0xe2800c05 | (B << 16)); // add r0, r7, #(D + ROFF) (1280 = 5 ror 24)
        ins(0xe9807ffe); ins(0xe10f1000); // stmib r0, {r1-r14}; mrs r1, apsr
      }
      ins(E.strImm(1, 0, APSR - ROFF));
      ins(VMRS_R1); ins(E.strImm(1, 0, FPSCR - ROFF));
      ins(thumb ? T.subw(0, 0, ROFF) : 0xe2400c01); // r0 -= 256
      ins(VSTMIA_WB_LO); ins(VSTMIA_HI);
      // write(1, SCRATCH, SCR + REG_BYTES)
      if (thumb) { c.u16(0x2001); ins(T.subw(1, B, D)); } else { ins(0xe3a00001); ins(0xe2401b01 | (B << 16)); }
      ins(E.movw(2, SCR + REG_BYTES));
      if (thumb) { c.u16(0x2704); c.u16(0xdf00); } else { ins(0xe3a07004); ins(0xef000000); }
    },
    emitExit(c) {
      if (thumb) { c.u16(0x2000); c.u16(0x27f8); c.u16(0xdf00); } else { c.u32(0xe3a00000); c.u32(0xe3a070f8); c.u32(0xef000000); }
    },
    insnOf: (enc) => ({ enc, len: thumb && enc <= 0xffff ? 2 : 4 }),
    disasm(i: Insn, pc: number) {
      if (thumb && i.len === 2 && (i.enc & 0xff00) === 0xbf00 && (i.enc & 15)) {
        const first = (i.enc >>> 4) & 15, mask = i.enc & 15;
        let s = 'it';
        for (let k = 0; k < 3 - Math.log2(mask & -mask); k++) s += ((mask >>> (3 - k)) & 1) === (first & 1) ? 't' : 'e';
        return `${s} ${COND_NAMES[first]}`;
      }
      return disassembleWord(i.enc, pc, thumb).replace(/\t/g, ' ');
    },
  };
}

export const arm = makeSpec(false);
export const thumb = makeSpec(true);
