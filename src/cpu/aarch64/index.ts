// The aarch64 (A64, Armv8.0-A..8.2-A user level) guest front end: frontend.ts (what the
// emulator holds), translate.ts (decoder and translator), cpu.ts, regs.ts.

export { aarch64Frontend } from './frontend';
export { disassemble, disassembleWord } from './translate';
export { Aarch64Cpu, createAarch64Cpu, setStart } from './cpu';
export { GLOBALS, REG_SLOTS, XREG_SLOT, SP_SLOT, VREG_SLOT, TPIDR_SLOT } from './regs';
export { TABLE } from './table';
