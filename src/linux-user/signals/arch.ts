// What delivery.ts needs from each architecture's signal frame code.

import type { CpuState } from '../../cpu/types';
import type { Kernel } from '../kernel';
import type { AltStack, SigAction, SigInfo } from '../signal-state';

export interface FrameRequest {
  sig: number;
  info: SigInfo;
  act: SigAction;
  /** Blocked mask to restore on return (uc_sigmask). */
  mask: bigint;
  /** Highest address the frame may use (the interrupted sp, or the top of the alternate stack). */
  top: number;
  /** uc_stack: the alternate stack settings as seen by the interrupted context. */
  ucStack: AltStack;
  /** Guest address of the sigreturn trampoline page (see trampoline()). */
  tramp: number;
}

export interface SignalArch {
  /** Stack pointer of the current context. */
  sp(cpu: CpuState): number;
  /** Writes the frame below req.top and points the CPU at the handler. Throws GuestFault if the stack is bad. */
  setup(k: Kernel, cpu: CpuState, req: FrameRequest): void;
  /**
   * rt_sigreturn (rt) or arm's sigreturn: restores every register from the
   * frame at sp; returns the saved mask and uc_stack.
   */
  restore(k: Kernel, cpu: CpuState, rt: boolean): { mask: bigint; stack: AltStack };
  /** Bytes of the syscall instruction just executed (cpu.pc is after it). */
  syscallLen(cpu: CpuState): number;
  /** The first argument register (raw slots), overwritten by the result; restored when a call restarts. */
  arg0Slots: readonly number[];
  /** Code of the sigreturn trampolines, written at FrameRequest.tramp. */
  trampCode: Uint8Array;
}

/** Little-endian frame builder over a fresh buffer. */
export class FrameWriter {
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  constructor(size: number) { this.bytes = new Uint8Array(size); this.dv = new DataView(this.bytes.buffer); }
  u32(off: number, v: number): void { this.dv.setUint32(off, v >>> 0, true); }
  /** A 64-bit value from two int32 register slots. */
  pair(off: number, lo: number, hi: number): void { this.dv.setInt32(off, lo, true); this.dv.setInt32(off + 4, hi, true); }
  u64n(off: number, v: number): void { this.pair(off, v | 0, Math.floor(v / 0x1_0000_0000) | 0); }
  u64(off: number, v: bigint): void { this.dv.setBigUint64(off, BigInt.asUintN(64, v), true); }
}

/** Reads a frame from guest memory (checked: a bad frame is a GuestFault). */
export class FrameReader {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) { this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength); }
  u32(off: number): number { return this.dv.getUint32(off, true); }
  i32(off: number): number { return this.dv.getInt32(off, true); }
  u64(off: number): bigint { return this.dv.getBigUint64(off, true); }
  u64n(off: number): number { return this.dv.getUint32(off + 4, true) * 0x1_0000_0000 + this.dv.getUint32(off, true); }
}

/** uc_stack as the kernel saves it (__save_altstack): flags say whether sp is on the alternate stack. */
export function ucStackBytes(w: FrameWriter, off: number, st: AltStack, longSize: 4 | 8): void {
  if (longSize === 8) { w.u64n(off, st.sp); w.u32(off + 8, st.flags); w.u64n(off + 16, st.size); }
  else { w.u32(off, st.sp); w.u32(off + 4, st.flags); w.u32(off + 8, st.size); }
}

export function readUcStack(r: FrameReader, off: number, longSize: 4 | 8): AltStack {
  return longSize === 8
    ? { sp: r.u64n(off), flags: r.i32(off + 8), size: r.u64n(off + 16) }
    : { sp: r.u32(off), flags: r.i32(off + 4), size: r.u32(off + 8) };
}
