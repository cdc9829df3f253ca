// ARM (AArch32) register names and the layout of cpu.regs for the arm front end.
//
// Slots (int32 units):
//   0..14    r0..r14                       i32 globals 0..14
//   15       (unused: pc lives in cpu.pc; reads of r15 are translation-time constants)
//   16..19   NF ZF CF VF                   i32 globals 15..18 (N = NF < 0, Z = ZF == 0, C = CF (0/1), V = VF < 0)
//   20       TPIDRURO                      i32 global 19
//   21..23   exclusive monitor: address (-1 = none), value, second value (LDREXD)   i32 globals 20..22
//   24       Q flag (0/1)                  helpers only (never an IR global)
//   25       GE bits (bits 3:0)            i32 global 87 (helpers that touch it declare so)
//   26       FPSCR without the cumulative exception bits (those live in cpu.fp.flags); helpers only
//   27       VFP fast paths allowed (FPSCR.RMode = RN, IXC set; src/cpu/fpu/fast.ts); never an IR global
//   32..95   d0..d31 as 64 int32 halves: slot 32+2i is d<i>[31:0] (= s<2i> for i < 16),
//            32+2i+1 is d<i>[63:32] (= s<2i+1>); q<i> = d<2i>:d<2i+1>.  i32 globals 23..86

import { defineGlobal, Ty, type Global } from '../../translate/ir';

export const NF_SLOT = 16, ZF_SLOT = 17, CF_SLOT = 18, VF_SLOT = 19;
export const TPIDRURO_SLOT = 20;
export const EXCL_ADDR_SLOT = 21, EXCL_VAL_SLOT = 22, EXCL_VAL2_SLOT = 23;
export const Q_SLOT = 24, GE_SLOT = 25, FPSCR_SLOT = 26, FPOK_SLOT = 27;
export const VFP_SLOT = 32;
/** Slot of the 32-bit half `i` of the extension register file (s<i> for i < 32). */
export const SREG_SLOT = (i: number): number => VFP_SLOT + i;
export const DREG_SLOT = (i: number): number => VFP_SLOT + 2 * i;
export const REG_SLOTS = 96;

export const REG_NAMES: readonly string[] = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'sl', 'fp', 'ip', 'sp', 'lr', 'pc'];
export const DREG_NAMES: readonly string[] = Array.from({ length: 32 }, (_, i) => `d${i}`);
export const SREG_NAMES: readonly string[] = Array.from({ length: 32 }, (_, i) => `s${i}`);
export const QREG_NAMES: readonly string[] = Array.from({ length: 16 }, (_, i) => `q${i}`);

export const RREGS: readonly Global[] = REG_NAMES.slice(0, 15).map((n, i) => defineGlobal(i, n, Ty.I32, i));
export const NF: Global = defineGlobal(15, 'NF', Ty.I32, NF_SLOT);
export const ZF: Global = defineGlobal(16, 'ZF', Ty.I32, ZF_SLOT);
export const CF: Global = defineGlobal(17, 'CF', Ty.I32, CF_SLOT);
export const VF: Global = defineGlobal(18, 'VF', Ty.I32, VF_SLOT);
export const TPIDRURO: Global = defineGlobal(19, 'tpidruro', Ty.I32, TPIDRURO_SLOT);
export const EXCL_ADDR: Global = defineGlobal(20, 'excl_addr', Ty.I32, EXCL_ADDR_SLOT);
export const EXCL_VAL: Global = defineGlobal(21, 'excl_val', Ty.I32, EXCL_VAL_SLOT);
export const EXCL_VAL2: Global = defineGlobal(22, 'excl_val2', Ty.I32, EXCL_VAL2_SLOT);
/** The 64 32-bit halves of d0..d31 (VH[2i] = low half of d<i> = s<2i>). */
export const VH: readonly Global[] = Array.from({ length: 64 }, (_, i) =>
  defineGlobal(23 + i, i < 32 ? `s${i}` : `d${i >> 1}.${i & 1 ? 'hi' : 'lo'}`, Ty.I32, SREG_SLOT(i)));

/** APSR.GE (bits 3:0): UADD8 and SEL are inline IR (glibc's string functions), the other parallel ops helpers. */
export const GE: Global = defineGlobal(87, 'GE', Ty.I32, GE_SLOT);

export const GLOBALS: readonly Global[] = [...RREGS, NF, ZF, CF, VF, TPIDRURO, EXCL_ADDR, EXCL_VAL, EXCL_VAL2, ...VH, GE];
