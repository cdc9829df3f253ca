// The 32-bit ARM (ARMv7-A user mode, A32 and Thumb-2, VFPv3/NEON) guest front end:
// frontend.ts (what the emulator holds), translate.ts (decoder and translator), cpu.ts,
// regs.ts. See translate.ts for how Thumb state and IT blocks are handled.

export { armFrontend } from './frontend';
export { A32_TABLE, T16_TABLE, T32_TABLE, decodeA32, decodeT16, decodeT32, isT32, disassemble, disassembleWord } from './translate';
export { ArmCpu, createArmCpu, setStart } from './cpu';
export {
  REG_NAMES, SREG_NAMES, DREG_NAMES, QREG_NAMES, GLOBALS, REG_SLOTS, RREGS, SREG_SLOT, DREG_SLOT,
  NF_SLOT, ZF_SLOT, CF_SLOT, VF_SLOT, Q_SLOT, GE_SLOT, FPSCR_SLOT, TPIDRURO_SLOT, EXCL_ADDR_SLOT,
} from './regs';
