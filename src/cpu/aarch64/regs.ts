// AArch64 register names and the layout of cpu.regs for the aarch64 front end.
//
// Slots (int32 units):
//   0..61    X0..X30            i64 globals 0..30
//   62..63   SP                 i64 global 31
//   64..67   NF ZF CF VF        i32 globals 32..35 (N = NF < 0, Z = ZF == 0, C = CF (0/1), V = VF < 0)
//   68..69   TPIDR_EL0          i64 global 36
//   70..75   exclusive monitor: address (-1 = none), value, second value (LDXP)   i64 globals 37..39
//   76       exclusive size in bytes (0 = none)                                   i32 global 40
//   78       FP fast paths allowed (FPCR.RMode = RN, FPSR.IXC set; src/cpu/fpu/fast.ts)   not a global
//   80..207  V0..V31            four slots each; lo (bits 63:0) and hi (127:64) are i64 globals 41+2i, 42+2i

import { defineGlobal, Ty, type Global } from '../../translate/ir';

export const XREG_SLOT = (i: number): number => 2 * i;
export const SP_SLOT = 62;
export const NF_SLOT = 64, ZF_SLOT = 65, CF_SLOT = 66, VF_SLOT = 67;
export const TPIDR_SLOT = 68;
export const EXCL_ADDR_SLOT = 70, EXCL_VAL_SLOT = 72, EXCL_VAL2_SLOT = 74, EXCL_SIZE_SLOT = 76;
export const FPOK_SLOT = 78;
export const VREG_SLOT = (i: number): number => 80 + 4 * i;
export const REG_SLOTS = 208;

export const XREG_NAMES: readonly string[] = Array.from({ length: 31 }, (_, i) => `x${i}`);

export const XREGS: readonly Global[] = XREG_NAMES.map((n, i) => defineGlobal(i, n, Ty.I64, XREG_SLOT(i)));
export const SP: Global = defineGlobal(31, 'sp', Ty.I64, SP_SLOT);
export const NF: Global = defineGlobal(32, 'NF', Ty.I32, NF_SLOT);
export const ZF: Global = defineGlobal(33, 'ZF', Ty.I32, ZF_SLOT);
export const CF: Global = defineGlobal(34, 'CF', Ty.I32, CF_SLOT);
export const VF: Global = defineGlobal(35, 'VF', Ty.I32, VF_SLOT);
export const TPIDR: Global = defineGlobal(36, 'tpidr_el0', Ty.I64, TPIDR_SLOT);
export const EXCL_ADDR: Global = defineGlobal(37, 'excl_addr', Ty.I64, EXCL_ADDR_SLOT);
export const EXCL_VAL: Global = defineGlobal(38, 'excl_val', Ty.I64, EXCL_VAL_SLOT);
export const EXCL_VAL2: Global = defineGlobal(39, 'excl_val2', Ty.I64, EXCL_VAL2_SLOT);
export const EXCL_SIZE: Global = defineGlobal(40, 'excl_size', Ty.I32, EXCL_SIZE_SLOT);
/** Low and high 64-bit halves of V0..V31. */
export const VLO: readonly Global[] = Array.from({ length: 32 }, (_, i) => defineGlobal(41 + 2 * i, `v${i}.d0`, Ty.I64, VREG_SLOT(i)));
export const VHI: readonly Global[] = Array.from({ length: 32 }, (_, i) => defineGlobal(42 + 2 * i, `v${i}.d1`, Ty.I64, VREG_SLOT(i) + 2));

export const GLOBALS: readonly Global[] = [...XREGS, SP, NF, ZF, CF, VF, TPIDR, EXCL_ADDR, EXCL_VAL, EXCL_VAL2, EXCL_SIZE,
  ...VLO.flatMap((g, i) => [g, VHI[i]])];
