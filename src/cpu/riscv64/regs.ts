// RISC-V register names and the layout of cpu.regs for the riscv64 front end.
//
// Slots (int32 units): x0..x31 at 2*i, f0..f31 at 64+2*i (raw bits, singles
// NaN-boxed), the LR/SC reservation address at 128 and the value LR loaded at
// 130 (i64 globals); the FP fast-path word at 132 (not a global).

import { defineGlobal, Ty, type Global } from '../../translate/ir';

export const XREG_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1',
  'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11',
  't3', 't4', 't5', 't6',
];

export const FREG_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1',
  'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5', 'fa6', 'fa7',
  'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11',
  'ft8', 'ft9', 'ft10', 'ft11',
];

export const XREG_SLOT = (i: number): number => 2 * i;
export const FREG_SLOT = (i: number): number => 64 + 2 * i;
export const RES_SLOT = 128;
export const RES_VAL_SLOT = 130;
/** Not a register: 1 while FP fast paths are allowed (frm = RNE, NX raised; src/cpu/fpu/fast.ts). */
export const FPOK_SLOT = 132;
export const REG_SLOTS = 134;

/** x0..x31 (x0 is declared for the slot layout but never referenced by generated IR). */
export const XREGS: readonly Global[] = XREG_NAMES.map((n, i) => defineGlobal(i, n, Ty.I64, XREG_SLOT(i)));
export const FREGS: readonly Global[] = FREG_NAMES.map((n, i) => defineGlobal(32 + i, n, Ty.I64, FREG_SLOT(i)));
/** LR/SC reservation address; -1 (never an aligned address) when there is none. */
export const RESERVATION: Global = defineGlobal(64, 'reservation', Ty.I64, RES_SLOT);
/** The value LR loaded (sign-extended): SC succeeds only if memory still holds it, as in QEMU. */
export const RES_VAL: Global = defineGlobal(65, 'reservation_val', Ty.I64, RES_VAL_SLOT);

export const GLOBALS: readonly Global[] = [...XREGS, ...FREGS, RESERVATION, RES_VAL];

export const CSR_NAMES: Readonly<Record<number, string>> = {
  0x001: 'fflags', 0x002: 'frm', 0x003: 'fcsr',
  0xc00: 'cycle', 0xc01: 'time', 0xc02: 'instret',
};

export const RM_NAMES: readonly string[] = ['rne', 'rtz', 'rdn', 'rup', 'rmm', '', '', 'dyn'];
