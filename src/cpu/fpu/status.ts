// Floating-point status shared by all guest front ends.

/** Rounding modes (RISC-V frm encoding). */
export const RM_RNE = 0; // nearest, ties to even
export const RM_RTZ = 1; // toward zero
export const RM_RDN = 2; // toward -inf
export const RM_RUP = 3; // toward +inf
export const RM_RMM = 4; // nearest, ties away from zero

/** Accrued exception flags (RISC-V fflags bit order) plus ARM's input-denormal flag. */
export const FLAG_NX = 1; // inexact
export const FLAG_UF = 2; // underflow
export const FLAG_OF = 4; // overflow
export const FLAG_DZ = 8; // divide by zero
export const FLAG_NV = 16; // invalid operation
export const FLAG_ID = 128; // input denormal flushed (ARM FPSR.IDC); only raised when ftz is on

export interface FpStatus {
  /** Rounding mode: 0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM (other values behave as RNE). */
  rm: number;
  /** Accrued flags, OR-ed in by every operation. */
  flags: number;
  /** Flush denormal inputs (sets FLAG_ID) and tiny-before-rounding outputs (sets FLAG_UF) to signed zero (ARM FPCR.FZ). f16 values are never flushed. */
  ftz: boolean;
  /** Every NaN result is the canonical NaN (RISC-V; ARM with FPCR.DN). Otherwise ARM NaN propagation. */
  defaultNaN: boolean;
  /** Detect tininess after rounding (RISC-V, x86 SSE, ARM with FPCR.AH=1) or before (ARM with FPCR.AH=0). */
  tininessAfterRounding: boolean;
}

/** A RISC-V flavoured status: RNE, no flags, no flushing, default NaN, tininess after rounding. */
export function newFpStatus(): FpStatus {
  return { rm: RM_RNE, flags: 0, ftz: false, defaultNaN: true, tininessAfterRounding: true };
}
