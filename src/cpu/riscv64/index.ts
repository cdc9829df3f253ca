// The riscv64 (RV64IMAFDC + Zicsr + Zifencei) guest front end: frontend.ts (what the
// emulator holds), translate.ts (decoder and translator), cpu.ts, regs.ts.

export { riscv64Frontend } from './frontend';
export { HANDLERS } from './translate';
export { RiscvCpu, createRiscvCpu, type RiscvFpStatus } from './cpu';
export { XREG_NAMES, FREG_NAMES, CSR_NAMES, XREGS, FREGS, GLOBALS, XREG_SLOT, FREG_SLOT, REG_SLOTS } from './regs';
export { decode32, PATTERNS, type Pattern, type Args } from './decode';
export { decode16, decodeAt, RVC_PATTERNS } from './rvc';
export { disassemble, formatInsn } from './disasm';
