// What every guest CPU front end provides to the shared translator, and the
// CPU state shape translated code runs against.

import { HDR_EXIT_REQ, type GuestMemory } from '../memory/guest-memory';
import type { Global, Helper, IRBuilder, Ty } from '../translate/ir';

export type Arch = 'riscv64' | 'aarch64' | 'arm';

/**
 * State of one guest CPU (one guest thread). Translated blocks receive it as
 * their only argument. `regs` holds every IR global (int32 slots, i64 globals
 * as little-endian lo/hi pairs); front ends extend the class with fields their
 * helpers use (e.g. fcsr).
 */
export class CpuState {
  /** Next guest pc (< 2^32: the emulator places all guest mappings below 4 GiB). */
  pc = 0;
  /** Extra word returned with an Exit (signal number for Exit.Signal). */
  exitArg = 0;
  /** Guest address of the last faulting access, or -1 if unknown. */
  faultAddr = -1;
  /** Executed block count, for `-d exec` and the profiler. */
  blocks = 0;
  /**
   * Exit request word: nonzero makes translated code return to the CPU loop at the
   * next region entry or loop back-edge (Exit.Interrupt). In the register-file header
   * (REGS_HEADER + HDR_EXIT_REQ) when the registers are in the state area, so wasm code
   * reads it and another thread can set it with Atomics.store + Atomics.notify (it is
   * also the word blocking syscalls wait on).
   */
  readonly exitReq: Int32Array;
  constructor(readonly mem: GuestMemory, readonly regs: Int32Array) {
    const hdr = mem.regsHeader(regs);
    this.exitReq = hdr >= 0 ? new Int32Array(mem.buffer, hdr + HDR_EXIT_REQ, 1) : new Int32Array(new SharedArrayBuffer(4));
  }
}

/** Per-instruction translation context handed to a front end. */
export interface TranslateContext {
  readonly b: IRBuilder;
  /** Guest pc of the instruction being translated. */
  readonly pc: number;
  /** Reads code bytes; throws if the page is not mapped executable (the translator handles it). */
  fetch16(addr: number): number;
  fetch32(addr: number): number;
  /** Set by the front end when this instruction ends the block (branch, jump, exit emitted). */
  end: boolean;
}

export interface Frontend {
  readonly arch: Arch;
  /** IR type of guest addresses and of `goto_ptr` targets. */
  readonly wordTy: Ty;
  readonly littleEndian: boolean;
  /** Number of int32 slots in cpu.regs. */
  readonly regSlots: number;
  readonly globals: readonly Global[];
  /**
   * Emits IR for the instruction at ctx.pc (after the translator's `insn` marker)
   * and returns its length in bytes. An undefined encoding emits
   * `exit(Exit.Signal, pc, SIGILL)` and sets ctx.end.
   */
  translate(ctx: TranslateContext): number;
  /** One line of disassembly for `-d in_asm`. */
  disassemble(pc: number, fetch16: (addr: number) => number): { len: number; text: string };
  /**
   * Helpers that light modules make at load, without the decoder: blocks from the
   * translation cache that call them then need no translation (tb-cache.ts).
   */
  helpers?(): Iterable<Helper>;
}
