// Branches, exception generation and system instructions (hints, barriers,
// MRS/MSR, DC/IC).

import { c32, c64, Exit, type Helper, Ty } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import { bit, bits, type Entry, rd, rn, sext, sf } from './decode';
import { condTest, Ctx, getNZCV, setNZCVFrom, SIGTRAP, ZERO64 } from './gen';
import { EXCL_ADDR, TPIDR, XREGS } from './regs';
import type { Aarch64Cpu } from './cpu';
import { COND_NAMES, gr, hex, imm, target, xn } from './dis-util';

const NO_EXCL = c64(-1);

// ---- branches ----

function trans_b(c: Ctx, w: number): void {
  const off = sext(bits(w, 25, 0), 26) * 4;
  if (bit(w, 31)) c.b.mov(XREGS[30], c64(c.next));
  c.b.goto(c.pc + off);
  c.end = true;
}
const dis_b = (w: number, pc: number) => `${bit(w, 31) ? 'bl' : 'b'}\t${target(pc, sext(bits(w, 25, 0), 26) * 4)}`;

function branch2(c: Ctx, t: { cond: import('../../translate/ir').Cond; a: import('../../translate/ir').Val; b: import('../../translate/ir').Val }, off: number): void {
  const b = c.b;
  const taken = b.newLabel();
  b.brcond(t.cond, t.a, t.b, taken);
  b.goto(c.next);
  b.label(taken);
  b.goto(c.pc + off);
  c.end = true;
}

function trans_bcond(c: Ctx, w: number): void {
  const cc = bits(w, 3, 0), off = sext(bits(w, 23, 5), 19) * 4;
  if (cc >= 14) { c.b.goto(c.pc + off); c.end = true; return; }
  branch2(c, condTest(c, cc), off);
}
const dis_bcond = (w: number, pc: number) => `b.${COND_NAMES[bits(w, 3, 0)]}\t${target(pc, sext(bits(w, 23, 5), 19) * 4)}`;

function trans_cbz(c: Ctx, w: number): void {
  const s = sf(w);
  const v = c.r(s, rd(w));
  branch2(c, { cond: bit(w, 24) ? 'ne' : 'eq', a: v, b: c.k(s, 0) }, sext(bits(w, 23, 5), 19) * 4);
}
const dis_cbz = (w: number, pc: number) => `${bit(w, 24) ? 'cbnz' : 'cbz'}\t${gr(sf(w), rd(w))}, ${target(pc, sext(bits(w, 23, 5), 19) * 4)}`;

function trans_tbz(c: Ctx, w: number): void {
  const n = (bit(w, 31) << 5) | bits(w, 23, 19);
  const b = c.b;
  let t;
  if (n < 32) t = b.and(c.t32(), c.r(0, rd(w)), c32(1 << n));
  else t = b.and(c.t32(), b.un('hi32', c.t32(), c.x(rd(w))), c32(1 << (n - 32)));
  branch2(c, { cond: bit(w, 24) ? 'ne' : 'eq', a: t, b: c32(0) }, sext(bits(w, 18, 5), 14) * 4);
}
function dis_tbz(w: number, pc: number): string {
  const n = (bit(w, 31) << 5) | bits(w, 23, 19);
  return `${bit(w, 24) ? 'tbnz' : 'tbz'}\t${n >= 32 ? xn(rd(w)) : gr(0, rd(w))}, #${n}, ${target(pc, sext(bits(w, 18, 5), 14) * 4)}`;
}

function trans_br(c: Ctx, w: number): boolean | void {
  const opc = bits(w, 24, 21);
  if (opc > 2) return false;
  const b = c.b;
  const t = b.mov(c.t64(), c.x(rn(w))); // blr x30: read the target first
  if (opc === 1) b.mov(XREGS[30], c64(c.next));
  b.gotoPtr(t);
  c.end = true;
}
function dis_br(w: number): string {
  const opc = bits(w, 24, 21);
  if (opc === 2) return rn(w) === 30 ? 'ret' : `ret\t${xn(rn(w))}`;
  return `${['br', 'blr', 'ret'][opc] ?? '.inst'}\t${xn(rn(w))}`;
}

// ---- exceptions ----

function trans_svc(c: Ctx): void {
  c.b.mov(EXCL_ADDR, NO_EXCL); // exception return clears the local monitor
  c.b.exit(Exit.Syscall, c.next);
  c.end = true;
}
function trans_brk(c: Ctx): void { c.exitSignal(SIGTRAP); }

// ---- system ----

/** Packs (op0, op1, CRn, CRm, op2) like bits 19:5 of MRS/MSR. */
export const sysreg = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  ((op0 & 1) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

const R_NZCV = sysreg(3, 3, 4, 2, 0), R_FPCR = sysreg(3, 3, 4, 4, 0), R_FPSR = sysreg(3, 3, 4, 4, 1);
const R_TPIDR = sysreg(3, 3, 13, 0, 2), R_TPIDRRO = sysreg(3, 3, 13, 0, 3);
const R_CNTFRQ = sysreg(3, 3, 14, 0, 0), R_CNTPCT = sysreg(3, 3, 14, 0, 1), R_CNTVCT = sysreg(3, 3, 14, 0, 2);
const R_CTR = sysreg(3, 3, 0, 0, 1), R_DCZID = sysreg(3, 3, 0, 0, 7);
const R_MIDR = sysreg(3, 0, 0, 0, 0), R_MPIDR = sysreg(3, 0, 0, 0, 5), R_REVIDR = sysreg(3, 0, 0, 0, 6);

/** Generic timer frequency: 62.5 MHz (QEMU's default). */
export const CNTFRQ = 62_500_000;
/** Cortex-A72 r0p3. */
export const MIDR = 0x410fd083;
/** CTR_EL0: 64-byte I and D lines, PIPT I-cache, CWG/ERG 64 bytes. */
export const CTR = 0x8444c004;
/** DCZID_EL0: DC ZVA allowed, 64-byte blocks (2^4 words). */
export const DCZID = 4;
export const DCZ_BYTES = 64;

/** Constant-valued registers readable at EL0 (ID registers as Linux's EL0 emulation shows them). */
function constReg(key: number): bigint | undefined {
  switch (key) {
    case R_CNTFRQ: return BigInt(CNTFRQ);
    case R_CTR: return BigInt(CTR);
    case R_DCZID: return BigInt(DCZID);
    case R_MIDR: return BigInt(MIDR);
    case R_MPIDR: return 0x80000000n;
    case R_REVIDR: return 0n;
    case R_TPIDRRO: return 0n;
  }
  // ID_AA64*_EL1 and friends (op0=3, op1=0, CRn=0, CRm=4..7): only LSE atomics and AdvSIMD/FP implemented.
  if ((key >>> 5) === (sysreg(3, 0, 0, 4, 0) >>> 5)) {
    if (key === sysreg(3, 0, 0, 6, 0)) return 0x200000n; // ID_AA64ISAR0_EL1.Atomic = 2
    if (key === sysreg(3, 0, 0, 4, 0)) return 0x11n; // ID_AA64PFR0_EL1: EL0/EL1 AArch64
    return 0n;
  }
  return undefined;
}

const t0 = process.hrtime.bigint();
function ret64(v: bigint): number { RET[0] = Number((v >> 32n) & 0xffffffffn) | 0; return Number(v & 0xffffffffn) | 0; }

const H_CNTVCT: Helper = {
  name: 'cntvct', fn: () => ret64((process.hrtime.bigint() - t0) * BigInt(CNTFRQ) / 1_000_000_000n), args: [], ret: Ty.I64,
};
const H_GET_FPCR: Helper = { name: 'get_fpcr', fn: (cpu: Aarch64Cpu) => cpu.fpcr, args: [], ret: Ty.I32 };
const H_GET_FPSR: Helper = { name: 'get_fpsr', fn: (cpu: Aarch64Cpu) => cpu.fpsr, args: [], ret: Ty.I32 };
const H_SET_FPCR: Helper = { name: 'set_fpcr', fn: (cpu: Aarch64Cpu, v: number) => { cpu.fpcr = v; }, args: [Ty.I32] };
const H_SET_FPSR: Helper = { name: 'set_fpsr', fn: (cpu: Aarch64Cpu, v: number) => { cpu.fpsr = v; }, args: [Ty.I32] };

function trans_mrs(c: Ctx, w: number): boolean | void {
  const key = bits(w, 19, 5), t = rd(w);
  const b = c.b;
  const dst = c.xd(t);
  const k = constReg(key);
  if (k !== undefined) { if (t !== 31) b.mov(dst, c64(k)); return; }
  switch (key) {
    case R_NZCV: b.un('extu', dst, getNZCV(c)); return;
    case R_TPIDR: b.mov(dst, TPIDR); return;
    case R_FPCR: case R_FPSR: {
      const v = c.t32();
      b.call(key === R_FPCR ? H_GET_FPCR : H_GET_FPSR, [], v);
      b.un('extu', dst, v);
      return;
    }
    case R_CNTVCT: case R_CNTPCT: b.call(H_CNTVCT, [], dst); return;
  }
  return false;
}

function trans_msr(c: Ctx, w: number): boolean | void {
  const key = bits(w, 19, 5);
  const b = c.b;
  const v = c.x(rd(w));
  switch (key) {
    case R_NZCV: setNZCVFrom(c, c.r(0, rd(w))); return;
    case R_TPIDR: b.mov(TPIDR, v); return;
    case R_FPCR: case R_FPSR: b.call(key === R_FPCR ? H_SET_FPCR : H_SET_FPSR, [c.r(0, rd(w))]); return;
  }
  return false;
}

const SYSREG_NAMES: Record<number, string> = {
  [R_NZCV]: 'nzcv', [R_FPCR]: 'fpcr', [R_FPSR]: 'fpsr', [R_TPIDR]: 'tpidr_el0', [R_TPIDRRO]: 'tpidrro_el0',
  [R_CNTFRQ]: 'cntfrq_el0', [R_CNTPCT]: 'cntpct_el0', [R_CNTVCT]: 'cntvct_el0', [R_CTR]: 'ctr_el0', [R_DCZID]: 'dczid_el0',
  [R_MIDR]: 'midr_el1', [R_MPIDR]: 'mpidr_el1', [R_REVIDR]: 'revidr_el1',
};
function sysregName(key: number): string {
  return SYSREG_NAMES[key] ??
    `s${2 + (key >>> 14)}_${(key >>> 11) & 7}_c${(key >>> 7) & 15}_c${(key >>> 3) & 15}_${key & 7}`;
}
const dis_mrs = (w: number) => `mrs\t${xn(rd(w))}, ${sysregName(bits(w, 19, 5))}`;
const dis_msr = (w: number) => `msr\t${sysregName(bits(w, 19, 5))}, ${xn(rd(w))}`;

// SYS: DC and IC by VA.
const sysop = (op1: number, crn: number, crm: number, op2: number) => (op1 << 11) | (crn << 7) | (crm << 3) | op2;
const DC_ZVA = sysop(3, 7, 4, 1), DC_CVAU = sysop(3, 7, 11, 1), DC_CIVAC = sysop(3, 7, 14, 1), DC_CVAC = sysop(3, 7, 10, 1);
const DC_CVAP = sysop(3, 7, 12, 1), DC_CVADP = sysop(3, 7, 13, 1), IC_IVAU = sysop(3, 7, 5, 1);
const SYS_NAMES: Record<number, string> = {
  [DC_ZVA]: 'dc\tzva', [DC_CVAU]: 'dc\tcvau', [DC_CIVAC]: 'dc\tcivac', [DC_CVAC]: 'dc\tcvac', [DC_CVAP]: 'dc\tcvap',
  [DC_CVADP]: 'dc\tcvadp', [IC_IVAU]: 'ic\tivau',
};
/** op1:CRn:CRm:op2 of a SYS instruction (bits 18:5). */
const sysKey = (w: number) => bits(w, 18, 5);

function trans_sys(c: Ctx, w: number): boolean | void {
  const b = c.b;
  switch (sysKey(w)) {
    case DC_ZVA: {
      const a = b.and(c.t64(), c.x(rd(w)), c64(-DCZ_BYTES));
      for (let i = 0; i < DCZ_BYTES; i += 8) b.st(ZERO64, a, i, 8);
      return;
    }
    case DC_CVAU: case DC_CIVAC: case DC_CVAC: case DC_CVAP: case DC_CVADP: return;
    case IC_IVAU: b.exit(Exit.FlushCode, c.next); c.end = true; return;
  }
  return false;
}
const dis_sys = (w: number) => {
  const n = SYS_NAMES[sysKey(w)];
  return n ? `${n}, ${xn(rd(w))}` : `sys\t#${bits(w, 18, 16)}, c${bits(w, 15, 12)}, c${bits(w, 11, 8)}, #${bits(w, 7, 5)}, ${xn(rd(w))}`;
};

const HINT_NAMES: Record<number, string> = {
  0: 'nop', 1: 'yield', 2: 'wfe', 3: 'wfi', 4: 'sev', 5: 'sevl', 7: 'xpaclri', 8: 'pacia1716', 10: 'pacib1716',
  12: 'autia1716', 14: 'autib1716', 16: 'esb', 17: 'psb\tcsync', 20: 'csdb', 24: 'paciaz', 25: 'paciasp', 26: 'pacibz',
  27: 'pacibsp', 28: 'autiaz', 29: 'autiasp', 30: 'autibz', 31: 'autibsp', 32: 'bti', 34: 'bti\tc', 36: 'bti\tj', 38: 'bti\tjc',
};
function dis_hint(w: number): string { const n = bits(w, 11, 5); return HINT_NAMES[n] ?? `hint\t#${hex(n)}`; }

const BARRIER_OPTS: Record<number, string> = { 15: 'sy', 14: 'st', 13: 'ld', 11: 'ish', 10: 'ishst', 9: 'ishld', 7: 'nsh', 6: 'nshst', 5: 'nshld', 3: 'osh', 2: 'oshst', 1: 'oshld' };
function dis_barrier(w: number): string {
  const op2 = bits(w, 7, 5), crm = bits(w, 11, 8);
  if (op2 === 2) return crm === 15 ? 'clrex' : `clrex\t#${crm}`;
  if (op2 === 6) return crm === 15 ? 'isb' : `isb\t#${crm}`;
  if (op2 === 7) return 'sb';
  return `${op2 === 4 ? 'dsb' : 'dmb'}\t${BARRIER_OPTS[crm] ?? `#${hex(crm)}`}`;
}
function trans_barrier(c: Ctx, w: number): boolean | void {
  const op2 = bits(w, 7, 5);
  if (op2 === 2) { c.b.mov(EXCL_ADDR, NO_EXCL); return; }
  if (op2 < 2 || op2 === 3) return false;
  if (op2 === 7 && bits(w, 11, 8) !== 0) return false; // SB has CRm = 0; the rest of its row is unallocated
}

export const CTRL_ENTRIES: Entry[] = [
  ['b', '0 00101 iiiiiiiiiiiiiiiiiiiiiiiiii', trans_b, dis_b],
  ['bl', '1 00101 iiiiiiiiiiiiiiiiiiiiiiiiii', trans_b, dis_b],
  ['b.cond', '01010100 iiiiiiiiiiiiiiiiiii 0 cccc', trans_bcond, dis_bcond],
  ['cbz', 'f 011010 o iiiiiiiiiiiiiiiiiii ttttt', trans_cbz, dis_cbz],
  ['tbz', 'b 011011 o bbbbb iiiiiiiiiiiiii ttttt', trans_tbz, dis_tbz],
  ['br', '1101011 00 oo 11111 000000 nnnnn 00000', trans_br, dis_br],
  ['svc', '11010100 000 iiiiiiiiiiiiiiii 00001', trans_svc, (w) => `svc\t${imm(bits(w, 20, 5))}`],
  ['brk', '11010100 001 iiiiiiiiiiiiiiii 00000', trans_brk, (w) => `brk\t${imm(bits(w, 20, 5))}`],
  ['hint', '11010101000000110010 mmmm ooo 11111', () => undefined, dis_hint],
  ['barrier', '11010101000000110011 mmmm ooo 11111', trans_barrier, dis_barrier],
  ['sys', '1101010100001 ooo nnnn mmmm ppp ttttt', trans_sys, dis_sys],
  ['mrs', '1101010100 1 1 o ooo nnnn mmmm ppp ttttt', trans_mrs, dis_mrs],
  ['msr', '1101010100 0 1 o ooo nnnn mmmm ppp ttttt', trans_msr, dis_msr],
];
