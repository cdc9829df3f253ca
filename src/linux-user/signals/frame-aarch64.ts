// aarch64 signal frame (arch/arm64/kernel/signal.c, uapi asm/sigcontext.h):
//
//   struct rt_sigframe { siginfo_t info; struct ucontext uc; }      at sp (16-aligned)
//   struct frame_record { u64 fp, lr; }                              just above it; x29 points at it
//   ucontext: uc_flags 0, uc_link 8, uc_stack 16, uc_sigmask 40, uc_mcontext 176:
//   sigcontext: fault_address, regs[31], sp, pc, pstate (288 bytes), then
//               __reserved[4096]: records { u32 magic, u32 size, ... }:
//               fpsimd_context (FPSIMD_MAGIC, 528: fpsr, fpcr, vregs[32]), then a 0/0 terminator.
//
// The handler returns to sa_restorer (glibc always sets SA_RESTORER) or, like
// the kernel's vDSO sigtramp, to `mov x8, #139; svc #0` in our trampoline page.

import type { CpuState } from '../../cpu/types';
import type { Aarch64Cpu } from '../../cpu/aarch64/cpu';
import type { Kernel } from '../kernel';
import { SA_RESTORER } from '../../syscalls/signals';
import { encodeSiginfo, SIGINFO_SIZE } from './siginfo';
import { FrameReader, FrameWriter, readUcStack, ucStackBytes, type FrameRequest, type SignalArch } from './arch';

const UC = SIGINFO_SIZE;
const UC_STACK = 16, UC_SIGMASK = 40, UC_MCONTEXT = 176;
const SC_FAULT = 0, SC_REGS = 8, SC_SP = 256, SC_PC = 264, SC_PSTATE = 272, SC_RESERVED = 288;
const RESERVED_SIZE = 4096;
const FPSIMD_MAGIC = 0x46508001, FPSIMD_SIZE = 528;
const FRAME_SIZE = UC + UC_MCONTEXT + SC_RESERVED + RESERVED_SIZE; // 4688
const SP_SLOT = 62, NF = 64, ZF = 65, CF = 66, VF = 67, V = 80;

type A64 = CpuState & Partial<Pick<Aarch64Cpu, 'fpsr' | 'fpcr' | 'clearExclusive'>>;

function nzcv(r: Int32Array): number {
  return ((r[NF] < 0 ? 8 : 0) | (r[ZF] === 0 ? 4 : 0) | (r[CF] ? 2 : 0) | (r[VF] < 0 ? 1 : 0)) * 0x1000_0000;
}

export const aarch64Signals: SignalArch = {
  sp: (cpu) => cpu.regs[SP_SLOT + 1] * 0x1_0000_0000 + (cpu.regs[SP_SLOT] >>> 0),

  setup(k: Kernel, cpu: CpuState, req: FrameRequest): void {
    const c = cpu as A64;
    const r = cpu.regs;
    const record = Math.floor((req.top - 16) / 16) * 16;
    const sp = record - FRAME_SIZE;
    const w = new FrameWriter(FRAME_SIZE + 16);
    w.bytes.set(encodeSiginfo(req.info, 8), 0);
    ucStackBytes(w, UC + UC_STACK, req.ucStack, 8);
    w.u64(UC + UC_SIGMASK, req.mask);
    const mc = UC + UC_MCONTEXT;
    if (req.sig === 11 || req.sig === 7) w.u64n(mc + SC_FAULT, req.info.addr ?? 0);
    for (let i = 0; i < 31; i++) w.pair(mc + SC_REGS + 8 * i, r[2 * i], r[2 * i + 1]);
    w.pair(mc + SC_SP, r[SP_SLOT], r[SP_SLOT + 1]);
    w.u64n(mc + SC_PC, cpu.pc);
    w.u64n(mc + SC_PSTATE, nzcv(r));
    const fp = mc + SC_RESERVED;
    w.u32(fp, FPSIMD_MAGIC); w.u32(fp + 4, FPSIMD_SIZE);
    w.u32(fp + 8, c.fpsr ?? 0); w.u32(fp + 12, c.fpcr ?? 0);
    for (let i = 0; i < 32 * 4; i++) w.dv.setInt32(fp + 16 + 4 * i, r[V + i], true);
    // terminator record (magic 0, size 0) is already zero
    w.pair(FRAME_SIZE, r[2 * 29], r[2 * 29 + 1]);      // frame record: fp, lr
    w.pair(FRAME_SIZE + 8, r[2 * 30], r[2 * 30 + 1]);
    k.mem.write(sp, w.bytes);
    const set = (s: number, v: number) => { r[s] = v | 0; r[s + 1] = Math.floor(v / 0x1_0000_0000) | 0; };
    set(0, req.sig);
    set(2, sp);
    set(4, sp + UC);
    set(2 * 29, record);
    set(2 * 30, req.act.flags & SA_RESTORER ? req.act.restorer : req.tramp);
    set(SP_SLOT, sp);
    cpu.pc = req.act.handler;
  },

  restore(k: Kernel, cpu: CpuState) {
    const c = cpu as A64;
    const r = cpu.regs;
    const sp = this.sp(cpu);
    const rd = new FrameReader(k.mem.read(sp, FRAME_SIZE));
    const mc = UC + UC_MCONTEXT;
    for (let i = 0; i < 31; i++) { r[2 * i] = rd.i32(mc + SC_REGS + 8 * i); r[2 * i + 1] = rd.i32(mc + SC_REGS + 8 * i + 4); }
    r[SP_SLOT] = rd.i32(mc + SC_SP); r[SP_SLOT + 1] = rd.i32(mc + SC_SP + 4);
    cpu.pc = rd.u64n(mc + SC_PC);
    const ps = rd.u32(mc + SC_PSTATE);
    r[NF] = ps & 0x8000_0000 ? -1 : 0; r[ZF] = ps & 0x4000_0000 ? 0 : 1; r[CF] = ps & 0x2000_0000 ? 1 : 0; r[VF] = ps & 0x1000_0000 ? -1 : 0;
    // Walk the records for the FP/SIMD state (others, e.g. esr_context, are skipped).
    for (let off = mc + SC_RESERVED; off + 8 <= mc + SC_RESERVED + RESERVED_SIZE;) {
      const magic = rd.u32(off), size = rd.u32(off + 4);
      if (magic === 0 || size < 8) break;
      if (magic === FPSIMD_MAGIC && size >= FPSIMD_SIZE) {
        if ('fpsr' in c) { c.fpsr = rd.u32(off + 8); c.fpcr = rd.u32(off + 12); }
        for (let i = 0; i < 32 * 4; i++) r[V + i] = rd.i32(off + 16 + 4 * i);
      }
      off += size;
    }
    c.clearExclusive?.();
    return { mask: rd.u64(UC + UC_SIGMASK), stack: readUcStack(rd, UC + UC_STACK, 8) };
  },

  syscallLen: () => 4,
  arg0Slots: [0, 1],
  // mov x8, #139 (rt_sigreturn); svc #0
  trampCode: new Uint8Array(new Uint32Array([0xd2801168, 0xd4000001]).buffer),
};
