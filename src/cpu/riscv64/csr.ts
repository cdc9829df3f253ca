// Zicsr: the CSRs a user-mode RV64GC program can reach, and their helpers.

import { type Helper, Ty } from '../../translate/ir';
import { RET } from '../../translate/runtime';
import type { RiscvCpu } from './cpu';

export const CSR_FFLAGS = 0x001;
export const CSR_FRM = 0x002;
export const CSR_FCSR = 0x003;
export const CSR_CYCLE = 0xc00;
export const CSR_TIME = 0xc01;
export const CSR_INSTRET = 0xc02;

/** Readable CSRs; the writable ones are those not in the read-only range (csr[11:10] == 3). */
const KNOWN = new Set([CSR_FFLAGS, CSR_FRM, CSR_FCSR, CSR_CYCLE, CSR_TIME, CSR_INSTRET]);
export const csrExists = (csr: number): boolean => KNOWN.has(csr);
export const csrReadOnly = (csr: number): boolean => (csr >>> 10) === 3;
/** Writes to these change the dynamic rounding mode. */
export const csrWritesFrm = (csr: number): boolean => csr === CSR_FRM || csr === CSR_FCSR;

/** The time CSR ticks at 10 MHz, like QEMU's virt board timebase. */
export const TIME_HZ = 10_000_000;
const t0 = process.hrtime.bigint();

function ret64(v: bigint): number {
  RET[0] = Number((v >> 32n) & 0xffffffffn) | 0;
  return Number(v & 0xffffffffn) | 0;
}

function csrRead(cpu: RiscvCpu, csr: number): number {
  switch (csr) {
    case CSR_FFLAGS: RET[0] = 0; return cpu.fflags;
    case CSR_FRM: RET[0] = 0; return cpu.frm;
    case CSR_FCSR: RET[0] = 0; return cpu.fcsr;
    case CSR_TIME: return ret64((process.hrtime.bigint() - t0) / BigInt(1e9 / TIME_HZ));
    case CSR_CYCLE: return ret64(process.hrtime.bigint() - t0); // a nominal 1 GHz clock
    case CSR_INSTRET: {
      // Not counted exactly: a strictly increasing approximation (one per read, or per ns if more).
      const now = Number(process.hrtime.bigint() - t0);
      cpu.instret = Math.max(cpu.instret + 1, now);
      return ret64(BigInt(cpu.instret));
    }
  }
  RET[0] = 0;
  return 0;
}

function csrWrite(cpu: RiscvCpu, csr: number, lo: number): void {
  switch (csr) {
    case CSR_FFLAGS: cpu.fflags = lo & 31; return;
    case CSR_FRM: cpu.frm = lo & 7; return;
    case CSR_FCSR: cpu.fcsr = lo & 0xff; return;
  }
}

export const H_CSR_READ: Helper = { name: 'csr_read', fn: csrRead, args: [Ty.I32], ret: Ty.I64, sideEffects: true };
export const H_CSR_WRITE: Helper = { name: 'csr_write', fn: csrWrite, args: [Ty.I32, Ty.I64], sideEffects: true };

/** 1 if cpu.frm holds a valid rounding mode (0..4). Checked before FP ops with rm=DYN. */
export const H_FRM_VALID: Helper = {
  name: 'frm_valid', fn: (cpu: RiscvCpu) => (cpu.frm <= 4 ? 1 : 0), args: [], ret: Ty.I32, sideEffects: false,
};
